"""The e-mail outbox, the in-app notifications and the mail server's settings.

Notifications and e-mails are made from the audit log (``take_changes``): every change
writes its audit entry in its own transaction, so a change rolled back announces nothing, and
the entries are turned into rows exactly once, under the write lock, with the cursor
(``notification_cursor``) moved in the same transaction. Rows are keyed (``key`` UNIQUE):
enqueuing the same happening twice gives one row.

Sending: a sender claims one due message at a time (``claim``, in ``BEGIN IMMEDIATE``, so
two processes never claim the same one), marks it sent right after the mail server's answer
(``mark_sent``), and a message whose sender died stays claimed until its lease ends.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from matchmaking.domain.timezones import to_utc_text
from matchmaking.domain.vocabulary import (CONFIRMED, FAILED, MAIL_STATUSES, QUEUED, SENDING, SENT,
                                           SKIPPED)
from matchmaking.storage import Database, audit, marks, utc_now, write_transaction


@dataclass
class Notice:
    """One happening for one participant: shown in the app (``in_app``) and / or e-mailed
    (``to_address``); ``key`` identifies it (the same happening twice is one row)."""

    key: str
    kind: str
    participant_id: int | None
    to_address: str | None
    payload: dict[str, Any] = field(default_factory=dict)
    in_app: bool = True
    message_id: str = ""


# --- the mail server's settings -------------------------------------------------------------

def mail_settings(db: Database) -> dict[str, str]:
    rows = list(db.query("SELECT smtp_url, mail_from, base_url FROM mail_settings WHERE id = 1"))
    return rows[0] if rows else {"smtp_url": "", "mail_from": "", "base_url": ""}


def save_mail_settings(db: Database, *, smtp_url: str | None = None,
                       mail_from: str | None = None, base_url: str | None = None,
                       actor: str) -> None:
    """Save what is given (None: keep). The audit entry says what changed, never the URL
    (it may hold a password)."""
    with write_transaction(db):
        current = mail_settings(db)
        wanted = {"smtp_url": smtp_url, "mail_from": mail_from, "base_url": base_url}
        row = {k: current[k] if v is None else v.strip() for k, v in wanted.items()}
        db.execute("INSERT INTO mail_settings (id, smtp_url, mail_from, base_url, updated_at) "
                   "VALUES (1, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET smtp_url = "
                   "excluded.smtp_url, mail_from = excluded.mail_from, base_url = "
                   "excluded.base_url, updated_at = excluded.updated_at",
                   [row["smtp_url"], row["mail_from"], row["base_url"], utc_now()])
        audit(db, actor, "mail.settings_saved", "mail_settings", 1,
              {"changed": sorted(k for k in row if row[k] != current[k]),
               "from": row["mail_from"], "base_url": row["base_url"]})


def set_mail_opt_out(db: Database, participant_id: int, opted_out: bool, actor: str) -> bool:
    """Turn a participant's notification e-mails off (or on again). Returns whether it
    changed."""
    with write_transaction(db):
        cursor = db.execute("UPDATE participants SET mail_opt_out = ? WHERE id = ? AND "
                            "mail_opt_out != ?", [int(opted_out), participant_id,
                                                  int(opted_out)])
        if cursor.rowcount:
            audit(db, actor, "participant.mail_opt_out", "participant", participant_id,
                  {"opted_out": opted_out})
        return bool(cursor.rowcount)


def mail_opt_out(db: Database, participant_id: int) -> bool:
    row = db.execute("SELECT mail_opt_out FROM participants WHERE id = ?",
                     [participant_id]).fetchone()
    return bool(row and row[0])


# --- turning changes into notices -------------------------------------------------------------

def _insert(db: Database, notices: Iterable[Notice], now: str) -> int:
    added = 0
    for notice in notices:
        payload = json.dumps(notice.payload, ensure_ascii=False, sort_keys=True)
        if notice.in_app and notice.participant_id is not None:
            db.execute("INSERT OR IGNORE INTO notifications (key, participant_id, kind, payload, "
                       "created_at) VALUES (?, ?, ?, ?, ?)",
                       [notice.key, notice.participant_id, notice.kind, payload, now])
        if notice.to_address:
            cursor = db.execute(
                "INSERT OR IGNORE INTO outbox (key, kind, participant_id, to_address, payload, "
                "message_id, status, next_attempt_at, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [notice.key, notice.kind, notice.participant_id, notice.to_address, payload,
                 notice.message_id, QUEUED, now, now, now])
            added += cursor.rowcount
    return added


def enqueue(db: Database, notices: Iterable[Notice], *, now: str | None = None) -> int:
    """Add notices (those already there by key are left as they are). Returns how many
    e-mails were added."""
    with write_transaction(db):
        return _insert(db, list(notices), now or utc_now())


def changes_waiting(db: Database) -> bool:
    """Whether the audit log has entries not yet turned into notices (two reads, no lock)."""
    row = db.execute("SELECT (SELECT coalesce(max(id), 0) FROM audit_log) > "
                     "(SELECT coalesce(max(audit_id), 0) FROM notification_cursor)").fetchone()
    return bool(row[0])


def take_changes(db: Database, notices_of: Callable[[Database, dict[str, Any]], list[Notice]],
                 *, limit: int = 500) -> int:
    """Turn the audit entries after the cursor into notices (``notices_of`` reads what it
    needs on the same connection, inside the transaction) and move the cursor past them, all
    in one transaction. Returns how many entries were read."""
    now = utc_now()
    with write_transaction(db):
        after = db.execute("SELECT audit_id FROM notification_cursor WHERE id = 1").fetchone()
        after = after[0] if after else 0
        entries = list(db.query("SELECT * FROM audit_log WHERE id > ? ORDER BY id LIMIT ?",
                                [after, limit]))
        for entry in entries:
            entry["details"] = json.loads(entry["details"] or "{}")
            _insert(db, notices_of(db, entry), now)
        if entries:
            db.execute("INSERT INTO notification_cursor (id, audit_id) VALUES (1, ?) "
                       "ON CONFLICT(id) DO UPDATE SET audit_id = excluded.audit_id",
                       [entries[-1]["id"]])
    return len(entries)


# --- sending ----------------------------------------------------------------------------------

def claim(db: Database, sender: str, now: datetime, lease_seconds: float
          ) -> dict[str, Any] | None:
    """The next due message, claimed by ``sender`` until the lease ends (its attempt
    counted); None when nothing is due. Due: queued and its next attempt has come, or
    claimed by a sender whose lease has ended."""
    now_text = to_utc_text(now)
    with write_transaction(db):
        rows = list(db.query(
            "SELECT * FROM outbox WHERE (status = ? AND next_attempt_at <= ?) OR "
            "(status = ? AND lease_until <= ?) ORDER BY id LIMIT 1",
            [QUEUED, now_text, SENDING, now_text]))
        if not rows:
            return None
        row = rows[0]
        lease = to_utc_text(now + timedelta(seconds=lease_seconds))
        db.execute("UPDATE outbox SET status = ?, lease_until = ?, sender = ?, "
                   "attempts = attempts + 1, updated_at = ? WHERE id = ?",
                   [SENDING, lease, sender, now_text, row["id"]])
        return {**row, "payload": json.loads(row["payload"]), "attempts": row["attempts"] + 1,
                "status": SENDING}


def _finish(db: Database, message_id: int, sender: str, status: str, *, error: str = "",
            next_attempt: str | None = None, sent_at: str | None = None) -> bool:
    now = utc_now()
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE outbox SET status = ?, last_error = ?, next_attempt_at = coalesce(?, "
            "next_attempt_at), sent_at = coalesce(?, sent_at), lease_until = NULL, "
            "updated_at = ? WHERE id = ? AND status = ? AND sender = ?",
            [status, error[:1000], next_attempt, sent_at, now, message_id, SENDING, sender])
        return bool(cursor.rowcount)


def mark_sent(db: Database, message_id: int, sender: str) -> bool:
    return _finish(db, message_id, sender, SENT, sent_at=utc_now())


def mark_skipped(db: Database, message_id: int, sender: str, reason: str) -> bool:
    return _finish(db, message_id, sender, SKIPPED, error=reason)


def mark_failed(db: Database, message_id: int, sender: str, error: str) -> bool:
    return _finish(db, message_id, sender, FAILED, error=error)


def mark_retry(db: Database, message_id: int, sender: str, error: str, next_attempt: datetime
               ) -> bool:
    return _finish(db, message_id, sender, QUEUED, error=error,
                   next_attempt=to_utc_text(next_attempt))


def defer_due(db: Database, now: datetime, error: str, next_attempt: Callable[[int], datetime]
              ) -> int:
    """The mail server cannot be reached: every due queued message keeps its place with the
    error and a later attempt (``next_attempt(attempts)``), its attempt counted."""
    now_text = to_utc_text(now)
    with write_transaction(db):
        rows = db.execute("SELECT id, attempts FROM outbox WHERE status = ? AND "
                          "next_attempt_at <= ?", [QUEUED, now_text]).fetchall()
        for message_id, attempts in rows:
            db.execute("UPDATE outbox SET attempts = ?, last_error = ?, next_attempt_at = ?, "
                       "updated_at = ? WHERE id = ?",
                       [attempts + 1, error[:1000], to_utc_text(next_attempt(attempts + 1)),
                        now_text, message_id])
    return len(rows)


def outbox_rows(db: Database, *, status: str | None = None, kind: str | None = None,
                to: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    where, params = [], []
    if status:
        if status not in MAIL_STATUSES:
            raise ValueError(f"unknown status {status!r} ({', '.join(MAIL_STATUSES)})")
        where.append("status = ?")
        params.append(status)
    if kind:
        where.append("kind = ?")
        params.append(kind)
    if to:
        where.append("to_address LIKE ?")
        params.append(f"%{to.strip().lower()}%")
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    return [{**r, "payload": json.loads(r["payload"])} for r in db.query(
        f"SELECT * FROM outbox {clause} ORDER BY id DESC LIMIT ?", [*params, limit])]


def outbox_counts(db: Database) -> dict[str, int]:
    return {status: count for status, count in
            db.execute("SELECT status, count(*) FROM outbox GROUP BY status").fetchall()}


def next_attempt_at(db: Database) -> str | None:
    return db.execute("SELECT min(next_attempt_at) FROM outbox WHERE status = ?",
                      [QUEUED]).fetchone()[0]


# --- what the notices are about ---------------------------------------------------------------

def meeting_facts(db: Database, meeting_id: int) -> dict[str, Any] | None:
    """A meeting with its slot's times, its table and both sides' ids."""
    rows = list(db.query(
        "SELECT m.id, m.status, m.slot_id, m.participant_a, m.participant_b, m.updated_at, "
        "s.start_utc, s.end_utc, s.day, t.name AS table_name, t.location AS table_location "
        "FROM meetings m JOIN slots s ON s.id = m.slot_id "
        "JOIN meeting_tables t ON t.id = m.table_id WHERE m.id = ?", [meeting_id]))
    return rows[0] if rows else None


def request_facts(db: Database, request_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM meeting_requests WHERE id = ?", [request_id]))
    return rows[0] if rows else None


def change_facts(db: Database, change_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM meeting_changes WHERE id = ?", [change_id]))
    return rows[0] if rows else None


def meetings_of_run(db: Database, run_id: int) -> list[int]:
    return [r[0] for r in db.execute("SELECT id FROM meetings WHERE run_id = ? ORDER BY id",
                                     [run_id]).fetchall()]


def slot_times(db: Database, slot_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT id, day, start_utc, end_utc FROM slots WHERE id = ?",
                         [slot_id]))
    return rows[0] if rows else None


def people(db: Database, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Who notices go to: e-mail, names, languages, whether they turned mails off."""
    ids = sorted(set(ids))
    if not ids:
        return {}
    return {r["id"]: {**r, "languages": json.loads(r["languages"] or "[]")} for r in db.query(
        "SELECT id, email, organisation, contact_name, kind, languages, mail_opt_out, active "
        f"FROM participants WHERE id IN {marks(ids)}", ids)}


def confirmed_meetings_starting(db: Database, after: str, until: str) -> list[dict[str, Any]]:
    """Confirmed meetings whose slot begins after ``after`` and no later than ``until``."""
    return list(db.query(
        "SELECT m.id, m.slot_id, m.participant_a, m.participant_b, s.start_utc FROM meetings m "
        "JOIN slots s ON s.id = m.slot_id WHERE m.status = ? AND s.start_utc > ? AND "
        "s.start_utc <= ? ORDER BY s.start_utc, m.id", [CONFIRMED, after, until]))


def confirmed_meetings_on(db: Database, day: str) -> list[dict[str, Any]]:
    """Confirmed meetings of an event day, in time order."""
    return list(db.query(
        "SELECT m.id, m.participant_a, m.participant_b, s.start_utc, s.end_utc, "
        "t.name AS table_name, t.location AS table_location FROM meetings m "
        "JOIN slots s ON s.id = m.slot_id JOIN meeting_tables t ON t.id = m.table_id "
        "WHERE m.status = ? AND s.day = ? ORDER BY s.start_utc, m.id", [CONFIRMED, day]))


def event_days(db: Database) -> list[dict[str, Any]]:
    """Each event day with the end of its last slot."""
    return list(db.query("SELECT day, min(start_utc) AS first_start, max(end_utc) AS last_end "
                         "FROM slots GROUP BY day ORDER BY day"))


# --- in-app notifications ---------------------------------------------------------------------

def unread_count(db: Database, participant_id: int) -> int:
    return db.execute("SELECT count(*) FROM notifications WHERE participant_id = ? AND "
                      "read_at IS NULL", [participant_id]).fetchone()[0]


def notifications_of(db: Database, participant_id: int, limit: int = 100
                     ) -> list[dict[str, Any]]:
    return [{**r, "payload": json.loads(r["payload"])} for r in db.query(
        "SELECT * FROM notifications WHERE participant_id = ? ORDER BY id DESC LIMIT ?",
        [participant_id, limit])]


def mark_read(db: Database, participant_id: int, ids: Iterable[int] | None = None) -> int:
    """Mark some (or, with None, all) of a participant's notifications read."""
    now = utc_now()
    with write_transaction(db):
        if ids is None:
            cursor = db.execute("UPDATE notifications SET read_at = ? WHERE participant_id = ? "
                                "AND read_at IS NULL", [now, participant_id])
        else:
            ids = list(ids)
            cursor = db.execute(
                f"UPDATE notifications SET read_at = ? WHERE participant_id = ? AND "
                f"read_at IS NULL AND id IN {marks(ids)}", [now, participant_id, *ids])
        return cursor.rowcount

