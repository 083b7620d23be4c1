"""How long each participant page takes to render, on the demo event and on a Slush-sized
event (5,500 start-ups x 3,300 investors), for a start-up and an investor.

Each page is rendered with Streamlit's AppTest (the whole script run: app.py, the session,
navigation and the page, without a browser) against a real database file. Caches are warm
(the event's scores are computed once per data version, as in the app; that first
computation is reported on its own line), and each figure is the median of ``--repeats``
renders. No model runs: profiles get random normalised sentence vectors under a fake model
name, set through MATCHMAKING_MODEL.

    .venv/bin/python benchmarks/page_benchmark.py --startups 5500 --investors 3300 --repeats 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

FAKE_MODEL = "benchmark-random-vectors"
PAGES = ("recommendations", "requests", "agenda", "feedback", "profile", "availability")
DEMO_PEOPLE = {"start-up": "yassine.amrani@example.org", "investor": "pape.seck@example.org"}


def _embed_randomly(db, seed: int = 0) -> None:
    """Random unit vectors, one per sentence, as the model would give (explanations need one
    vector per sentence)."""
    import numpy as np

    from matchmaking import storage
    from matchmaking.matching.embedding import EMBEDDED_FIELDS, content_hash, split_sentences

    rng = np.random.default_rng(seed)
    rows = []
    for person in storage.list_participants(db, include_inactive=True):
        for field in EMBEDDED_FIELDS:
            text = person.get(field) or ""
            count = len(split_sentences(text))
            matrix = rng.standard_normal((count, 384)).astype(np.float32)
            matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
            rows.append((person["id"], field, content_hash(FAKE_MODEL, field, text),
                         matrix if count else np.zeros((0, 0), np.float32)))
    for start in range(0, len(rows), 5000):
        storage.save_embeddings(db, FAKE_MODEL, rows[start:start + 5000])


def _activity(db, startup_email: str, investor_email: str) -> None:
    """A realistic load for the two people measured: requests both ways, booked meetings,
    an organiser's proposal, a blocked slot, a mark and some feedback."""
    from datetime import datetime, timezone

    from matchmaking import storage
    from matchmaking.storage import meetings as ms
    from matchmaking.storage import participants as ps

    now = datetime(2024, 5, 20, 9, 0, tzinfo=timezone.utc)
    startup = storage.get_participant(db, startup_email)
    investor = storage.get_participant(db, investor_email)
    others = {k: [p["id"] for p in storage.list_participants(db, kind=k)
                  if p["id"] not in (startup["id"], investor["id"])][:12]
              for k in ("startup", "investor")}
    rules = ms.RequestRules(max_pending=50)
    free = storage.list_slots(db, kind="meeting")
    tables = storage.list_tables(db)
    for n, other in enumerate(others["investor"][:8]):
        request = ms.create_request(db, startup["id"], other, rules=rules, note="Hello", now=now)
        if n < 4:
            meeting = ms.accept_request(db, request["id"], other, now=now)
            ps.save_feedback(db, meeting["id"], startup["id"], rating=4, took_place=True)
    for other in others["startup"][:8]:
        ms.create_request(db, other, investor["id"], rules=rules, note="Seed round", now=now)
    storage.book_meeting(db, startup["id"], investor["id"], free[-1]["id"], tables[-1]["id"],
                         status="proposed", source="scheduler")
    ms.set_availability(db, startup["id"], {free[0]["id"]})
    storage.set_preference(db, investor["id"], others["startup"][-1], "no_thanks")


def build_demo(folder: Path) -> tuple[Path, dict[str, str]]:
    from matchmaking import storage
    from matchmaking.services import event as services

    path = folder / "demo.db"
    services.init_database(path, demo=True)
    db = storage.open_database(path)
    try:
        _embed_randomly(db)
        _activity(db, DEMO_PEOPLE["start-up"], DEMO_PEOPLE["investor"])
    finally:
        db.close()
    return path, DEMO_PEOPLE


def build_slush(folder: Path, startups: int, investors: int) -> tuple[Path, dict[str, str]]:
    from matchmaking import storage
    from matchmaking.documents.exporting import to_csv
    from matchmaking.domain.profiles import CANONICAL_FIELDS
    from matchmaking.domain.synthetic import registrations
    from matchmaking.services import event as services

    path = folder / "slush.db"
    services.init_database(path, event_file=services.DEMO_EVENT)
    rows = registrations(startups + investors, seed=7,
                         investor_share=investors / (startups + investors), partner_share=0)
    csv_path = folder / "slush.csv"
    csv_path.write_text(to_csv(rows, [c for c in CANONICAL_FIELDS if c in rows[0]]),
                        encoding="utf-8")
    db = storage.open_database(path)
    try:
        services.import_registrations(db, csv_path)
        _embed_randomly(db)
        startup = next(r["email"] for r in rows[len(rows) // 2:] if r["kind"] == "startup")
        investor = next(r["email"] for r in rows[len(rows) // 2:] if r["kind"] == "investor")
        people = {"start-up": startup, "investor": investor}
        _activity(db, startup, investor)
    finally:
        db.close()
    return path, people


def _edit_profile(db_path: Path, email: str, n: int) -> None:
    """What the profile page does on "save": new texts, and the changed field's vectors
    stored (random here, as everywhere in this benchmark)."""
    import numpy as np

    from matchmaking import storage
    from matchmaking.matching.embedding import content_hash, split_sentences
    from matchmaking.storage.participants import update_profile

    db = storage.open_database(db_path)
    try:
        person = storage.get_participant(db, email)
        text = f"Water utilities and impact funds for prepaid meters in {n + 2} cities."
        update_profile(db, person["id"], {"looking_for": text})
        count = len(split_sentences(text))
        matrix = np.random.default_rng(n).standard_normal((count, 384)).astype(np.float32)
        matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
        storage.save_embeddings(db, FAKE_MODEL, [(person["id"], "looking_for",
                                                  content_hash(FAKE_MODEL, "looking_for", text),
                                                  matrix)])
    finally:
        db.close()


def measure(db_path: Path, people: dict[str, str], repeats: int
            ) -> tuple[float, dict[tuple[str, str], list[float]], list[float]]:
    """(seconds of the first render, which scores the event; page, role -> render times;
    the first recommendations render after each of ``repeats`` profile edits)."""
    from streamlit.testing.v1 import AppTest

    from matchmaking import storage

    os.environ["MATCHMAKING_DB"] = str(db_path)
    os.environ["MATCHMAKING_MODEL"] = FAKE_MODEL
    os.environ["MATCHMAKING_BACKEND"] = "torch"  # the vectors are stored under the model name
    db = storage.open_database(db_path)
    users = {}
    for role, email in people.items():
        person = storage.get_participant(db, email)
        users[role] = {"role": "participant", "id": person["id"], "email": person["email"],
                       "kind": person["kind"], "organisation": person["organisation"],
                       "name": person["contact_name"] or person["organisation"]}
    db.close()
    cold = None
    times: dict[tuple[str, str], list[float]] = {}
    apps = {}
    for role, user in users.items():
        at = apps[role] = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=600)
        at.session_state["user"] = user
        started = time.perf_counter()
        at.run()  # lands on the recommendations; the first one scores the event
        if cold is None:
            cold = time.perf_counter() - started
        for page in PAGES:
            at.switch_page(f"matchmaking/ui/{page}_page.py")
            at.run()  # warm this page's own first-use work (labels, directories)
            if at.exception:
                raise RuntimeError(f"{page} for the {role}: {at.exception[0].value}")
            for _ in range(repeats):
                at.switch_page(f"matchmaking/ui/{page}_page.py")
                started = time.perf_counter()
                at.run()
                times.setdefault((page, role), []).append(time.perf_counter() - started)
    after_edit = []
    at = apps["start-up"]
    for n in range(repeats):
        _edit_profile(db_path, people["start-up"], n)
        at.switch_page("matchmaking/ui/recommendations_page.py")
        started = time.perf_counter()
        at.run()
        after_edit.append(time.perf_counter() - started)
        if at.exception:
            raise RuntimeError(f"recommendations after an edit: {at.exception[0].value}")
    return cold or 0.0, times, after_edit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--startups", type=int, default=5500)
    parser.add_argument("--investors", type=int, default=3300)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--skip-large", action="store_true", help="the demo event only")
    args = parser.parse_args()
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        built = time.perf_counter()
        demo = build_demo(folder)
        print(f"demo event built in {time.perf_counter() - built:.1f} s", file=sys.stderr)
        events = {"demo": measure(*demo, args.repeats)}
        label = f"{args.startups:,} x {args.investors:,}"
        if not args.skip_large:
            built = time.perf_counter()
            large = build_slush(folder, args.startups, args.investors)
            print(f"{label} event built in {time.perf_counter() - built:.1f} s",
                  file=sys.stderr)
            events[label] = measure(*large, args.repeats)
    names = list(events)
    print(f"Median of {args.repeats} warm renders (AppTest: app.py + page), seconds; "
          "max in brackets.\n")
    print("| page | role | " + " | ".join(f"{n} median (max)" for n in names) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in names) + " |")
    for page in PAGES:
        for role in ("start-up", "investor"):
            cells = []
            for name in names:
                values = events[name][1][(page, role)]
                cells.append(f"{statistics.median(values):.3f} ({max(values):.3f})")
            print(f"| {page} | {role} | " + " | ".join(cells) + " |")
    print("| first render after a start (scores the whole event) | | " +
          " | ".join(f"{events[n][0]:.2f}" for n in names) + " |")
    print("| first recommendations render after a profile edit, median (max) | start-up | " +
          " | ".join(f"{statistics.median(events[n][2]):.3f} ({max(events[n][2]):.3f})"
                     for n in names) + " |")


if __name__ == "__main__":
    main()
