"""Shared pieces of the evaluation scripts: ranking metrics, an on-disk cache of sentence
vectors, field vectors built the way the app builds them, and markdown tables.

Nothing here reads a data set: the scripts do (from ``--data``, never copied into the repo).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO / "benchmarks" / "results"
DEFAULT_DATASETS = REPO.parent / "shared" / "datasets"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- ranking metrics ---------------------------------------------------------------------

def ranks_of(scores: np.ndarray, targets: Sequence[int], tiebreak: np.ndarray,
             valid: np.ndarray | None = None) -> np.ndarray:
    """1-based ranks of the ``targets`` columns in one row of scores, best first.

    Ties are broken by ``tiebreak`` (smaller first), a fixed random order of the candidates, so
    that a ranker giving many candidates the same score is neither helped nor hurt by the
    order of the candidate list. Candidates where ``valid`` is False are not ranked at all.
    """
    scores = np.asarray(scores, dtype=np.float64)
    if valid is not None:
        scores = np.where(valid, scores, -np.inf)
    out = np.empty(len(targets), dtype=np.int64)
    for n, j in enumerate(targets):
        s, t = scores[j], tiebreak[j]
        ahead = (scores > s) | ((scores == s) & (tiebreak < t))
        if valid is not None:
            ahead &= valid
        out[n] = int(ahead.sum()) + 1
    return out


def query_metrics(ranks: np.ndarray, ks: Sequence[int] = (10, 50)) -> dict[str, float]:
    """Recall@K (share of the query's relevant items in its top K) and reciprocal rank of
    the first hit, for one query whose relevant items have the given ranks."""
    ranks = np.asarray(ranks)
    if not len(ranks):
        raise ValueError("a query needs at least one relevant item")
    out = {f"R@{k}": float((ranks <= k).mean()) for k in ks}
    out["MRR"] = 1.0 / float(ranks.min())
    return out


@dataclass
class RankingTask:
    """Queries (e.g. investors) ranking one shared pool of candidates (e.g. companies).

    ``truth[q]`` are the candidate columns relevant to query q; ``excluded[q]`` candidate
    columns removed from q's ranking and from its truth (the "new" protocol); queries left
    with no relevant item are dropped.
    """

    truth: list[list[int]]
    n_candidates: int
    excluded: list[list[int]] | None = None
    seed: int = 0

    def __post_init__(self) -> None:
        rng = np.random.default_rng(self.seed)
        self.tiebreak = rng.permutation(self.n_candidates)
        self.valid_queries: list[int] = []
        self.targets: list[list[int]] = []
        for q, items in enumerate(self.truth):
            drop = set(self.excluded[q]) if self.excluded else set()
            kept = sorted(set(items) - drop)
            if kept:
                self.valid_queries.append(q)
                self.targets.append(kept)

    @property
    def n_queries(self) -> int:
        return len(self.valid_queries)

    @property
    def n_pairs(self) -> int:
        return sum(len(t) for t in self.targets)

    def per_query(self, scores: np.ndarray, ks: Sequence[int] = (10, 50),
                  tiebreak: np.ndarray | None = None) -> dict[str, np.ndarray]:
        """Each valid query's metrics for a (n_queries_total x n_candidates) score matrix."""
        tiebreak = self.tiebreak if tiebreak is None else tiebreak
        rows: dict[str, list[float]] = {}
        for q, targets in zip(self.valid_queries, self.targets):
            valid = None
            if self.excluded and self.excluded[q]:
                valid = np.ones(self.n_candidates, bool)
                valid[self.excluded[q]] = False
            values = query_metrics(ranks_of(scores[q], targets, tiebreak, valid), ks)
            for name, value in values.items():
                rows.setdefault(name, []).append(value)
        return {name: np.array(v) for name, v in rows.items()}

    def evaluate(self, scores: np.ndarray, ks: Sequence[int] = (10, 50)) -> dict[str, float]:
        return summarise(self.per_query(scores, ks))


def summarise(per_query: Mapping[str, np.ndarray]) -> dict[str, float]:
    """Means over queries, with standard errors (``<metric>_se``)."""
    out: dict[str, float] = {}
    for name, values in per_query.items():
        out[name] = float(values.mean()) if len(values) else float("nan")
        out[f"{name}_se"] = float(values.std(ddof=1) / np.sqrt(len(values))) \
            if len(values) > 1 else float("nan")
    return out


def paired_difference(a: Mapping[str, np.ndarray], b: Mapping[str, np.ndarray]
                      ) -> dict[str, float]:
    """Mean and standard error of per-query differences a − b (same queries)."""
    out = {}
    for name in a:
        diff = np.asarray(a[name]) - np.asarray(b[name])
        out[name] = float(diff.mean())
        out[f"{name}_se"] = float(diff.std(ddof=1) / np.sqrt(len(diff))) if len(diff) > 1 \
            else float("nan")
    return out


def ratio_interval(a: np.ndarray, b: np.ndarray, level: float = 0.95, draws: int = 2000,
                   seed: int = 0) -> tuple[float, float]:
    """Bootstrap interval of mean(a) / mean(b) over paired queries (the same queries
    resampled for both): how far a ratio to a baseline could move with another sample of
    investors, on data sets where one hit more or less moves it by a hundredth."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    if a.shape != b.shape or not len(a):
        raise ValueError("ratio_interval needs the same non-empty queries on both sides")
    picks = np.random.default_rng(seed).integers(0, len(a), size=(draws, len(a)))
    ratios = a[picks].mean(axis=1) / b[picks].mean(axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(ratios, [tail, 100 - tail])
    return float(low), float(high)


# --- sentence vectors, cached on disk ------------------------------------------------------

class VectorCache:
    """Sentence vectors of one model, keyed by a hash of (model, sentence), in one .npz.

    Reruns never embed a sentence twice; a run only embeds the sentences that are new.
    """

    def __init__(self, path: Path, model: str):
        self.path = Path(path)
        self.model = model
        self._index: dict[str, int] = {}
        self._blocks: list[np.ndarray] = []
        self._keys: list[str] = []
        self.dimension = 0
        self.embedded = 0
        if self.path.exists():
            with np.load(self.path, allow_pickle=False) as data:
                keys, vectors = list(data["keys"]), data["vectors"]
            if len(keys) == len(vectors) and len(keys):
                self._keys = [str(k) for k in keys]
                self._blocks = [vectors.astype(np.float32)]
                self._index = {k: i for i, k in enumerate(self._keys)}
                self.dimension = vectors.shape[1]

    def key(self, sentence: str) -> str:
        return hashlib.sha256(f"{self.model}\0{sentence}".encode()).hexdigest()[:24]

    def missing(self, sentences: Iterable[str]) -> list[str]:
        return list(dict.fromkeys(s for s in sentences if self.key(s) not in self._index))

    def add(self, sentences: Sequence[str], vectors: np.ndarray) -> None:
        if not len(sentences):
            return
        self.dimension = vectors.shape[1]
        start = len(self._keys)
        for n, sentence in enumerate(sentences):
            key = self.key(sentence)
            self._keys.append(key)
            self._index[key] = start + n
        self._blocks.append(vectors.astype(np.float32))
        self.embedded += len(sentences)

    def matrix(self) -> np.ndarray:
        if len(self._blocks) > 1:
            self._blocks = [np.vstack(self._blocks)]
        return self._blocks[0] if self._blocks else np.zeros((0, self.dimension), np.float32)

    def get(self, sentences: Sequence[str]) -> np.ndarray:
        matrix = self.matrix()
        return matrix[[self._index[self.key(s)] for s in sentences]]

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp.npz")
        np.savez(temporary, keys=np.array(self._keys), vectors=self.matrix())
        os.replace(temporary, self.path)

    def ensure(self, sentences: Iterable[str], encoder: Any, *, chunk: int = 2048,
               label: str = "") -> None:
        """Embed (in chunks, saving after each) every sentence not cached yet."""
        todo = self.missing(sentences)
        if not todo:
            return
        log(f"embedding {len(todo)} new sentences {label}with {self.model} "
            f"(about {len(todo) / 40 / 60:.1f} min on 2 cores)")
        started = time.perf_counter()
        for start in range(0, len(todo), chunk):
            part = todo[start:start + chunk]
            self.add(part, encoder.encode(part))
            self.save()
            done = start + len(part)
            rate = done / (time.perf_counter() - started)
            log(f"  {done}/{len(todo)} sentences, {rate:.0f}/s")


def sentence_field_vectors(texts: Mapping[tuple[int, str], str], cache: VectorCache,
                           encoder: Any) -> tuple[dict[tuple[int, str], np.ndarray], int]:
    """The app's field vectors for profile texts ``{(id, field): text}``: each field is split
    into sentences (``embedding.split_sentences``), every sentence embedded once, and
    ``matching.field_vectors`` gives "looking_for" and "offer" (about + offering) as the
    normalised mean of sentence vectors, exactly as ``matching.match_event`` does."""
    from matchmaking.matching.embedding import split_sentences
    from matchmaking.services.matching import field_vectors as _field_vectors

    split = {key: split_sentences(text) for key, text in texts.items()}
    cache.ensure((s for sentences in split.values() for s in sentences), encoder)
    sentences = {key: cache.get(parts) for key, parts in split.items() if parts}
    return _field_vectors(sentences)


def whole_text_vectors(texts: Sequence[str], cache: VectorCache, encoder: Any) -> np.ndarray:
    """One vector per text, the whole text encoded at once (the model truncates long ones)."""
    cache.ensure(texts, encoder)
    return cache.get(list(texts))


# --- registrations ------------------------------------------------------------------------

def registration_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> bytes:
    """Registration rows as the bytes of a CSV file in the README's import format."""
    import csv
    import io

    import re

    # The public dumps hold stray control characters (C1 bytes of old mojibake, U+009D in
    # YC descriptions): the product refuses them, as an organiser would be asked to remove
    # them, so the evaluation data is cleaned of them (they carry no meaning) before import.
    controls = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: controls.sub(" ", v) if isinstance(v, str) else v
                      for k, v in row.items()} for row in rows)
    return buffer.getvalue().encode("utf-8")


def import_into(db: Any, rows: Sequence[Mapping[str, Any]], columns: Sequence[str],
                name: str = "registrations.csv") -> None:
    """The product's validated import of these rows into an event database (one transaction,
    by e-mail), without a file on disk."""
    from matchmaking import storage
    from matchmaking.domain.importing import parse_registrations

    storage.apply_registrations(db, parse_registrations(registration_csv(rows, columns), name))


# --- output --------------------------------------------------------------------------------

def fmt(value: Any, digits: int = 4) -> str:
    if isinstance(value, float):
        return "nan" if value != value else f"{value:.{digits}f}"
    return str(value)


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[Any]], digits: int = 4
                   ) -> str:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    for row in rows:
        lines.append("| " + " | ".join(fmt(v, digits) for v in row) + " |")
    return "\n".join(lines)


def write_json(path: Path, payload: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(payload, indent=1, sort_keys=False, default=_jsonable))
    os.replace(temporary, path)


def _jsonable(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


class Timer:
    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.marks: dict[str, float] = {}

    def mark(self, name: str) -> float:
        self.marks[name] = round(time.perf_counter() - self.started, 1)
        return self.marks[name]


def default_encoder(model: str | None = None) -> Any:
    """The production encoder (bundled all-MiniLM-L6-v2 unless a model is named)."""
    from matchmaking.matching.embedding import SentenceTransformerEncoder

    return SentenceTransformerEncoder(model)
