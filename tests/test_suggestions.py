"""Free-slot suggestions: among someone's best fits, who is free, allowed, not yet met and
taking requests, at a slot in the next hours where both are free and a table is free; one
click requests that exact slot, and the other side's yes books it there."""

from __future__ import annotations

from datetime import timedelta

import pytest

from matchmaking import storage
from matchmaking.domain.timezones import from_utc_text, to_utc_text
from matchmaking.domain.vocabulary import CONFIRMED, PENDING
from matchmaking.services import meetings
from matchmaking.services import participant as svc
from matchmaking.services import suggestions as sg
from matchmaking.services.matching import match_event, refresh_embeddings
from matchmaking.storage import meetings as ms

from .fakes import FakeEncoder


@pytest.fixture
def demo(demo_db_path):
    db = storage.open_database(demo_db_path)
    encoder = FakeEncoder()
    refresh_embeddings(db, encoder)
    yield db, match_event(db, encoder.name)
    db.close()


def _slots(db):
    return storage.list_slots(db, kind="meeting")


def _during(db, index=3):
    """A moment during the event: a minute into its ``index``-th meeting slot."""
    return from_utc_text(_slots(db)[index]["start_utc"]) + timedelta(minutes=1)


def _people(db):
    return {p["id"]: p for p in storage.list_participants(db)}


def _startups(db):
    return [p for p in storage.list_participants(db) if p["kind"] == "startup"]


def _busy_or_blocked(db, person, slot):
    return db.execute("SELECT 1 FROM meeting_seats WHERE slot_id = ? AND participant_id = ? "
                      "AND live = 1 UNION SELECT 1 FROM availability WHERE slot_id = ? AND "
                      "participant_id = ? AND available = 0",
                      [slot, person, slot, person]).fetchone() is not None


def test_suggestions_are_free_allowed_unmet_and_within_the_next_hours(demo):
    db, matching = demo
    now = _during(db)
    people = _people(db)
    start, end = sg.window(db, now)
    assert start > to_utc_text(now)  # the slot under way has begun: the next one
    assert from_utc_text(end) - from_utc_text(start) == timedelta(hours=sg.HOURS_AHEAD)
    seen = 0
    for startup in _startups(db)[:12]:
        found = sg.free_slot_suggestions(db, matching, startup["id"], now=now)
        assert len(found) <= sg.SHOWN
        for s in found:
            seen += 1
            other = people[s.other_id]
            assert other["kind"] in ("investor", "partner") and other["active"]
            assert start <= s.start_utc < end
            assert not _busy_or_blocked(db, startup["id"], s.slot_id)
            assert not _busy_or_blocked(db, s.other_id, s.slot_id)
            free = {x["id"] for x in ms.common_free_slots(db, startup["id"], s.other_id)}
            assert s.slot_id in free
            assert s.table_name  # a table is free then
        # among the best fits, in the recommendations' order
        ranked = [c.id for c in svc.browse_now(db, matching, startup["id"],
                                               svc.Filters()).items]
        positions = [ranked.index(s.other_id) for s in found]
        assert positions == sorted(positions) and all(p < sg.BEST_FITS for p in positions)
    assert seen >= 12


def test_one_click_requests_that_slot_and_the_other_side_s_yes_books_it_there(demo):
    db, matching = demo
    now = _during(db)
    me = _startups(db)[0]
    first = sg.free_slot_suggestions(db, matching, me["id"], now=now)[0]
    outcome = svc.request_meeting(db, me["email"], first.email, slot_id=first.slot_id, now=now)
    assert outcome.ok and outcome.key == "p.req.sent"
    request = db.execute("SELECT * FROM meeting_requests WHERE requester_id = ?",
                         [me["id"]]).fetchone()
    assert request is not None
    request = ms.get_request(db, request[0])
    assert request["slot_id"] == first.slot_id and request["status"] == PENDING
    assert request["expires_at"] <= first.start_utc  # answered before that time or not at all
    # the pair is no longer suggested to either side: a request is waiting
    assert first.other_id not in [s.other_id for s in sg.free_slot_suggestions(
        db, matching, me["id"], now=now)]
    meeting = meetings.accept_request(db, request["id"], now=now)
    assert meeting["status"] == CONFIRMED and meeting["slot_id"] == first.slot_id


def test_a_mutual_click_books_the_time_the_first_one_asked_for(demo):
    db, matching = demo
    now = _during(db)
    me = _startups(db)[1]
    suggestion = sg.free_slot_suggestions(db, matching, me["id"], now=now)[0]
    svc.request_meeting(db, me["email"], suggestion.email, slot_id=suggestion.slot_id, now=now)
    later = [s for s in ms.common_free_slots(db, me["id"], suggestion.other_id,
                                              after=to_utc_text(now))
             if s["id"] != suggestion.slot_id][0]
    outcome = svc.request_meeting(db, suggestion.email, me["email"], slot_id=later["id"],
                                  now=now)
    assert outcome.ok and outcome.key == "p.req.mutual"
    meeting = ms.meetings_view(db, me["id"])[0]
    assert meeting["status"] == CONFIRMED and meeting["slot_id"] == suggestion.slot_id


def test_a_slot_taken_before_the_yes_is_refused_by_name_and_another_can_be_picked(demo):
    db, matching = demo
    now = _during(db)
    me = _startups(db)[2]
    suggestion = sg.free_slot_suggestions(db, matching, me["id"], now=now)[0]
    svc.request_meeting(db, me["email"], suggestion.email, slot_id=suggestion.slot_id, now=now)
    request_id = ms.requests_of(db, me["id"])[0]["id"]
    # meanwhile the requester books something else at that very time
    third = next(p for p in storage.list_participants(db) if p["kind"] != "startup"
                 and p["id"] != suggestion.other_id
                 and not _busy_or_blocked(db, p["id"], suggestion.slot_id))
    table = ms.open_slots(db, suggestion.start_utc, suggestion.end_utc)[0]["table_id"]
    storage.book_meeting(db, me["id"], third["id"], suggestion.slot_id, table)
    refused = svc.accept_request(db, suggestion.other_id, request_id, now=now)
    assert not refused.ok and refused.key == "p.refused.asked_slot_taken"
    other_slot = svc.free_slots(db, ms.get_request(db, request_id), now=now)[0]["id"]
    assert svc.accept_request(db, suggestion.other_id, request_id, slot_id=other_slot,
                              now=now).ok


def test_a_request_for_a_time_that_is_not_free_is_refused(demo):
    db, _ = demo
    now = _during(db)
    a, b = _startups(db)[3], next(p for p in storage.list_participants(db)
                                  if p["kind"] == "investor")
    past = _slots(db)[0]["id"]  # begun before now, during the event
    with pytest.raises(ms.RequestRefused) as refused:
        meetings.request_meeting(db, a["email"], b["email"], slot_id=past, now=now)
    assert refused.value.code == "slot_not_free"
    brk = storage.list_slots(db, kind="break")[0]["id"]
    with pytest.raises(ms.RequestRefused):
        meetings.request_meeting(db, a["email"], b["email"], slot_id=brk, now=now)
    assert ms.requests_of(db, a["id"]) == []  # nothing written


def test_nobody_already_met_asked_full_or_closed_is_suggested(demo):
    db, matching = demo
    now = _during(db)
    me = _startups(db)[4]
    before = sg.free_slot_suggestions(db, matching, me["id"], now=now, limit=10)
    assert len(before) >= 4
    met, asked, closed, unwanted = (s.other_id for s in before[:4])
    slot = before[0].slot_id
    storage.book_meeting(db, me["id"], met, slot, ms.open_slots(
        db, before[0].start_utc, before[0].end_utc)[0]["table_id"])
    meetings.request_meeting(db, me["email"], _people(db)[asked]["email"], now=now)
    db.execute("UPDATE participants SET accepting_requests = 0 WHERE id = ?", [closed])
    svc.set_mark(db, unwanted, me["id"], "no_thanks")
    after = {s.other_id for s in sg.free_slot_suggestions(db, matching, me["id"], now=now,
                                                           limit=10)}
    assert not after & {met, asked, closed, unwanted}
    # and nothing at the slot now taken by the booked meeting
    assert slot not in {s.slot_id for s in sg.free_slot_suggestions(db, matching, me["id"],
                                                                     now=now, limit=10)}


def test_someone_full_gets_no_suggestions_and_is_suggested_to_nobody(demo):
    db, matching = demo
    now = _during(db)
    me = _startups(db)[5]
    target = sg.free_slot_suggestions(db, matching, me["id"], now=now)[0].other_id
    db.execute("UPDATE participants SET max_meetings = 0 WHERE id = ?", [target])
    assert target not in {s.other_id for s in sg.free_slot_suggestions(db, matching, me["id"],
                                                                        now=now, limit=10)}
    db.execute("UPDATE participants SET max_meetings = 0 WHERE id = ?", [me["id"]])
    assert sg.free_slot_suggestions(db, matching, me["id"], now=now) == []


def test_the_window_opens_with_the_event_and_closes_after_it(demo):
    db, matching = demo
    slots = _slots(db)
    before = from_utc_text(slots[0]["start_utc"]) - timedelta(days=30)
    span = sg.window(db, before)
    assert span[0] == slots[0]["start_utc"]
    me = _startups(db)[6]
    early = sg.free_slot_suggestions(db, matching, me["id"], now=before)
    assert early and all(s.start_utc < to_utc_text(from_utc_text(span[0]) + timedelta(hours=3))
                         for s in early)
    after = from_utc_text(slots[-1]["end_utc"]) + timedelta(minutes=1)
    assert sg.window(db, after) is None
    assert sg.free_slot_suggestions(db, matching, me["id"], now=after) == []


def test_organisers_look_from_a_chosen_slot_for_a_walk_in(demo):
    db, matching = demo
    slots = _slots(db)
    chosen = slots[10]
    me = _startups(db)[7]
    found = sg.free_slot_suggestions(db, matching, me["id"], now=_during(db, 0),
                                     from_slot=chosen["id"])
    assert found and all(s.start_utc >= chosen["start_utc"] for s in found)


def test_the_desk_books_a_walk_in_s_suggestion_even_for_a_past_event(demo):
    db, matching = demo
    me = _startups(db)[8]
    chosen = _slots(db)[12]
    long_after = from_utc_text(_slots(db)[-1]["end_utc"]) + timedelta(days=400)
    found = sg.free_slot_suggestions(db, matching, me["id"], now=long_after,
                                     from_slot=chosen["id"])
    assert found  # the organiser chose the slot: the clock does not decide
    meeting_id = sg.book_at_the_desk(db, me["id"], found[0].other_id, found[0].slot_id)
    meeting = storage.row_by_id(db, "meetings", meeting_id)
    assert (meeting["status"], meeting["source"], meeting["slot_id"]) == (
        CONFIRMED, "walk_in", found[0].slot_id)
    assert found[0].other_id not in {s.other_id for s in sg.free_slot_suggestions(
        db, matching, me["id"], now=long_after, from_slot=chosen["id"], limit=10)}
    # booking it again is refused by name, not written twice
    with pytest.raises(storage.StorageError):
        sg.book_at_the_desk(db, me["id"], found[0].other_id, found[0].slot_id)


def test_in_the_evening_suggestions_are_for_the_next_morning(demo):
    db, matching = demo
    slots = _slots(db)
    days = sorted({s["day"] for s in slots})
    evening = from_utc_text(max(s["end_utc"] for s in slots if s["day"] == days[0])) + \
        timedelta(hours=2)
    morning = min(s["start_utc"] for s in slots if s["day"] == days[1])
    assert sg.window(db, evening)[0] == morning
    found = sg.free_slot_suggestions(db, matching, _startups(db)[9]["id"], now=evening)
    assert found and all(s.start_utc >= morning for s in found)
