"""Re-planning explains itself: after a no-show on the demo, freed slots are filled where a
valid meeting exists, and every freed slot left empty says why, with the best meeting an
organiser could still book by hand."""

from __future__ import annotations

from datetime import timedelta

import pytest

from matchmaking import storage
from matchmaking.domain.timezones import from_utc_text
from matchmaking.domain.vocabulary import LIVE_MEETING_STATUSES
from matchmaking.services import console as osv
from matchmaking.services import meetings


@pytest.fixture
def day_one(scheduled_demo):
    db, _, scored = scheduled_demo
    return db, scored


def _busiest_after(db, slot):
    """The participant with the most live meetings later that day."""
    later = {s["id"] for s in storage.list_slots(db, kind="meeting")
             if s["day"] == slot["day"] and s["start_utc"] > slot["start_utc"]}
    count: dict[int, int] = {}
    for m in storage.all_meetings(db):
        if m["status"] in LIVE_MEETING_STATUSES and m["slot_id"] in later:
            for p in (m["participant_a"], m["participant_b"]):
                count[p] = count.get(p, 0) + 1
    pid = max(count, key=count.get)
    return next(p for p in storage.list_participants(db) if p["id"] == pid)


@pytest.mark.parametrize("slot_index", [2, 8])
def test_a_no_show_replan_fills_freed_slots_and_explains_the_rest(day_one, slot_index):
    db, scored = day_one
    slot = storage.list_slots(db, kind="meeting")[slot_index]
    absent = _busiest_after(db, slot)
    result = meetings.replan_now(db, scored, now=from_utc_text(slot["start_utc"])
                                 + timedelta(minutes=1), no_shows=[absent["email"]],
                                 time_limit=3)
    # the meetings of the rest of the day (the one under way is a no-show, not refillable)
    lost = [r for r in result["removed"] if "did not show up" in r["reason"]
            and r["status"] == "cancelled"]
    assert lost, result["removed"]
    assert result["added"], "a no-show re-plan on the demo fills at least one freed slot"
    live = [m for m in storage.all_meetings(db) if m["status"] in LIVE_MEETING_STATUSES]
    busy = {(p, m["slot_id"]) for m in live for p in (m["participant_a"], m["participant_b"])}
    tables = {(m["table_id"], m["slot_id"]) for m in live}
    for gap in result["unfilled"]:
        assert gap["reason"], gap
        assert (gap["participant"], gap["slot"]) not in busy  # it really is empty
        option = gap["suggestion"]
        if option:  # the manual option can really be booked
            assert (gap["participant"], option["slot"]) not in busy
            assert (option["other"], option["slot"]) not in busy
            assert (option["table"], option["slot"]) not in tables
    # every freed slot is either filled or explained
    freed = {(p, r_slot) for r_slot, pair in [
        (m["slot_id"], (m["participant_a"], m["participant_b"])) for m in
        storage.all_meetings(db) if m["id"] in {r["meeting"] for r in lost}]
        for p in pair if p != absent["id"]}
    explained = {(g["participant"], g["slot"]) for g in result["unfilled"]}
    assert freed <= busy | explained


def test_the_console_names_who_when_why_and_the_manual_option(day_one):
    db, scored = day_one
    slot = storage.list_slots(db, kind="meeting")[4]
    absent = _busiest_after(db, slot)
    described = osv.replan_from(db, scored, slot["id"], no_shows=[absent["email"]],
                                time_limit=3)
    names = {p["organisation"] for p in storage.list_participants(db)}
    for gap in described["unfilled"]:
        assert gap["who"] in names and ":" in gap["time"] and gap["reason"]
        assert not any(ch.isdigit() for ch in gap["reason"].split(":")[0])  # names, not ids
        if gap["option"]:
            assert "table" in gap["suggestion"] and "fit" in gap["suggestion"]
