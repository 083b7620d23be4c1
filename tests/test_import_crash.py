"""An import is one transaction: a process killed with SIGKILL in the middle of writing a
large file leaves the database intact and without a single row of that file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from matchmaking import storage
from matchmaking.documents.exporting import to_csv
from matchmaking.domain.profiles import CANONICAL_FIELDS
from matchmaking.domain.synthetic import registrations
from matchmaking.services import event as services

from .conftest import REGISTRATIONS

ROWS = 40_000


@pytest.mark.slow
def test_kill_9_during_import_leaves_nothing_half_written(event_db_path: Path, tmp_path: Path):
    db = storage.open_database(event_db_path)
    services.import_registrations(db, REGISTRATIONS / "good.csv")
    before = storage.count_rows(db, "participants")
    audit_before = storage.count_rows(db, "audit_log")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()

    big = tmp_path / "big.csv"
    big.write_text(to_csv(registrations(ROWS, seed=1), CANONICAL_FIELDS), encoding="utf-8")
    wal = Path(f"{event_db_path}-wal")
    baseline = wal.stat().st_size if wal.exists() else 0
    process = subprocess.Popen(
        [sys.executable, "-m", "matchmaking", "--db", str(event_db_path), "import", str(big)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    # Wait until the import is visibly writing (pages spilled into the WAL), then kill it.
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > baseline + 2_000_000:
            break
        time.sleep(0.005)
    assert process.poll() is None, "the import finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL

    db = storage.connect(event_db_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert storage.count_rows(db, "participants") == before
    assert storage.count_rows(db, "audit_log") == audit_before
    db.close()

    # And the same file, not interrupted, goes in whole.
    db = storage.open_database(event_db_path)
    result = services.import_registrations(db, big)
    assert len(result.report.created) == ROWS
    assert storage.count_rows(db, "participants") == before + ROWS
    db.close()
