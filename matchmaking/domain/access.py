"""Personal access codes.

A participant's code is derived from a server secret: ``HMAC-SHA256(secret, id:version)``,
130 bits, written in lower-case base32. The database stores only a SHA-256 hash of it, so a
copy of the database does not let anyone sign in; the secret (a file next to the database,
or ``MATCHMAKING_SECRET``) lets the organiser print the same links again for a mail merge.
Bumping a participant's version revokes the old link.

The organiser code is random per database (``new_organiser_code``), kept beside the secret
as a SHA-256 hash only, and shown once when it is made; ``$MATCHMAKING_ORGANISER_CODE`` (or
Streamlit's secrets) replaces it where an organiser wants to choose one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

SECRET_ENV_VAR = "MATCHMAKING_SECRET"
CODE_LENGTH = 26  # base32 characters: 130 bits
ORGANISER_CODE_ENV_VAR = "MATCHMAKING_ORGANISER_CODE"


def secret_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".secret")


def load_secret(db_path: Path, *, create: bool = True) -> bytes:
    """The server secret: $MATCHMAKING_SECRET, else a file beside the database (created
    with owner-only permissions on first use)."""
    from_env = os.environ.get(SECRET_ENV_VAR, "").strip()
    if from_env:
        return from_env.encode()
    path = secret_path(db_path)
    if path.exists():
        return path.read_bytes().strip()
    if not create:
        raise FileNotFoundError(f"no access-code secret at {path}")
    value = secrets.token_hex(32).encode()
    if not _write_owner_only(path, value, replace=False):
        return path.read_bytes().strip()  # another process made it first: one secret for all
    return value


def _write_owner_only(path: Path, data: bytes, *, replace: bool) -> bool:
    """Write ``data`` to ``path`` (mode 0600) so that no reader ever sees it half-written:
    into a temporary file of its own first, then renamed over ``path`` (``replace``), or
    hard-linked to it only if ``path`` does not exist yet (returns False when it did: two
    processes starting at once agree on the first one's file)."""
    import tempfile

    fd, temporary = tempfile.mkstemp(prefix=path.name + ".", suffix=".new", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(temporary, path)
            return True
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        return True
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def derive_code(secret: bytes, participant_id: int, version: int) -> str:
    digest = hmac.new(secret, f"{participant_id}:{version}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode().lower().rstrip("=")[:CODE_LENGTH]


def calendar_token(secret: bytes, participant_id: int, version: int) -> str:
    """The token of a participant's calendar feed: derived like their code but apart from
    it (a calendar app keeps its URL; it must not sign anyone in), revoked with it."""
    digest = hmac.new(secret, f"calendar:{participant_id}:{version}".encode(),
                      hashlib.sha256).digest()
    return base64.b32encode(digest).decode().lower().rstrip("=")[:CODE_LENGTH]


def code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().lower().encode()).hexdigest()


def session_hash(token: str) -> str:
    """What the database keeps of a browser session's token (case matters in tokens)."""
    return hashlib.sha256(token.encode()).hexdigest()


def code_from_text(text: str) -> str:
    """The personal code in what someone pasted: the code itself, or the whole link it came
    in (``http://10.0.0.5:8501/?code=...``, with or without spaces or line breaks)."""
    from urllib.parse import parse_qs, urlsplit

    pasted = "".join((text or "").split())
    if "code=" in pasted:
        found = parse_qs(urlsplit(pasted).query or pasted.split("?", 1)[-1]).get("code")
        if found:
            return found[0].strip().lower()
    return pasted.lower()


def looks_like_code(text: str) -> bool:
    text = text.strip().lower()
    return len(text) == CODE_LENGTH and all(c in "abcdefghijklmnopqrstuvwxyz234567" for c in text)


def organiser_code_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".organiser")


def new_organiser_code() -> str:
    """100 random bits, read aloud in groups: ``k3xq7-mzt4a-...``."""
    raw = base64.b32encode(secrets.token_bytes(13)).decode().lower()[:20]
    return "-".join(raw[i:i + 5] for i in range(0, 20, 5))


def _organiser_key(code: str) -> str:
    return hashlib.sha256("".join(code.split()).replace("-", "").lower().encode()).hexdigest()


def store_organiser_code(db_path: Path, code: str, *, replace: bool = True) -> bool:
    """Keep the hash of ``code`` beside the database (owner-only), replacing any other, or
    only if there is none yet (``replace=False``; returns whether it was kept)."""
    return _write_owner_only(organiser_code_path(db_path),
                             f"sha256:{_organiser_key(code)}\n".encode("ascii"),
                             replace=replace)


def stored_organiser_key(db_path: Path) -> str | None:
    path = organiser_code_path(db_path)
    if not path.exists():
        return None
    text = path.read_text(encoding="ascii").strip()
    return text.removeprefix("sha256:") or None


def organiser_code_matches(given: str, expected: str | None, *,
                           stored_key: str | None = None) -> bool:
    """Constant-time check of an organiser code against the configured one, else against
    the stored hash (neither: nobody matches)."""
    if not given or not given.strip():
        return False
    if expected:
        return hmac.compare_digest(given.strip().encode(), expected.strip().encode())
    if stored_key:
        return hmac.compare_digest(_organiser_key(given), stored_key)
    return False


def slowdown_seconds(recent_failures: int, *, free: int = 3, longest: float = 300) -> float:
    """How long to wait after repeated wrong codes: nothing for the first ``free``, then
    5 s doubling up to ``longest``."""
    if recent_failures < free:
        return 0.0
    return float(min(2 ** (recent_failures - free) * 5, longest))
