"""Another time for a confirmed meeting: either side proposes a slot, the other accepts or
declines, and nothing moves until both agree (``meeting_changes``).

One proposal waits per meeting. Proposing again replaces one's own; a proposal from the
other side has to be answered first. Accepting re-checks, under the write lock, that both
are still free then and a table is free; a proposal whose time is gone meanwhile lapses
(``expired``) instead of moving anything. A meeting that stops being confirmed (cancelled,
missed, taken place) leaves its proposal void: it can no longer be accepted.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from typing import Any

from matchmaking.domain.timezones import to_utc_text
from matchmaking.domain.vocabulary import ACCEPTED, CANCELLED, CONFIRMED, DECLINED, EXPIRED, PENDING
from matchmaking.storage import Database, SlotTaken, audit, row_by_id, write_transaction
from matchmaking.storage.meetings import (RequestRefused, common_free_slots, event_is_live,
                                          free_table)


def _now(now: datetime | None) -> str:
    return to_utc_text(now or datetime.now(timezone.utc))


def _sides(meeting: dict[str, Any]) -> tuple[int, int]:
    return meeting["participant_a"], meeting["participant_b"]


def _other_side(meeting: dict[str, Any], participant_id: int) -> int:
    a, b = _sides(meeting)
    if participant_id not in (a, b):
        raise RequestRefused("this is not your meeting", code="not_yours")
    return b if participant_id == a else a


def times_for(db: Database, meeting: dict[str, Any], now_text: str) -> list[dict[str, Any]]:
    """The slots the meeting could move to: both free (this meeting aside), a table free,
    and, during the event, not yet begun; its own slot left out."""
    after = now_text if event_is_live(db, now_text) else None
    a, b = _sides(meeting)
    return [s for s in common_free_slots(db, a, b, after=after) if s["id"] != meeting["slot_id"]]


def _pending_of(db: Database, meeting_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM meeting_changes WHERE meeting_id = ? AND status = ?",
                         [meeting_id, PENDING]))
    return rows[0] if rows else None


def _close(db: Database, change_id: int, status: str, now_text: str, reason: str = "") -> None:
    db.execute("UPDATE meeting_changes SET status = ?, reason = ?, updated_at = ? WHERE id = ?",
               [status, reason[:500], now_text, change_id])


def propose_time(db: Database, meeting_id: int, proposer_id: int, slot_id: int, *,
                 note: str = "", now: datetime | None = None) -> dict[str, Any]:
    """Propose moving a confirmed meeting to ``slot_id``. Returns the proposal (the same one
    when asked again for the same time)."""
    now_text = _now(now)
    with write_transaction(db):
        meeting = row_by_id(db, "meetings", meeting_id)
        other = _other_side(meeting, proposer_id)
        if meeting["status"] != CONFIRMED:
            raise RequestRefused(f"this meeting is {meeting['status']}", code="meeting_state",
                                 status=meeting["status"])
        if meeting["locked"]:
            raise RequestRefused("the organisers have fixed this meeting's time: ask their "
                                 "desk", code="locked")
        waiting = _pending_of(db, meeting_id)
        if waiting is not None:
            if waiting["proposer_id"] == other:
                raise RequestRefused("they have already proposed another time: answer it "
                                     "first", code="change_waiting")
            if waiting["slot_id"] == slot_id:
                return waiting
            _close(db, waiting["id"], CANCELLED, now_text, "replaced by a newer proposal")
        if slot_id not in {s["id"] for s in times_for(db, meeting, now_text)}:
            raise RequestRefused(f"slot {slot_id} is not free for both of you (or has no free "
                                 "table)", code="slot_not_free")
        cursor = db.execute(
            "INSERT INTO meeting_changes (meeting_id, proposer_id, slot_id, note, status, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [meeting_id, proposer_id, slot_id, note.strip()[:1000], PENDING, now_text, now_text])
        change_id = int(cursor.lastrowid)
        audit(db, f"participant:{proposer_id}", "meeting.time_proposed", "meeting", meeting_id,
              {"change": change_id, "from_slot": meeting["slot_id"], "to_slot": slot_id})
        return row_by_id(db, "meeting_changes", change_id)


def answer_time(db: Database, change_id: int, participant_id: int, *, accept: bool,
                reason: str = "", now: datetime | None = None) -> dict[str, Any]:
    """The other side's answer. Accepting moves the meeting to the proposed slot (at a table
    free then) if both are still free; otherwise the proposal lapses and SlotTaken says so.
    Returns the proposal as it ends. Answering again is a no-op."""
    now_text = _now(now)
    lapsed = None
    with write_transaction(db):
        change = row_by_id(db, "meeting_changes", change_id)
        meeting = row_by_id(db, "meetings", change["meeting_id"])
        proposer = change["proposer_id"]
        if participant_id == proposer or _other_side(meeting, participant_id) != proposer:
            raise RequestRefused("only the other side can answer this proposal",
                                 code="not_yours")
        if change["status"] != PENDING:
            if change["status"] in (ACCEPTED, DECLINED):
                return change
            raise RequestRefused(f"this proposal is {change['status']}", code="change_state",
                                 rstatus=change["status"])
        actor = f"participant:{participant_id}"
        if meeting["status"] != CONFIRMED:
            _close(db, change_id, CANCELLED, now_text, f"the meeting is {meeting['status']}")
            lapsed = RequestRefused(f"this meeting is {meeting['status']}",
                                    code="meeting_state", status=meeting["status"])
        elif not accept:
            _close(db, change_id, DECLINED, now_text, reason)
            audit(db, actor, "meeting.time_declined", "meeting", meeting["id"],
                  {"change": change_id})
            return row_by_id(db, "meeting_changes", change_id)
        elif change["slot_id"] not in {s["id"] for s in times_for(db, meeting, now_text)}:
            _close(db, change_id, EXPIRED, now_text, "the time is no longer free")
            lapsed = SlotTaken("that time is no longer free for both of you (or has no free "
                               "table): propose another", code="change_slot_taken")
        else:
            table = free_table(db, change["slot_id"])
            try:
                db.execute("UPDATE meetings SET slot_id = ?, table_id = ?, updated_at = ? "
                           "WHERE id = ?", [change["slot_id"], table, now_text, meeting["id"]])
            except sqlite3.IntegrityError as error:  # a writer that skipped the checks
                raise SlotTaken(f"that time was just taken ({error})",
                                code="change_slot_taken") from None
            _close(db, change_id, ACCEPTED, now_text)
            audit(db, actor, "meeting.moved", "meeting", meeting["id"],
                  {"change": change_id, "from": {"slot": meeting["slot_id"],
                                                 "table": meeting["table_id"]},
                   "to": {"slot": change["slot_id"], "table": table}})
            return row_by_id(db, "meeting_changes", change_id)
    raise lapsed  # after the commit: the lapse is written, and the answer refused


def withdraw_time(db: Database, change_id: int, participant_id: int, *,
                  now: datetime | None = None) -> dict[str, Any]:
    """The proposer takes their proposal back (again: a no-op)."""
    now_text = _now(now)
    with write_transaction(db):
        change = row_by_id(db, "meeting_changes", change_id)
        if change["proposer_id"] != participant_id:
            raise RequestRefused("only its proposer can withdraw this proposal",
                                 code="not_yours")
        if change["status"] == PENDING:
            _close(db, change_id, CANCELLED, now_text, "withdrawn")
            audit(db, f"participant:{participant_id}", "meeting.time_withdrawn", "meeting",
                  change["meeting_id"], {"change": change_id})
        return row_by_id(db, "meeting_changes", change_id)


def waiting_changes(db: Database, participant_id: int) -> dict[int, dict[str, Any]]:
    """meeting id -> its proposal waiting for an answer, for a participant's confirmed
    meetings, with the proposed slot's times and ``mine`` (whether they proposed it)."""
    return {r["meeting_id"]: {**r, "mine": r["proposer_id"] == participant_id}
            for r in db.query("""
        SELECT c.*, s.start_utc, s.end_utc FROM meeting_changes c
        JOIN meetings m ON m.id = c.meeting_id JOIN slots s ON s.id = c.slot_id
        WHERE c.status = ? AND m.status = ? AND ? IN (m.participant_a, m.participant_b)""",
                                [PENDING, CONFIRMED, participant_id])}
