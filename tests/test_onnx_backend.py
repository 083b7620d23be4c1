"""The int8 ONNX back-end of the embeddings: close to torch's vectors with the real bundled
model, torch when onnxruntime is missing, and one valid export when two processes make it
at once."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from matchmaking.matching import onnx_export
from matchmaking.matching.embedding import (BACKEND_ENV_VAR, DEFAULT_MODEL,
                                            SentenceTransformerEncoder, is_english_first)

PROJECT = Path(__file__).resolve().parent.parent

# Ten topics, two sentences each (short and long, English, French, Arabic): every sentence
# has a clear nearest neighbour, its pair, so the check is about ranking, not near-ties.
SENTENCES = [
    "We build smart parking sensors for city councils.",
    "Sensors that show drivers the free parking spaces in the city.",
    "Our acoustic sensors detect leaks in municipal water networks.",
    "Nous détectons les fuites dans les réseaux d'eau potable.",
    "Looking for seed investors.",
    "We are raising a seed round and want to meet early-stage funds.",
    "Fintech payments for small merchants in North Africa.",
    "نبحث عن حلول دفع إلكتروني للتجار الصغار",
    "Telemedicine platform for rural clinics.",
    "Remote consultations with doctors for patients far from a hospital.",
    "Solar micro-grids for off-grid villages.",
    "Solar panels and batteries bring electricity to remote villages.",
    "An app that teaches children to code with games.",
    "Coding lessons for kids, taught through play.",
    "Computer vision to plan waste collection rounds.",
    "Cameras tell the garbage trucks which bins are full.",
    "Cybersecurity audits for hospitals.",
    "We test the defences of clinics against cyber attacks.",
    "Hi",
    "Hello!",
]


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def encoders(cache_dir: Path):
    """Both back-ends of the real bundled model, the ONNX export made in a temporary cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(onnx_export.CACHE_ENV_VAR, str(cache_dir))
        patch.delenv(BACKEND_ENV_VAR, raising=False)
        onnx = SentenceTransformerEncoder(DEFAULT_MODEL, backend="onnx")
        torch = SentenceTransformerEncoder(DEFAULT_MODEL, backend="torch")
        vectors = onnx.encode(SENTENCES), torch.encode(SENTENCES)
    return onnx, torch, vectors


@pytest.mark.slow
def test_onnx_vectors_are_close_to_torch(encoders, cache_dir: Path, monkeypatch):
    onnx, torch, (got, expected) = encoders
    assert onnx.backend == "onnx" and torch.backend == "torch"
    assert torch.name == DEFAULT_MODEL
    assert onnx.name == f"onnx-int8-{onnx.quantization}/{DEFAULT_MODEL}" != torch.name
    assert is_english_first(onnx.name)  # the model's name still reads through the key
    assert got.dtype == np.float32 and got.shape == expected.shape
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1, atol=1e-5)
    cosines = (got * expected).sum(axis=1)
    assert cosines.min() >= 0.98, dict(zip(SENTENCES, cosines.round(3)))

    def nearest(v: np.ndarray) -> np.ndarray:
        similarity = v @ v.T
        np.fill_diagonal(similarity, -np.inf)
        return similarity.argmax(axis=1)

    assert nearest(got).tolist() == nearest(expected).tolist()
    monkeypatch.setenv(onnx_export.CACHE_ENV_VAR, str(cache_dir))
    export = onnx_export.export_dir(DEFAULT_MODEL, onnx.quantization)
    assert export.parent == cache_dir / "onnx" and onnx_export.is_exported(export)
    assert [p.name for p in (cache_dir / "onnx").iterdir()] == [export.name]  # no temp left


@pytest.mark.slow
def test_onnx_keeps_input_order_and_progress(encoders):
    onnx, _, (got, _) = encoders
    ticks: list[tuple[int, int]] = []
    calls = onnx.calls
    again = onnx.encode(SENTENCES[::-1], progress=lambda done, total: ticks.append((done, total)))
    np.testing.assert_allclose(again, got[::-1], atol=1e-5)
    assert ticks[-1] == (len(SENTENCES), len(SENTENCES)) and onnx.calls == calls + 1


def test_auto_falls_back_to_torch_without_onnxruntime(monkeypatch, caplog, tmp_path):
    monkeypatch.setenv(onnx_export.CACHE_ENV_VAR, str(tmp_path))
    monkeypatch.delenv(BACKEND_ENV_VAR, raising=False)
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import onnxruntime -> ImportError
    assert "onnxruntime" in onnx_export.missing_modules()
    encoder = SentenceTransformerEncoder(DEFAULT_MODEL)
    assert encoder.backend == "torch" and encoder.name == DEFAULT_MODEL  # before any load
    with caplog.at_level(logging.WARNING, logger="matchmaking.matching.embedding"):
        vectors = encoder.encode(["smart parking sensors"])
    assert encoder.backend == "torch" and encoder.name == DEFAULT_MODEL
    assert vectors.shape == (1, 384)
    warnings = [r for r in caplog.records if r.name == "matchmaking.matching.embedding"]
    assert len(warnings) == 1 and "onnxruntime not installed" in warnings[0].getMessage()
    assert not any(tmp_path.iterdir())  # no export attempted


def test_auto_falls_back_when_the_export_fails(monkeypatch, caplog, tmp_path):
    monkeypatch.setenv(onnx_export.CACHE_ENV_VAR, str(tmp_path))
    monkeypatch.delenv(BACKEND_ENV_VAR, raising=False)

    def broken(*args, **kwargs):
        raise onnx_export.ExportFailed("exporter broke")

    monkeypatch.setattr(onnx_export, "ensure_export", broken)
    encoder = SentenceTransformerEncoder(DEFAULT_MODEL)
    if onnx_export.missing_modules():
        pytest.skip("onnxruntime not installed")
    assert encoder.backend == "onnx" and encoder.name != DEFAULT_MODEL  # planned
    with caplog.at_level(logging.WARNING, logger="matchmaking.matching.embedding"):
        assert encoder.dimension == 384  # loads: the export fails, torch is used
    assert encoder.backend == "torch" and encoder.name == DEFAULT_MODEL
    assert "exporter broke" in caplog.text
    forced = SentenceTransformerEncoder(DEFAULT_MODEL, backend="onnx")
    with pytest.raises(Exception, match="exporter broke"):
        forced.encode(["x"])


def test_backend_from_the_environment(monkeypatch):
    monkeypatch.setenv(BACKEND_ENV_VAR, "torch")
    encoder = SentenceTransformerEncoder(DEFAULT_MODEL)
    assert encoder.backend == "torch" and encoder.name == DEFAULT_MODEL
    monkeypatch.setenv(BACKEND_ENV_VAR, "tensorflow")
    with pytest.raises(ValueError, match="unknown backend"):
        SentenceTransformerEncoder(DEFAULT_MODEL)


@pytest.mark.slow
def test_two_processes_exporting_at_once_leave_one_export(tmp_path):
    if onnx_export.missing_modules():
        pytest.skip("onnxruntime not installed")
    env = {**os.environ, onnx_export.CACHE_ENV_VAR: str(tmp_path)}
    command = [sys.executable, "-m", "matchmaking.matching.onnx_export", "--model", DEFAULT_MODEL]
    runs = [subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    folders = list((tmp_path / "onnx").iterdir())
    assert len(folders) == 1, folders  # the loser's temporary folder is gone
    assert onnx_export.is_exported(folders[0])
    meta = json.loads((folders[0] / onnx_export.META_FILE).read_text(encoding="utf-8"))
    assert meta["model"] == DEFAULT_MODEL and meta["probe_cosine_min"] >= 0.9
    model = onnx_export.OnnxSentenceModel(folders[0])
    vectors = model.encode(["smart parking", "water leaks"], normalize_embeddings=True)
    assert vectors.shape == (2, 384) and np.isfinite(vectors).all()
