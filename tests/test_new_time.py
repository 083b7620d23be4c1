"""Another time for a confirmed meeting: either side proposes a slot, the other accepts or
declines, and nothing moves until both agree; a time that is gone meanwhile lapses instead
of moving anything."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from matchmaking import storage
from matchmaking.domain.vocabulary import ACCEPTED, CANCELLED, CONFIRMED, DECLINED, EXPIRED, PENDING
from matchmaking.services import meetings
from matchmaking.services import participant as svc
from matchmaking.storage import changes
from matchmaking.storage import meetings as ms


@pytest.fixture
def demo(demo_db_path):
    db = storage.open_database(demo_db_path)
    yield db
    db.close()


def _people(db, kind):
    return [p for p in storage.list_participants(db) if p["kind"] == kind]


def _confirmed(db, a, b, slot_index=2, table_index=0):
    slot = storage.list_slots(db, kind="meeting")[slot_index]["id"]
    table = storage.list_tables(db)[table_index]["id"]
    return storage.book_meeting(db, a["id"], b["id"], slot, table)


def _meeting(db, meeting_id):
    return storage.row_by_id(db, "meetings", meeting_id)


def _seats(db, meeting_id):
    return sorted(db.execute("SELECT participant_id, slot_id, live FROM meeting_seats WHERE "
                             "meeting_id = ?", [meeting_id]).fetchall())


def _ics_event(db, email, meeting_id):
    calendar = Calendar.from_ical(meetings.agenda_ics(db, email))
    return next(e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith(
        f"meeting-{meeting_id}@"))


@pytest.fixture
def pair(demo):
    startup, investor = _people(demo, "startup")[0], _people(demo, "investor")[0]
    return demo, startup, investor, _confirmed(demo, startup, investor)


def test_nothing_moves_until_the_other_side_accepts_then_it_moves_there(pair):
    db, startup, investor, meeting_id = pair
    before = _meeting(db, meeting_id)
    ics_before = _ics_event(db, investor["email"], meeting_id)
    target = changes.times_for(db, before, storage.utc_now())[5]
    change = meetings.propose_new_time(db, meeting_id, by=startup["id"], slot_id=target["id"],
                                       note="Our CTO lands at noon")
    assert change["status"] == PENDING
    assert _meeting(db, meeting_id)["slot_id"] == before["slot_id"]  # nothing moved yet
    waiting = changes.waiting_changes(db, investor["id"])[meeting_id]
    assert not waiting["mine"] and waiting["start_utc"] == target["start_utc"]
    assert changes.waiting_changes(db, startup["id"])[meeting_id]["mine"]

    import time
    time.sleep(1.05)  # the calendar's SEQUENCE counts seconds of changes
    done = meetings.answer_new_time(db, change["id"], by=investor["id"], accept=True)
    assert done["status"] == ACCEPTED
    moved = _meeting(db, meeting_id)
    assert moved["slot_id"] == target["id"] and moved["status"] == CONFIRMED
    assert _seats(db, meeting_id) == sorted([(startup["id"], target["id"], 1),
                                             (investor["id"], target["id"], 1)])
    assert changes.waiting_changes(db, investor["id"]) == {}
    ics_after = _ics_event(db, investor["email"], meeting_id)
    assert ics_after["uid"] == ics_before["uid"]
    assert ics_after["sequence"] > ics_before["sequence"]
    assert ics_after.decoded("dtstart") != ics_before.decoded("dtstart")
    audit = [r["action"] for r in db.query("SELECT action FROM audit_log WHERE entity = "
                                           "'meeting' AND entity_id = ?", [str(meeting_id)])]
    assert audit[-2:] == ["meeting.time_proposed", "meeting.moved"]
    # answering again is a no-op
    assert meetings.answer_new_time(db, change["id"], by=investor["id"],
                                    accept=True)["status"] == ACCEPTED


def test_declining_keeps_the_meeting_where_it_is(pair):
    db, startup, investor, meeting_id = pair
    before = _meeting(db, meeting_id)
    target = changes.times_for(db, before, storage.utc_now())[0]
    change = meetings.propose_new_time(db, meeting_id, by=investor["id"], slot_id=target["id"])
    outcome = svc.answer_new_time(db, startup["id"], change["id"], False, "we prefer the morning")
    assert outcome.ok and outcome.key == "p.move.declined"
    assert _meeting(db, meeting_id)["slot_id"] == before["slot_id"]
    row = storage.row_by_id(db, "meeting_changes", change["id"])
    assert (row["status"], row["reason"]) == (DECLINED, "we prefer the morning")


def test_the_rules_of_who_may_propose_what(pair):
    db, startup, investor, meeting_id = pair
    meeting = _meeting(db, meeting_id)
    free = changes.times_for(db, meeting, storage.utc_now())
    stranger = _people(db, "startup")[1]
    with pytest.raises(ms.RequestRefused) as refused:
        meetings.propose_new_time(db, meeting_id, by=stranger["id"], slot_id=free[0]["id"])
    assert refused.value.code == "not_yours"
    with pytest.raises(ms.RequestRefused) as refused:  # its own slot, or a break
        meetings.propose_new_time(db, meeting_id, by=startup["id"],
                                  slot_id=meeting["slot_id"])
    assert refused.value.code == "slot_not_free"
    with pytest.raises(ms.RequestRefused):
        meetings.propose_new_time(db, meeting_id, by=startup["id"],
                                  slot_id=storage.list_slots(db, kind="break")[0]["id"])
    # a time when the other side is busy
    busy = free[3]
    third = _people(db, "startup")[2]
    storage.book_meeting(db, third["id"], investor["id"], busy["id"],
                         storage.list_tables(db)[1]["id"])
    with pytest.raises(ms.RequestRefused) as refused:
        meetings.propose_new_time(db, meeting_id, by=startup["id"], slot_id=busy["id"])
    assert refused.value.code == "slot_not_free"
    # one proposal waits per meeting: mine is replaced, theirs must be answered first
    first = meetings.propose_new_time(db, meeting_id, by=startup["id"], slot_id=free[0]["id"])
    again = meetings.propose_new_time(db, meeting_id, by=startup["id"], slot_id=free[0]["id"])
    assert again["id"] == first["id"]
    second = meetings.propose_new_time(db, meeting_id, by=startup["id"], slot_id=free[1]["id"])
    assert storage.row_by_id(db, "meeting_changes", first["id"])["status"] == CANCELLED
    with pytest.raises(ms.RequestRefused) as refused:
        meetings.propose_new_time(db, meeting_id, by=investor["id"], slot_id=free[2]["id"])
    assert refused.value.code == "change_waiting"
    with pytest.raises(ms.RequestRefused) as refused:  # nobody accepts their own proposal
        meetings.answer_new_time(db, second["id"], by=startup["id"], accept=True)
    assert refused.value.code == "not_yours"
    with pytest.raises(ms.RequestRefused):
        meetings.withdraw_new_time(db, second["id"], by=investor["id"])
    assert meetings.withdraw_new_time(db, second["id"], by=startup["id"])["status"] == CANCELLED
    assert changes.waiting_changes(db, investor["id"]) == {}


def test_a_locked_or_unconfirmed_meeting_keeps_its_time(demo):
    startup, investor = _people(demo, "startup")[3], _people(demo, "investor")[3]
    slot = storage.list_slots(demo, kind="meeting")[4]["id"]
    proposal = storage.book_meeting(demo, startup["id"], investor["id"], slot,
                                    storage.list_tables(demo)[3]["id"], status="proposed")
    free = changes.times_for(demo, _meeting(demo, proposal), storage.utc_now())
    with pytest.raises(ms.RequestRefused) as refused:
        meetings.propose_new_time(demo, proposal, by=startup["id"], slot_id=free[0]["id"])
    assert refused.value.code == "meeting_state"
    other = _people(demo, "partner")[0]
    locked = _confirmed(demo, startup, other, slot_index=8, table_index=4)
    demo.execute("UPDATE meetings SET locked = 1 WHERE id = ?", [locked])
    with pytest.raises(ms.RequestRefused) as refused:
        meetings.propose_new_time(demo, locked, by=startup["id"], slot_id=free[0]["id"])
    assert refused.value.code == "locked"


def test_a_time_taken_before_the_yes_lapses_and_moves_nothing(demo):
    """One start-up proposes the same new time for two of its meetings; the first yes moves
    one there, the second finds the time gone."""
    startup = _people(demo, "startup")[4]
    investor, partner = _people(demo, "investor")[4], _people(demo, "partner")[1]
    first = _confirmed(demo, startup, investor, slot_index=1, table_index=5)
    second = _confirmed(demo, startup, partner, slot_index=6, table_index=6)
    shared = next(s for s in changes.times_for(demo, _meeting(demo, first), storage.utc_now())
                  if s["id"] in {x["id"] for x in changes.times_for(
                      demo, _meeting(demo, second), storage.utc_now())})
    a = meetings.propose_new_time(demo, first, by=startup["id"], slot_id=shared["id"])
    b = meetings.propose_new_time(demo, second, by=startup["id"], slot_id=shared["id"])
    meetings.answer_new_time(demo, a["id"], by=investor["id"], accept=True)
    before = _meeting(demo, second)
    outcome = svc.answer_new_time(demo, partner["id"], b["id"], True)
    assert not outcome.ok and outcome.key == "p.refused.change_slot_taken"
    assert _meeting(demo, second)["slot_id"] == before["slot_id"]
    assert storage.row_by_id(demo, "meeting_changes", b["id"])["status"] == EXPIRED
    assert _meeting(demo, first)["slot_id"] == shared["id"]


def test_a_meeting_called_off_voids_its_proposal(pair):
    db, startup, investor, meeting_id = pair
    target = changes.times_for(db, _meeting(db, meeting_id), storage.utc_now())[0]
    change = meetings.propose_new_time(db, meeting_id, by=startup["id"], slot_id=target["id"])
    meetings.set_meeting_status(db, meeting_id, CANCELLED, by=investor["id"], reason="flight")
    assert changes.waiting_changes(db, investor["id"]) == {}
    with pytest.raises(ms.RequestRefused) as refused:
        meetings.answer_new_time(db, change["id"], by=investor["id"], accept=True)
    assert refused.value.code == "meeting_state"
    assert storage.row_by_id(db, "meeting_changes", change["id"])["status"] == CANCELLED
    assert _meeting(db, meeting_id)["slot_id"] != target["id"]


def test_the_agenda_shows_a_proposal_to_each_side(pair):
    db, startup, investor, meeting_id = pair
    target = svc.times_to_propose(db, startup["id"], meeting_id)[0]
    assert svc.propose_new_time(db, startup["id"], meeting_id, target["id"]).key == "p.move.sent"
    mine = next(i for i in svc.agenda(db, startup["id"], "Africa/Casablanca")[0]
                if i.meeting_id == meeting_id)
    theirs = next(i for i in svc.agenda(db, investor["id"], "Africa/Casablanca")[0]
                  if i.meeting_id == meeting_id)
    assert mine.new_time["mine"] and not theirs.new_time["mine"]
    assert svc.times_to_propose(db, _people(db, "startup")[5]["id"], meeting_id) == []
