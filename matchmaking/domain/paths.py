"""Where the project's bundled files live, and where the event database goes."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_DIR / "data"
DEMO_DIR = DATA_DIR / "demo"
TAXONOMY_FILE = DATA_DIR / "taxonomy.csv"
DEFAULT_DB = DATA_DIR / "matchmaking.db"

DB_ENV_VAR = "MATCHMAKING_DB"


def database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The database to use: an explicit path, else $MATCHMAKING_DB, else data/matchmaking.db."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(DB_ENV_VAR, "").strip()
    return Path(from_env) if from_env else DEFAULT_DB
