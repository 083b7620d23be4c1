"""Scoring at Slush scale: every two-way score and each participant's top 20 for
5,500 start-ups x 3,300 investors (18 million pairs), embeddings (and the cached lexical
vectors) given.

Side by side in the same run, a baseline that only does what a plain recommender does: one
cosine product of "looking for" against "offer" vectors and a top 20 per start-up (one
direction, no filters, no other components). Each measurement runs in its own process so
peak memory (ru_maxrss) is its own.

    .venv/bin/python benchmarks/scoring_benchmark.py --startups 5500 --investors 3300 --repeats 3
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time


def _profiles(startups: int, investors: int):
    import numpy as np

    from matchmaking.domain.importing import _RawTable, _validate_table
    from matchmaking.domain.profiles import CANONICAL_FIELDS
    from matchmaking.domain.synthetic import registrations

    rows = registrations(startups + investors, seed=3,
                         investor_share=investors / (startups + investors), partner_share=0)
    header = [c for c in CANONICAL_FIELDS if c in rows[0]]
    table = _RawTable(header=header, rows=[(i + 2, [r[c] for c in header])
                                           for i, r in enumerate(rows)])
    people = [dict(p.to_dict(), id=i + 1, active=True)
              for i, p in enumerate(_validate_table(table, "synthetic.csv").participants)]
    rng = np.random.default_rng(0)
    vectors = {}
    for person in people:
        for name in ("looking_for", "offer"):
            v = rng.standard_normal(384).astype(np.float32)
            vectors[(person["id"], name)] = v / np.linalg.norm(v)
    return people, vectors


def _child(mode: str, startups: int, investors: int) -> None:
    import numpy as np

    from matchmaking.matching import scoring

    people, vectors = _profiles(startups, investors)
    started = time.perf_counter()
    lexical_seconds = 0.0
    if mode == "matchmaking":
        # The lexical terms are cached with the embeddings (analysed only when a text
        # changes): timed apart, like the embeddings "given" to scoring.
        lexical = scoring.analyse_texts(people)
        lexical_seconds = time.perf_counter() - started
        started = time.perf_counter()
        features = scoring.build_features(people, vectors, 384, lexical=lexical)
        featured = time.perf_counter()
        result = scoring.score_all(features, top_k=20)
        pairs = result.pairs_scored
        listed = sum(1 for row in result.top_index if (row >= 0).any())
    else:
        kinds = np.array([p["kind"] for p in people])
        ids = [p["id"] for p in people]
        lf = np.stack([vectors[(i, "looking_for")] for i in ids])
        offer = np.stack([vectors[(i, "offer")] for i in ids])
        s, inv = np.flatnonzero(kinds == "startup"), np.flatnonzero(kinds == "investor")
        featured = time.perf_counter()
        scores = lf[s] @ offer[inv].T
        top = np.argpartition(-scores, 19, axis=1)[:, :20]
        pairs, listed = scores.size, len(top)
    ended = time.perf_counter()
    print(json.dumps({"lexical": lexical_seconds, "features": featured - started, "scoring": ended - featured,
                      "total": ended - started, "pairs": int(pairs), "listed": int(listed),
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--startups", type=int, default=5500)
    parser.add_argument("--investors", type=int, default=3300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.startups, args.investors)
        return
    runs: dict[str, list[dict]] = {"matchmaking": [], "baseline": []}
    for _ in range(args.repeats):
        for mode in runs:
            out = subprocess.run([sys.executable, __file__, "--child", mode, "--startups",
                                  str(args.startups), "--investors", str(args.investors)],
                                 capture_output=True, text=True, check=True)
            runs[mode].append(json.loads(out.stdout))
    print(f"{args.startups:,} start-ups x {args.investors:,} investors, embeddings given, "
          f"median of {args.repeats} runs (each in its own process):\n")
    print("| scoring | features s | scores + top 20 s | total s | pairs | peak memory MB | "
          "lexical terms s (cached per text; on text changes only) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for mode, label in [("matchmaking", "two-way, 6 components, filters, top 20 for everyone"),
                        ("baseline", "baseline: one cosine product, top 20 per start-up")]:
        med = {k: statistics.median(r[k] for r in runs[mode])
               for k in ("features", "scoring", "total", "peak_mb", "lexical")}
        lexical = f"{med['lexical']:.2f}" if mode == "matchmaking" else "-"
        print(f"| {label} | {med['features']:.2f} | {med['scoring']:.2f} | {med['total']:.2f} | "
              f"{runs[mode][0]['pairs']:,} | {med['peak_mb']:,.0f} | {lexical} |")


if __name__ == "__main__":
    main()
