"""Use cases shared by the CLI and the app: each takes a database and plain values."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .storage import Database

from . import storage
from .event import EventConfig, build_slots  # noqa: F401  (re-exported for callers)
from .exporting import to_csv, to_json
from .importing import DEFAULT_MAX_BYTES, Problem, read_registrations
from .paths import DEMO_DIR
from .profiles import CANONICAL_FIELDS

DEMO_EVENT = DEMO_DIR / "event.json"
DEMO_PARTICIPANTS = DEMO_DIR / "participants.csv"


@dataclass
class ImportResult:
    report: storage.ImportReport
    warnings: list[Problem]


def setup_event(db: Database, event_file: Path, actor: str = storage.SYSTEM_ACTOR) -> EventConfig:
    config = EventConfig.from_file(event_file)
    storage.save_event(db, config, build_slots(config), actor=actor)
    return config


def import_registrations(db: Database, path: str | Path, *, dry_run: bool = False,
                         max_bytes: int = DEFAULT_MAX_BYTES, actor: str = storage.SYSTEM_ACTOR,
                         display_name: str | None = None) -> ImportResult:
    """Validate a whole file, then write it in one transaction (or report, on a dry run)."""
    registrations = read_registrations(path, max_bytes=max_bytes, display_name=display_name)
    report = storage.apply_registrations(db, registrations, dry_run=dry_run, actor=actor)
    return ImportResult(report, registrations.warnings)


def init_database(db_path: Path, *, demo: bool = False, event_file: Path | None = None,
                  actor: str = storage.SYSTEM_ACTOR) -> dict[str, Any]:
    """Create (or upgrade) the database; with ``demo`` load the bundled demo event."""
    db = storage.open_database(db_path)
    try:
        summary: dict[str, Any] = {"database": str(db_path),
                                   "schema_version": storage.schema_version(db)}
        if demo or event_file:
            config = setup_event(db, event_file or DEMO_EVENT, actor=actor)
            summary["event"] = config.name
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
