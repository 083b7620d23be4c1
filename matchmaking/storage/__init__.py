"""The event database: connections, transactions, migrations and the queries the services
need. With ``migrations`` this is the only module that touches SQLite.

A connection is never used by two threads at once: Streamlit runs each session in its own
thread, and a shared connection double-booked under load. ``ConnectionPool`` lends each
one to a single borrower at a time (opening one costs more than a page's queries). Every
read-modify-write runs in ``BEGIN IMMEDIATE`` (a plain ``BEGIN`` fails with "database is
locked" when another writer commits in between), and the schema's unique indexes are the
last line of defence.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
from sqlite_utils import Database

from matchmaking.domain.event import EventConfig, Slot
from matchmaking.domain.importing import Registrations
from matchmaking.domain.profiles import CANONICAL_FIELDS, LIST_FIELDS, Participant, normalise_email
from matchmaking.domain.timezones import to_utc_text
from matchmaking.domain.vocabulary import (ACCEPTED, CONFIRMED, DECLINED, LIVE_MEETING_STATUSES,
                                           MEETING_TRANSITIONS, PENDING)
from matchmaking.storage.schema import LATEST_VERSION, MIGRATIONS

BUSY_TIMEOUT_SECONDS = 15.0
SYSTEM_ACTOR = "system"


# What the database library raises on a broken or locked file, for callers that report it.
DatabaseError = sqlite3.Error


class StorageError(Exception):
    """A database problem said in words a user can act on. ``code`` (with ``values``) says
    which one, so that an interface can say it in its own language without reading the
    English message; None for problems no interface explains."""

    def __init__(self, message: str = "", *, code: str | None = None, **values: Any):
        super().__init__(message)
        self.code = code
        self.values = values


class SlotTaken(StorageError):
    """The person or the table already has a live meeting in that slot."""


class NotFound(StorageError):
    pass


# what a missing row is called in NotFound's message, by table
_ROW_NAMES = {"participants": "participant", "meetings": "meeting", "slots": "slot",
              "meeting_tables": "table", "meeting_requests": "meeting request",
              "meeting_changes": "proposed new time"}


def row_by_id(db: Database, table: str, row_id: int) -> dict[str, Any]:
    """One row of ``table`` by its id, as stored; NotFound naming what is missing."""
    name = _ROW_NAMES[table]  # a known table only: its name goes into the SQL
    rows = list(db.query(f"SELECT * FROM {table} WHERE id = ?", [row_id]))
    if not rows:
        raise NotFound(f"no {name} {row_id}")
    return rows[0]


class InvalidTransition(StorageError):
    """A meeting status change the transition table does not allow."""


def change_status(db: Database, meeting_id: int, status: str, *, now: str,
                  reason: str | None = None, only_from: Iterable[str] | None = None,
                  superseded: bool = False) -> str:
    """The one door a meeting's status goes through (inside the caller's transaction): the
    change must be in ``MEETING_TRANSITIONS``, else it is refused with the code
    ``meeting_state``. Returns the previous status (unchanged when it already is
    ``status``, or is not one of ``only_from`` when given: someone answered meanwhile).
    ``superseded``: the rules ended it (a newer run, a full cap), not anyone's no, so the
    pair may be proposed again."""
    row = db.execute("SELECT status FROM meetings WHERE id = ?", [meeting_id]).fetchone()
    if row is None:
        raise NotFound(f"no meeting {meeting_id}")
    old = row[0]
    if old == status or (only_from is not None and old not in set(only_from)):
        return old
    if status not in MEETING_TRANSITIONS[old]:
        raise InvalidTransition(f"a {old} meeting cannot become {status}",
                                code="meeting_state", status=old)
    db.execute("UPDATE meetings SET status = ?, reason = coalesce(?, reason), updated_at = ?, "
               "superseded = ? WHERE id = ?", [status, reason, now, int(superseded), meeting_id])
    return old


def marks(values: Iterable[Any]) -> str:
    """``(?, ?, …)``, one placeholder per value, for ``IN`` lists passed as parameters."""
    return "(" + ", ".join("?" for _ in values) + ")"


def utc_now() -> str:
    return to_utc_text(datetime.now(timezone.utc))


def connect(path: str | Path, *, lent_across_threads: bool = False) -> Database:
    """A new connection (one per thread, or lent by a ``ConnectionPool`` to one thread at a
    time): WAL, busy timeout, foreign keys."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise StorageError(f"folder {path.parent} does not exist")
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS,
                           check_same_thread=not lent_across_threads)
    db = Database(conn)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    return db


def open_database(path: str | Path, *, create: bool = True) -> Database:
    """Connect and bring the schema up to date."""
    path = Path(path)
    if not create and not path.exists():
        raise StorageError(f"no database at {path}: run 'matchmaking init' first")
    db = connect(path)
    migrate(db)
    return db


class ConnectionPool:
    """Open, migrated connections to one database file, each lent to one borrower at a
    time (``borrow``) and taken back clean: a transaction left open is rolled back. Up to
    ``keep`` idle ones are kept; more borrowers at once get more connections. If the file is
    replaced (a restore, a new ``init``), connections to the old one are dropped."""

    def __init__(self, path: str | Path, *, keep: int = 8):
        import threading

        self.path = Path(path)
        self.keep = keep
        self._lock = threading.Lock()
        self._idle: list[Database] = []
        self._file: tuple[int, int] | None = None

    def _current_file(self) -> tuple[int, int]:
        try:
            found = self.path.stat()
        except FileNotFoundError:
            raise StorageError(f"no database at {self.path}: run 'matchmaking init' first") \
                from None
        return found.st_dev, found.st_ino

    @contextmanager
    def borrow(self) -> Iterator[Database]:
        file = self._current_file()
        with self._lock:
            if file != self._file:
                stale, self._idle, self._file = self._idle, [], file
            else:
                stale = []
            db = self._idle.pop() if self._idle else None
        for old in stale:
            old.close()
        if db is None:
            db = connect(self.path, lent_across_threads=True)
            migrate(db)
        try:
            yield db
        finally:
            self._take_back(db, file)

    def _take_back(self, db: Database, file: tuple[int, int]) -> None:
        try:
            if db.conn.in_transaction:
                db.conn.rollback()
        except sqlite3.Error:
            db.close()
            return
        with self._lock:
            if file == self._file and len(self._idle) < self.keep:
                self._idle.append(db)
                return
        db.close()

    def close(self) -> None:
        """Close the idle connections; those lent out are closed when they come back."""
        with self._lock:
            idle, self._idle, self._file = self._idle, [], None
        for db in idle:
            db.close()


@contextmanager
def write_transaction(db: Database, *, commit: bool = True) -> Iterator[Database]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: take the write lock before reading, so the reads a
    decision is based on cannot be changed by another writer before it is written.
    With ``commit=False`` everything is rolled back at the end (dry runs)."""
    conn = db.conn
    if conn.in_transaction:
        raise StorageError("a write transaction is already open on this connection")
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT" if commit else "ROLLBACK")


def schema_version(db: Database) -> int:
    if "schema_migrations" not in db.table_names():
        return 0
    return db.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]


def migrate(db: Database) -> list[int]:
    """Apply the migrations this database lacks, each in its own transaction."""
    applied: list[int] = []
    if schema_version(db) == LATEST_VERSION:  # the common case: no write lock taken
        return applied
    with write_transaction(db):
        db.execute("""CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)""")
    current = schema_version(db)
    if current > LATEST_VERSION:
        raise StorageError(f"the database is at schema version {current}, newer than this "
                           f"program knows ({LATEST_VERSION}): upgrade matchmaking")
    for version, (name, statements) in enumerate(MIGRATIONS, 1):
        if version <= current:
            continue
        with write_transaction(db):
            if schema_version(db) >= version:  # another process got there first
                continue
            for statement in statements:
                db.execute(statement)
            db.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)",
                       [version, name, utc_now()])
            audit(db, SYSTEM_ACTOR, "schema.migrated", "schema", str(version), {"name": name})
        applied.append(version)
    return applied


def audit(db: Database, actor: str, action: str, entity: str, entity_id: Any = "",
          details: dict[str, Any] | None = None) -> None:
    """Append to the audit log (call inside the transaction that makes the change)."""
    db.execute("INSERT INTO audit_log (at, actor, action, entity, entity_id, details) "
               "VALUES (?, ?, ?, ?, ?, ?)",
               [utc_now(), actor, action, entity, str(entity_id),
                json.dumps(details or {}, ensure_ascii=False, default=str)])


# --- event, slots, tables ----------------------------------------------------------------

def save_event(db: Database, config: EventConfig, slots: list[Slot],
               actor: str = SYSTEM_ACTOR) -> None:
    """Create or replace the event set-up. Slots and tables are replaced only while no
    meeting uses them: once meetings exist, moving the ground under them is refused."""
    days = [{"date": d.date.isoformat(), "opens": d.opens.strftime("%H:%M"),
             "closes": d.closes.strftime("%H:%M"),
             "breaks": [{"start": b.start.strftime("%H:%M"), "end": b.end.strftime("%H:%M"),
                         "label": b.label} for b in d.breaks]} for d in config.days]
    now = utc_now()
    with write_transaction(db):
        row = {"id": 1, "name": config.name, "venue": config.venue, "city": config.city,
               "timezone": config.timezone, "slot_minutes": config.slot_minutes,
               "days": json.dumps(days, ensure_ascii=False),
               "settings": json.dumps(config.settings, ensure_ascii=False),
               "updated_at": now}
        existing = db.execute("SELECT created_at FROM event WHERE id = 1").fetchone()
        row["created_at"] = existing[0] if existing else now
        if not existing:  # kept for the event's life: calendar UIDs are made from it
            row["uid"] = secrets.token_hex(16)
        db["event"].upsert(row, pk="id")
        wanted_slots = [(s.day.isoformat(), s.start_utc, s.end_utc, s.kind, s.label)
                        for s in slots]
        current_slots = db.execute(
            "SELECT day, start_utc, end_utc, kind, label FROM slots ORDER BY start_utc"
        ).fetchall()
        wanted_tables = [(t.name, t.capacity, t.location) for t in config.tables]
        current_tables = db.execute(
            "SELECT name, capacity, location FROM meeting_tables ORDER BY id").fetchall()
        changed = current_slots != wanted_slots or current_tables != wanted_tables
        if changed and db.execute("SELECT count(*) FROM meetings").fetchone()[0]:
            raise StorageError("meetings already exist: slots and tables can no longer be "
                               "replaced wholesale (edit them one by one instead)")
        if current_slots != wanted_slots:
            db.execute("DELETE FROM availability")
            db.execute("DELETE FROM slots")
            db["slots"].insert_all(
                [dict(zip(("day", "start_utc", "end_utc", "kind", "label"), s))
                 for s in wanted_slots])
        if current_tables != wanted_tables:
            db.execute("DELETE FROM meeting_tables")
            db["meeting_tables"].insert_all(
                [{"name": n, "capacity": c, "location": loc} for n, c, loc in wanted_tables])
        audit(db, actor, "event.saved", "event", 1,
              {"name": config.name, "slots": len(slots), "tables": len(config.tables),
               "slots_replaced": current_slots != wanted_slots,
               "tables_replaced": current_tables != wanted_tables})


def get_event(db: Database) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM event WHERE id = 1"))
    if not rows:
        return None
    event = rows[0]
    event["days"] = json.loads(event["days"])
    event["settings"] = json.loads(event["settings"])
    return event


def list_slots(db: Database, kind: str | None = None) -> list[dict[str, Any]]:
    where, params = ("WHERE kind = ?", [kind]) if kind else ("", [])
    return list(db.query(f"SELECT * FROM slots {where} ORDER BY start_utc", params))


def list_tables(db: Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM meeting_tables ORDER BY name"))


# --- participants ------------------------------------------------------------------------

def _to_row(participant: Participant, columns: frozenset[str] | tuple[str, ...]) -> dict:
    values = participant.to_dict()
    row = {}
    for column in columns:
        value = values[column]
        if column in LIST_FIELDS:
            value = json.dumps(value, ensure_ascii=False)
        elif column == "consent":
            value = int(value)
        row[column] = value
    return row


def participant_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """A participants row with its JSON lists decoded."""
    out = dict(row)
    for column in LIST_FIELDS:
        if isinstance(out.get(column), str):
            out[column] = json.loads(out[column])
    for column in ("consent", "active"):
        if column in out and out[column] is not None:
            out[column] = bool(out[column])
    out.pop("access_code_hash", None)
    return out


@dataclass
class ImportReport:
    file: str
    created: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)  # email -> changed columns
    unchanged: list[str] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        return (f"{self.file}: {verb} {len(self.created)} new, {len(self.updated)} updated, "
                f"{len(self.unchanged)} unchanged")


def apply_registrations(db: Database, registrations: Registrations, *, dry_run: bool = False,
                        actor: str = SYSTEM_ACTOR) -> ImportReport:
    """Create or update participants by e-mail in ONE transaction: all or nothing.

    Only the columns present in the file are updated, so a partial re-import never wipes
    what other columns hold. A dry run computes the same report and rolls back.
    """
    report = ImportReport(file=registrations.file, dry_run=dry_run)
    columns = tuple(c for c in CANONICAL_FIELDS if c in registrations.columns or c in
                    ("kind", "organisation", "email"))
    now = utc_now()
    with write_transaction(db, commit=not dry_run):
        existing = {r["email"]: r for r in db.query(
            f"SELECT id, {', '.join(columns)} FROM participants")}
        new_rows = []
        for participant in registrations.participants:
            row = _to_row(participant, columns)
            old = existing.get(participant.email)
            if old is None:
                full = _to_row(participant, CANONICAL_FIELDS)
                new_rows.append({**full, "created_at": now, "updated_at": now})
                report.created.append(participant.email)
                continue
            changed = [c for c in columns if old[c] != row[c]]
            if not changed:
                report.unchanged.append(participant.email)
                continue
            report.updated[participant.email] = changed
            db["participants"].update(old["id"], {**{c: row[c] for c in changed},
                                                  "updated_at": now})
        if new_rows:
            db["participants"].insert_all(new_rows, batch_size=500)
        audit(db, actor, "participants.imported", "participants", "",
              {"file": registrations.file, "created": len(report.created),
               "updated": report.updated, "unchanged": len(report.unchanged)})
    return report


def count_with_profile_text(db: Database, emails: list[str]) -> int:
    """How many of these participants have some profile text (about, looking for,
    offering, portfolio)."""
    total = 0
    for start in range(0, len(emails), 500):  # SQLite's limit on parameters
        chunk = emails[start:start + 500]
        total += db.execute(
            f"SELECT count(*) FROM participants WHERE email IN {marks(chunk)} AND "
            "(about != '' OR looking_for != '' OR offering != '' OR portfolio != '')",
            chunk).fetchone()[0]
    return total


def list_participants(db: Database, *, kind: str | None = None, search: str | None = None,
                      sector: str | None = None, include_inactive: bool = False
                      ) -> list[dict[str, Any]]:
    clauses, params = [], []
    if kind:
        clauses.append("kind = ?")
        params.append(kind)
    if not include_inactive:
        clauses.append("active = 1")
    if sector:
        clauses.append("EXISTS (SELECT 1 FROM json_each(participants.sectors) WHERE value = ?)")
        params.append(sector)
    if search:
        clauses.append("(organisation LIKE ? OR contact_name LIKE ? OR email LIKE ? "
                       "OR about LIKE ? OR looking_for LIKE ? OR offering LIKE ? "
                       "OR portfolio LIKE ?)")
        params += [f"%{search}%"] * 7
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    return [participant_from_row(r) for r in db.query(
        f"SELECT * FROM participants {where} ORDER BY kind, organisation, email", params)]


def participants_by_ids(db: Database, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Participants by id (missing ids are absent from the result)."""
    if not ids:
        return {}
    return {r["id"]: participant_from_row(r) for r in db.query(
        f"SELECT * FROM participants WHERE id IN ({', '.join('?' * len(ids))})", list(ids))}


def get_participant(db: Database, email: str) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM participants WHERE email = ?", [normalise_email(email)]))
    if not rows:
        raise NotFound(f"no participant with e-mail {email.strip()!r}")
    return participant_from_row(rows[0])


def count_rows(db: Database, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]


# --- meetings ----------------------------------------------------------------------------

def book_meeting(db: Database, participant_a: int, participant_b: int, slot_id: int,
                 table_id: int, *, status: str = CONFIRMED, source: str = "organiser",
                 actor: str = SYSTEM_ACTOR) -> int:
    """Book a meeting, or raise SlotTaken if either person or the table is already busy.

    The checks here give the precise message; the schema's unique indexes make the rule
    hold even against a writer that skips them.
    """
    if status not in LIVE_MEETING_STATUSES:
        raise ValueError(f"a new meeting must be live, not {status!r}")
    now = utc_now()
    with write_transaction(db):
        slot = db.execute("SELECT kind FROM slots WHERE id = ?", [slot_id]).fetchone()
        if slot is None:
            raise NotFound(f"no slot {slot_id}")
        if slot[0] != "meeting":
            raise StorageError(f"slot {slot_id} is a break")
        busy = db.execute(
            "SELECT participant_id FROM meeting_seats WHERE slot_id = ? AND live = 1 "
            "AND participant_id IN (?, ?)", [slot_id, participant_a, participant_b]).fetchall()
        if busy:
            raise SlotTaken(f"participant {busy[0][0]} already has a meeting in slot {slot_id}")
        placeholders = ", ".join("?" * len(LIVE_MEETING_STATUSES))
        if db.execute(f"SELECT 1 FROM meetings WHERE slot_id = ? AND table_id = ? AND status "
                      f"IN ({placeholders})",
                      [slot_id, table_id, *LIVE_MEETING_STATUSES]).fetchone():
            raise SlotTaken(f"table {table_id} is taken in slot {slot_id}")
        try:
            meeting_id = insert_meeting(db, slot_id=slot_id, table_id=table_id,
                                        participant_a=participant_a,
                                        participant_b=participant_b, status=status,
                                        source=source, now=now)
        except sqlite3.IntegrityError as error:
            raise SlotTaken(f"cannot book slot {slot_id} at table {table_id}: {error}") from None
        audit(db, actor, "meeting.booked", "meeting", meeting_id,
              {"slot_id": slot_id, "table_id": table_id, "participants": [participant_a,
                                                                          participant_b],
               "status": status, "source": source})
    return meeting_id


def all_meetings(db: Database) -> list[dict[str, Any]]:
    """Every meeting row, whatever its status."""
    return list(db.query("SELECT * FROM meetings"))


def pending_request_pairs(db: Database) -> list[tuple[int, int]]:
    """(requester, recipient) of every pending meeting request."""
    return [(r[0], r[1]) for r in db.execute(
        "SELECT requester_id, recipient_id FROM meeting_requests WHERE status = ?", [PENDING])]


def unavailable_slots(db: Database) -> set[tuple[int, int]]:
    """(participant, slot) pairs a participant marked as not available."""
    return {(r[0], r[1]) for r in db.execute(
        "SELECT participant_id, slot_id FROM availability WHERE available = 0")}


def insert_meeting(db: Database, *, slot_id: int, table_id: int, participant_a: int,
                   participant_b: int, status: str, source: str, now: str,
                   run_id: int | None = None) -> int:
    """A new meeting row (inside the caller's transaction; the schema's indexes refuse a
    double booking). Returns its id."""
    cursor = db.execute(
        "INSERT INTO meetings (slot_id, table_id, participant_a, participant_b, status, "
        "source, run_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [slot_id, table_id, participant_a, participant_b, status, source, run_id, now, now])
    return int(cursor.lastrowid)


def live_meetings(db: Database) -> list[dict[str, Any]]:
    return list(db.query(f"SELECT * FROM meetings WHERE status IN {marks(LIVE_MEETING_STATUSES)} "
                         "ORDER BY id", list(LIVE_MEETING_STATUSES)))


def backup(db: Database, target: str | Path) -> Path:
    """A consistent copy of the live database (SQLite's online backup API)."""
    target = Path(target)
    if target.exists():
        raise StorageError(f"{target} already exists: choose a new file name")
    if not target.parent.exists():
        raise StorageError(f"folder {target.parent} does not exist")
    destination = sqlite3.connect(str(target))
    try:
        db.conn.backup(destination)
    finally:
        destination.close()
    return target


# --- embedding cache ------------------------------------------------------------------------

def embedding_hashes(db: Database, model: str) -> dict[tuple[int, str], str]:
    """What the cache holds for a model: (participant, field) -> content hash."""
    return {(r[0], r[1]): r[2] for r in db.execute(
        "SELECT participant_id, field, content_hash FROM embeddings WHERE model = ?", [model])}


def save_embeddings(db: Database, model: str,
                    rows: list[tuple[int, str, str, np.ndarray]], *,
                    replace_all: bool = False, audited: bool = True) -> None:
    """Store (participant, field, content hash, vectors) rows in one transaction; with
    ``replace_all``, the model's other cached rows go in the same transaction. Rows derived
    from texts the scores already reflect (lexical terms) are not ``audited``: saving them
    is no change the scores depend on."""
    if not rows and not replace_all:
        return
    now = utc_now()
    with write_transaction(db):
        if replace_all:
            db.execute("DELETE FROM embeddings WHERE model = ?", [model])
        db.conn.executemany(
            "INSERT OR REPLACE INTO embeddings (participant_id, field, model, content_hash, dim, "
            "vector, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(pid, fld, model, digest, int(m.shape[1]) if m.ndim == 2 else 0,
              np.ascontiguousarray(m, dtype=np.float32).tobytes(), now)
             for pid, fld, digest, m in rows])
        if audited:
            people = sorted({int(r[0]) for r in rows})
            # Which participants changed lets the app re-score only them (small changes).
            details: dict[str, Any] = {"fields": len(rows)}
            if len(people) <= INCREMENTAL_LIMIT:
                details["participants"] = people
            audit(db, SYSTEM_ACTOR, "embeddings.saved", "embeddings", model, details)


def load_embeddings(db: Database, model: str, participant_ids: list[int] | None = None
                    ) -> dict[tuple[int, str], np.ndarray]:
    """(participant, field) -> sentence vectors (n_sentences x dim) for a model."""
    sql = "SELECT participant_id, field, dim, vector FROM embeddings WHERE model = ?"
    params: list[Any] = [model]
    if participant_ids is not None:
        sql += f" AND participant_id IN ({', '.join('?' * len(participant_ids))})"
        params += participant_ids
    out = {}
    for pid, fld, dim, blob in db.execute(sql, params):
        vectors = np.frombuffer(blob, dtype=np.float32)
        out[(pid, fld)] = vectors.reshape(-1, dim) if dim else vectors.reshape(0, 0)
    return out


# --- preferences and feedback -------------------------------------------------------------

def set_preference(db: Database, participant_id: int, target_id: int, mark: str | None,
                   actor: str = SYSTEM_ACTOR) -> None:
    """Mark a counterpart (shortlist, must_meet, no_thanks), or clear the mark with None."""
    with write_transaction(db):
        if mark is None:
            db.execute("DELETE FROM preferences WHERE participant_id = ? AND target_id = ?",
                       [participant_id, target_id])
        else:
            db.execute("INSERT INTO preferences (participant_id, target_id, mark, created_at) "
                       "VALUES (?, ?, ?, ?) ON CONFLICT (participant_id, target_id) "
                       "DO UPDATE SET mark = excluded.mark, created_at = excluded.created_at",
                       [participant_id, target_id, mark, utc_now()])
        audit(db, actor, "preference.set", "participant", participant_id,
              {"target": target_id, "mark": mark})


def list_preferences(db: Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT participant_id, target_id, mark FROM preferences"))


def labelled_pairs(db: Database) -> list[tuple[int, int, int]]:
    """(a, b, label) from what people did: accepted / declined requests, must-meet / no-thanks
    marks, and post-meeting ratings (4-5 good, 1-2 bad). Later evidence on a pair wins."""
    labels: dict[tuple[int, int], int] = {}
    for a, b, mark in db.execute("SELECT participant_id, target_id, mark FROM preferences "
                                 "WHERE mark IN ('must_meet', 'no_thanks')"):
        labels[(a, b)] = int(mark == "must_meet")
    for a, b, status in db.execute("SELECT requester_id, recipient_id, status FROM "
                                   "meeting_requests WHERE status IN (?, ?) ORDER BY updated_at",
                                   [ACCEPTED, DECLINED]):
        labels[(a, b)] = int(status == ACCEPTED)
    for a, b, rating in db.execute(
            "SELECT f.participant_id, CASE WHEN m.participant_a = f.participant_id "
            "THEN m.participant_b ELSE m.participant_a END, f.rating FROM feedback f "
            "JOIN meetings m ON m.id = f.meeting_id WHERE f.rating IS NOT NULL "
            "AND f.rating <> 3 ORDER BY f.created_at"):
        labels[(a, b)] = int(rating >= 4)
    return [(a, b, label) for (a, b), label in labels.items()]


def data_version(db: Database) -> int:
    """Grows with every change (every change is audited): a cache key for read-only caches."""
    return db.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]


# --- access codes and sign-in ---------------------------------------------------------------

def issued_code_count(db: Database) -> int:
    """Participants with a personal code (their links have been made)."""
    return db.execute("SELECT count(*) FROM participants WHERE access_code_hash IS NOT NULL "
                      "AND access_code_hash != ''").fetchone()[0]


def database_file(db: Database) -> Path | None:
    """The file of a database opened from one (None in memory)."""
    name = db.execute("PRAGMA database_list").fetchone()[2]
    return Path(name) if name else None


def code_version(db: Database, participant_id: int) -> int:
    return row_by_id(db, "participants", participant_id)["code_version"]


def access_code_rows(db: Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT id, email, organisation, contact_name, kind, code_version, "
                         "access_code_hash FROM participants WHERE active = 1 ORDER BY id"))


def save_access_hashes(db: Database, rows: list[tuple[int, str, int]], actor: str) -> None:
    """Store (participant, code hash, version) rows."""
    if not rows:
        return
    with write_transaction(db):
        db.conn.executemany("UPDATE participants SET access_code_hash = ?, code_version = ? "
                            "WHERE id = ?", [(h, v, pid) for pid, h, v in rows])
        audit(db, actor, "access_codes.issued", "participants", "",
              {"participants": [pid for pid, _, _ in rows]})


def participant_by_code_hash(db: Database, digest: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM participants WHERE access_code_hash = ? AND active = 1",
                         [digest]))
    return participant_from_row(rows[0]) if rows else None


def participant_by_id_if_active(db: Database, participant_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM participants WHERE id = ? AND active = 1",
                         [participant_id]))
    return participant_from_row(rows[0]) if rows else None


def save_browser_session(db: Database, token_hash: str, role: str, participant_id: int | None,
                         expires_at: str) -> None:
    with write_transaction(db):
        db.execute("INSERT INTO browser_sessions (token_hash, role, participant_id, created_at, "
                   "expires_at) VALUES (?, ?, ?, ?, ?)",
                   [token_hash, role, participant_id, utc_now(), expires_at])


def browser_session(db: Database, token_hash: str, now: str) -> dict[str, Any] | None:
    """A session that is neither revoked nor expired."""
    rows = list(db.query("SELECT * FROM browser_sessions WHERE token_hash = ? AND revoked_at "
                         "IS NULL AND expires_at > ?", [token_hash, now]))
    return rows[0] if rows else None


def revoke_browser_session(db: Database, token_hash: str) -> None:
    with write_transaction(db):
        db.execute("UPDATE browser_sessions SET revoked_at = ? WHERE token_hash = ? AND "
                   "revoked_at IS NULL", [utc_now(), token_hash])


def record_logins(db: Database, clients: Iterable[str], success: bool) -> None:
    """One sign-in attempt, counted against each of ``clients``."""
    now = utc_now()
    with write_transaction(db):
        db.conn.executemany(
            "INSERT INTO login_attempts (at, client, success) VALUES (?, ?, ?)",
            [(now, client, int(success)) for client in clients])


def recent_login_failures(db: Database, client: str, since: str) -> tuple[int, str | None]:
    """Failed attempts since ``since`` (a success in between clears nothing), and the
    latest one."""
    row = db.execute(
        "SELECT count(*), max(at) FROM login_attempts WHERE client = ? AND success = 0 "
        "AND at >= ?", [client, since]).fetchone()
    return row[0], row[1]


# Actions that change what the scores are computed from. Requests, meetings, marks,
# availability and feedback do not: pages apply them when they show recommendations, and
# weights learned from them are picked up at the next of these changes.
_SCORING_ACTIONS = ("schema.migrated", "event.saved", "participants.imported",
                    "embeddings.saved", "participant.profile_updated", "event.settings_saved",
                    "participant.edited", "participant.deactivated", "participant.activated")


INCREMENTAL_LIMIT = 500  # participants changed at once that are re-scored one by one
_PER_PARTICIPANT_ACTIONS = ("participant.profile_updated", "participant.edited")


def scoring_changes_since(db: Database, version: int) -> set[int] | None:
    """The participants whose profile or embeddings changed after ``version`` (an audit id
    from ``matching_version``), or None when something else the scores depend on changed
    (an import, the event settings, ...): then everything is scored again."""
    changed: set[int] = set()
    for action, entity_id, details in db.execute(
            f"SELECT action, entity_id, details FROM audit_log WHERE id > ? AND action IN "
            f"({', '.join('?' * len(_SCORING_ACTIONS))}) ORDER BY id",
            [version, *_SCORING_ACTIONS]):
        if action == "embeddings.saved":
            people = json.loads(details or "{}").get("participants")
            if people is None:
                return None
            changed.update(int(p) for p in people)
        elif action in _PER_PARTICIPANT_ACTIONS:
            changed.add(int(entity_id))
        else:
            return None
        if len(changed) > INCREMENTAL_LIMIT:
            return None
    return changed


def matching_version(db: Database) -> int:
    """Changes when what the scores are computed from changes (profiles, embeddings, event
    settings): the app recomputes the event's scores only then."""
    return db.execute(f"SELECT coalesce(max(id), 0) FROM audit_log WHERE action IN "
                      f"({', '.join('?' * len(_SCORING_ACTIONS))})",
                      list(_SCORING_ACTIONS)).fetchone()[0]
