"""What the organiser console writes and reads in the event database, beyond ``storage`` and
``meeting_storage``: event settings, tables, participant edits, moving / swapping / locking
meetings, check-in, and the plain rows the analytics are computed from.

Every change follows ``storage``'s rules: one ``BEGIN IMMEDIATE`` transaction that reads what
it decides on, writes, and appends to the audit log in the same transaction; repeating a
change is a no-op. The schema forbids double bookings whatever happens here: an
``IntegrityError`` from a racing writer becomes a :class:`Conflict` said in words.

Check-in needs no table of its own: arriving (or undoing it) is an audit-log entry
(``participant.arrived`` / ``participant.arrival_cleared`` with the day), and the state
is the latest entry per participant and day. The audit log being append-only, the desk's
history is kept as well.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from matchmaking.domain.profiles import LIST_FIELDS
from matchmaking.domain.settings import EventSettings
from matchmaking.domain.text import breaks_the_line
from matchmaking.domain.timezones import local
from matchmaking.domain.vocabulary import (CANCELLED, COMPLETED, CONFIRMED, MEETING_STATUSES,
                                           PROPOSED)
from matchmaking.storage import (Database, NotFound, SlotTaken, StorageError, audit, change_status,
                                 get_event, row_by_id, utc_now, write_transaction)
from matchmaking.storage.schema import LIVE_MEETING_STATUSES, LIVE_SQL

ARRIVED = "participant.arrived"
ARRIVAL_CLEARED = "participant.arrival_cleared"

class Conflict(SlotTaken):
    """A change that would break a rule of the grid, with the reason in words.

    ``code`` and ``values`` let the console say it in the organiser's language; ``str()``
    is the English message."""

    def __init__(self, code: str, message: str, **values: Any):
        super().__init__(message, code=code, **values)


class Refused(StorageError):
    """A change the console does not allow (with ``code`` and ``values`` as Conflict)."""

    def __init__(self, code: str, message: str, **values: Any):
        super().__init__(message, code=code, **values)


# --- event settings and tables ---------------------------------------------------------------

def _one_line(text: str) -> None:
    """Table names and places end up in calendars, PDFs and terminals."""
    if breaks_the_line(text):
        raise Refused("one_line", f"{text[:40]!r} holds line breaks or control characters: "
                                  "write it on one line", text=text[:40])

def save_settings(db: Database, changes: dict[str, Any], actor: str = "organiser"
                  ) -> list[str]:
    """Merge ``changes`` into the event's settings (other keys are kept). Returns the keys
    that changed; nothing is written when none did. A value that cannot be used raises
    ``InvalidSetting`` naming the key, and nothing is written."""
    with write_transaction(db):
        row = db.execute("SELECT settings FROM event WHERE id = 1").fetchone()
        if row is None:
            raise NotFound("no event is set up yet")
        settings = json.loads(row[0])
        changed = [k for k, v in changes.items() if settings.get(k) != v]
        if not changed:
            return []
        settings.update({k: changes[k] for k in changed})
        EventSettings.from_dict(settings)  # validates every key before anything is written
        db.execute("UPDATE event SET settings = ?, updated_at = ? WHERE id = 1",
                   [json.dumps(settings, ensure_ascii=False), utc_now()])
        audit(db, actor, "event.settings_saved", "event", 1,
              {k: changes[k] for k in changed})
    return changed


def event_days(db: Database) -> list[str]:
    """The event's days (local dates), in order."""
    return [r[0] for r in db.execute("SELECT DISTINCT day FROM slots ORDER BY day")]


def meeting_status_counts(db: Database) -> dict[str, int]:
    """Meetings by status (every status present, 0 when none)."""
    counts = dict(db.execute("SELECT status, count(*) FROM meetings GROUP BY status"))
    return {status: int(counts.get(status, 0)) for status in MEETING_STATUSES}


def live_meeting_count(db: Database) -> int:
    counts = meeting_status_counts(db)
    return sum(counts[s] for s in LIVE_MEETING_STATUSES)


def table_rows(db: Database) -> list[dict[str, Any]]:
    """Tables in creation order, with their live meetings counted."""
    return list(db.query(f"""
        SELECT t.*, coalesce(c.live, 0) AS live_meetings FROM meeting_tables t
        LEFT JOIN (SELECT table_id, count(*) AS live FROM meetings WHERE status IN {LIVE_SQL}
                   GROUP BY table_id) c ON c.table_id = t.id
        ORDER BY t.id"""))


def add_tables(db: Database, names: Iterable[str], *, capacity: int = 2, location: str = "",
               actor: str = "organiser") -> tuple[list[str], list[str]]:
    """Create the tables whose names do not exist yet: (created, already there)."""
    names = [n.strip() for n in names if n.strip()]
    for text in [*names, location]:
        _one_line(text)
    if capacity < 2:
        raise Refused("capacity", "a table seats at least 2 people", capacity=capacity)
    with write_transaction(db):
        existing = {r[0] for r in db.execute("SELECT name FROM meeting_tables")}
        created = [n for n in dict.fromkeys(names) if n not in existing]
        db.conn.executemany("INSERT INTO meeting_tables (name, capacity, location) "
                            "VALUES (?, ?, ?)", [(n, capacity, location.strip())
                                                 for n in created])
        if created:
            audit(db, actor, "tables.created", "meeting_tables", "",
                  {"names": created, "capacity": capacity, "location": location})
    return created, [n for n in names if n in existing]


def update_table(db: Database, table_id: int, *, name: str | None = None,
                 capacity: int | None = None, location: str | None = None,
                 active: bool | None = None, actor: str = "organiser") -> list[str]:
    """Rename a table, change its capacity or location, (de)activate it. A table with live
    meetings cannot be deactivated (move or cancel them first). Returns what changed."""
    with write_transaction(db):
        table = row_by_id(db, "meeting_tables", table_id)
        wanted = {"name": name.strip() if name is not None else None, "capacity": capacity,
                  "location": location.strip() if location is not None else None,
                  "active": None if active is None else int(active)}
        changes = {k: v for k, v in wanted.items() if v is not None and table[k] != v}
        if not changes:
            return []
        if "name" in changes and not changes["name"]:
            raise Refused("table_name_empty", "a table needs a name")
        for key in ("name", "location"):
            if key in changes:
                _one_line(changes[key])
        if "capacity" in changes and changes["capacity"] < 2:
            raise Refused("capacity", "a table seats at least 2 people",
                          capacity=changes["capacity"])
        if changes.get("active") == 0:
            live = db.execute(f"SELECT count(*) FROM meetings WHERE table_id = ? AND status "
                              f"IN {LIVE_SQL}", [table_id]).fetchone()[0]
            if live:
                raise Refused("table_busy", f"table {table['name']} still has {live} live "
                                            "meetings: move or cancel them first",
                              table=table["name"], count=live)
        try:
            db["meeting_tables"].update(table_id, changes)
        except sqlite3.IntegrityError:
            raise Refused("table_name_taken", f"a table named {changes.get('name')!r} already "
                                              "exists", name=changes.get("name")) from None
        audit(db, actor, "table.updated", "meeting_table", table_id,
              {"before": {k: table[k] for k in changes}, "after": changes})
    return list(changes)


# --- participants ----------------------------------------------------------------------------

def participant_row(db: Database, participant_id: int) -> dict[str, Any]:
    return row_by_id(db, "participants", participant_id)


def update_participant(db: Database, participant_id: int, values: dict[str, Any],
                       actor: str = "organiser") -> list[str]:
    """Write validated canonical values (lists as lists) of one participant; returns the
    columns that changed. The e-mail, the key of re-imports, is not changed here."""
    values = {k: v for k, v in values.items() if k != "email"}
    encoded = {k: (json.dumps(v, ensure_ascii=False) if k in LIST_FIELDS else
                   int(v) if isinstance(v, bool) else v) for k, v in values.items()}
    with write_transaction(db):
        current = participant_row(db, participant_id)
        changed = [k for k, v in encoded.items() if current.get(k) != v]
        if not changed:
            return []
        db["participants"].update(participant_id, {**{k: encoded[k] for k in changed},
                                                   "updated_at": utc_now()})
        audit(db, actor, "participant.edited", "participant", participant_id,
              {"columns": changed})
    return changed


def set_participant_active(db: Database, participant_id: int, active: bool, *,
                           cancel_meetings: bool = True, reason: str = "",
                           actor: str = "organiser") -> int:
    """(De)activate a participant. Deactivating cancels their live meetings (unless
    ``cancel_meetings`` is False); returns how many were cancelled."""
    now = utc_now()
    with write_transaction(db):
        current = participant_row(db, participant_id)
        cancelled = 0
        if not active and cancel_meetings:
            ids = [r[0] for r in db.execute(
                f"SELECT id FROM meetings WHERE status IN {LIVE_SQL} AND status <> ? "
                "AND (participant_a = ? OR participant_b = ?)",
                [COMPLETED, participant_id, participant_id])]
            for meeting_id in ids:
                change_status(db, meeting_id, CANCELLED, now=now,
                              reason=reason or "participant withdrawn")
            cancelled = len(ids)
        else:
            ids = []
        if bool(current["active"]) == active and not cancelled:
            return 0
        db.execute("UPDATE participants SET active = ?, updated_at = ? WHERE id = ?",
                   [int(active), now, participant_id])
        audit(db, actor, "participant.activated" if active else "participant.deactivated",
              "participant", participant_id, {"meetings_cancelled": ids,
                                              "reason": reason})
    return cancelled


# --- meetings on the grid --------------------------------------------------------------------

def slot_row(db: Database, slot_id: int) -> dict[str, Any]:
    return row_by_id(db, "slots", slot_id)


def table_row(db: Database, table_id: int) -> dict[str, Any]:
    return row_by_id(db, "meeting_tables", table_id)


def _meeting(db: Database, meeting_id: int) -> dict[str, Any]:
    rows = list(db.query("""
        SELECT m.*, a.organisation AS a_organisation, b.organisation AS b_organisation
        FROM meetings m JOIN participants a ON a.id = m.participant_a
        JOIN participants b ON b.id = m.participant_b WHERE m.id = ?""", [meeting_id]))
    if not rows:
        raise NotFound(f"no meeting {meeting_id}")
    return rows[0]


def _time(db: Database, slot: dict[str, Any]) -> str:
    event = get_event(db)
    zone = event["timezone"] if event else "Africa/Casablanca"
    return f"{slot['day']} {local(slot['start_utc'], zone):%H:%M}"


def meeting_at(db: Database, slot_id: int, table_id: int) -> dict[str, Any] | None:
    """The live meeting at a table in a slot, if any."""
    row = db.execute(f"SELECT id FROM meetings WHERE slot_id = ? AND table_id = ? AND status "
                     f"IN {LIVE_SQL}", [slot_id, table_id]).fetchone()
    return _meeting(db, row[0]) if row else None


def _check_place(db: Database, meeting: dict[str, Any], slot: dict[str, Any],
                 table: dict[str, Any], ignore: tuple[int, ...]) -> None:
    """Raise Conflict if ``meeting`` cannot take place at ``table`` in ``slot`` (the
    meetings in ``ignore`` are the ones being moved, so they do not count)."""
    when = _time(db, slot)
    if slot["kind"] != "meeting":
        raise Conflict("break", f"{when} is a break, not a meeting slot", when=when)
    if not table["active"]:
        raise Conflict("table_inactive", f"table {table['name']} is not in use",
                       table=table["name"])
    skip = ", ".join(str(i) for i in ignore) or "0"
    other = list(db.query(f"""
        SELECT m.id, a.organisation AS a_org, b.organisation AS b_org FROM meetings m
        JOIN participants a ON a.id = m.participant_a JOIN participants b
        ON b.id = m.participant_b WHERE m.slot_id = ? AND m.table_id = ?
        AND m.status IN {LIVE_SQL} AND m.id NOT IN ({skip})""", [slot["id"], table["id"]]))
    if other:
        raise Conflict("table_taken", f"table {table['name']} is taken at {when} by "
                                      f"{other[0]['a_org']} and {other[0]['b_org']}: swap the "
                                      "two meetings instead", table=table["name"], when=when,
                       a=other[0]["a_org"], b=other[0]["b_org"])
    for person, name in ((meeting["participant_a"], meeting["a_organisation"]),
                         (meeting["participant_b"], meeting["b_organisation"])):
        busy = list(db.query(f"""
            SELECT t.name AS table_name FROM meeting_seats s JOIN meetings m ON m.id =
            s.meeting_id JOIN meeting_tables t ON t.id = m.table_id WHERE s.slot_id = ?
            AND s.participant_id = ? AND s.live = 1 AND s.meeting_id NOT IN ({skip})""",
                             [slot["id"], person]))
        if busy:
            raise Conflict("person_busy", f"{name} already has a meeting at {when} (table "
                                          f"{busy[0]['table_name']})", who=name, when=when,
                           table=busy[0]["table_name"])
        if db.execute("SELECT 1 FROM availability WHERE participant_id = ? AND slot_id = ? "
                      "AND available = 0", [person, slot["id"]]).fetchone():
            raise Conflict("person_unavailable", f"{name} is not available at {when}",
                           who=name, when=when)


def _movable(meeting: dict[str, Any]) -> None:
    if meeting["status"] not in LIVE_MEETING_STATUSES:
        raise Refused("not_live", f"meeting {meeting['id']} is {meeting['status']}: only live "
                                  "meetings can be moved", id=meeting["id"],
                      status=meeting["status"])
    if meeting["locked"]:
        raise Refused("locked", f"meeting {meeting['id']} is locked: unlock it first",
                      id=meeting["id"])


def move_meeting(db: Database, meeting_id: int, slot_id: int, table_id: int,
                 actor: str = "organiser") -> dict[str, Any]:
    """Move a live, unlocked meeting to another slot and/or table, if both people and the
    table are free there. Moving it where it already is changes nothing."""
    with write_transaction(db):
        meeting = _meeting(db, meeting_id)
        if (meeting["slot_id"], meeting["table_id"]) == (slot_id, table_id):
            return meeting
        _movable(meeting)
        slot, table = slot_row(db, slot_id), table_row(db, table_id)
        _check_place(db, meeting, slot, table, ignore=(meeting_id,))
        try:
            db.execute("UPDATE meetings SET slot_id = ?, table_id = ?, updated_at = ? "
                       "WHERE id = ?", [slot_id, table_id, utc_now(), meeting_id])
        except sqlite3.IntegrityError as error:  # a racing writer took the place
            raise Conflict("race", f"that place was just taken ({error}): look again",
                           error=str(error)) from None
        audit(db, actor, "meeting.moved", "meeting", meeting_id,
              {"from": {"slot": meeting["slot_id"], "table": meeting["table_id"]},
               "to": {"slot": slot_id, "table": table_id}})
        return _meeting(db, meeting_id)


def swap_meetings(db: Database, first_id: int, second_id: int, actor: str = "organiser"
                  ) -> tuple[dict[str, Any], dict[str, Any]]:
    """Exchange the places (slot and table) of two live, unlocked meetings."""
    if first_id == second_id:
        raise Refused("same_meeting", "choose two different meetings")
    with write_transaction(db):
        first, second = _meeting(db, first_id), _meeting(db, second_id)
        _movable(first)
        _movable(second)
        places = {first_id: (second["slot_id"], second["table_id"]),
                  second_id: (first["slot_id"], first["table_id"])}
        ignore = (first_id, second_id)
        for meeting in (first, second):
            slot_id, table_id = places[meeting["id"]]
            _check_place(db, meeting, slot_row(db, slot_id), table_row(db, table_id), ignore)
        now = utc_now()
        try:
            # Taken out of the live schedule for a moment (inside this transaction, so no
            # one else sees it), so that the unique indexes allow the exchange.
            # Not a change of status (it is put back below), hence not through the door.
            db.execute("UPDATE meetings SET status = ? WHERE id = ?", [CANCELLED, first_id])
            db.execute("UPDATE meetings SET slot_id = ?, table_id = ?, updated_at = ? "
                       "WHERE id = ?", [*places[second_id], now, second_id])
            db.execute("UPDATE meetings SET slot_id = ?, table_id = ?, status = ?, "
                       "updated_at = ? WHERE id = ?",
                       [*places[first_id], first["status"], now, first_id])
        except sqlite3.IntegrityError as error:
            raise Conflict("race", f"that place was just taken ({error}): look again",
                           error=str(error)) from None
        audit(db, actor, "meeting.swapped", "meeting", first_id,
              {"with": second_id, "first_to": places[first_id],
               "second_to": places[second_id]})
        return _meeting(db, first_id), _meeting(db, second_id)


def set_locked(db: Database, meeting_id: int, locked: bool, actor: str = "organiser"
               ) -> dict[str, Any]:
    """Lock a meeting (the scheduler keeps it where it is) or unlock it."""
    with write_transaction(db):
        meeting = _meeting(db, meeting_id)
        if bool(meeting["locked"]) == locked:
            return meeting
        if locked and meeting["status"] not in LIVE_MEETING_STATUSES:
            raise Refused("not_live", f"meeting {meeting_id} is {meeting['status']}: only "
                                      "live meetings can be locked", id=meeting_id,
                          status=meeting["status"])
        db.execute("UPDATE meetings SET locked = ?, updated_at = ? WHERE id = ?",
                   [int(locked), utc_now(), meeting_id])
        audit(db, actor, "meeting.locked" if locked else "meeting.unlocked", "meeting",
              meeting_id)
        return _meeting(db, meeting_id)


def publish_proposals(db: Database, actor: str = "organiser") -> int:
    """Confirm every proposed meeting (the organiser decides instead of the double opt-in).
    Returns how many were confirmed; publishing again confirms nothing more."""
    with write_transaction(db):
        ids = [r[0] for r in db.execute("SELECT id FROM meetings WHERE status = ?",
                                        [PROPOSED])]
        if not ids:
            return 0
        now = utc_now()
        for meeting_id in ids:
            change_status(db, meeting_id, CONFIRMED, now=now)
        audit(db, actor, "meetings.published", "meetings", "",
              {"count": len(ids), "meetings": ids})
    return len(ids)


# --- check-in --------------------------------------------------------------------------------

def arrivals(db: Database, day: str | None = None) -> dict[tuple[int, str], str]:
    """(participant, day) -> when they were checked in, for those checked in now."""
    state: dict[tuple[int, str], str | None] = {}
    for entity_id, action, at, details in db.execute(
            "SELECT entity_id, action, at, details FROM audit_log WHERE action IN (?, ?) "
            "ORDER BY id", [ARRIVED, ARRIVAL_CLEARED]):
        which = json.loads(details).get("day", "")
        if day is not None and which != day:
            continue
        state[(int(entity_id), which)] = at if action == ARRIVED else None
    return {k: v for k, v in state.items() if v is not None}


def set_arrival(db: Database, participant_id: int, day: str, arrived: bool = True,
                actor: str = "organiser") -> bool:
    """Check a participant in for a day (or undo it). Returns False when nothing changed."""
    with write_transaction(db):
        participant_row(db, participant_id)
        if not db.execute("SELECT 1 FROM slots WHERE day = ?", [day]).fetchone():
            raise Refused("no_such_day", f"{day} is not a day of the event", day=day)
        last = db.execute("SELECT action FROM audit_log WHERE action IN (?, ?) AND entity = "
                          "'participant' AND entity_id = ? AND json_extract(details, '$.day') "
                          "= ? ORDER BY id DESC LIMIT 1",
                          [ARRIVED, ARRIVAL_CLEARED, str(participant_id), day]).fetchone()
        if (last is not None and last[0] == ARRIVED) == arrived:
            return False
        audit(db, actor, ARRIVED if arrived else ARRIVAL_CLEARED, "participant",
              participant_id, {"day": day})
    return True


# --- rows for the grid, the analytics and the reports -----------------------------------------

MEETING_COLUMNS = """m.id, m.status, m.source, m.locked, m.reason, m.slot_id, m.table_id,
    m.participant_a, m.participant_b, m.updated_at, s.day, s.start_utc, s.end_utc,
    t.name AS table_name, t.location AS table_location,
    a.organisation AS a_organisation, a.kind AS a_kind, a.email AS a_email,
    b.organisation AS b_organisation, b.kind AS b_kind, b.email AS b_email"""


def meeting_rows(db: Database, *, day: str | None = None, participant_id: int | None = None,
                 table_id: int | None = None) -> list[dict[str, Any]]:
    """Meetings (every status) with their slot, table and both organisations."""
    clauses, params = [], []
    if day is not None:
        clauses.append("s.day = ?")
        params.append(day)
    if participant_id is not None:
        clauses.append("(m.participant_a = ? OR m.participant_b = ?)")
        params += [participant_id, participant_id]
    if table_id is not None:
        clauses.append("m.table_id = ?")
        params.append(table_id)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    return list(db.query(f"""
        SELECT {MEETING_COLUMNS} FROM meetings m JOIN slots s ON s.id = m.slot_id
        JOIN meeting_tables t ON t.id = m.table_id
        JOIN participants a ON a.id = m.participant_a
        JOIN participants b ON b.id = m.participant_b
        {where} ORDER BY s.start_utc, t.name, m.id""", params))


def participant_rows(db: Database) -> list[dict[str, Any]]:
    """What the console's lists and figures need of every participant (sectors decoded)."""
    rows = []
    for row in db.query("SELECT id, kind, organisation, email, contact_name, sectors, active, "
                        "consent FROM participants ORDER BY id"):
        row["sectors"] = json.loads(row["sectors"])
        row["active"], row["consent"] = bool(row["active"]), bool(row["consent"])
        rows.append(row)
    return rows


def request_rows(db: Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT id, requester_id, recipient_id, status, created_at, "
                         "updated_at FROM meeting_requests ORDER BY id"))


def feedback_rows(db: Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT f.meeting_id, f.participant_id, f.rating, f.took_place "
                         "FROM feedback f ORDER BY f.id"))


def scheduler_runs(db: Database, limit: int = 10, kind: str | None = None
                   ) -> list[dict[str, Any]]:
    """The latest scheduler runs (of ``kind``: schedule or replan), newest first, with their
    reports decoded."""
    where, params = ("WHERE kind = ?", [kind]) if kind else ("", [])
    rows = list(db.query(f"SELECT * FROM scheduler_runs {where} ORDER BY id DESC LIMIT ?",
                         [*params, limit]))
    for row in rows:
        row["report"] = json.loads(row["report"])
    return rows


def cancelled_since_last_run(db: Database, day: str, after_start: str) -> list[int]:
    """Meetings cancelled one by one (by the organisers or a participant) since the last
    scheduler run or re-plan, later than ``after_start`` on ``day``: a re-plan can fill
    their places. What a run cancels itself is not counted."""
    last = db.execute("SELECT coalesce(max(id), 0) FROM audit_log WHERE action IN "
                      "('scheduler.published', 'scheduler.replanned')").fetchone()[0]
    return [r[0] for r in db.execute(
        "SELECT m.id FROM meetings m JOIN slots s ON s.id = m.slot_id WHERE m.status = ? "
        "AND s.day = ? AND s.start_utc > ? AND EXISTS (SELECT 1 FROM audit_log a "
        "WHERE a.action = 'meeting.cancelled' AND a.entity = 'meeting' AND a.entity_id = "
        "CAST(m.id AS TEXT) AND a.id > ?) ORDER BY m.id", [CANCELLED, day, after_start, last])]
