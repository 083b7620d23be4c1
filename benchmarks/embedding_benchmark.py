"""Embedding throughput: the project's cached, progress-reporting embedding of profile texts
against a plain ``SentenceTransformer.encode`` of the same sentences, in the same run.

Texts: every sentence of the demo event's profiles (about, looking for, offering), repeated
``--copies`` times with a suffix so that no sentence is a duplicate. Then a second refresh
with nothing changed, which must make no model call.

    .venv/bin/python benchmarks/embedding_benchmark.py --copies 2 --repeats 3
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from matchmaking import services, storage
from matchmaking.embedding import SentenceTransformerEncoder, split_sentences
from matchmaking.exporting import to_csv
from matchmaking.importing import read_registrations
from matchmaking.matching import refresh_embeddings
from matchmaking.profiles import CANONICAL_FIELDS


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
    encoder = SentenceTransformerEncoder()
    model = encoder._load()
    model.encode(sentences[:64])  # warm-up, outside the timings

    ours, plain, rerun = [], [], []
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


if __name__ == "__main__":
    main()
