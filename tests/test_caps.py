"""Caps count what is real: agreed meetings. A proposal nobody has accepted holds its slot
and table, not a place in a cap; once someone is full their waiting proposals give way, they
show as full in recommendations, and nobody can send them a request."""

from __future__ import annotations

import pytest

from matchmaking import storage
from matchmaking.services import meetings
from matchmaking.services import participant as svc
from matchmaking.storage import meetings as ms
from matchmaking.storage import participants as ps


@pytest.fixture
def scheduled(scheduled_demo):
    db, _, scored = scheduled_demo
    return db, scored


def test_after_a_full_run_nobody_is_full_with_unaccepted_proposals(scheduled):
    db, _ = scheduled
    proposed = db.execute("SELECT count(*) FROM meetings WHERE status = 'proposed'").fetchone()[0]
    assert proposed > 100
    assert ms.full_participants(db) == {}


def test_a_startup_can_still_book_a_recommended_investor_after_a_run(scheduled):
    db, scored = scheduled
    people = {p["id"]: p for p in storage.list_participants(db)}
    booked = 0
    for startup in [p for p in people.values() if p["kind"] == "startup"]:
        taken = set(ps.live_counterparts(db, startup["id"]))
        for candidate in scored.result.candidates(startup["id"])[:10]:
            other = people[candidate.other]
            if other["kind"] != "investor" or candidate.other in taken:
                continue
            try:
                request = ms.create_request(db, startup["id"], other["id"],
                                            rules=ms.RequestRules())
            except ms.RequestRefused as refused:
                assert refused.code == "already_meeting", refused  # never "full"
                continue
            meeting = meetings.accept_request(db, request["id"])
            assert meeting["status"] == "confirmed"
            booked += 1
            break
        if booked >= 5:
            break
    assert booked == 5


def _pair_meeting(db, a, b, slot_index):
    slot = storage.list_slots(db, kind="meeting")[slot_index]["id"]
    table = storage.list_tables(db)[slot_index % 20]["id"]
    with storage.write_transaction(db):
        return storage.insert_meeting(db, slot_id=slot, table_id=table, participant_a=a,
                                      participant_b=b, status="proposed", source="scheduler",
                                      now=storage.utc_now())


def _capped_investor(db, cap: int) -> tuple[dict, list[int]]:
    """The demo's first investor, capped at ``cap`` meetings, and five start-ups."""
    people = storage.list_participants(db)
    investor = next(p for p in people if p["kind"] == "investor")
    with storage.write_transaction(db):
        db.execute("UPDATE participants SET max_meetings = ? WHERE id = ?", [cap, investor["id"]])
    return investor, [p["id"] for p in people if p["kind"] == "startup"][:5]


def test_once_full_the_waiting_proposals_give_way_and_requests_are_refused(demo_db_path):
    db = storage.open_database(demo_db_path)
    investor, startups = _capped_investor(db, 2)
    proposals = [_pair_meeting(db, s, investor["id"], i) for i, s in enumerate(startups[:4])]
    assert ms.full_participants(db) == {}  # four proposals, nobody full: they are not agreed
    for meeting_id, startup in zip(proposals[:2], startups[:2]):
        meetings.accept_proposal(db, meeting_id, by=startup)
        meetings.accept_proposal(db, meeting_id, by=investor["id"])
    assert ms.full_participants(db) == {investor["id"]: 2}
    rows = {r["id"]: r for r in db.query("SELECT * FROM meetings")}
    assert [rows[m]["status"] for m in proposals] == ["confirmed", "confirmed", "cancelled",
                                                      "cancelled"]
    assert all("fully booked" in rows[m]["reason"] for m in proposals[2:])
    with pytest.raises(ms.RequestRefused) as refused:
        ms.create_request(db, startups[4], investor["id"], rules=ms.RequestRules())
    assert refused.value.code == "full" and "2 meetings" in str(refused.value)
    states = svc.counterpart_states(db, startups[4])
    assert states[investor["id"]] == "full"
    db.close()


def test_a_full_participant_cannot_say_yes_to_one_more_proposal(demo_db_path):
    db = storage.open_database(demo_db_path)
    investor, startups = _capped_investor(db, 1)
    first = _pair_meeting(db, startups[0], investor["id"], 0)
    meetings.accept_proposal(db, first, by=startups[0])
    meetings.accept_proposal(db, first, by=investor["id"])
    late = _pair_meeting(db, startups[1], investor["id"], 1)  # an organiser proposes more
    with pytest.raises(ms.RequestRefused) as refused:
        meetings.accept_proposal(db, late, by=investor["id"])
    assert refused.value.code == "full"
    db.close()
