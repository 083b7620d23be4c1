"""The ONNX back-end of the embeddings: an int8 dynamically quantised export of the
configured sentence-transformers model, made locally from its own weights, once.

Why not sentence-transformers' ``backend="onnx"``: it needs ``optimum.onnxruntime``
(``optimum-onnx``), whose only release requires transformers < 4.58 while the installed
sentence-transformers needs transformers >= 5, so pip cannot install both. The export is
done here with the same building blocks optimum uses (``torch.onnx.export``, ONNX
Runtime's BERT graph fusions, ``onnxruntime.quantization.quantize_dynamic`` with the
settings of optimum's ``AutoQuantizationConfig.avx2(is_static=False)``), and run with
ONNX Runtime alone: no torch at run time.

The whole sentence-transformers pipeline (transformer, pooling, normalisation, any dense
layer) is exported as one graph, so the ONNX model computes what ``encode`` computes, on
int8 weights. Before an export is kept, its vectors for a few probe sentences are checked
against torch's (cosine); a failing export is never written.

Exports live in ``models/.cache/onnx/<model>-int8-<quantisation>/`` (or
``$MATCHMAKING_CACHE_DIR/onnx/...``), written into a temporary folder beside it and then
renamed, so two processes exporting at once never see half a model: the first rename wins,
the other process drops its copy and uses the winner's.

    .venv/bin/python -m matchmaking.onnx_export     # prepare the export (``make install``)
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from matchmaking.domain.paths import PROJECT_DIR

log = logging.getLogger(__name__)

CACHE_ENV_VAR = "MATCHMAKING_CACHE_DIR"
QUANTIZATION_ENV_VAR = "MATCHMAKING_ONNX_QUANTIZATION"
REQUIRED_MODULES = ("onnxruntime", "onnx")  # run and quantise; torch.onnx exports
MODEL_FILE = "model.onnx"
META_FILE = "export.json"  # written last: a folder without it is not an export
EXPORT_VERSION = 1  # in export.json

# Dynamic int8 quantisation configs, named as optimum's AutoQuantizationConfig.<name>
# (is_static=False): activations uint8 asymmetric (quantised per batch at run time), weights
# symmetric per channel; "avx2" keeps uint8 weights (U8U8 kernels), the others int8 weights
# (U8S8: fastest with VNNI, can saturate 16-bit sums on a CPU without it). Unlike optimum's
# default, only the MatMuls (the linear layers) are quantised: ONNX Runtime's fused
# Attention and EmbedLayerNormalization stay float. Measured on this project's 2-core AVX2
# EPYC (no AVX-512, no VNNI), over the demo profiles' sentences against torch:
#   all of optimum's ops, avx2:     min cosine 0.945, mean 0.990
#   all of optimum's ops, avx512:   min cosine 0.925, mean 0.990, same speed
#   MatMul + Attention, avx2:       min cosine 0.969, mean 0.992, same speed
#   MatMul only, avx2 (the default): min cosine 0.972, mean 0.993, same speed (64-66 vs
#                                    63-64 sentences/s, alternating runs)
QUANTIZATIONS: dict[str, str] = {"avx2": "QUInt8", "avx512": "QInt8", "avx512_vnni": "QInt8",
                                 "arm64": "QInt8"}
QUANTIZED_OPS = ["MatMul"]
DEFAULT_QUANTIZATION = "avx2"

# ONNX Runtime's transformer fusions (fused Attention, SkipLayerNorm, BiasGelu...) by model type.
_FUSABLE_MODEL_TYPES = frozenset({"bert", "roberta", "xlm-roberta", "distilbert", "mpnet",
                                  "electra", "camembert"})
_PROBES = [
    "We build smart parking sensors for city councils.",
    "Looking for seed investors in urban mobility.",
    "Hi",
    "Our platform reduces water loss in municipal networks by detecting leaks early, "
    "with acoustic sensors placed on the pipes and alerts sent to the operators in real time.",
    "Nous cherchons une régie de distribution d'eau pour un pilote.",
    "Pilot sites, data access and introductions to procurement teams.",
    "نبحث عن مستثمرين في التكنولوجيا المالية",
    "AI, IoT, 5G, cybersecurity.",
]
MIN_PROBE_COSINE = 0.90  # every probe sentence, int8 against torch
MIN_MEAN_PROBE_COSINE = 0.97


class ExportFailed(RuntimeError):
    """The ONNX export could not be made or loaded here."""


def missing_modules() -> list[str]:
    """The modules the ONNX back-end needs that cannot be imported (cheap: no import)."""
    missing = []
    for module in REQUIRED_MODULES:
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):  # a module stubbed out in sys.modules
            found = False
        if not found:
            missing.append(module)
    return missing


def configured_quantization(explicit: str | None = None) -> str:
    name = explicit or os.environ.get(QUANTIZATION_ENV_VAR, "").strip() or DEFAULT_QUANTIZATION
    if name not in QUANTIZATIONS:
        raise ValueError(f"unknown ONNX quantisation {name!r}: one of {sorted(QUANTIZATIONS)}")
    return name


def cache_root() -> Path:
    explicit = os.environ.get(CACHE_ENV_VAR, "").strip()
    return (Path(explicit) if explicit else PROJECT_DIR / "models" / ".cache") / "onnx"


def export_dir(model: str, quantization: str | None = None) -> Path:
    """Where the export of ``model`` (a name or folder, as configured) lives."""
    base = Path(model.rstrip("/\\")).name or "model"
    return cache_root() / f"{base}-int8-{configured_quantization(quantization)}"


def is_exported(folder: Path) -> bool:
    return (folder / META_FILE).is_file() and (folder / MODEL_FILE).is_file()


def ensure_export(model: str, quantization: str | None = None) -> tuple[Path, bool]:
    """The export folder of ``model``, made now if missing: (folder, made now)."""
    quantization = configured_quantization(quantization)
    target = export_dir(model, quantization)
    if is_exported(target):
        return target, False
    if missing := missing_modules():
        raise ExportFailed(f"{', '.join(missing)} not installed")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        _export_into(model, quantization, work)
        os.chmod(work, 0o755)  # mkdtemp's folder is private
        try:
            os.rename(work, target)  # atomic; fails if another process renamed first
        except OSError:
            if not is_exported(target):
                raise
            log.info("another process exported %s first; using its export", target)
            return target, False
        return target, True
    except ExportFailed:
        raise
    except Exception as error:  # noqa: BLE001 - any export error means "use torch"
        raise ExportFailed(f"{type(error).__name__}: {error}") from error
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _export_into(model: str, quantization: str, work: Path) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import warnings

    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    from matchmaking.matching.embedding import resolve_model_path

    transformers_logging.disable_progress_bar()
    started = time.perf_counter()
    path = resolve_model_path(model)
    # eager attention: its graph is the one ONNX Runtime fuses into one Attention op
    st = SentenceTransformer(path, device="cpu", model_kwargs={"attn_implementation": "eager"})
    st.eval()
    features = st.preprocess(["a first probe sentence, a little longer", "short"])
    input_names = [k for k, v in features.items() if isinstance(v, torch.Tensor)]

    class Pipeline(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, *tensors):
            return self.inner(dict(zip(input_names, tensors)))["sentence_embedding"]

    fp32 = work / "model_fp32.onnx"
    axes = {name: {0: "batch", 1: "sequence"} for name in input_names}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # tracer / legacy-exporter chatter
        torch.onnx.export(Pipeline(st), tuple(features[n] for n in input_names), str(fp32),
                          dynamo=False, input_names=input_names,
                          output_names=["sentence_embedding"],
                          dynamic_axes=axes | {"sentence_embedding": {0: "batch"}},
                          opset_version=17)

    source = fp32
    config = st[0].auto_model.config if hasattr(st[0], "auto_model") else None
    model_type = getattr(config, "model_type", "")
    if model_type in _FUSABLE_MODEL_TYPES:
        from onnxruntime.transformers import optimizer

        fused = optimizer.optimize_model(
            str(fp32), model_type="bert" if model_type != "distilbert" else "bert",
            num_heads=int(getattr(config, "num_attention_heads", 0) or 0),
            hidden_size=int(getattr(config, "hidden_size", 0) or 0), opt_level=1)
        source = work / "model_fused.onnx"
        fused.save_model_to_file(str(source))
    weights = QuantType.QUInt8 if QUANTIZATIONS[quantization] == "QUInt8" else QuantType.QInt8
    root = logging.getLogger()
    quiet = logging.NullHandler()  # the quantiser logs through the root logger: keep it unset
    root.addHandler(quiet)
    logging.disable(logging.WARNING)
    try:
        quantize_dynamic(str(source), str(work / MODEL_FILE), weight_type=weights,
                         per_channel=True, reduce_range=False,
                         op_types_to_quantize=QUANTIZED_OPS,
                         extra_options={"WeightSymmetric": True, "ActivationSymmetric": False,
                                        "DefaultTensorType": 1})  # 1 = float, for fused ops
    finally:
        logging.disable(logging.NOTSET)
        root.removeHandler(quiet)
    for leftover in (fp32, work / "model_fused.onnx"):
        leftover.unlink(missing_ok=True)
    for extra in work.glob("*.onnx.data"):
        extra.unlink()

    st.tokenizer.save_pretrained(str(work / "tokenizer"))
    meta = {"export_version": EXPORT_VERSION, "model": model, "source": path,
            "quantization": quantization, "weights": str(weights.name),
            "inputs": input_names, "max_seq_length": int(st.max_seq_length),
            "dimension": int(st.get_embedding_dimension()), "model_type": model_type,
            "fused": source != fp32, "seconds": round(time.perf_counter() - started, 1)}

    # Keep the export only if it computes what torch computes.
    expected = st.encode(_PROBES, normalize_embeddings=True, convert_to_numpy=True,
                         show_progress_bar=False)
    (work / META_FILE).write_text(json.dumps(meta, indent=1), encoding="utf-8")
    got = OnnxSentenceModel(work).encode(_PROBES, batch_size=3, normalize_embeddings=True)
    cosines = (got * expected).sum(axis=1)
    if cosines.min() < MIN_PROBE_COSINE or cosines.mean() < MIN_MEAN_PROBE_COSINE:
        raise ExportFailed(f"the int8 export departs from torch: cosine min {cosines.min():.3f},"
                           f" mean {cosines.mean():.3f}")
    meta["probe_cosine_min"] = round(float(cosines.min()), 4)
    meta["probe_cosine_mean"] = round(float(cosines.mean()), 4)
    (work / META_FILE).write_text(json.dumps(meta, indent=1), encoding="utf-8")


class OnnxSentenceModel:
    """An exported model, run by ONNX Runtime: the part of SentenceTransformer's API the
    encoder uses (``encode``, ``get_embedding_dimension``)."""

    def __init__(self, folder: str | os.PathLike[str], threads: int | None = None):
        import onnxruntime as ort
        from transformers import AutoTokenizer

        self.folder = Path(folder)
        try:
            self.meta = json.loads((self.folder / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ExportFailed(f"no valid export in {self.folder}: {error}") from None
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(self.folder / MODEL_FILE), options,
                                            providers=["CPUExecutionProvider"])
        self.tokenizer = AutoTokenizer.from_pretrained(str(self.folder / "tokenizer"))
        self.inputs = [i.name for i in self.session.get_inputs()]
        self.max_seq_length = int(self.meta["max_seq_length"])

    def get_embedding_dimension(self) -> int:
        return int(self.meta["dimension"])

    def encode(self, sentences: Sequence[str], batch_size: int = 32,
               normalize_embeddings: bool = False, convert_to_numpy: bool = True,
               show_progress_bar: bool = False) -> np.ndarray:
        """Vectors in the order given, one model call per ``batch_size`` sentences (the
        caller sorts by length; sentence-transformers' ``encode`` sorts too)."""
        sentences = [str(s).strip() for s in sentences]
        out = np.zeros((len(sentences), self.get_embedding_dimension()), np.float32)
        if batch_size == 1 and sentences:  # no padding: tokenize all at once, run one by one
            tokens = self.tokenizer(sentences, truncation="longest_first",
                                    max_length=self.max_seq_length)
            columns = [tokens[name] for name in self.inputs]
            for i in range(len(sentences)):
                feeds = {name: np.asarray([column[i]], dtype=np.int64)
                         for name, column in zip(self.inputs, columns)}
                out[i] = self.session.run(None, feeds)[0][0]
        for start in range(0, len(sentences) if batch_size > 1 else 0, batch_size):
            batch = self.tokenizer(sentences[start:start + batch_size], padding=True,
                                   truncation="longest_first", max_length=self.max_seq_length,
                                   return_tensors="np")
            feeds = {name: np.asarray(batch[name], dtype=np.int64) for name in self.inputs}
            out[start:start + batch_size] = self.session.run(None, feeds)[0]
        if normalize_embeddings:
            norms = np.linalg.norm(out, axis=1, keepdims=True)
            out = out / np.where(norms > 0, norms, 1)
        return out.astype(np.float32)


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    from matchmaking.matching.embedding import configured_model

    parser = argparse.ArgumentParser(description="Prepare the int8 ONNX export of the model.")
    parser.add_argument("--model", default=None, help="model name or folder (default: configured)")
    parser.add_argument("--quantization", default=None, choices=sorted(QUANTIZATIONS))
    args = parser.parse_args(argv)
    model = configured_model(args.model)
    try:
        folder, made = ensure_export(model, args.quantization)
    except (ExportFailed, ValueError) as error:
        print(f"ONNX export of {model} not made ({error}); embeddings will use torch.")
        return 1
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    if made:
        print(f"Exported {model} to int8 ONNX ({meta['quantization']}) in {meta['seconds']} s: "
              f"{folder} (probe cosine to torch: min {meta['probe_cosine_min']}, "
              f"mean {meta['probe_cosine_mean']}).")
    else:
        print(f"ONNX export of {model} ({meta['quantization']}) already in {folder}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
