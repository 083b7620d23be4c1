"""Import throughput: 10,000 registrations from CSV into a fresh event database.

Compares, in the same run and alternating, the real import (read, validate and normalise
every field, then one all-or-nothing transaction with an audit entry) with a baseline that
only parses the CSV and bulk-inserts the raw rows with sqlite-utils (no validation). Each
run is its own process, so peak memory (ru_maxrss) is that run's alone.

    .venv/bin/python benchmarks/import_benchmark.py --rows 10000 --repeats 5
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _child(mode: str, csv_path: str, db_path: str) -> None:
    started = time.perf_counter()
    if mode == "matchmaking":
        from matchmaking import storage
        from matchmaking.services import event as services

        db = storage.open_database(db_path)
        result = services.import_registrations(db, csv_path)
        count = len(result.report.created)
    else:
        import csv

        from sqlite_utils import Database

        with open(csv_path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        db = Database(db_path)
        db["participants"].insert_all(rows, batch_size=500)
        count = len(rows)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": count, "seconds": seconds, "peak_mb": peak_mb}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--child", nargs=3, metavar=("MODE", "CSV", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return

    from matchmaking.documents.exporting import to_csv
    from matchmaking.domain.profiles import CANONICAL_FIELDS
    from matchmaking.domain.synthetic import registrations

    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "registrations.csv"
        csv_path.write_text(to_csv(registrations(args.rows, seed=42), CANONICAL_FIELDS),
                            encoding="utf-8")
        runs: dict[str, list[dict]] = {"matchmaking": [], "baseline": []}
        for repeat in range(args.repeats):
            for mode in runs:  # alternate, so both see the same machine load
                db_path = Path(folder) / f"{mode}-{repeat}.db"
                out = subprocess.run([sys.executable, __file__, "--child", mode, str(csv_path),
                                      str(db_path)], capture_output=True, text=True, check=True)
                result = json.loads(out.stdout)
                assert result["rows"] == args.rows, result
                runs[mode].append(result)

    print(f"Importing {args.rows:,} registrations from CSV, median of {args.repeats} runs "
          f"(each in its own process):\n")
    print("| import | median s | rows/s | peak memory MB |")
    print("| --- | --- | --- | --- |")
    medians = {}
    for mode, label in [("matchmaking", "matchmaking import (validated, one transaction)"),
                        ("baseline", "baseline: csv + sqlite-utils insert_all, no validation")]:
        seconds = statistics.median(r["seconds"] for r in runs[mode])
        peak = statistics.median(r["peak_mb"] for r in runs[mode])
        medians[mode] = seconds
        print(f"| {label} | {seconds:.2f} | {args.rows / seconds:,.0f} | {peak:.0f} |")
    print(f"\nratio matchmaking / baseline time: {medians['matchmaking'] / medians['baseline']:.1f}x")


if __name__ == "__main__":
    main()
