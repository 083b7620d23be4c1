"""Badges and check-in by QR code.

A badge carries the participant's personal link (the one of their invitation) with the
event's tag: ``<base>/signin?code=<code>&event=<tag>``. The tag is derived from the event's
secret, so the desk can tell a badge of another event (or of an earlier set-up of this one,
with another secret) from a mistyped code. Scanned at the desk (a USB scanner types the
link and Enter; a camera picture is decoded here, offline, with zxing-cpp), the link finds
the participant and checks them in for the day at once; what goes wrong is named: not a
code, a badge of another event, a code nobody has, a link that was replaced (revoked), a
participant taken off the event.
"""

from __future__ import annotations

import hashlib
import hmac
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from matchmaking import storage
from matchmaking.documents import badges as rendering
from matchmaking.documents.badges import LAYOUTS, InvalidLayout, qr_png
from matchmaking.domain.access import code_from_text, code_hash, derive_code, looks_like_code
from matchmaking.domain.analytics import LIVE, slot_time
from matchmaking.domain.vocabulary import KINDS
from matchmaking.services import event as services
from matchmaking.services.images import participant_logo
from matchmaking.services.participant import interface_language_of
from matchmaking.storage import Database
from matchmaking.storage import console as org
from matchmaking.texts import translate

__all__ = ["LAYOUTS", "InvalidLayout", "qr_png", "event_tag", "badge_link", "badge_entries",
           "badges_pdf", "personal_badge", "ScanRefused", "CheckIn", "check_in_scan",
           "decode_qr", "StorageError"]

StorageError = storage.StorageError
PARTICIPANT_LANGUAGE = "participant"  # the kind on each badge in its holder's language


def event_tag(secret: bytes) -> str:
    """Eight hex digits naming this event's secret (not the secret: it cannot be undone)."""
    return hmac.new(secret, b"badge-event", hashlib.sha256).hexdigest()[:8]


def badge_link(base_url: str, code: str, tag: str) -> str:
    return f"{base_url.rstrip('/')}/signin?{urlencode({'code': code, 'event': tag})}"


def badge_entries(db: Database, secret: bytes, base_url: str, *,
                  ids: list[int] | None = None, lang: str = PARTICIPANT_LANGUAGE
                  ) -> list[dict[str, Any]]:
    """What each badge shows, for the active participants (or ``ids``), by organisation.
    Codes are made where missing, like invitations; they are never changed here."""
    tag = event_tag(secret)
    rows = services.issue_access_codes(db, secret, actor="organiser")
    if ids is not None:
        wanted = set(ids)
        unknown = sorted(wanted - {r["id"] for r in rows})
        if unknown:
            raise storage.StorageError(
                f"no active participant with id {', '.join(map(str, unknown))}",
                code="badge_unknown_ids", ids=", ".join(map(str, unknown)))
        rows = [r for r in rows if r["id"] in wanted]
    out = []
    for r in sorted(rows, key=lambda r: (r["organisation"].casefold(), r["id"])):
        shown = interface_language_of(db, r["id"]) if lang == PARTICIPANT_LANGUAGE else lang
        out.append({"id": r["id"], "name": r["contact_name"] or "",
                    "organisation": r["organisation"], "kind": r["kind"],
                    "kind_label": translate(f"kind.{r['kind']}", shown)
                    if r["kind"] in KINDS else "",
                    "link": badge_link(base_url, r["code"], tag),
                    "logo": participant_logo(db, r["id"])})
    return out


def badges_pdf(db: Database, db_path: Path, base_url: str, *, layout: str = "a6",
               ids: list[int] | None = None, lang: str = PARTICIPANT_LANGUAGE) -> bytes:
    """The printable badges (A6 each, or A4 sheets of eight labels)."""
    if layout not in LAYOUTS:
        raise InvalidLayout(f"unknown badge layout {layout!r}: one of {', '.join(LAYOUTS)}")
    if not base_url.strip().startswith(("http://", "https://")):
        raise storage.StorageError(f"the app's address must begin with http:// or https:// "
                                   f"(got {base_url!r})", code="badge_base_url", url=base_url)
    secret = services.access_secret(db, db_path)
    event = storage.get_event(db)
    entries = badge_entries(db, secret, base_url, ids=ids, lang=lang)
    return rendering.badges_pdf(event["name"] if event else "", entries, layout)


def personal_badge(db: Database, db_path: Path, participant_id: int, base_url: str
                   ) -> tuple[str, bytes]:
    """A participant's badge link and its QR code (PNG), for their own page."""
    secret = services.access_secret(db, db_path)
    person = next(r for r in storage.list_participants(db, include_inactive=True)
                  if r["id"] == participant_id)
    # their code, made now if it never was (signed in another way): the same as printed
    [mine] = services.issue_access_codes(db, secret, emails=[person["email"]],
                                         actor="participant")
    link = badge_link(base_url, mine["code"], event_tag(secret))
    return link, qr_png(link)


# --- the check-in desk --------------------------------------------------------------------

class ScanRefused(storage.StorageError):
    """A scanned code that checks nobody in; ``code`` says why (``scan_not_code``,
    ``scan_wrong_event``, ``scan_unknown``, ``scan_revoked``, ``scan_inactive``)."""


@dataclass
class CheckIn:
    participant: dict[str, Any]
    day: str
    already: bool  # they had been checked in for that day before this scan
    since: str | None  # when (UTC text)
    next_meeting: dict[str, Any] | None = None  # {"time", "table", "with"}
    meetings_today: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _scanned_tag(text: str) -> str | None:
    pasted = "".join((text or "").split())
    if "event=" not in pasted:
        return None
    found = parse_qs(urlsplit(pasted).query or pasted.split("?", 1)[-1]).get("event")
    return found[0].strip().lower() if found else None


def _who_had(db: Database, secret: bytes, code: str) -> tuple[dict[str, Any], bool] | None:
    """The participant a code was made for, and whether it is still theirs (False: a link
    that was replaced since). Codes are derived, so the older versions can be recomputed."""
    for person in storage.list_participants(db, include_inactive=True):
        for version in range(person["code_version"], -1, -1):
            if hmac.compare_digest(derive_code(secret, person["id"], version), code):
                return person, version == person["code_version"]
    return None


def check_in_scan(db: Database, db_path: Path, text: str, day: str, *,
                  now_utc: str | None = None, actor: str = "organiser") -> CheckIn:
    """Check in whoever the scanned link (or typed code) belongs to, for ``day``; raises
    ScanRefused naming what is wrong."""
    from datetime import datetime, timezone

    from matchmaking.domain.timezones import to_utc_text

    code = code_from_text(text)
    shown = (text or "").strip()[:80]
    if not looks_like_code(code):
        raise ScanRefused(f"{shown!r} is not a badge or a personal code", code="scan_not_code",
                          text=shown)
    secret = services.access_secret(db, db_path)
    tag = _scanned_tag(text)
    if tag is not None and tag != event_tag(secret):
        raise ScanRefused("this badge belongs to another event (or an earlier set-up of this "
                          "one)", code="scan_wrong_event")
    person = storage.participant_by_code_hash(db, code_hash(code))
    if person is None:
        found = _who_had(db, secret, code)
        if found is None:
            raise ScanRefused("nobody has this code: a badge of another event, or mistyped",
                              code="scan_unknown")
        owner, current = found
        name = owner["organisation"]
        if not current:
            raise ScanRefused(f"this badge of {name} was replaced by a newer link: print their "
                              "badge again", code="scan_revoked", name=name)
        if not owner["active"]:
            raise ScanRefused(f"{name} is no longer taking part in the event",
                              code="scan_inactive", name=name)
        person = owner  # their current code, never issued as a link: made with our secret
    since_before = org.arrivals(db, day).get((person["id"], day))
    changed = org.set_arrival(db, person["id"], day, True, actor=actor)
    since = org.arrivals(db, day).get((person["id"], day))
    now_utc = now_utc or to_utc_text(datetime.now(timezone.utc))
    event = storage.get_event(db)
    zone = event["timezone"]
    live = sorted((m for m in org.meeting_rows(db, day=day, participant_id=person["id"])
                   if m["status"] in LIVE), key=lambda m: m["start_utc"])
    upcoming = next((m for m in live if m["end_utc"] > now_utc), None)
    nxt = None
    if upcoming is not None:
        mine_a = upcoming["participant_a"] == person["id"]
        nxt = {"time": slot_time(upcoming["start_utc"], zone), "table": upcoming["table_name"],
               "with": upcoming["b_organisation"] if mine_a else upcoming["a_organisation"]}
    return CheckIn(person, day, already=not changed, since=since_before or since,
                   next_meeting=nxt, meetings_today=len(live))


def decode_qr(image: bytes) -> list[str]:
    """The texts of the QR codes in a picture (a camera frame, a scan), read offline."""
    import zxingcpp
    from PIL import Image, UnidentifiedImageError

    try:
        picture = Image.open(io.BytesIO(image))
        picture.load()
    except (UnidentifiedImageError, OSError, ValueError):
        return []
    return [r.text for r in zxingcpp.read_barcodes(picture.convert("L"))
            if r.format == zxingcpp.BarcodeFormat.QRCode and r.text]
