"""Re-scoring after one profile change at Slush scale: in place vs the whole event.

A real SQLite event database with 5,500 start-ups and 3,300 investors (seeded synthetic
registrations through the product's import; random unit vectors stand in for embeddings,
stored through the embedding cache as ``matchmaking embed`` stores them; lexical terms
computed by the product). Then, repeatedly: one participant edits "looking for" (the
profile page's ``update_profile``, and its new vector saved as ``refresh_embeddings``
saves it), and the next page asks for the event's scores:

* ``in place``: ``matching.LatestMatching.get`` (what the app's pages call): the changed
  feature rows are rebuilt and only the lists the participant is, or now belongs, in are
  scored again;
* ``whole event`` (the baseline, what every change cost before): ``matching.match_event``.

Each change is measured both ways in the same run; medians and the ratio are printed, and
the in-place lists are checked against the whole-event ones (top-10 overlap).

    .venv/bin/python benchmarks/incremental_benchmark.py --startups 5500 --investors 3300 --changes 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluation_common import import_into  # noqa: E402


def build(db_path: Path, startups: int, investors: int, model: str) -> None:
    from matchmaking import storage
    from matchmaking.domain.profiles import CANONICAL_FIELDS
    from matchmaking.domain.synthetic import registrations
    from matchmaking.services import event as services
    from matchmaking.services import matching

    services.init_database(db_path, event_file=services.DEMO_EVENT)
    rows = registrations(startups + investors, seed=3,
                         investor_share=investors / (startups + investors), partner_share=0)
    db = storage.open_database(db_path)
    import_into(db, rows, [c for c in CANONICAL_FIELDS if c in rows[0]], "synthetic.csv")
    rng = np.random.default_rng(0)
    people = storage.list_participants(db)
    saved = []
    for person in people:
        for name in ("about", "looking_for", "offering"):
            vector = rng.standard_normal((1, 384)).astype(np.float32)
            saved.append((person["id"], name, "synthetic", vector / np.linalg.norm(vector)))
    storage.save_embeddings(db, model, saved)
    matching.cached_text_terms(db, people)
    db.close()


def change(db, person: dict, model: str, n: int) -> None:
    from matchmaking import storage
    from matchmaking.storage.participants import update_profile

    text = f"Investors in smart water meters and leak detection for {n} African cities."
    update_profile(db, person["id"], {"looking_for": text})
    vector = np.random.default_rng(n).standard_normal((1, 384)).astype(np.float32)
    storage.save_embeddings(db, model, [(person["id"], "looking_for", f"changed-{n}",
                                         vector / np.linalg.norm(vector))])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--startups", type=int, default=5500)
    parser.add_argument("--investors", type=int, default=3300)
    parser.add_argument("--changes", type=int, default=5)
    args = parser.parse_args()
    from matchmaking import storage
    from matchmaking.services import matching

    model = "synthetic-vectors"
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "slush.db"
        started = time.perf_counter()
        build(db_path, args.startups, args.investors, model)
        print(f"built {args.startups:,} x {args.investors:,} in "
              f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
        db = storage.open_database(db_path)
        latest = matching.LatestMatching(model)
        started = time.perf_counter()
        latest.get(db)
        first = time.perf_counter() - started
        people = storage.list_participants(db)
        rng = np.random.default_rng(1)
        picks = [people[i] for i in rng.choice(len(people), size=args.changes, replace=False)]
        in_place, whole, overlap = [], [], []
        for n, person in enumerate(picks):
            change(db, person, model, n)
            started = time.perf_counter()
            updated = latest.get(db)
            in_place.append(time.perf_counter() - started)
            started = time.perf_counter()
            full = matching.match_event(db, model)
            whole.append(time.perf_counter() - started)
            sample = rng.choice(len(people), size=300, replace=False)
            same = []
            for i in sample:
                pid = people[i]["id"]
                a = {c.other for c in updated.result.candidates(pid)[:10]}
                b = {c.other for c in full.result.candidates(pid)[:10]}
                same.append(len(a & b) / max(1, len(b)))
            overlap.append(float(np.mean(same)))
        db.close()
    print(f"{args.startups:,} start-ups x {args.investors:,} investors; first scoring after a "
          f"start {first:.2f} s; {args.changes} profile changes, each measured both ways:\n")
    print("| after one profile change | median s | max s | ratio to whole event |")
    print("| --- | --- | --- | --- |")
    m_in, m_whole = statistics.median(in_place), statistics.median(whole)
    print(f"| in place (LatestMatching.get) | {m_in:.3f} | {max(in_place):.3f} | "
          f"{m_in / m_whole:.3f} |")
    print(f"| baseline: whole event (match_event) | {m_whole:.3f} | {max(whole):.3f} | 1.000 |")
    print(f"\nlatest.full_runs={latest.full_runs}, incremental_runs={latest.incremental_runs}; "
          f"mean top-10 overlap of in-place lists with whole-event lists: "
          f"{statistics.mean(overlap):.3f}")


if __name__ == "__main__":
    main()
