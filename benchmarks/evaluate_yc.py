"""Does the embedder put start-ups of the same sector next to each other? (YC directory texts)

Data: ``yc_companies_text`` (5,950 Y Combinator companies, their own directory texts and YC's
industry / subindustry / tag labels; research use only, read from ``--data`` at run time,
never copied into the repo). Protocol of its README (``tools/eval_yc_companies_text.py``):

* kNN sector retrieval: for each company of a pool, rank every other company of the pool by
  cosine similarity of its text and take the 10 nearest; P@10 = share of them with the same
  label, averaged over queries (± standard error over queries). "macro" = mean over labels
  of the per-label mean. Ties are broken by one fixed random order.
* Pools: companies with non-empty text and the label: subindustry (50 labels), industry
  (excluding ``Unspecified``), tag overlap (a neighbour counts when it shares >= 1 tag).
  Random = exact expectation ((n_label − 1)/(N − 1), or the share of the pool sharing a tag).
* Texts: ``description`` (one-liner + long description) and ``one_liner``.

Rankers:

* ``TF-IDF word 1-2-gram`` — the README's baseline (sublinear tf, min_df 2, English stop
  words, fitted on the pool).
* ``app lexical`` — ``matchmaking.lexical``: BM25-weighted sparse term vectors of the
  glossed text (words, word pairs, glossary concepts), as the app's lexical component.
* ``MiniLM whole text`` — the bundled all-MiniLM-L6-v2 (``matchmaking.embedding``'s encoder)
  on each whole text (the model truncates at 256 tokens), as the README's reference.
* ``MiniLM sentence mean (app)`` — as the app embeds a profile field:
  ``embedding.split_sentences`` (at most 12 sentences), each sentence embedded once, field
  vector = normalised mean of the sentence vectors (``matching.field_vectors``).
* ``app text blend`` — the app's two text components together, as ``direction_scores``
  combines them with the shipped weights and calibration ranges.

Run from the repository root::

    .venv/bin/python benchmarks/evaluate_yc.py

Writes ``benchmarks/results/yc.json``; sentence vectors are cached in
``benchmarks/results/cache/`` so reruns only embed what changed.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluation_common import (DEFAULT_DATASETS, RESULTS_DIR, Timer, VectorCache,  # noqa: E402
                               default_encoder, log, markdown_table, sentence_field_vectors,
                               whole_text_vectors, write_json)

DATASET = "yc_companies_text"
K = 10
FIELDS = ("description", "one_liner")
TASKS = ("subindustry", "industry", "tag_overlap")
LEXICAL = "app lexical (BM25 over glossed terms, sparse)"
BLEND = "app text blend (shipped semantic and lexical weights, rescaled)"


def load(data_dir: Path) -> list[dict[str, str]]:
    path = data_dir / DATASET / "companies.csv"
    if not path.is_file():
        raise SystemExit(f"no {DATASET} under {data_dir} (use --data)")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def pool_of(rows: Sequence[Mapping[str, str]], field: str, task: str) -> list[int]:
    """Rows with non-empty text and the task's label."""
    out = []
    for i, r in enumerate(rows):
        if not r[field].strip():
            continue
        if task == "subindustry" and not r["subindustry"]:
            continue
        if task == "industry" and r["industry"] in ("", "Unspecified"):
            continue
        if task == "tag_overlap" and not r["tags"]:
            continue
        out.append(i)
    return out


def relevance(rows: Sequence[Mapping[str, str]], pool: Sequence[int], task: str
              ) -> tuple[np.ndarray, list[str]]:
    """(N x N) boolean "same label" matrix of the pool and each query's label (for macro)."""
    if task == "tag_overlap":
        tags = sorted({t for i in pool for t in rows[i]["tags"].split("|") if t})
        column = {t: j for j, t in enumerate(tags)}
        onehot = np.zeros((len(pool), len(tags)), np.float32)
        for n, i in enumerate(pool):
            for t in rows[i]["tags"].split("|"):
                if t:
                    onehot[n, column[t]] = 1.0
        return (onehot @ onehot.T) > 0, []
    labels = [rows[i][task] for i in pool]
    codes = {label: n for n, label in enumerate(sorted(set(labels)))}
    ids = np.array([codes[label] for label in labels])
    return ids[:, None] == ids[None, :], labels


def knn_precision(similarity: np.ndarray, same: np.ndarray, k: int = K, seed: int = 0
                  ) -> np.ndarray:
    """Each query's P@k: share of its k most similar other items that are relevant."""
    n = len(similarity)
    tiebreak = np.random.default_rng(seed).random(n) * 1e-9  # below any real cosine gap
    scores = similarity.astype(np.float64) + tiebreak[None, :]
    np.fill_diagonal(scores, -np.inf)
    top = np.argpartition(-scores, k, axis=1)[:, :k]
    return np.take_along_axis(same, top, axis=1).mean(axis=1)


def random_precision(same: np.ndarray) -> np.ndarray:
    """Expected P@k of a random ranking, per query: share of the other items relevant."""
    n = len(same)
    return (same.sum(axis=1) - np.diag(same)) / (n - 1)


def summary(per_query: np.ndarray, labels: Sequence[str]) -> dict[str, float]:
    out = {"P@10": float(per_query.mean()),
           "se": float(per_query.std(ddof=1) / np.sqrt(len(per_query))), "n": len(per_query)}
    if labels:
        groups: dict[str, list[float]] = defaultdict(list)
        for label, value in zip(labels, per_query):
            groups[label].append(float(value))
        out["P@10_macro"] = float(np.mean([np.mean(v) for v in groups.values()]))
    return out


def paired(a: np.ndarray, b: np.ndarray) -> dict[str, float]:
    diff = a - b
    return {"mean": float(diff.mean()), "se": float(diff.std(ddof=1) / np.sqrt(len(diff)))}


def tfidf_vectors(texts: Sequence[str]) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2,
                                 stop_words="english")
    return normalize(vectorizer.fit_transform(texts))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Protocol and rankers are described in the module docstring.")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATASETS,
                        help=f"folder holding {DATASET}/ (default: ../shared/datasets next to the "
                             f"repository, i.e. {DEFAULT_DATASETS})")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "yc.json")
    parser.add_argument("--model", default=None,
                        help="embedding model (default: the app's, all-MiniLM-L6-v2)")
    parser.add_argument("--fields", nargs="+", default=list(FIELDS), choices=FIELDS)
    args = parser.parse_args(argv)
    run(args)


def run(args: argparse.Namespace) -> dict[str, Any]:
    from matchmaking.matching import lexical as lexical_terms
    from matchmaking.matching.scoring import shipped_defaults

    defaults = shipped_defaults()

    timer = Timer()
    rows = load(args.data)
    encoder = default_encoder(args.model)
    cache = VectorCache(RESULTS_DIR / "cache" / f"yc-{_safe(encoder.name)}.npz",
                        encoder.name)
    weights = defaults.weights.normalised()
    report: dict[str, Any] = {"dataset": DATASET, "model": encoder.name, "k": K,
                              "rows": len(rows), "fields": {}}
    tables = []
    for field in args.fields:
        # Every non-empty text of the field is embedded once; pools are subsets of it.
        texts_index = [i for i, r in enumerate(rows) if r[field].strip()]
        texts = [rows[i][field] for i in texts_index]
        log(f"{field}: {len(texts)} texts")
        whole = whole_text_vectors(texts, cache, encoder)
        timer.mark(f"{field}: whole-text vectors")
        vectors, _ = sentence_field_vectors(
            {(n, "about"): t for n, t in enumerate(texts)}, cache, encoder)
        sentence_mean = np.vstack([vectors[(n, "offer")] for n in range(len(texts))])
        timer.mark(f"{field}: sentence vectors")
        position = {i: n for n, i in enumerate(texts_index)}
        field_report: dict[str, Any] = {"n_texts": len(texts), "tasks": {}}
        for task in TASKS:
            pool = pool_of(rows, field, task)
            rows_in = [position[i] for i in pool]
            pool_texts = [texts[n] for n in rows_in]
            same, labels = relevance(rows, pool, task)
            counts = lexical_terms.term_counts([lexical_terms.text_terms(t)
                                                for t in pool_texts])
            index = lexical_terms.LexicalIndex.build(counts, counts)
            lexical = index.offer
            tfidf = tfidf_vectors(pool_texts)
            cosines = {
                "TF-IDF word 1-2-gram (README baseline)": (tfidf @ tfidf.T).toarray(),
                LEXICAL: (lexical @ lexical.T).toarray(),
                "MiniLM whole text": whole[rows_in] @ whole[rows_in].T,
                "MiniLM sentence mean (app field vector)":
                    sentence_mean[rows_in] @ sentence_mean[rows_in].T,
            }
            semantic = _rescale(cosines["MiniLM sentence mean (app field vector)"],
                                defaults.calibration.semantic_range)
            lexical_part = _rescale(cosines[LEXICAL], defaults.calibration.lexical_range)
            cosines[BLEND] = weights.semantic * semantic + weights.lexical * lexical_part
            per_query = {"random (expected)": random_precision(same)}
            for name, similarity in cosines.items():
                per_query[name] = knn_precision(similarity, same)
            del cosines, semantic, lexical_part
            result = {name: summary(values, labels) for name, values in per_query.items()}
            base = per_query["TF-IDF word 1-2-gram (README baseline)"]
            sentence = per_query["MiniLM sentence mean (app field vector)"]
            result["paired"] = {
                "MiniLM whole − TF-IDF": paired(per_query["MiniLM whole text"], base),
                "MiniLM sentence mean − MiniLM whole": paired(sentence,
                                                              per_query["MiniLM whole text"]),
                "MiniLM sentence mean − TF-IDF": paired(sentence, base),
                "app lexical − TF-IDF": paired(per_query[LEXICAL], base),
                "app blend − MiniLM sentence mean": paired(per_query[BLEND], sentence),
            }
            result["pool"] = len(pool)
            result["n_labels"] = len(set(labels)) if labels else \
                len({t for i in pool for t in rows[i]["tags"].split("|") if t})
            field_report["tasks"][task] = result
            log(f"{field} / {task}: pool {len(pool)} done")
        report["fields"][field] = field_report
        tables.append((field, field_report))
        timer.mark(f"{field}: evaluation")

    for field, field_report in tables:
        tasks = field_report["tasks"]
        names = [n for n in tasks["subindustry"] if n not in ("paired", "pool", "n_labels")]
        header = ["ranker"] + [
            f"subindustry P@10 (macro), pool {tasks['subindustry']['pool']}",
            f"industry P@10 (macro), pool {tasks['industry']['pool']}",
            f"tag-overlap P@10, pool {tasks['tag_overlap']['pool']}"]
        body = []
        for name in names:
            cells = [name]
            for task in TASKS:
                r = tasks[task][name]
                cell = f"{r['P@10']:.3f} ± {r['se']:.3f}"
                if "P@10_macro" in r:
                    cell += f" ({r['P@10_macro']:.3f})"
                cells.append(cell)
            body.append(cells)
        for name in tasks["subindustry"]["paired"]:
            body.append([f"paired: {name}"] + [
                f"{tasks[t]['paired'][name]['mean']:+.3f} ± {tasks[t]['paired'][name]['se']:.3f}"
                for t in TASKS])
        print(f"\n## YC kNN sector retrieval, text = {field} ({field_report['n_texts']} texts, "
              f"k = {K}, ± = standard error over queries)\n")
        print(markdown_table(header, body))
    report["seconds"] = timer.marks
    report["sentences_embedded_this_run"] = cache.embedded
    write_json(args.out, report)
    log(f"wrote {args.out} ({timer.mark('total')} s)")
    return report


def _rescale(values: np.ndarray, bounds: tuple[float, float]) -> np.ndarray:
    low, high = bounds
    return np.clip((values - low) / (high - low), 0.0, 1.0)


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)


if __name__ == "__main__":
    main()
