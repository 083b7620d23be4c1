"""What the participant pages read and write that ``storage`` and ``meeting_storage`` do not
cover yet: profile edits, request settings, availability reads, marks and post-meeting
feedback.

Same rules as ``storage``: every read-modify-write is one ``BEGIN IMMEDIATE`` transaction
that is audited inside the same transaction, and repeating a write is harmless (a save
that changes nothing writes nothing).
"""

from __future__ import annotations

import json
from typing import Any

from matchmaking.domain.profiles import LIST_FIELDS
from matchmaking.domain.vocabulary import COMPLETED, CONFIRMED, NO_SHOW, PENDING, PROPOSED
from matchmaking.storage import (Database, NotFound, StorageError, audit, participant_from_row,
                                 row_by_id, utc_now, write_transaction)
from matchmaking.storage.schema import LIVE_SQL

# The profile columns a participant may edit from the app (the rest is the organisers').
EDITABLE_COLUMNS: tuple[str, ...] = ("about", "looking_for", "offering", "portfolio",
                                     "sectors", "stages", "ticket_min", "ticket_max", "languages",
                                     "country")
FEEDBACK_STATUSES = (CONFIRMED, COMPLETED, NO_SHOW)  # meetings feedback is asked about


class NotYourMeeting(StorageError):
    """Feedback on a meeting the participant is not part of."""


def _encode(column: str, value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if column in LIST_FIELDS else value


def get_participant_by_id(db: Database, participant_id: int) -> dict[str, Any]:
    return participant_from_row(row_by_id(db, "participants", participant_id))


def update_profile(db: Database, participant_id: int, values: dict[str, Any], *,
                   actor: str | None = None) -> list[str]:
    """Write the editable columns of ``values`` that differ from what is stored; returns
    the changed columns (none: nothing written, nothing audited)."""
    unknown = set(values) - set(EDITABLE_COLUMNS)
    if unknown:
        raise ValueError(f"not editable from a profile: {sorted(unknown)}")
    with write_transaction(db):
        current = row_by_id(db, "participants", participant_id)
        changed = {c: _encode(c, v) for c, v in values.items() if current[c] != _encode(c, v)}
        if not changed:
            return []
        db.execute(f"UPDATE participants SET {', '.join(f'[{c}] = ?' for c in changed)}, "
                   "updated_at = ? WHERE id = ?", [*changed.values(), utc_now(), participant_id])
        # which columns changed, not their text: the audit log is not a copy of profiles
        audit(db, actor or f"participant:{participant_id}", "participant.profile_updated",
              "participant", participant_id, {"changed": sorted(changed)})
        return sorted(changed)


def set_request_settings(db: Database, participant_id: int, *, accepting: bool,
                         min_score: float | None, actor: str | None = None) -> bool:
    """Whether the participant takes requests, and from what fit score; True if changed."""
    if min_score is not None and not 0.0 <= min_score <= 1.0:
        raise ValueError(f"a minimum fit score is between 0 and 1, got {min_score}")
    with write_transaction(db):
        row = db.execute("SELECT accepting_requests, min_request_score FROM participants "
                         "WHERE id = ?", [participant_id]).fetchone()
        if row is None:
            raise NotFound(f"no participant {participant_id}")
        if (bool(row[0]), row[1]) == (accepting, min_score):
            return False
        db.execute("UPDATE participants SET accepting_requests = ?, min_request_score = ? "
                   "WHERE id = ?", [int(accepting), min_score, participant_id])
        audit(db, actor or f"participant:{participant_id}", "participant.request_settings",
              "participant", participant_id, {"accepting": accepting, "min_score": min_score})
        return True


def blocked_slots(db: Database, participant_id: int) -> set[int]:
    """The slots a participant has blocked (no row: available)."""
    return {r[0] for r in db.execute("SELECT slot_id FROM availability WHERE participant_id = ? "
                                     "AND available = 0", [participant_id])}


def marks_by(db: Database, participant_id: int) -> dict[int, str]:
    """The participant's marks on others: target -> shortlist / must_meet / no_thanks."""
    return {r[0]: r[1] for r in db.execute(
        "SELECT target_id, mark FROM preferences WHERE participant_id = ?", [participant_id])}


def declined_by_others(db: Database, participant_id: int) -> set[int]:
    """Who said "no thanks" to this participant (never shown to them as such)."""
    return {r[0] for r in db.execute("SELECT participant_id FROM preferences WHERE target_id = ? "
                                     "AND mark = 'no_thanks'", [participant_id])}


def live_counterparts(db: Database, participant_id: int) -> dict[int, str]:
    """other participant -> status of the live meeting with them."""
    return {r[0]: r[1] for r in db.execute(
        "SELECT CASE WHEN participant_a = ? THEN participant_b ELSE participant_a END, status "
        "FROM meetings WHERE (participant_a = ? OR participant_b = ?) "
        f"AND status IN {LIVE_SQL}",
        [participant_id, participant_id, participant_id])}


def pending_counterparts(db: Database, participant_id: int) -> dict[int, str]:
    """other participant -> 'out' (I asked) or 'in' (they asked), for pending requests."""
    out: dict[int, str] = {}
    for requester, recipient in db.execute(
            "SELECT requester_id, recipient_id FROM meeting_requests WHERE status = ? "
            "AND (requester_id = ? OR recipient_id = ?)",
            [PENDING, participant_id, participant_id]):
        if requester == participant_id:
            out[recipient] = "out"
        else:
            out.setdefault(requester, "in")
    return out


def feedback_of(db: Database, participant_id: int) -> dict[int, dict[str, Any]]:
    """meeting id -> the participant's feedback row."""
    return {r["meeting_id"]: r for r in db.query(
        "SELECT * FROM feedback WHERE participant_id = ?", [participant_id])}


def save_feedback(db: Database, meeting_id: int, participant_id: int, *, rating: int | None,
                  took_place: bool | None, follow_up: str = "", comment: str = "",
                  actor: str | None = None) -> dict[str, Any]:
    """Store (or update: one row per meeting and person) a participant's feedback on one of
    their meetings. Saving the same answers again changes nothing."""
    if rating is not None and not 1 <= rating <= 5:
        raise ValueError(f"a rating is from 1 to 5, got {rating}")
    values = [rating, None if took_place is None else int(took_place), follow_up.strip()[:50],
              comment.strip()[:2000]]
    with write_transaction(db):
        meeting = db.execute("SELECT participant_a, participant_b, status FROM meetings "
                             "WHERE id = ?", [meeting_id]).fetchone()
        if meeting is None:
            raise NotFound(f"no meeting {meeting_id}")
        if participant_id not in meeting[:2]:
            raise NotYourMeeting("this is not your meeting", code="not_yours")
        if meeting[2] not in FEEDBACK_STATUSES:
            raise StorageError(f"a {meeting[2]} meeting takes no feedback")
        existing = db.execute("SELECT rating, took_place, follow_up, comment FROM feedback "
                              "WHERE meeting_id = ? AND participant_id = ?",
                              [meeting_id, participant_id]).fetchone()
        if existing is None or list(existing) != values:
            db.execute(
                "INSERT INTO feedback (meeting_id, participant_id, rating, took_place, follow_up, "
                "comment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (meeting_id, participant_id) DO UPDATE SET rating = "
                "excluded.rating, took_place = excluded.took_place, follow_up = "
                "excluded.follow_up, comment = excluded.comment",
                [meeting_id, participant_id, *values, utc_now()])
            audit(db, actor or f"participant:{participant_id}", "feedback.saved", "meeting",
                  meeting_id, {"participant": participant_id, "rating": rating,
                               "took_place": took_place, "follow_up": values[2],
                               "updated": existing is not None})
        return next(iter(db.query("SELECT * FROM feedback WHERE meeting_id = ? AND "
                                  "participant_id = ?", [meeting_id, participant_id])))


def proposals_of(db: Database, participant_id: int) -> list[dict[str, Any]]:
    """The organisers' suggested meetings (still proposed) of a participant, in time
    order, with who has said yes so far and the other side's public details."""
    return list(db.query("""
        SELECT m.id, m.status, m.source, m.locked, s.id AS slot_id, s.day, s.start_utc,
               s.end_utc, t.name AS table_name, t.location AS table_location,
               CASE WHEN m.participant_a = :me THEN m.a_accepted ELSE m.b_accepted END
                   AS mine_accepted,
               CASE WHEN m.participant_a = :me THEN m.b_accepted ELSE m.a_accepted END
                   AS theirs_accepted,
               o.id AS other_id, o.organisation AS other_organisation, o.kind AS other_kind
        FROM meetings m JOIN slots s ON s.id = m.slot_id
        JOIN meeting_tables t ON t.id = m.table_id
        JOIN participants o ON o.id = CASE WHEN m.participant_a = :me THEN m.participant_b
                                           ELSE m.participant_a END
        WHERE m.status = :status AND (m.participant_a = :me OR m.participant_b = :me)
        ORDER BY s.start_utc, t.name""", {"me": participant_id, "status": PROPOSED}))


def request_settings_of(db: Database, participant_ids: list[int]) -> dict[int, dict[str, Any]]:
    """id -> {accepting_requests, min_request_score} as they stand now."""
    if not participant_ids:
        return {}
    marks = ", ".join("?" * len(participant_ids))
    return {r["id"]: {"accepting_requests": bool(r["accepting_requests"]),
                      "min_request_score": r["min_request_score"]}
            for r in db.query(f"SELECT id, accepting_requests, min_request_score FROM "
                              f"participants WHERE id IN ({marks})", participant_ids)}
