"""Participants' logos and photos: uploads checked and re-encoded (``domain.images``), kept
in the event database, read back for the badges, the agenda and the recommendation cards."""

from __future__ import annotations

from matchmaking.domain.images import IMAGE_KINDS, InvalidImage, PreparedImage, prepare_image
from matchmaking.storage import Database
from matchmaking.storage import images as stored

__all__ = ["IMAGE_KINDS", "InvalidImage", "set_participant_image", "participant_logo",
           "participant_logos", "participant_photo", "participant_image",
           "remove_participant_image", "participants_with_images"]


def set_participant_image(db: Database, participant_id: int, data: bytes, *, kind: str = "logo",
                          name: str = "the file", actor: str = "participant") -> PreparedImage:
    """Check, shrink, re-encode and store an uploaded image; InvalidImage says what is
    wrong with it (nothing is stored then)."""
    if kind not in IMAGE_KINDS:
        raise ValueError(f"unknown image kind {kind!r}: one of {', '.join(IMAGE_KINDS)}")
    prepared = prepare_image(data, name=name)
    stored.save_image(db, participant_id, kind, prepared.data, prepared.media_type,
                      prepared.width, prepared.height, actor)
    return prepared


def participant_image(db: Database, participant_id: int, kind: str = "logo") -> bytes | None:
    """The stored image (PNG bytes), or None."""
    row = stored.image(db, participant_id, kind)
    return bytes(row["data"]) if row else None


def participant_logo(db: Database, participant_id: int) -> bytes | None:
    """A participant's organisation logo (PNG, at most 256 px a side), or None."""
    return participant_image(db, participant_id, "logo")


def participant_logos(db: Database, participant_ids: list[int]) -> dict[int, bytes]:
    """The logos of those of ``participant_ids`` who have one (for a page of cards)."""
    having = stored.image_kinds(db, participant_ids)
    return {pid: participant_image(db, pid, "logo") for pid, kinds in having.items()
            if "logo" in kinds}


def participant_photo(db: Database, participant_id: int) -> bytes | None:
    return participant_image(db, participant_id, "photo")


def remove_participant_image(db: Database, participant_id: int, kind: str = "logo", *,
                             actor: str = "participant") -> bool:
    return stored.delete_image(db, participant_id, kind, actor)


participants_with_images = stored.image_kinds
