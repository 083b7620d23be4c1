"""Personal access codes.

A participant's code is derived from a server secret: ``HMAC-SHA256(secret, id:version)``,
130 bits, written in lower-case base32. The database stores only a SHA-256 hash of it, so a
copy of the database does not let anyone sign in; the secret (a file next to the database,
or ``MATCHMAKING_SECRET``) lets the organiser print the same links again for a mail merge.
Bumping a participant's version revokes the old link.
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
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(value)
    return value


def derive_code(secret: bytes, participant_id: int, version: int) -> str:
    digest = hmac.new(secret, f"{participant_id}:{version}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode().lower().rstrip("=")[:CODE_LENGTH]


def code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().lower().encode()).hexdigest()


def looks_like_code(text: str) -> bool:
    text = text.strip().lower()
    return len(text) == CODE_LENGTH and all(c in "abcdefghijklmnopqrstuvwxyz234567" for c in text)


def organiser_code_matches(given: str, expected: str | None) -> bool:
    """Constant-time comparison with the organiser code (none configured: nobody matches)."""
    if not expected or not given:
        return False
    return hmac.compare_digest(given.strip().encode(), expected.strip().encode())


def slowdown_seconds(recent_failures: int) -> float:
    """How long a client must wait after repeated wrong codes: free for the first three
    typos, then doubling up to five minutes."""
    if recent_failures < 3:
        return 0.0
    return float(min(2 ** (recent_failures - 3) * 5, 300))
