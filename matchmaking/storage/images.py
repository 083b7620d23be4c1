"""Participants' logos and photos: one stored image of each kind per participant, already
checked and re-encoded (``domain.images``)."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlite_utils import Database

from matchmaking.storage import audit, marks, row_by_id, utc_now, write_transaction


def save_image(db: Database, participant_id: int, kind: str, data: bytes, media_type: str,
               width: int, height: int, actor: str) -> None:
    """Store (or replace) a participant's image of ``kind``."""
    digest = hashlib.sha256(data).hexdigest()
    with write_transaction(db):
        row_by_id(db, "participants", participant_id)  # NotFound: no such participant
        db.execute("INSERT INTO participant_images (participant_id, kind, media_type, data, "
                   "width, height, sha256, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT (participant_id, kind) DO UPDATE SET media_type = "
                   "excluded.media_type, data = excluded.data, width = excluded.width, "
                   "height = excluded.height, sha256 = excluded.sha256, "
                   "updated_at = excluded.updated_at",
                   [participant_id, kind, media_type, data, width, height, digest, utc_now()])
        audit(db, actor, "participant.image_saved", "participant", participant_id,
              {"kind": kind, "sha256": digest, "width": width, "height": height})


def image(db: Database, participant_id: int, kind: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT participant_id, kind, media_type, data, width, height, sha256, "
                         "updated_at FROM participant_images WHERE participant_id = ? AND "
                         "kind = ?", [participant_id, kind]))
    return rows[0] if rows else None


def image_kinds(db: Database, participant_ids: list[int] | None = None
                ) -> dict[int, set[str]]:
    """Which kinds of image each participant has (without reading the images)."""
    query, values = "SELECT participant_id, kind FROM participant_images", []
    if participant_ids is not None:  # a page's cards: read only theirs
        query += f" WHERE participant_id IN {marks(participant_ids)}"
        values = list(participant_ids)
    out: dict[int, set[str]] = {}
    for pid, kind in db.execute(query, values):
        out.setdefault(pid, set()).add(kind)
    return out


def delete_image(db: Database, participant_id: int, kind: str, actor: str) -> bool:
    with write_transaction(db):
        gone = db.execute("DELETE FROM participant_images WHERE participant_id = ? AND kind = ?",
                          [participant_id, kind]).rowcount
        if gone:
            audit(db, actor, "participant.image_removed", "participant", participant_id,
                  {"kind": kind})
    return bool(gone)
