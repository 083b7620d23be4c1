"""A small deterministic stand-in for the sentence-transformers model, for fast tests.

It embeds a text as its hashed bag of (accent-free, lower-case) words, so texts sharing
words are similar: enough to exercise caching, scoring and explanations without torch.
One test module runs the real bundled model as well.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence

import numpy as np

DIMENSION = 384


class FakeEncoder:
    def __init__(self, name: str = "fake-bag-of-words"):
        self.name = name
        self.calls = 0
        self.texts_seen: list[str] = []

    def encode(self, texts: Sequence[str], progress=None) -> np.ndarray:
        self.calls += 1
        self.texts_seen += list(texts)
        out = np.zeros((len(texts), DIMENSION), np.float32)
        for i, text in enumerate(texts):
            plain = unicodedata.normalize("NFKD", text.casefold())
            plain = "".join(c for c in plain if not unicodedata.combining(c))
            for word in re.findall(r"\w{3,}", plain):
                out[i, zlib.crc32(word.encode()) % DIMENSION] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        out = np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)
        if progress:
            progress(len(texts), len(texts))
        return out
