"""Organiser console on a Slush-sized event: how long each console page takes to render.

    .venv/bin/python benchmarks/console_benchmark.py
    .venv/bin/python benchmarks/console_benchmark.py --repeats 7 --rebuild

Builds (once; ``--rebuild`` to start again) an event database of 5,500 start-ups and 3,300
investors imported through ``services.import_registrations`` (rows from
``matchmaking.synthetic``), random normalised embeddings stored with
``storage.save_embeddings`` under a fake model name (so nothing loads torch), 2 days x 21
slots x 500 tables, ~20,000 meetings inserted directly (no person or table twice in a
slot, no pair twice: the schema checks it), 30,000 requests and 5,000 ratings.

Then renders every console page with Streamlit's AppTest as a signed-in organiser: once
with every cache emptied (as after a restart), ``--repeats`` times right after a change to
the database (a check-in: the page's data is read again, the profile map is not), and
``--repeats`` times warm (nothing changed since the last render); prints the medians as a
markdown table. Target: grid and charts under 2 s.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matchmaking import storage  # noqa: E402
from matchmaking.domain import synthetic  # noqa: E402
from matchmaking.domain.event import EventConfig, build_slots  # noqa: E402
from matchmaking.matching.embedding import EMBEDDED_FIELDS, content_hash  # noqa: E402
from matchmaking.services import event as services  # noqa: E402
from matchmaking.storage import console as org  # noqa: E402

STARTUPS, INVESTORS, TABLES, MEETINGS = 5_500, 3_300, 500, 20_000
MODEL = "bench-random-384"
CODE = "console-benchmark"
PAGES = [("Event set-up", "console_setup_page.py"),
         ("Registrations", "console_registrations_page.py"),
         ("Matching & scheduling", "console_runs_page.py"),
         ("Meeting grid", "console_grid_page.py"),
         ("Check-in", "console_checkin_page.py"),
         ("Analytics (charts and map)", "console_analytics_page.py"),
         ("Exports", "console_exports_page.py")]


def build(path: Path, seed: int = 0) -> dict:
    started = time.perf_counter()
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    db = storage.open_database(path)
    config = EventConfig.from_dict({
        "name": "Slush-sized benchmark", "venue": "Messukeskus", "city": "Helsinki",
        "timezone": "Europe/Helsinki", "slot_minutes": 20,
        "days": [{"date": d, "opens": "09:00", "closes": "17:00",
                  "breaks": [{"start": "12:00", "end": "13:00", "label": "Lunch"}]}
                 for d in ("2024-11-20", "2024-11-21")],
        "tables": {"count": TABLES, "prefix": "T", "zones": ["Hall 1", "Hall 2", "Hall 3",
                                                            "Hall 4", "Hall 5"]}})
    storage.save_event(db, config, build_slots(config))
    rows = synthetic.registrations(STARTUPS + INVESTORS, seed=seed)
    for i, row in enumerate(rows):  # exactly 5,500 start-ups and 3,300 investors
        kind = "startup" if i < STARTUPS else "investor"
        row.update(kind=kind, organisation=f"{kind.title()} {i:05d}",
                   stages=row["stages"].split(";")[0] if kind == "startup" else "seed;series-a",
                   booth=f"B-{i:05d}" if kind == "startup" else "", max_meetings="")
    registrations = path.with_suffix(".csv")
    with registrations.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    services.import_registrations(db, registrations)
    people = storage.list_participants(db)
    rng = np.random.default_rng(seed)
    vectors = []
    for person in people:
        for field in EMBEDDED_FIELDS:
            v = rng.normal(size=(1, 384)).astype(np.float32)
            vectors.append((person["id"], field, content_hash(MODEL, field, person[field]),
                            v / np.linalg.norm(v)))
    storage.save_embeddings(db, MODEL, vectors)

    startups = [p["id"] for p in people if p["kind"] == "startup"]
    investors = [p["id"] for p in people if p["kind"] == "investor"]
    slots = storage.list_slots(db, kind="meeting")
    tables = [t["id"] for t in storage.list_tables(db)]
    per_slot = -(-MEETINGS // len(slots))
    pick = random.Random(seed)
    met: set[tuple[int, int]] = set()
    now = storage.utc_now()
    meetings = []
    for slot in slots:
        a_side = pick.sample(startups, per_slot)
        b_side = pick.sample(investors, per_slot)
        table = iter(tables)
        for a, b in zip(a_side, b_side):
            if (a, b) in met or len(meetings) >= MEETINGS:
                continue
            met.add((a, b))
            status = pick.choices(["confirmed", "proposed", "completed", "no_show", "cancelled"],
                                  [70, 15, 10, 3, 2])[0]
            meetings.append((slot["id"], next(table), a, b, status, "scheduler", now, now))
    statuses = ["pending", "accepted", "declined", "expired", "cancelled"]
    requests = [(pick.choice(startups), pick.choice(investors),
                 pick.choices(statuses, [20, 40, 25, 10, 5])[0], now, now)
                for _ in range(30_000)]
    requests = list({(a, b): (a, b, s, c, u) for a, b, s, c, u in requests}.values())
    with storage.write_transaction(db):
        db.conn.executemany("INSERT INTO meetings (slot_id, table_id, participant_a, "
                            "participant_b, status, source, created_at, updated_at) VALUES "
                            "(?, ?, ?, ?, ?, ?, ?, ?)", meetings)
        # one pending request per pair at most (the schema says so)
        db.conn.executemany("INSERT INTO meeting_requests (requester_id, recipient_id, status, "
                            "created_at, updated_at) VALUES (?, ?, ?, ?, ?)", requests)
        ids = [r[0] for r in db.execute("SELECT id, participant_a FROM meetings WHERE status IN "
                                        "('completed', 'confirmed') LIMIT 5000")]
        db.conn.executemany("INSERT INTO feedback (meeting_id, participant_id, rating, "
                            "took_place, created_at) SELECT id, participant_a, ?, 1, ? FROM "
                            "meetings WHERE id = ?",
                            [(pick.randint(1, 5), now, i) for i in ids])
        storage.audit(db, "benchmark", "benchmark.built", "event", 1,
                      {"meetings": len(meetings)})
    summary = {"participants": len(people), "meetings": len(meetings),
               "slots": len(slots), "tables": len(tables), "requests": len(requests),
               "ratings": len(ids), "seconds": round(time.perf_counter() - started, 1)}
    db.close()
    return summary


def render_times(path: Path, repeats: int) -> list[tuple[str, float, float, float, float]]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ.update({"MATCHMAKING_DB": str(path), "MATCHMAKING_MODEL": MODEL, "MATCHMAKING_BACKEND": "torch",
                       "MATCHMAKING_ORGANISER_CODE": CODE})
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
    at.text_input[1].input(CODE)
    at.button[1].click().run()
    assert at.session_state["user"]["role"] == "organiser"
    # warm up the imports (altair, sklearn, pandas) outside the measures
    for _, page in PAGES:
        at.switch_page(f"matchmaking/ui/{page}").run()
    results = []
    db = storage.open_database(path)
    someone = storage.list_participants(db)[0]["id"]
    day = db.execute("SELECT min(day) FROM slots").fetchone()[0]
    def change() -> None:  # a check-in and its undo: the database's version moves on
        org.set_arrival(db, someone, day, arrived=True)
        org.set_arrival(db, someone, day, arrived=False)

    for name, page in PAGES:
        change()
        st.cache_data.clear()  # as after a restart: every cache is empty, the map's too
        st.cache_resource.clear()
        began = time.perf_counter()
        at.switch_page(f"matchmaking/ui/{page}").run()
        cold = time.perf_counter() - began
        assert not at.exception, (page, [e.value for e in at.exception])
        changed = []
        for _ in range(repeats):
            change()
            began = time.perf_counter()
            at.run()
            changed.append(time.perf_counter() - began)
        warm = []
        for _ in range(repeats):
            began = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - began)
        results.append((name, cold, statistics.median(changed), statistics.median(warm),
                        max(warm)))
    # the map with all 20,000 meetings drawn on it (capped at 5,000 segments)
    at.switch_page("matchmaking/ui/console_analytics_page.py").run()
    at.toggle(key="o.analytics.draw").set_value(True)
    warm = []
    for _ in range(repeats):
        began = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - began)
    assert not at.exception
    results.append(("Analytics, meetings drawn on the map", float("nan"), float("nan"),
                    statistics.median(warm), max(warm)))
    db.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/console-benchmark.db"))
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if args.rebuild or not args.db.exists():
        print("building:", build(args.db), flush=True)
    db = storage.open_database(args.db)
    counts = {t: storage.count_rows(db, t) for t in ("participants", "meetings",
                                                     "meeting_tables")}
    db.close()
    print(f"\n{counts['participants']:,} participants, {counts['meetings']:,} meetings, "
          f"{counts['meeting_tables']:,} tables; AppTest render of each page as an "
          f"organiser; warm = median of {args.repeats}\n")
    print("| page | first render, caches empty (s) | after a change, median (s) | "
          "warm median (s) | warm max (s) |")
    print("| --- | --- | --- | --- | --- |")
    for name, cold, changed, warm, worst in render_times(args.db, args.repeats):
        shown = ["—" if v != v else f"{v:.2f}" for v in (cold, changed, warm, worst)]
        print(f"| {name} | {' | '.join(shown)} |")


if __name__ == "__main__":
    main()
