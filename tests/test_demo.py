"""The bundled demo event is realistic and imports cleanly through the real import."""

from __future__ import annotations

from collections import Counter

from matchmaking import storage
from matchmaking.domain.importing import read_registrations
from matchmaking.domain.taxonomy import default_taxonomy
from matchmaking.services.event import DEMO_PARTICIPANTS


def test_demo_registrations_import_without_problems():
    registrations = read_registrations(DEMO_PARTICIPANTS)
    kinds = Counter(p.kind for p in registrations.participants)
    assert kinds["startup"] >= 120 and kinds["investor"] >= 40 and kinds["partner"] >= 25
    assert all(p.email.endswith("@example.org") for p in registrations.participants)
    assert not [w for w in registrations.warnings if "country" in w.message]


def test_demo_covers_the_five_axes_and_three_languages():
    participants = read_registrations(DEMO_PARTICIPANTS).participants
    taxonomy = default_taxonomy()
    axes = Counter(a for p in participants if p.kind == "startup" for c in p.sectors
                   for a in taxonomy.axes_of(c))
    assert {a.code for a in taxonomy.axes} <= {a for a, n in axes.items() if n >= 10}
    spoken = Counter(lang for p in participants for lang in p.languages)
    assert spoken["fr"] > 100 and spoken["en"] > 50 and spoken["ar"] > 20
    arabic_profiles = [p for p in participants if any("\u0600" <= ch <= "\u06ff"
                                                      for ch in p.about)]
    assert len(arabic_profiles) >= 3
    stages = Counter(s for p in participants if p.kind == "startup" for s in p.stages)
    assert stages["seed"] and stages["pre-seed"] and stages["series-a"]
    assert sum(not p.consent for p in participants) >= 1


def test_demo_database(demo_db_path):
    db = storage.open_database(demo_db_path)
    event = storage.get_event(db)
    assert event["timezone"] == "Africa/Casablanca"
    assert [d["date"] for d in event["days"]] == ["2024-06-05", "2024-06-06"]
    assert len(storage.list_tables(db)) >= 25
    assert len(storage.list_slots(db, kind="meeting")) == 36
    assert storage.count_rows(db, "participants") >= 185
    db.close()
