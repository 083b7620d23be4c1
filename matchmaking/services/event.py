"""Use cases shared by the CLI and the app: each takes a database and plain values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from matchmaking import storage
from matchmaking.documents.exporting import to_csv, to_json
from matchmaking.domain.event import EventConfig  # noqa: F401  (re-exported for callers)
from matchmaking.domain.event import build_slots
from matchmaking.domain.importing import (DEFAULT_MAX_BYTES, InvalidRegistrations, Problem,
                                          Registrations, read_registrations)
from matchmaking.domain.paths import DEMO_DIR
from matchmaking.domain.profiles import CANONICAL_FIELDS, TEXT_FIELDS, Participant, normalise_email
from matchmaking.domain.settings import EventSettings
from matchmaking.domain.timezones import from_utc_text, to_utc_text
from matchmaking.storage import Database

DEMO_EVENT = DEMO_DIR / "event.json"
DEMO_PARTICIPANTS = DEMO_DIR / "participants.csv"

# The event's database as the pages and the CLI see it: they open it, hand it to the use
# cases and catch its errors, and read what needs no rule straight from here; none of them
# reaches storage/ itself. (``Database``, the handle's type, is imported above.)
StorageError = storage.StorageError  # what a use case refuses, said in one line
DatabaseError = storage.DatabaseError  # SQLite's own (a locked or damaged file)
NotFound = storage.NotFound
open_database = storage.open_database
ConnectionPool = storage.ConnectionPool
get_event = storage.get_event
get_participant = storage.get_participant
list_participants = storage.list_participants
list_slots = storage.list_slots
list_tables = storage.list_tables
data_version = storage.data_version  # changes with every committed write, by any process


@dataclass
class ImportResult:
    report: storage.ImportReport
    warnings: list[Problem]
    participants: list[Participant] = field(default_factory=list)  # what each row becomes
    rows: list[int] = field(default_factory=list)  # the row each came from


def setup_event(db: Database, event_file: Path, actor: str = storage.SYSTEM_ACTOR, *,
                first_day: date | None = None) -> EventConfig:
    config = EventConfig.from_file(event_file)
    if first_day is not None:
        config = config.starting(first_day)
    storage.save_event(db, config, build_slots(config), actor=actor)
    return config


def import_registrations(db: Database, path: str | Path, *, dry_run: bool = False,
                         max_bytes: int = DEFAULT_MAX_BYTES, actor: str = storage.SYSTEM_ACTOR,
                         display_name: str | None = None,
                         mapping: Mapping[str, str | None] | None = None) -> ImportResult:
    """Validate a whole file, then write it in one transaction (or report, on a dry run).
    ``mapping``: the field an organiser chose for a column, by header (None: leave it out);
    by default the event's own (``column_mapping``, remembered from earlier files)."""
    if mapping is None:
        mapping = column_mapping(db)
    registrations = read_registrations(path, max_bytes=max_bytes, display_name=display_name,
                                       mapping=mapping)
    _refuse_profiles_without_text(db, registrations)
    report = storage.apply_registrations(db, registrations, dry_run=dry_run, actor=actor)
    return ImportResult(report, registrations.warnings, registrations.participants,
                        registrations.rows)


def column_mapping(db: Database) -> dict[str, str | None]:
    """The fields an organiser chose for columns of their own wording, by header."""
    event = storage.get_event(db)
    return dict(EventSettings.from_dict(event["settings"] if event else None).column_mapping)


def _refuse_profiles_without_text(db: Database, registrations: Registrations) -> None:
    """An import after which no profile of the file has any text leaves matching nothing
    to read: most often the text columns had headers nobody recognised."""
    if any(getattr(p, f) for p in registrations.participants for f in TEXT_FIELDS):
        return
    if storage.count_with_profile_text(db, [p.email for p in registrations.participants]):
        return  # a partial re-import (caps, booths) of profiles that have their texts
    ignored = [w.column for w in registrations.warnings
               if w.column and "not recognised" in w.message]
    raise InvalidRegistrations([Problem(
        registrations.file,
        f"no profile text: no row has {', '.join(TEXT_FIELDS)}, so matching would have "
        "nothing to read" + (f"; columns not recognised: {', '.join(map(repr, ignored))} "
                             "(map them to a field, or rename them)" if ignored else ""))])


def init_database(db_path: Path, *, demo: bool = False, event_file: Path | None = None,
                  first_day: date | None = None, actor: str = storage.SYSTEM_ACTOR
                  ) -> dict[str, Any]:
    """Create (or upgrade) the database; with ``demo`` load the bundled demo event (moved to
    begin on ``first_day`` if given, as for the event file)."""
    db = storage.open_database(db_path)
    try:
        summary: dict[str, Any] = {"database": str(db_path),
                                   "schema_version": storage.schema_version(db)}
        if demo or event_file:
            config = setup_event(db, event_file or DEMO_EVENT, actor=actor, first_day=first_day)
            summary["event"] = config.name
            summary["days"] = ", ".join(d.date.isoformat() for d in config.days)
        if demo:
            result = import_registrations(db, DEMO_PARTICIPANTS, actor=actor)
            summary["participants"] = result.report.summary()
        return summary
    finally:
        db.close()


def export_participants(db: Database, fmt: str, **filters: Any) -> str:
    rows = storage.list_participants(db, **filters)
    if fmt == "json":
        return to_json(rows)
    if fmt == "csv":
        return to_csv(rows, CANONICAL_FIELDS)
    raise ValueError(f"unknown export format {fmt!r} (expected csv or json)")


# --- access codes ---------------------------------------------------------------------------

def backup(db: Database, target: str | Path) -> Path:
    """A consistent copy of the live database (safe while the app runs), with the
    access-code secret and the organiser code copied beside it under the backup's name:
    restored together, the links already sent keep working."""
    import shutil

    from matchmaking.domain.access import organiser_code_path, secret_path

    target = storage.backup(db, target)
    source = storage.database_file(db)
    for side in (secret_path, organiser_code_path):
        if source is not None and side(source).exists():
            shutil.copy2(side(source), side(target))
            side(target).chmod(0o600)
    return target


def access_secret(db: Database, db_path: Path, *, regenerate: bool = False) -> bytes:
    """The secret personal codes are derived from, made on first use. Once links have been
    sent, a missing secret is an error, not a new secret: a new one would revoke every
    link without a word. With ``regenerate`` (new links for everyone) a new one is made."""
    from matchmaking.domain.access import load_secret, secret_path

    try:
        return load_secret(db_path, create=False)
    except FileNotFoundError:
        issued = storage.issued_code_count(db)
        if issued and not regenerate:
            raise storage.StorageError(
                f"the access-code secret {secret_path(db_path)} is missing, and {issued} "
                "participants have links made with it: put it back (a backup has it beside "
                "it, as FILE.secret), or send everyone new links with --regenerate") from None
        return load_secret(db_path)


def issue_access_codes(db: Database, secret: bytes, *, regenerate: bool = False,
                       emails: list[str] | None = None, actor: str = storage.SYSTEM_ACTOR
                       ) -> list[dict[str, Any]]:
    """Every active participant's current code (creating it where missing; a new one for
    everybody, or for ``emails``, with ``regenerate``, which revokes the old links)."""
    from matchmaking.domain.access import code_hash, derive_code

    wanted = {normalise_email(e) for e in emails} if emails else None
    out, changes, foreign = [], [], 0
    for row in storage.access_code_rows(db):
        version = row["code_version"]
        renewed = regenerate and (wanted is None or row["email"] in wanted)
        if renewed:
            version += 1
        code = derive_code(secret, row["id"], version)
        if row["access_code_hash"] != code_hash(code):
            foreign += bool(row["access_code_hash"]) and not renewed
            changes.append((row["id"], code_hash(code), version))
        if wanted is None or row["email"] in wanted:
            out.append({**{k: row[k] for k in ("id", "email", "organisation", "contact_name",
                                               "kind")}, "code": code})
    if foreign:  # codes made with another secret: rewriting them would revoke their links
        raise storage.StorageError(
            f"{foreign} participants have links made with another secret: restore the secret "
            "that made them (beside the database, or $MATCHMAKING_SECRET), or send new links "
            "with --regenerate")
    storage.save_access_hashes(db, changes, actor)
    return out


def invitation_links(db: Database, secret: bytes, base_url: str, **kwargs: Any
                     ) -> list[dict[str, Any]]:
    from urllib.parse import urlencode

    base = base_url.rstrip("/")
    return [{"email": r["email"], "organisation": r["organisation"],
             "contact_name": r["contact_name"], "kind": r["kind"],
             "link": f"{base}/signin?{urlencode({'code': r['code']})}"}
            for r in issue_access_codes(db, secret, **kwargs)]


# What repeated wrong codes are counted against, by the prefix of a client key: a browser
# session gets three free typos; a network address fifty (the venue's NAT puts everyone
# behind one, and personal codes have 130 bits: the address limit only stops a flood); the
# organiser code, whoever tries it, ten per quarter-hour in all. A success clears nothing,
# so valid sign-ins cannot be interleaved to keep guessing.
ORGANISER_TARGET = "target:organiser-code"
_FREE_FAILURES = {"session:": 3, "address:": 50, "target:": 10}
# a stranger can slow the console or the venue's network down, never lock it out for long
_LONGEST_WAIT = {"target:": 60.0, "address:": 60.0}


def _client_keys(client: str | Sequence[str]) -> list[str]:
    return [client] if isinstance(client, str) else list(client)


def _check_slowdown(db: Database, keys: Sequence[str]) -> None:
    from datetime import datetime, timedelta, timezone

    from matchmaking.domain.access import slowdown_seconds

    now = datetime.now(timezone.utc)
    window = to_utc_text(now - timedelta(minutes=15))
    remaining = 0.0
    for key in keys:
        prefix = next((p for p in _FREE_FAILURES if key.startswith(p)), "session:")
        failures, last = storage.recent_login_failures(db, key, window)
        wait = slowdown_seconds(failures, free=_FREE_FAILURES[prefix],
                                longest=_LONGEST_WAIT.get(prefix, 300.0))
        if wait and last:
            ready = from_utc_text(last) + timedelta(seconds=wait)
            remaining = max(remaining, (ready - now).total_seconds())
    if remaining > 0:
        raise TooManyAttempts(remaining)


SESSION_COOKIE = "mm_session"
ONE_TIME_SECONDS = 900  # a page's hand-over of a sign-in to a cookie: used once, soon


def open_browser_session(db: Database, role: str, participant_id: int | None = None, *,
                         seconds: float | None = None) -> tuple[str, float]:
    """A new signed-in browser; returns the token its cookie holds and how many seconds it
    lasts: until the end of the event (a day after its last slot), or ``seconds``."""
    import secrets
    from datetime import datetime, timedelta, timezone

    from matchmaking.domain.access import session_hash

    now = datetime.now(timezone.utc)
    if seconds is not None:
        ends = now + timedelta(seconds=seconds)
    else:
        last = max((s["end_utc"] for s in storage.list_slots(db)), default=None)
        ends = max(now, from_utc_text(last) if last else now) + timedelta(days=1)
    token = secrets.token_urlsafe(32)
    storage.save_browser_session(db, session_hash(token), role, participant_id,
                                 to_utc_text(ends))
    return token, (ends - now).total_seconds()


def browser_session_user(db: Database, token: str | None) -> dict[str, Any] | None:
    """Who a session token belongs to (None: unknown, revoked, expired, or a participant no
    longer active): ``{"role": ..., "participant": row or None}``."""
    from datetime import datetime, timezone

    from matchmaking.domain.access import session_hash

    if not token:
        return None
    row = storage.browser_session(db, session_hash(token),
                                  to_utc_text(datetime.now(timezone.utc)))
    if row is None:
        return None
    if row["role"] == "organiser":
        return {"role": "organiser", "participant": None}
    person = storage.participant_by_id_if_active(db, row["participant_id"])
    return {"role": "participant", "participant": person} if person else None


def close_browser_session(db: Database, token: str | None) -> None:
    from matchmaking.domain.access import session_hash

    if token:
        storage.revoke_browser_session(db, session_hash(token))


def calendar_token_of(db: Database, db_path: Path, email: str) -> str:
    """A participant's calendar-feed token (revoked with their code: ``--regenerate``)."""
    from matchmaking.domain.access import calendar_token

    person = storage.get_participant(db, email)
    return calendar_token(access_secret(db, db_path), person["id"],
                          storage.code_version(db, person["id"]))


def calendar_feed(db: Database, db_path: Path, token: str) -> bytes | None:
    """The iCalendar feed a token opens (None: no such token, or revoked)."""
    import hmac

    from matchmaking.domain.access import calendar_token, load_secret

    try:
        secret = load_secret(db_path, create=False)
    except FileNotFoundError:
        return None
    wanted = token.strip().lower()
    for row in storage.access_code_rows(db):  # active participants only
        if hmac.compare_digest(calendar_token(secret, row["id"], row["code_version"]), wanted):
            from matchmaking.services.meetings import agenda_ics

            return agenda_ics(db, row["email"])
    return None


def sign_in(db: Database, code: str, client: str | Sequence[str]) -> dict[str, Any] | None:
    """The participant a code belongs to, or None. ``client``: the keys attempts count
    against (``session:…``, ``address:…``). Refuses (raises) while a slow-down applies."""
    from matchmaking.domain.access import code_hash, looks_like_code

    keys = _client_keys(client)
    _check_slowdown(db, keys)
    person = storage.participant_by_code_hash(db, code_hash(code)) if looks_like_code(code) \
        else None
    storage.record_logins(db, keys, person is not None)
    return person


def sign_in_organiser(db: Database, code: str, expected: str | None,
                      client: str | Sequence[str], *, db_path: Path | None = None) -> bool:
    """Whether ``code`` opens the console: the configured code when there is one, else the
    one kept beside the database. Wrong codes count against the client and against the
    organiser code itself (raises while a slow-down applies)."""
    from matchmaking.domain.access import organiser_code_matches, stored_organiser_key

    keys = [*_client_keys(client), ORGANISER_TARGET]
    _check_slowdown(db, keys)
    stored = stored_organiser_key(db_path) if db_path is not None and not expected else None
    opened = organiser_code_matches(code, expected, stored_key=stored)
    storage.record_logins(db, keys, opened)
    return opened


def ensure_organiser_code(db_path: Path) -> str | None:
    """Make the database's organiser code on first use; returns it then (to be shown once),
    None when one exists or is configured."""
    import os

    from matchmaking.domain.access import (ORGANISER_CODE_ENV_VAR, new_organiser_code,
                                           store_organiser_code, stored_organiser_key)

    if os.environ.get(ORGANISER_CODE_ENV_VAR) or stored_organiser_key(db_path):
        return None
    code = new_organiser_code()
    # Two app processes starting at once: only the first one's code is kept and shown.
    return code if store_organiser_code(db_path, code, replace=False) else None


def rotate_organiser_code(db_path: Path) -> str:
    """A new organiser code (the old one stops working); returns it, to be shown once."""
    from matchmaking.domain.access import new_organiser_code, store_organiser_code

    code = new_organiser_code()
    store_organiser_code(db_path, code)
    return code


class TooManyAttempts(Exception):
    def __init__(self, seconds: float):
        super().__init__(f"too many wrong codes: try again in {int(seconds) + 1} s")
        self.seconds = seconds
