"""Embedding throughput: the project's cached, progress-reporting embedding of profile texts
against a plain ``SentenceTransformer.encode`` of the same sentences, in the same run.

Texts: every sentence of the demo event's profiles (about, looking for, offering), repeated
``--copies`` times with a suffix so that no sentence is a duplicate. Then a second refresh
with nothing changed, which must make no model call.

Then the int8 ONNX back-end beside torch, in the same run, repeats alternating: plain torch
``SentenceTransformer.encode`` against the ONNX encoder (one ``encode`` of the same
sentences, and the project's embedding on it), and how far the rankings agree: for each
demo profile's looking-for vector, the other profiles ranked by their about + offering
vector, torch's top 10 taken as the truth for ONNX's (R@10 of ONNX = mean top-10 overlap),
and the cosine between the two back-ends' vectors of the same sentences.

    .venv/bin/python benchmarks/embedding_benchmark.py --copies 2 --repeats 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from matchmaking import storage
from matchmaking.documents.exporting import to_csv
from matchmaking.domain.importing import read_registrations
from matchmaking.domain.profiles import CANONICAL_FIELDS
from matchmaking.matching.embedding import SentenceTransformerEncoder, field_vector, split_sentences
from matchmaking.services import event as services
from matchmaking.services.matching import refresh_embeddings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    people = read_registrations(services.DEMO_PARTICIPANTS).participants
    rows = []
    for copy in range(args.copies):
        for p in people:
            row = p.to_dict()
            row["email"] = f"{copy}.{row['email']}"
            for name in ("about", "looking_for", "offering"):
                row[name] = " ".join(f"{s} ({copy})" for s in split_sentences(row[name]))
            rows.append(row)
    sentences = [s for r in rows for name in ("looking_for", "about", "offering")
                 for s in split_sentences(r[name])]
    encoder = SentenceTransformerEncoder(backend="torch")
    model = encoder._load()
    model.encode(sentences[:64])  # warm-up, outside the timings
    onnx = SentenceTransformerEncoder(backend="onnx")
    onnx.encode(sentences[:64])  # warm-up (and the export, if not made yet)
    onnx_calls = onnx.calls

    ours, plain, rerun = [], [], []
    onnx_plain, onnx_ours, small_batches = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "people.csv"
        csv_path.write_text(to_csv(rows, CANONICAL_FIELDS), encoding="utf-8")
        for repeat in range(args.repeats):
            started = time.perf_counter()
            model.encode(sentences, batch_size=64, normalize_embeddings=True,
                         convert_to_numpy=True, show_progress_bar=False)
            plain.append(time.perf_counter() - started)

            db = storage.open_database(Path(folder) / f"bench-{repeat}.db")
            services.import_registrations(db, csv_path)
            ticks: list[int] = []
            started = time.perf_counter()
            report = refresh_embeddings(db, encoder, progress=lambda done, total: ticks.append(done))
            ours.append(time.perf_counter() - started)
            assert report.sentences_embedded == len(set(sentences)), report

            calls = encoder.calls
            started = time.perf_counter()
            again = refresh_embeddings(db, encoder)
            rerun.append(time.perf_counter() - started)
            assert again.fields_embedded == 0 and encoder.calls == calls
            db.close()

            started = time.perf_counter()
            onnx.encode(sentences)
            onnx_plain.append(time.perf_counter() - started)

            started = time.perf_counter()  # torch in the ONNX back-end's batch size
            model.encode(sentences, batch_size=onnx.batch_size, normalize_embeddings=True,
                         convert_to_numpy=True, show_progress_bar=False)
            small_batches.append(time.perf_counter() - started)

            db = storage.open_database(Path(folder) / f"bench-onnx-{repeat}.db")
            services.import_registrations(db, csv_path)
            started = time.perf_counter()
            report = refresh_embeddings(db, onnx, progress=lambda done, total: None)
            onnx_ours.append(time.perf_counter() - started)
            assert report.sentences_embedded == len(set(sentences)), report
            assert report.model == onnx.name != encoder.name, report
            db.close()
    assert onnx.backend == "onnx" and onnx.calls > onnx_calls

    n = len(sentences)
    print(f"{n:,} profile sentences ({len(rows)} profiles), bundled all-MiniLM-L6-v2 on CPU, "
          f"median of {args.repeats} alternating runs:\n")
    print("| embedding | median s | sentences/s | ratio to plain encode |")
    print("| --- | --- | --- | --- |")
    base = statistics.median(plain)
    for label, times in [("plain SentenceTransformer.encode", plain),
                         ("matchmaking embed (split, hash, progress, store)", ours)]:
        median = statistics.median(times)
        print(f"| {label} | {median:.2f} | {n / median:,.0f} | {base / median:.2f}x |")
    print(f"| re-run with nothing changed (0 model calls) | {statistics.median(rerun):.3f} | - "
          f"| - |")

    print(f"\nBack-ends side by side, same {n:,} sentences, median of {args.repeats} "
          f"alternating runs ({onnx.name}, batches of {onnx.batch_size}; torch's "
          f"{encoder.batch_size}):\n")
    print("| embedding | back-end | median s | sentences/s | ratio to plain torch encode |")
    print("| --- | --- | --- | --- | --- |")
    for label, backend, times in [
            ("plain SentenceTransformer.encode", "torch", plain),
            (f"plain SentenceTransformer.encode, batch_size={onnx.batch_size}", "torch",
             small_batches),
            ("SentenceTransformerEncoder.encode (shortest first)", "ONNX int8", onnx_plain),
            ("matchmaking embed (split, hash, progress, store)", "torch", ours),
            ("matchmaking embed (split, hash, progress, store)", "ONNX int8", onnx_ours)]:
        median = statistics.median(times)
        print(f"| {label} | {backend} | {median:.2f} | {n / median:,.0f} | {base / median:.2f}x |")

    agreement(people, encoder, onnx)


def agreement(people, torch_encoder: SentenceTransformerEncoder,
              onnx_encoder: SentenceTransformerEncoder, k: int = 10) -> None:
    """Rankings and vectors of the two back-ends on the demo profiles (each sentence once)."""
    fields = [{name: split_sentences(getattr(p, name)) for name in ("looking_for", "about",
                                                                      "offering")}
              for p in people]
    unique = sorted({s for f in fields for sentences in f.values() for s in sentences})
    index = {s: i for i, s in enumerate(unique)}
    vectors = {"torch": torch_encoder.encode(unique), "onnx": onnx_encoder.encode(unique)}
    cosines = (vectors["torch"] * vectors["onnx"]).sum(axis=1)

    def profile_vectors(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        wanted = np.stack([field_vector(v[[index[s] for s in f["looking_for"]]]
                                        .reshape(-1, v.shape[1])) for f in fields])
        offered = np.stack([field_vector(v[[index[s] for s in f["about"] + f["offering"]]]
                                         .reshape(-1, v.shape[1])) for f in fields])
        return wanted, offered

    tops = {}
    for backend, v in vectors.items():
        wanted, offered = profile_vectors(v)
        scores = wanted @ offered.T
        np.fill_diagonal(scores, -np.inf)  # the others, not oneself
        scores[~wanted.any(axis=1)] = -np.inf
        tops[backend] = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    asking = [i for i, f in enumerate(fields) if f["looking_for"]]
    overlap = [len(set(tops["torch"][i]) & set(tops["onnx"][i])) / k for i in asking]
    same_first = np.mean([tops["torch"][i][0] == tops["onnx"][i][0] for i in asking])
    print(f"\nRanking agreement, {len(asking)} demo profiles' looking-for against the others' "
          f"about + offering, {len(unique):,} sentences:\n")
    print("| measure | value |")
    print("| --- | --- |")
    print(f"| mean top-{k} overlap, ONNX int8 vs torch | {np.mean(overlap):.3f} |")
    print(f"| R@{k} of ONNX int8, torch's top {k} as truth (ratio to torch's 1.000) | "
          f"{np.mean(overlap):.3f} |")
    print(f"| profiles whose top {k} is identical | {np.mean([o == 1 for o in overlap]):.3f} |")
    print(f"| same first match | {same_first:.3f} |")
    print(f"| cosine torch vs ONNX, same sentence: mean / min | {cosines.mean():.4f} / "
          f"{cosines.min():.4f} |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
