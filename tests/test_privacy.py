"""Consent: a participant who did not consent to be listed is never recommended, listed or
proposed to anyone they did not ask for themselves."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from matchmaking import storage
from matchmaking.domain.vocabulary import LIVE_MEETING_STATUSES
from matchmaking.services import meetings
from matchmaking.services.matching import match_event, refresh_embeddings
from matchmaking.storage import console as org
from matchmaking.storage import meetings as ms

from .fakes import FakeEncoder

NOW = datetime(2024, 5, 20, 9, 0, tzinfo=timezone.utc)  # before the demo event


@pytest.fixture
def private_event(demo_db_path):
    """The demo event with every fifth participant private (consent = no), embedded."""
    db = storage.open_database(demo_db_path)
    people = storage.list_participants(db)
    private = {p["id"] for p in people[::5]}
    for pid in private:
        org.update_participant(db, pid, {"consent": False})
    encoder = FakeEncoder()
    refresh_embeddings(db, encoder)
    yield db, private, lambda: match_event(db, encoder.name)
    db.close()


def test_a_private_participant_is_never_recommended_to_anyone(private_event):
    db, private, matching = private_event
    scored = matching()
    for pid in scored.result.participants():
        shown = {c.other for c in scored.result.candidates(pid)}
        assert not shown & private, (pid, shown & private)


def test_the_scheduler_never_proposes_a_private_participant_unasked(private_event):
    db, private, matching = private_event
    report = meetings.run_scheduler(db, matching(), time_limit=2, seed=1)
    assert report["valid"] and report["meetings_added"] > 0
    for m in db.query("SELECT * FROM meetings"):
        assert not {m["participant_a"], m["participant_b"]} & private, m


def test_in_publish_mode_no_private_participant_is_confirmed_either(private_event):
    db, private, matching = private_event
    org.save_settings(db, {"scheduler_publishes": True})
    meetings.run_scheduler(db, matching(), time_limit=2, seed=2)
    live = [m for m in db.query("SELECT * FROM meetings")
            if m["status"] in LIVE_MEETING_STATUSES]
    assert live and not any({m["participant_a"], m["participant_b"]} & private for m in live)


def test_a_private_participant_may_still_ask_for_a_meeting_and_get_it_scheduled(private_event):
    db, private, matching = private_event
    people = {p["id"]: p for p in storage.list_participants(db)}
    asker = next(pid for pid in private if people[pid]["kind"] == "startup")
    target = next(p["id"] for p in people.values()
                  if p["kind"] == "investor" and p["id"] not in private)
    ms.create_request(db, asker, target, rules=ms.RequestRules(), now=NOW)
    context = meetings.build_problem(db, matching())
    pairs = set(context.problem.candidates)
    assert (asker, target) in pairs
    assert not any(p in private and p != asker for pair in pairs for p in pair)
    # someone else's request to a private participant does not make them proposable
    other = next(pid for pid in private if people[pid]["kind"] == "investor")
    ms.create_request(db, target if people[target]["kind"] == "startup" else next(
        p["id"] for p in people.values() if p["kind"] == "startup" and p["id"] not in private),
        other, rules=ms.RequestRules(), now=NOW)
    assert not any(other in pair for pair in meetings.build_problem(db, matching())
                   .problem.candidates)
