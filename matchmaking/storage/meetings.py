"""Meeting requests and meetings in the database: every state change is one
``BEGIN IMMEDIATE`` transaction, idempotent on retries, and audited.

The rules (who may ask whom, when a slot is free) are checked here with precise messages;
the schema's unique indexes guarantee the invariants even between racing writers.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from matchmaking.domain.settings import EventSettings
from matchmaking.domain.timezones import from_utc_text, to_utc_text
from matchmaking.domain.vocabulary import (ACCEPTED, AGREED_MEETING_STATUSES, CANCELLED, CONFIRMED,
                                           DECLINED, ENDED_MEETING_STATUSES, EXPIRED, PENDING,
                                           PROPOSED)
from matchmaking.storage import (Database, InvalidTransition, SlotTaken, StorageError, audit,
                                 change_status, insert_meeting, marks, row_by_id, utc_now,
                                 write_transaction)
from matchmaking.storage.schema import LIVE_SQL


class RequestRefused(StorageError):
    """A request that the rules do not allow, with the reason in words."""


@dataclass(frozen=True)
class RequestRules:
    """The event's request settings (``event.settings``)."""

    allowed_pairs: tuple[tuple[str, str], ...] = EventSettings.allowed_pairs
    expiry_hours: float = EventSettings.request_expiry_hours
    max_pending: int = EventSettings.max_pending_requests  # outgoing pending, per participant

    @classmethod
    def from_settings(cls, settings: dict[str, Any] | None) -> RequestRules:
        event = EventSettings.from_dict(settings)
        return cls(allowed_pairs=event.allowed_pairs, expiry_hours=event.request_expiry_hours,
                   max_pending=event.max_pending_requests)

    def may_meet(self, kind_a: str, kind_b: str) -> bool:
        return (kind_a, kind_b) in self.allowed_pairs or (kind_b, kind_a) in self.allowed_pairs


def _person(db: Database, participant_id: int) -> dict[str, Any]:
    return row_by_id(db, "participants", participant_id)


def get_request(db: Database, request_id: int) -> dict[str, Any]:
    """One meeting request (NotFound if there is none)."""
    return row_by_id(db, "meeting_requests", request_id)


def _event_end(db: Database) -> datetime | None:
    """When the event's last slot ends (None before the event is set up)."""
    row = db.execute("SELECT max(end_utc) FROM slots").fetchone()
    return from_utc_text(row[0]) if row and row[0] else None


def expire_requests(db: Database, now: str) -> int:
    """Mark pending requests past their expiry as expired, in a transaction of its own (so
    it holds even when the action that follows is refused)."""
    due = "SELECT 1 FROM meeting_requests WHERE status = ? AND expires_at <= ?"
    if not db.execute(due, [PENDING, now]).fetchone():  # the usual case: no write lock taken
        return 0
    with write_transaction(db):
        expired = [r[0] for r in db.execute(
            "SELECT id FROM meeting_requests WHERE status = ? AND expires_at IS NOT "
            "NULL AND expires_at <= ?", [PENDING, now])]
        for request_id in expired:
            db.execute("UPDATE meeting_requests SET status = ?, updated_at = ? WHERE id = ?",
                       [EXPIRED, now, request_id])
            audit(db, "system", "request.expired", "meeting_request", request_id)
    return len(expired)


def create_request(db: Database, requester_id: int, recipient_id: int, *, note: str = "",
                   rules: RequestRules, fit_score: float | None = None,
                   slot_id: int | None = None, now: datetime | None = None,
                   actor: str | None = None) -> dict[str, Any]:
    """Ask for a meeting, at any time or (``slot_id``: a free-slot suggestion) at that one.
    Returns the request (an identical pending one on a retry).

    If the other side has already asked this person, that request is the answer: the
    caller should accept it (``mutual`` is set on the returned request).
    """
    now_text = to_utc_text(now or datetime.now(timezone.utc))
    actor = actor or f"participant:{requester_id}"
    expire_requests(db, now_text)
    with write_transaction(db):
        if requester_id == recipient_id:
            raise RequestRefused("you cannot request a meeting with yourself", code="self")
        requester, recipient = _person(db, requester_id), _person(db, recipient_id)
        if not requester["active"] or not recipient["active"]:
            raise RequestRefused("this participant is no longer taking part", code="inactive")
        if not rules.may_meet(requester["kind"], recipient["kind"]):
            raise RequestRefused(f"a {requester['kind']} and a {recipient['kind']} cannot "
                                 "book a meeting at this event", code="kinds")
        _refuse_if_full(db, recipient)
        _refuse_if_full(db, requester, me=True)
        existing = list(db.query(
            "SELECT * FROM meeting_requests WHERE requester_id = ? AND recipient_id = ? "
            "AND status = ?", [requester_id, recipient_id, PENDING]))
        if existing:
            return {**existing[0], "mutual": False, "retry": True}
        reverse = list(db.query(
            "SELECT * FROM meeting_requests WHERE requester_id = ? AND recipient_id = ? "
            "AND status = ?", [recipient_id, requester_id, PENDING]))
        if reverse:
            return {**reverse[0], "mutual": True, "retry": False}
        if db.execute(f"SELECT 1 FROM meetings WHERE status IN {LIVE_SQL} AND min(participant_a, "
                      "participant_b) = ? AND max(participant_a, participant_b) = ?",
                      [min(requester_id, recipient_id), max(requester_id, recipient_id)]
                      ).fetchone():
            raise RequestRefused("you already have a meeting together", code="already_meeting")
        if db.execute("SELECT 1 FROM preferences WHERE participant_id = ? AND target_id = ? "
                      "AND mark = 'no_thanks'", [recipient_id, requester_id]).fetchone() or \
                not recipient["accepting_requests"]:
            raise RequestRefused(f"{recipient['organisation']} is not taking requests",
                                 code="not_taking", organisation=recipient["organisation"])
        minimum = recipient["min_request_score"]
        if minimum is not None and (fit_score is None or fit_score < minimum):
            raise RequestRefused(f"{recipient['organisation']} takes requests only from "
                                 f"profiles that fit its thesis (fit {minimum:.2f} or more)",
                                 code="min_fit", organisation=recipient["organisation"],
                                 minimum=f"{minimum:.2f}")
        pending = db.execute("SELECT count(*) FROM meeting_requests WHERE requester_id = ? AND "
                             "status = ?", [requester_id, PENDING]).fetchone()[0]
        if pending >= rules.max_pending:
            raise RequestRefused(f"you already have {pending} requests waiting for an answer "
                                 f"(the limit is {rules.max_pending}): wait for answers or "
                                 "withdraw one", code="max_pending", pending=str(pending),
                                 limit=str(rules.max_pending))
        made = now or datetime.now(timezone.utc)
        expires = made + timedelta(hours=rules.expiry_hours)
        event_end = _event_end(db)
        if event_end is not None and made < event_end:
            # counted on the event's own days: nobody can answer after its last meeting
            expires = min(expires, event_end)
        if slot_id is not None:
            slot = _slot_still_open(db, requester_id, recipient_id, slot_id, now_text)
            # a request for a time is answered before that time, or not at all
            expires = min(expires, from_utc_text(slot["start_utc"]))
        cursor = db.execute(
            "INSERT INTO meeting_requests (requester_id, recipient_id, note, status, created_at, "
            "updated_at, expires_at, slot_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [requester_id, recipient_id, note.strip()[:1000], PENDING, now_text, now_text,
             to_utc_text(expires), slot_id])
        request_id = cursor.lastrowid
        audit(db, actor, "request.created", "meeting_request", request_id,
              {"requester": requester_id, "recipient": recipient_id, "slot": slot_id})
        return {**get_request(db, request_id), "mutual": False, "retry": False}


def common_free_slots(db: Database, a: int, b: int, *, after: str | None = None
                      ) -> list[dict[str, Any]]:
    """Meeting slots where both are available and free and a table is free, earliest first."""
    params: list[Any] = [a, b, a, b]
    where_after = ""
    if after:
        where_after = "AND s.start_utc >= ?"
        params.append(after)
    return list(db.query(f"""
        SELECT s.* FROM slots s
        WHERE s.kind = 'meeting'
          AND NOT EXISTS (SELECT 1 FROM availability v WHERE v.slot_id = s.id
                          AND v.participant_id IN (?, ?) AND v.available = 0)
          AND NOT EXISTS (SELECT 1 FROM meeting_seats m WHERE m.slot_id = s.id AND m.live = 1
                          AND m.participant_id IN (?, ?))
          AND EXISTS (SELECT 1 FROM meeting_tables t WHERE t.active = 1 AND NOT EXISTS (
                      SELECT 1 FROM meetings x WHERE x.slot_id = s.id AND x.table_id = t.id
                      AND x.status IN {LIVE_SQL}))
          {where_after}
        ORDER BY s.start_utc""", params))


def _slot_still_open(db: Database, a: int, b: int, slot_id: int, now_text: str
                     ) -> dict[str, Any]:
    """The slot, if both are still free then with a table free (and, during the event, it
    has not begun); else RequestRefused."""
    after = now_text if event_is_live(db, now_text) else None
    for slot in common_free_slots(db, a, b, after=after):
        if slot["id"] == slot_id:
            return slot
    raise RequestRefused(f"slot {slot_id} is no longer free for both of you (or has no free "
                         "table)", code="slot_not_free")


def open_slots(db: Database, after: str, before: str) -> list[dict[str, Any]]:
    """Meeting slots starting in [after, before), earliest first, each with the first free
    table (``table_id`` None when every table is taken)."""
    return list(db.query(f"""
        SELECT s.*, t.id AS table_id, t.name AS table_name, t.location AS table_location
        FROM slots s LEFT JOIN meeting_tables t ON t.id = (
            SELECT x.id FROM meeting_tables x WHERE x.active = 1 AND NOT EXISTS (
                SELECT 1 FROM meetings m WHERE m.slot_id = s.id AND m.table_id = x.id
                AND m.status IN {LIVE_SQL}) ORDER BY x.name LIMIT 1)
        WHERE s.kind = 'meeting' AND s.start_utc >= ? AND s.start_utc < ?
        ORDER BY s.start_utc""", [after, before]))


def busy_in(db: Database, slot_ids: list[int]) -> dict[int, set[int]]:
    """slot -> the participants who cannot meet then: in a live meeting, or not available."""
    busy: dict[int, set[int]] = {slot: set() for slot in slot_ids}
    if not slot_ids:
        return busy
    rows = db.execute(
        f"SELECT slot_id, participant_id FROM meeting_seats WHERE live = 1 AND slot_id IN "
        f"{marks(slot_ids)} UNION SELECT slot_id, participant_id FROM availability WHERE "
        f"available = 0 AND slot_id IN {marks(slot_ids)}", [*slot_ids, *slot_ids])
    for slot, person in rows:
        busy[slot].add(person)
    return busy


def free_table(db: Database, slot_id: int) -> int | None:
    row = db.execute(f"""SELECT t.id FROM meeting_tables t WHERE t.active = 1 AND NOT EXISTS (
        SELECT 1 FROM meetings x WHERE x.slot_id = ? AND x.table_id = t.id
        AND x.status IN {LIVE_SQL}) ORDER BY t.name LIMIT 1""", [slot_id]).fetchone()
    return row[0] if row else None


# Caps count what is real: agreed meetings (confirmed or held). A proposal nobody has
# accepted holds its slot and table, never a place in a cap; when someone's agreed meetings
# reach their cap, their proposals still waiting give way (cancelled, with the reason).

def _event_settings(db: Database) -> EventSettings:
    row = db.execute("SELECT settings FROM event WHERE id = 1").fetchone()
    return EventSettings.from_dict(json.loads(row[0]) if row else None)


def cap_of(db: Database, person: dict[str, Any], settings: EventSettings | None = None) -> int:
    """How many meetings a participant takes: their own maximum, else the event's cap for
    investors and partners, else the event's default."""
    if person["max_meetings"] is not None:
        return int(person["max_meetings"])
    settings = settings or _event_settings(db)
    if person["kind"] != "startup" and settings.investor_cap is not None:
        return settings.investor_cap
    return settings.max_meetings_default


def agreed_count(db: Database, participant_id: int) -> int:
    return db.execute(
        f"SELECT count(*) FROM meetings WHERE status IN {marks(AGREED_MEETING_STATUSES)} AND "
        "? IN (participant_a, participant_b)",
        [*AGREED_MEETING_STATUSES, participant_id]).fetchone()[0]


def full_participants(db: Database) -> dict[int, int]:
    """id -> cap, for everyone whose agreed meetings have reached their cap."""
    counts = dict(db.execute(
        f"SELECT p, count(*) FROM (SELECT participant_a AS p FROM meetings WHERE status IN "
        f"{marks(AGREED_MEETING_STATUSES)} UNION ALL SELECT participant_b FROM meetings WHERE "
        f"status IN {marks(AGREED_MEETING_STATUSES)}) GROUP BY p",
        [*AGREED_MEETING_STATUSES, *AGREED_MEETING_STATUSES]).fetchall())
    settings = _event_settings(db)
    out = {}
    for row in db.query("SELECT id, kind, max_meetings FROM participants"):
        cap = cap_of(db, row, settings)
        if counts.get(row["id"], 0) >= cap:  # a cap of 0: takes no meeting at all
            out[row["id"]] = cap
    return out


def is_full(db: Database, participant_id: int) -> bool:
    """Whether one participant's agreed meetings have reached their cap (without scanning
    everyone, as ``full_participants`` does)."""
    return agreed_count(db, participant_id) >= cap_of(db, _person(db, participant_id))


def _refuse_if_full(db: Database, person: dict[str, Any], *, me: bool = False) -> None:
    cap = cap_of(db, person)
    if agreed_count(db, person["id"]) >= cap:
        who = "you have" if me else f"{person['organisation']} has"
        raise RequestRefused(f"{who} reached the maximum of {cap} meetings", code="full",
                             organisation=person["organisation"], maximum=str(cap))


def _give_way_if_full(db: Database, person_ids: Iterable[int], now_text: str) -> None:
    """Once someone is full, their proposals still waiting for a yes are cancelled."""
    for pid in person_ids:
        person = _person(db, pid)
        if agreed_count(db, pid) < cap_of(db, person):
            continue
        for (meeting_id,) in db.execute(
                "SELECT id FROM meetings WHERE status = ? AND ? IN (participant_a, "
                "participant_b)", [PROPOSED, pid]).fetchall():
            change_status(db, meeting_id, CANCELLED, now=now_text, only_from=(PROPOSED,),
                          reason=f"{person['organisation']} is fully booked", superseded=True)


def event_span(db: Database) -> tuple[str | None, str | None]:
    """(start of the first slot, end of the last), UTC texts; (None, None) with no slots."""
    first, last = db.execute("SELECT min(start_utc), max(end_utc) FROM slots").fetchone()
    return first, last


def next_slot_start(db: Database, after: str) -> str | None:
    """When the first meeting slot beginning at or after ``after`` begins (None: none left)."""
    return db.execute("SELECT min(start_utc) FROM slots WHERE kind = 'meeting' AND "
                      "start_utc >= ?", [after]).fetchone()[0]


def slot_start(db: Database, slot_id: int) -> str:
    return row_by_id(db, "slots", slot_id)["start_utc"]


def event_is_live(db: Database, now: str) -> bool:
    """Whether ``now`` falls within the event's days: only then are past slots closed (a
    past or future event can be planned in full, as the demo is)."""
    first, last = event_span(db)
    return bool(first) and first <= now <= last


def accept_request(db: Database, request_id: int, recipient_id: int, *,
                   slot_id: int | None = None, now: datetime | None = None,
                   actor: str | None = None) -> dict[str, Any]:
    """Accept a request: book the earliest common free slot (or the chosen one) at a free
    table. Returns the meeting. Accepting twice returns the same meeting."""
    now_text = to_utc_text(now or datetime.now(timezone.utc))
    actor = actor or f"participant:{recipient_id}"
    expire_requests(db, now_text)
    with write_transaction(db):
        request = get_request(db, request_id)
        if request["recipient_id"] != recipient_id:
            raise RequestRefused("only the person asked can accept this request", code="not_yours")
        if request["status"] == ACCEPTED:
            return _meeting(db, request["meeting_id"])
        if request["status"] != PENDING:
            raise RequestRefused(f"this request is {request['status']}", code="request_state",
                                 rstatus=request["status"])
        a, b = request["requester_id"], request["recipient_id"]
        proposal = _live_meeting_between(db, a, b)
        if proposal is not None:  # the scheduler already proposed this pair: that is it
            return _confirm_for_request(db, proposal, request, now_text, actor)
        for person in (a, b):
            _refuse_if_full(db, _person(db, person), me=person == recipient_id)
        after = now_text if event_is_live(db, now_text) else None
        free = {s["id"]: s for s in common_free_slots(db, a, b, after=after)}
        if slot_id is None and request["slot_id"] is not None:  # the time asked for
            if request["slot_id"] not in free:
                raise SlotTaken(f"slot {request['slot_id']}, the time asked for, is no longer "
                                "free for both of you: pick another", code="asked_slot_taken")
            slot_id = request["slot_id"]
        if slot_id is None:
            if not free:
                raise SlotTaken("no common free slot with a free table is left", code="no_slot")
            slot_id = next(iter(free))
        elif slot_id not in free:
            raise SlotTaken(f"slot {slot_id} is no longer free for both of you (or has no free "
                            "table): pick another", code="slot_taken")
        table_id = free_table(db, slot_id)
        try:
            meeting_id = insert_meeting(db, slot_id=slot_id, table_id=table_id, participant_a=a,
                                        participant_b=b, status=CONFIRMED, source="request",
                                        now=now_text)
        except sqlite3.IntegrityError as error:  # a racing writer took it after our checks
            raise SlotTaken(f"slot {slot_id} was just taken: {error}",
                            code="slot_taken") from None
        db.execute("UPDATE meeting_requests SET status = ?, meeting_id = ?, "
                   "updated_at = ? WHERE id = ?", [ACCEPTED, meeting_id, now_text, request_id])
        audit(db, actor, "request.accepted", "meeting_request", request_id,
              {"meeting": meeting_id, "slot": slot_id, "table": table_id})
        _give_way_if_full(db, (a, b), now_text)
        return _meeting(db, meeting_id)


def _live_meeting_between(db: Database, a: int, b: int) -> dict[str, Any] | None:
    rows = list(db.query(
        f"SELECT * FROM meetings WHERE status IN {LIVE_SQL} AND ((participant_a = ? AND "
        "participant_b = ?) OR (participant_a = ? AND participant_b = ?))", [a, b, b, a]))
    return rows[0] if rows else None


def _said_no_between(db: Database, a: int, b: int) -> bool:
    """Whether a meeting of the pair ended by someone's decision (declined, called off,
    missed), not by the rules: a run never proposes such a pair again."""
    return db.execute(
        f"SELECT 1 FROM meetings WHERE status IN {marks(ENDED_MEETING_STATUSES)} AND "
        "superseded = 0 AND ((participant_a = ? AND participant_b = ?) OR (participant_a = ? "
        "AND participant_b = ?))", [*ENDED_MEETING_STATUSES, a, b, b, a]).fetchone() is not None


def _confirm_for_request(db: Database, meeting: dict[str, Any], request: dict[str, Any],
                         now_text: str, actor: str) -> dict[str, Any]:
    """A live meeting of the pair (a scheduler proposal, most often) becomes the request's
    meeting: the requester asked, the recipient accepts, so it is confirmed where it is."""
    if meeting["status"] == PROPOSED:
        for pid in (meeting["participant_a"], meeting["participant_b"]):
            _refuse_if_full(db, _person(db, pid), me=pid == request["recipient_id"])
        db.execute("UPDATE meetings SET a_accepted = 1, b_accepted = 1, updated_at = ? "
                   "WHERE id = ?", [now_text, meeting["id"]])
        change_status(db, meeting["id"], CONFIRMED, now=now_text,
                      reason=f"request {request['id']} accepted")
        _give_way_if_full(db, (meeting["participant_a"], meeting["participant_b"]), now_text)
    db.execute("UPDATE meeting_requests SET status = ?, meeting_id = ?, updated_at = ? "
               "WHERE id = ?", [ACCEPTED, meeting["id"], now_text, request["id"]])
    audit(db, actor, "request.accepted", "meeting_request", request["id"],
          {"meeting": meeting["id"], "slot": meeting["slot_id"], "table": meeting["table_id"],
           "confirmed_proposal": meeting["status"] == PROPOSED})
    return _meeting(db, meeting["id"])


def pending_request_between(db: Database, requester: int, recipient: int
                            ) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM meeting_requests WHERE requester_id = ? AND "
                         "recipient_id = ? AND status = ?", [requester, recipient, PENDING]))
    return rows[0] if rows else None


def answer_request(db: Database, request_id: int, participant_id: int, status: str, *,
                   reason: str = "", now: datetime | None = None,
                   actor: str | None = None) -> dict[str, Any]:
    """Decline (the recipient) or withdraw (the requester: ``cancelled``) a pending request.
    Doing it again is a no-op."""
    now_text = to_utc_text(now or datetime.now(timezone.utc))
    who = {DECLINED: "recipient_id", CANCELLED: "requester_id"}[status]
    expire_requests(db, now_text)
    with write_transaction(db):
        request = get_request(db, request_id)
        if request[who] != participant_id:
            raise RequestRefused("only the person asked can decline a request, and only the "
                                 "person asking can withdraw it", code="not_yours")
        if request["status"] == status:
            return request
        if request["status"] != PENDING:
            raise RequestRefused(f"this request is already {request['status']}",
                                 code="request_state", rstatus=request["status"])
        db.execute("UPDATE meeting_requests SET status = ?, reason = ?, updated_at = ? "
                   "WHERE id = ?", [status, reason.strip()[:500], now_text, request_id])
        audit(db, actor or f"participant:{participant_id}", f"request.{status}",
              "meeting_request", request_id, {"reason": reason})
        return get_request(db, request_id)


def _meeting(db: Database, meeting_id: int) -> dict[str, Any]:
    return row_by_id(db, "meetings", meeting_id)


def set_meeting_status(db: Database, meeting_id: int, status: str, *, by: int | None = None,
                       reason: str = "", now: datetime | None = None,
                       actor: str | None = None) -> dict[str, Any]:
    """Cancel, decline (a proposal), confirm, complete or mark a no-show. ``by`` is the
    participant doing it (None for the organiser). Repeating a change is a no-op."""
    now_text = to_utc_text(now or datetime.now(timezone.utc))
    with write_transaction(db):
        meeting = _meeting(db, meeting_id)
        if by is not None and by not in (meeting["participant_a"], meeting["participant_b"]):
            raise RequestRefused("this is not your meeting", code="not_yours")
        if meeting["status"] == status:
            return meeting
        try:
            change_status(db, meeting_id, status, reason=reason.strip()[:500], now=now_text)
        except InvalidTransition as error:  # refused as the rules refuse
            raise RequestRefused(str(error), code=error.code, **error.values) from None
        audit(db, actor or (f"participant:{by}" if by else "organiser"), f"meeting.{status}",
              "meeting", meeting_id, {"reason": reason})
        return _meeting(db, meeting_id)


def accept_proposal(db: Database, meeting_id: int, participant_id: int, *,
                    now: datetime | None = None) -> dict[str, Any]:
    """One side says yes to a proposed meeting; with both yeses it is confirmed."""
    now_text = to_utc_text(now or datetime.now(timezone.utc))
    with write_transaction(db):
        meeting = _meeting(db, meeting_id)
        side = {meeting["participant_a"]: "a_accepted", meeting["participant_b"]: "b_accepted"}
        if participant_id not in side:
            raise RequestRefused("this is not your meeting", code="not_yours")
        if meeting["status"] == CONFIRMED:
            return meeting
        if meeting["status"] != PROPOSED:
            raise RequestRefused(f"this meeting is {meeting['status']}", code="meeting_state",
                                 status=meeting["status"])
        other = meeting["participant_b"] if participant_id == meeting["participant_a"] \
            else meeting["participant_a"]
        _refuse_if_full(db, _person(db, participant_id), me=True)
        asked = pending_request_between(db, other, participant_id)
        if asked is not None:  # they asked for this meeting: my yes confirms it
            return _confirm_for_request(db, meeting, asked, now_text,
                                        f"participant:{participant_id}")
        db.execute(f"UPDATE meetings SET {side[participant_id]} = 1, updated_at = ? WHERE id = ?",
                   [now_text, meeting_id])
        both = db.execute("SELECT a_accepted AND b_accepted FROM meetings WHERE id = ?",
                          [meeting_id]).fetchone()[0]
        if both:
            _refuse_if_full(db, _person(db, other))
            change_status(db, meeting_id, CONFIRMED, now=now_text)
            _give_way_if_full(db, (participant_id, other), now_text)
            mine = pending_request_between(db, participant_id, other)
            if mine is not None:  # my own request for it is answered by this meeting
                db.execute("UPDATE meeting_requests SET status = ?, meeting_id = ?, "
                           "updated_at = ? WHERE id = ?", [ACCEPTED, meeting_id, now_text,
                                                           mine["id"]])
        audit(db, f"participant:{participant_id}", "meeting.proposal_accepted", "meeting",
              meeting_id, {CONFIRMED: bool(both)})
        return _meeting(db, meeting_id)


def requests_of(db: Database, participant_id: int) -> list[dict[str, Any]]:
    """Inbox and outbox of a participant, newest first, with the other side's public info
    and the time asked for, if any (``asked_start_utc``, ``asked_end_utc``)."""
    return list(db.query("""
        SELECT r.*, CASE WHEN r.requester_id = :me THEN 'out' ELSE 'in' END AS direction,
               o.id AS other_id, o.organisation AS other_organisation, o.kind AS other_kind,
               s.start_utc AS asked_start_utc, s.end_utc AS asked_end_utc
        FROM meeting_requests r
        JOIN participants o ON o.id = CASE WHEN r.requester_id = :me THEN r.recipient_id
                                           ELSE r.requester_id END
        LEFT JOIN slots s ON s.id = r.slot_id
        WHERE r.requester_id = :me OR r.recipient_id = :me
        ORDER BY r.created_at DESC, r.id DESC""", {"me": participant_id}))


def meetings_view(db: Database, participant_id: int | None = None,
                  live_only: bool = False) -> list[dict[str, Any]]:
    """Meetings with their slot times, table and both participants, in time order."""
    clauses, params = [], []
    if participant_id is not None:
        clauses.append("(m.participant_a = ? OR m.participant_b = ?)")
        params += [participant_id, participant_id]
    if live_only:
        clauses.append(f"m.status IN {LIVE_SQL}")
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    return list(db.query(f"""
        SELECT m.id, m.status, m.source, m.locked, m.reason, m.updated_at, m.created_at,
               s.id AS slot_id, s.day, s.start_utc, s.end_utc,
               t.id AS table_id, t.name AS table_name, t.location AS table_location,
               a.id AS a_id, a.email AS a_email, a.organisation AS a_organisation,
               a.kind AS a_kind, a.contact_name AS a_contact, a.phone AS a_phone,
               b.id AS b_id, b.email AS b_email, b.organisation AS b_organisation,
               b.kind AS b_kind, b.contact_name AS b_contact, b.phone AS b_phone
        FROM meetings m JOIN slots s ON s.id = m.slot_id
        JOIN meeting_tables t ON t.id = m.table_id
        JOIN participants a ON a.id = m.participant_a
        JOIN participants b ON b.id = m.participant_b
        {where} ORDER BY s.start_utc, t.name""", params))


def contact_details(db: Database, viewer_id: int, other_id: int) -> dict[str, str] | None:
    """The other side's contact details, only once a meeting between them is confirmed."""
    confirmed = db.execute(
        f"SELECT 1 FROM meetings WHERE status IN {marks(AGREED_MEETING_STATUSES)} AND "
        "min(participant_a, participant_b) = ? AND max(participant_a, participant_b) = ?",
        [*AGREED_MEETING_STATUSES, min(viewer_id, other_id), max(viewer_id, other_id)]
    ).fetchone()
    if not confirmed:
        return None
    row = _person(db, other_id)
    return {"contact_name": row["contact_name"], "email": row["email"], "phone": row["phone"],
            "website": row["website"]}


def set_availability(db: Database, participant_id: int, blocked_slot_ids: set[int],
                     actor: str | None = None) -> None:
    """Replace a participant's blocked slots (no row means available)."""
    with write_transaction(db):
        db.execute("DELETE FROM availability WHERE participant_id = ?", [participant_id])
        db.conn.executemany("INSERT INTO availability VALUES (?, ?, 0)",
                            [(participant_id, s) for s in sorted(blocked_slot_ids)])
        audit(db, actor or f"participant:{participant_id}", "availability.set", "participant",
              participant_id, {"blocked": sorted(blocked_slot_ids)})


def still_unanswered(db: Database, meeting_ids: list[int]) -> list[int]:
    """Of these proposals, those nobody has answered or locked yet (read now, inside the
    caller's transaction: a yes given while the scheduler was solving keeps its meeting)."""
    out = []
    for start in range(0, len(meeting_ids), 500):
        chunk = meeting_ids[start:start + 500]
        out += [r[0] for r in db.execute(
            f"SELECT id FROM meetings WHERE id IN {marks(chunk)} AND status = ? AND "
            "a_accepted = 0 AND b_accepted = 0 AND locked = 0", [*chunk, PROPOSED])]
    return out


def place_meetings(db: Database, meetings: list[tuple[int, int, int, int]], *, status: str,
                   source: str, now: str, run_id: int | None = None
                   ) -> tuple[list[int], list[dict[str, Any]]]:
    """Write a run's meetings ``(a, b, slot, table)`` that are still valid now, in the
    caller's transaction, and say why each other one was left out: the world moved while
    the run was solving (answers, requests, availability), and what people did wins. A
    table taken meanwhile is replaced by another free one of the same slot. A requester's
    yes is already given on the meeting they asked for."""
    if not db.conn.in_transaction:
        raise StorageError("a run's meetings are placed inside its transaction")
    written, skipped = [], []
    settings = _event_settings(db)
    for a, b, slot, table in meetings:
        reason = None
        if _live_meeting_between(db, a, b) is not None:
            reason = "the pair has had a meeting since the run started"
        elif _said_no_between(db, a, b):
            reason = "the pair's meeting was declined or called off since the run started"
        else:
            for person in (a, b):
                if db.execute("SELECT 1 FROM meeting_seats WHERE slot_id = ? AND "
                              "participant_id = ? AND live = 1", [slot, person]).fetchone():
                    reason = f"participant {person} took another meeting in that slot"
                elif db.execute("SELECT 1 FROM availability WHERE slot_id = ? AND "
                                "participant_id = ? AND available = 0",
                                [slot, person]).fetchone():
                    reason = f"participant {person} is no longer available then"
                else:
                    row = _person(db, person)
                    if not row["active"]:
                        reason = f"participant {person} was deactivated"
                    elif agreed_count(db, person) >= cap_of(db, row, settings):
                        reason = f"participant {person} is fully booked"
                if reason:
                    break
        if reason is None and db.execute(
                f"SELECT 1 FROM meetings WHERE slot_id = ? AND table_id = ? AND status IN "
                f"{LIVE_SQL}", [slot, table]).fetchone():
            table = free_table(db, slot)
            if table is None:
                reason = "no table is free in that slot any more"
        if reason is not None:
            skipped.append({"participants": [a, b], "slot": slot, "reason": reason})
            continue
        meeting_id = insert_meeting(db, slot_id=slot, table_id=table, participant_a=a,
                                    participant_b=b, status=status, source=source, now=now,
                                    run_id=run_id)
        for requester, column in ((a, "a_accepted"), (b, "b_accepted")):
            asked = pending_request_between(db, requester, b if requester == a else a)
            if asked is None:
                continue
            if status == PROPOSED:  # the requester's yes is given already
                db.execute(f"UPDATE meetings SET {column} = 1 WHERE id = ?", [meeting_id])
            else:  # published as confirmed: this meeting is the request's answer
                db.execute("UPDATE meeting_requests SET status = ?, meeting_id = ?, "
                           "updated_at = ? WHERE id = ?", [ACCEPTED, meeting_id, now,
                                                           asked["id"]])
                audit(db, "system", "request.accepted", "meeting_request", asked["id"],
                      {"meeting": meeting_id, "by_run": run_id})
        written.append(meeting_id)
    return written, skipped


def update_run_report(db: Database, run_id: int, report: dict[str, Any]) -> None:
    """The run's report once its meetings are written (what was placed, what was not)."""
    db.execute("UPDATE scheduler_runs SET report = ? WHERE id = ?",
               [json.dumps(report, default=str), run_id])


def insert_run(db: Database, kind: str, report: dict[str, Any], actor: str) -> int:
    """The record of a scheduler or re-planning run, and its audit entry, written in the
    caller's transaction: with the meetings it made, all or nothing (a run killed half-way
    leaves no record claiming meetings that were never written)."""
    if not db.conn.in_transaction:
        raise StorageError("a run is recorded in the transaction that writes its meetings")
    cursor = db.execute("INSERT INTO scheduler_runs (started_at, actor, kind, report) "
                        "VALUES (?, ?, ?, ?)", [utc_now(), actor, kind,
                                                json.dumps(report, default=str)])
    audit(db, actor, f"scheduler.{kind}", "scheduler_run", cursor.lastrowid,
          {k: report.get(k) for k in ("objective", "bound", "gap", "meetings_added")})
    return cursor.lastrowid
