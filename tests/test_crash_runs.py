"""A scheduler or re-planning run is one transaction with its record and audit entry: a
process killed with SIGKILL while writing, or a write that fails half-way, leaves no run
claiming meetings that were never written."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from datetime import timedelta

import pytest

from matchmaking import storage
from matchmaking.domain.timezones import from_utc_text
from matchmaking.services import meetings
from matchmaking.services.matching import match_event, refresh_embeddings

from .conftest import PROJECT
from .fakes import FakeEncoder

DIE_WHILE_WRITING = """
import os, signal, sys
sys.path.insert(0, {project!r})
from tests.fakes import FakeEncoder
from matchmaking import storage
from matchmaking.services import matching
import matchmaking.services.meetings as meetings

db = storage.open_database({db!r})
encoder = FakeEncoder()
original = meetings._write_meetings

def written_then_killed(*args, **kwargs):
    out = original(*args, **kwargs)   # the meetings and the run record are in the transaction
    os.kill(os.getpid(), signal.SIGKILL)
    return out

meetings._write_meetings = written_then_killed
{call}
"""


def _counts(db) -> tuple[int, int, int]:
    return (storage.count_rows(db, "scheduler_runs"), storage.count_rows(db, "meetings"),
            db.execute("SELECT count(*) FROM audit_log WHERE action LIKE 'scheduler.%'")
            .fetchone()[0])


@pytest.fixture
def embedded(demo_db_path):
    db = storage.open_database(demo_db_path)
    refresh_embeddings(db, FakeEncoder())
    yield db
    db.close()


@pytest.mark.parametrize("call", [
    "meetings.run_scheduler(db, matching.match_event(db, encoder.name), time_limit=1)",
    "meetings.replan_now(db, matching.match_event(db, encoder.name), now=NOW, "
    "no_shows=[NO_SHOW], time_limit=1)",
], ids=["schedule", "replan"])
def test_kill_9_while_a_run_writes_leaves_no_run_and_no_meeting(embedded, demo_db_path, call):
    db = embedded
    if "replan" in call:  # a live day: meetings exist, one participant does not come
        meetings.run_scheduler(db, match_event(db, FakeEncoder().name), time_limit=1)
        first = storage.list_slots(db, kind="meeting")[3]
        now = from_utc_text(first["start_utc"]) + timedelta(minutes=1)
        absent = db.execute("SELECT p.email FROM meetings m JOIN participants p ON "
                            "p.id = m.participant_a ORDER BY m.id LIMIT 1").fetchone()[0]
        call = call.replace("NOW", f"datetime.fromisoformat({now.isoformat()!r})") \
            .replace("NO_SHOW", repr(absent))
        call = "from datetime import datetime\n" + call
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _counts(db)
    script = DIE_WHILE_WRITING.format(project=str(PROJECT), db=str(demo_db_path),
                                      call=textwrap.dedent(call))
    process = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             timeout=300)
    assert process.returncode == -signal.SIGKILL, process.stderr[-2000:]
    fresh = storage.connect(demo_db_path)
    assert fresh.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert _counts(fresh) == before
    fresh.close()


def test_a_write_that_fails_half_way_leaves_nothing_either(embedded, monkeypatch):
    db = embedded
    before = _counts(db)
    calls = {"n": 0}
    from matchmaking.storage import meetings as ms

    original = ms.insert_meeting

    def fails_on_the_tenth(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 10:
            raise storage.SlotTaken("slot just taken (simulated)")
        return original(*args, **kwargs)

    monkeypatch.setattr(ms, "insert_meeting", fails_on_the_tenth)
    with pytest.raises(storage.StorageError):
        meetings.run_scheduler(db, match_event(db, FakeEncoder().name), time_limit=1)
    assert calls["n"] == 10 and _counts(db) == before


def test_a_run_record_cannot_be_written_outside_its_meetings_transaction(db):
    from matchmaking.storage import meetings as ms

    with pytest.raises(storage.StorageError, match="transaction"):
        ms.insert_run(db, "schedule", {"meetings_added": 742}, "test")
    assert storage.count_rows(db, "scheduler_runs") == 0
