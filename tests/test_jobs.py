"""Background jobs: one at a time per kind and each claimed once, across real processes;
progress seen from another connection; a cancel that stops a scheduler run before it writes
anything; a process killed with SIGKILL in the middle of a job, found and failed by the next
worker's start, with no half result; and ``matchmaking jobs``."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from matchmaking import storage
from matchmaking.cli import main
from matchmaking.domain.vocabulary import CANCELLED, DONE, FAILED, QUEUED, RUNNING
from matchmaking.services import jobs
from matchmaking.services.matching import match_event, refresh_embeddings
from matchmaking.storage import jobs as js

from .conftest import PROJECT
from .fakes import FakeEncoder
from .test_organiser_app import button, console, edb, event_path, go  # noqa: F401 (fixtures)

PRELUDE = f"""
import os, signal, sys, time
from pathlib import Path
sys.path.insert(0, {str(PROJECT)!r})
from tests.fakes import FakeEncoder
from matchmaking import storage
from matchmaking.services import jobs
from matchmaking.services.matching import match_event
RESOURCES = jobs.Resources(encoder=FakeEncoder,
                           matching=lambda db: match_event(db, FakeEncoder().name))
"""


def resources() -> jobs.Resources:
    return jobs.Resources(encoder=FakeEncoder,
                          matching=lambda db: match_event(db, FakeEncoder().name))


# storage alone, for the races: the processes are ready in a fraction of the time
LIGHT_PRELUDE = f"""
import sys, time
from pathlib import Path
sys.path.insert(0, {str(PROJECT)!r})
from matchmaking import storage
from matchmaking.storage import jobs as js
"""


def run_script(body: str, prelude: str = PRELUDE, **values) -> subprocess.Popen:
    script = prelude + textwrap.dedent(body).format(**values)
    return subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for(condition, timeout: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def job_row(path: Path, job_id: int) -> dict:
    db = storage.connect(path)  # a connection of its own, as another process would have
    try:
        return js.get_job(db, job_id)
    finally:
        db.close()


def run_counts(db) -> tuple[int, int, int]:
    return (storage.count_rows(db, "scheduler_runs"), storage.count_rows(db, "meetings"),
            db.execute("SELECT count(*) FROM audit_log WHERE action LIKE 'scheduler.%'")
            .fetchone()[0])


@pytest.fixture
def embedded(demo_db_path):
    db = storage.open_database(demo_db_path)
    refresh_embeddings(db, FakeEncoder())
    yield db, demo_db_path
    db.close()


# --- one at a time, each once -----------------------------------------------------------------

SUBMIT_AT_ONCE = """
go = Path({go!r})
db = storage.open_database({db!r})
Path({ready!r}).touch()
while not go.exists():
    time.sleep(0.005)
try:
    job = js.submit(db, "schedule", {{"time_limit": 1}}, "organiser")
    print("submitted", job["id"])
except js.JobBusy as error:
    print("refused", error.values["job"], error)
"""


def test_one_job_per_kind_even_when_processes_submit_at_the_same_moment(demo_db_path, tmp_path):
    go = tmp_path / "go"
    ready = [tmp_path / f"ready-{i}" for i in range(4)]
    processes = [run_script(SUBMIT_AT_ONCE, LIGHT_PRELUDE, go=str(go), db=str(demo_db_path),
                            ready=str(r)) for r in ready]
    wait_for(lambda: all(r.exists() for r in ready), what="every process ready")
    go.touch()
    outputs = [p.communicate(timeout=60)[0].split() for p in processes]
    submitted = [int(o[1]) for o in outputs if o[0] == "submitted"]
    refused = [o for o in outputs if o[0] == "refused"]
    assert len(submitted) == 1 and len(refused) == 3, outputs
    # each refusal names the job already there, and says it is queued
    assert all(int(o[1]) == submitted[0] and "queued:" in o for o in refused), refused
    db = storage.open_database(demo_db_path)
    assert storage.count_rows(db, "jobs") == 1
    other = jobs.submit(db, jobs.EXPORT, {"what": "report"})  # another kind is free
    assert other["status"] == QUEUED
    # the schema itself refuses a second active job of a kind, whatever code writes it
    with pytest.raises(storage.DatabaseError, match="UNIQUE"):
        db.execute("INSERT INTO jobs (kind, status, actor, created_at) VALUES "
                   "('schedule', ?, 'x', 'now')", [RUNNING])
    db.close()


CLAIM_ALL = """
go = Path({go!r})
db = storage.open_database({db!r})
Path({ready!r}).touch()
while not go.exists():
    time.sleep(0.005)
claimed = []
while True:
    job = js.claim_next(db, {name!r})
    if job is None:
        break
    claimed.append(job["id"])
print(" ".join(map(str, claimed)))
"""


def test_a_queued_job_is_claimed_by_exactly_one_of_two_processes(demo_db_path, tmp_path):
    db = storage.open_database(demo_db_path)
    for round_ in range(3):
        queued = [jobs.submit(db, kind, {"what": "report"} if kind == jobs.EXPORT else {})["id"]
                  for kind in (jobs.MATCHING, jobs.SCHEDULE, jobs.REPLAN, jobs.EXPORT)
                  if kind != jobs.REPLAN] + \
            [jobs.submit(db, jobs.REPLAN, {"slot_id": 1})["id"]]
        go = tmp_path / f"go-{round_}"
        ready = [tmp_path / f"ready-{round_}-{i}" for i in range(2)]
        workers = [run_script(CLAIM_ALL, LIGHT_PRELUDE, go=str(go), db=str(demo_db_path),
                              name=f"w{i}", ready=str(r)) for i, r in enumerate(ready)]
        wait_for(lambda: all(r.exists() for r in ready), what="both workers ready")
        go.touch()
        claims = [[int(x) for x in w.communicate(timeout=60)[0].split()] for w in workers]
        assert sorted(claims[0] + claims[1]) == sorted(queued), claims
        owners = {j["id"]: j["worker"] for j in js.list_jobs(db)}
        for name, ids in zip(("w0", "w1"), claims):
            assert all(owners[i] == name for i in ids)
        for job_id in queued:  # end them, so that the next round may queue again
            js.fail(db, job_id, "test")
    db.close()


def test_progress_and_a_cancel_are_seen_from_another_connection(demo_db_path):
    db = storage.open_database(demo_db_path)
    job = jobs.submit(db, jobs.SCHEDULE, {"time_limit": 3})
    assert js.claim_next(db, "here")["status"] == RUNNING
    assert js.claim_next(db, "here") is None  # nothing else queued
    assert js.report_progress(db, job["id"], 0.42, jobs.message("o.jobs.step.solve",
                                                                seconds=3)) is False
    seen = job_row(demo_db_path, job["id"])
    assert seen["progress"] == pytest.approx(0.42)
    assert jobs.message_text(seen["message"], "en") == "Scheduling (up to 3 s)…"
    assert jobs.message_text(seen["message"], "fr") == "Planification (jusqu'à 3 s)…"
    other = storage.connect(demo_db_path)
    js.request_cancel(other, job["id"], actor="another organiser")
    other.close()
    assert js.report_progress(db, job["id"], 0.5, "") is True  # the job learns it must stop
    assert js.mark_cancelled(db, job["id"]) is True
    assert js.finish(db, job["id"], {"late": 1}) is False  # an ended job stays as it ended
    with pytest.raises(js.JobEnded, match="already ended"):
        js.request_cancel(db, job["id"], "organiser")
    assert job_row(demo_db_path, job["id"])["status"] == CANCELLED
    db.close()


# --- cancel --------------------------------------------------------------------------------

def test_cancelling_a_running_scheduler_job_leaves_no_run_and_no_meeting(embedded):
    db, path = embedded
    before = run_counts(db)
    worker = jobs.Worker(path, resources(), poll=0.1)
    worker.start()
    try:
        job = jobs.submit(db, jobs.SCHEDULE, {"time_limit": 3})
        worker.wake.set()
        # cancelled while the solver runs: the run has a snapshot and a solution, not a row
        wait_for(lambda: "o.jobs.step.solve" in job_row(path, job["id"])["message"],
                 what="the solve")
        assert job_row(path, job["id"])["status"] == RUNNING
        jobs.request_cancel(db, job["id"], actor="organiser")
        wait_for(lambda: job_row(path, job["id"])["status"] not in (QUEUED, RUNNING),
                 what="the end")
        ended = job_row(path, job["id"])
        assert ended["status"] == CANCELLED and ended["error"] == jobs.CANCELLED_REASON
        assert run_counts(db) == before
        # and the kind is free again: the next run goes through to the end
        again = jobs.submit(db, jobs.SCHEDULE, {"time_limit": 1})
        worker.wake.set()
        wait_for(lambda: job_row(path, again["id"])["status"] not in (QUEUED, RUNNING),
                 what="the second run")
        done = job_row(path, again["id"])
        assert done["status"] == DONE and done["progress"] == 1
        assert run_counts(db)[0] == before[0] + 1
        assert done["result"]["report"]["meetings_added"] == db.execute(
            "SELECT count(*) FROM meetings WHERE run_id = ?",
            [done["result"]["report"]["run_id"]]).fetchone()[0] > 0
    finally:
        worker.stop()


def test_a_failing_job_says_why_and_frees_its_kind(demo_db_path):
    db = storage.open_database(demo_db_path)  # not embedded: nothing to schedule with
    db.execute("DELETE FROM event")
    db.conn.commit()
    job = jobs.submit(db, jobs.SCHEDULE, {"time_limit": 1})
    ended = jobs.run_next(demo_db_path, resources())
    assert ended["id"] == job["id"] and ended["status"] == FAILED
    assert "no event is set up" in ended["error"]
    assert jobs.submit(db, jobs.SCHEDULE, {})["status"] == QUEUED
    db.close()


# --- killed ------------------------------------------------------------------------------------

KILLED_WHILE_WRITING = """
import matchmaking.services.meetings as meetings
original = meetings._write_meetings

def written_then_killed(*args, **kwargs):
    out = original(*args, **kwargs)  # inside the run's transaction
    os.kill(os.getpid(), signal.SIGKILL)

meetings._write_meetings = written_then_killed
print(jobs.run_next({db!r}, RESOURCES))
"""

KILLED_BEFORE_RENAME = """
def killed(*args):  # the file is written under its temporary name, not yet renamed
    Path({written!r}).write_text(str(args[0]))
    os.kill(os.getpid(), signal.SIGKILL)

jobs.os.replace = killed
print(jobs.run_next({db!r}, RESOURCES))
"""


def test_a_job_killed_while_its_run_writes_is_failed_at_the_next_start_and_wrote_nothing(
        embedded):
    db, path = embedded
    before = run_counts(db)
    job = jobs.submit(db, jobs.SCHEDULE, {"time_limit": 1})
    process = run_script(KILLED_WHILE_WRITING, db=str(path))
    _, err = process.communicate(timeout=300)
    assert process.returncode == -signal.SIGKILL, err[-2000:]
    left = job_row(path, job["id"])
    assert left["status"] == RUNNING and left["worker"].split(":")[1] == str(process.pid)
    assert run_counts(db) == before  # the run's transaction died with it
    # the next worker to start (a server restart) sees the process is gone
    worker = jobs.Worker(path, resources(), poll=0.1)
    worker.start()
    try:
        assert worker.ready.wait(30)
        assert [j["id"] for j in worker.recovered] == [job["id"]]
    finally:
        worker.stop()
    failed = job_row(path, job["id"])
    assert failed["status"] == FAILED and failed["error"] == jobs.INTERRUPTED_REASON
    assert jobs.error_text(failed, "fr").startswith("Le serveur s'est arrêté")
    assert run_counts(db) == before
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_export_killed_before_its_file_is_complete_leaves_no_file(demo_db_path, tmp_path):
    db = storage.open_database(demo_db_path)
    job = jobs.submit(db, jobs.EXPORT, {"what": "meetings_csv"})
    written = tmp_path / "written"
    process = run_script(KILLED_BEFORE_RENAME, db=str(demo_db_path), written=str(written))
    _, err = process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL, err[-2000:]
    folder = jobs.exports_folder(demo_db_path)
    part = Path(written.read_text())
    assert part.parent == folder and part.exists()  # half-way: only the temporary file
    assert [p for p in folder.iterdir() if p != part] == []
    lost = jobs.recover(demo_db_path)
    assert [j["id"] for j in lost] == [job["id"]]
    failed = job_row(demo_db_path, job["id"])
    assert failed["status"] == FAILED and failed["error"] == jobs.INTERRUPTED_REASON
    assert jobs.export_file(demo_db_path, failed) is None
    assert list(folder.iterdir()) == []  # and the temporary file is cleared away
    # done again, whole: a real CSV under its own name
    again = jobs.submit(db, jobs.EXPORT, {"what": "meetings_csv"})
    assert jobs.run_next(demo_db_path, resources())["status"] == DONE
    made = jobs.export_file(demo_db_path, job_row(demo_db_path, again["id"]))
    assert made is not None and made.read_bytes().startswith(b"\xef\xbb\xbfday,start")
    db.close()


def test_only_jobs_of_processes_that_are_gone_are_declared_lost(demo_db_path):
    db = storage.open_database(demo_db_path)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        host = js.worker_identity().split(":")[0]
        start = js._process_start(sleeper.pid)
        alive = jobs.submit(db, jobs.SCHEDULE, {})
        js.claim_next(db, f"{host}:{sleeper.pid}:{start}")
        reused = jobs.submit(db, jobs.EXPORT, {"what": "report"})  # same pid, not the same
        js.claim_next(db, f"{host}:{sleeper.pid}:{int(start) - 1}")  # process: reused
        mine = jobs.submit(db, jobs.MATCHING, {})  # queued by this very process
        elsewhere = jobs.submit(db, jobs.REPLAN, {"slot_id": 1})
        # a worker on another host cannot be checked from here: its job is left alone
        js.claim_next(db, "another-host:1:1", kinds=(jobs.REPLAN,))
        lost = jobs.recover(demo_db_path)
        assert [j["id"] for j in lost] == [reused["id"]]
        statuses = {j["id"]: j["status"] for j in js.list_jobs(db)}
        assert statuses == {alive["id"]: RUNNING, reused["id"]: FAILED, mine["id"]: QUEUED,
                            elsewhere["id"]: RUNNING}
        sleeper.kill()
        sleeper.wait()
        assert [j["id"] for j in jobs.recover(demo_db_path)] == [alive["id"]]
    finally:
        if sleeper.poll() is None:
            sleeper.kill()
    db.close()


# --- the command line --------------------------------------------------------------------------

def test_matchmaking_jobs_lists_and_cancels(demo_db_path, capsys):
    db = storage.open_database(demo_db_path)
    queued = jobs.submit(db, jobs.SCHEDULE, {"time_limit": 2})
    export = jobs.submit(db, jobs.EXPORT, {"what": "report"})
    js.claim_next(db, js.worker_identity(), kinds=(jobs.EXPORT,))
    js.report_progress(db, export["id"], 0.25, jobs.message("o.jobs.step.export"))
    db.close()
    capsys.readouterr()
    assert main(["--db", str(demo_db_path), "jobs"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:5] == ["id", "kind", "status", "progress", "message"]
    assert lines[2].split()[:5] == [str(export["id"]), "export", "running", "25%", "Making"]
    assert lines[3].split()[:4] == [str(queued["id"]), "schedule", "queued", "0%"]
    assert main(["jobs", "--format", "json", "--db", str(demo_db_path)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["status"], r["message"]) for r in rows] == [
        (export["id"], "running", "Making the file…"), (queued["id"], "queued", "")]
    assert main(["--db", str(demo_db_path), "jobs", "cancel", str(queued["id"])]) == 0
    assert capsys.readouterr().out.strip() == f"job {queued['id']}: cancelled"
    assert main(["--db", str(demo_db_path), "jobs", "cancel", str(export["id"])]) == 0
    assert "cancel asked" in capsys.readouterr().out
    assert main(["--db", str(demo_db_path), "jobs", "cancel", str(queued["id"])]) == 1
    assert "has already ended (cancelled)" in capsys.readouterr().err
    assert main(["--db", str(demo_db_path), "jobs", "--kind", "schedule", "--format",
                 "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["status"], r["error"]) for r in rows] == [
        (queued["id"], "cancelled", "Cancelled by an organiser: nothing of it was kept.")]
    assert main(["jobs", "--help"]) == 0
    assert "matchmaking jobs cancel 12" in capsys.readouterr().out



# --- the console -----------------------------------------------------------------------------

def test_any_organiser_session_sees_a_running_job_and_can_cancel_it(console, edb):
    job = jobs.submit(edb, jobs.SCHEDULE, {"time_limit": 5})
    js.claim_next(edb, js.worker_identity())  # running here: no worker of the page takes it
    js.report_progress(edb, job["id"], 0.4, jobs.message("o.jobs.step.solve", seconds=5))
    go(console, "console_runs_page.py")
    [bar] = console.get("progress")
    assert bar.proto.value == 40 and bar.proto.text == "Scheduling (up to 5 s)…"
    assert any(f"Scheduler run (job {job['id']}), running: started by organiser" in c.value
               for c in console.caption)
    console.button(key=f"o.runs.jobs.cancel.{job['id']}").click().run()
    assert not console.exception, [e.value for e in console.exception]
    assert job_row(edb_path(edb), job["id"])["cancel_requested"] is True
    assert any("the job stops at its next step" in i.value for i in console.info)
    assert js.report_progress(edb, job["id"], 0.5, "") is True  # what the job then sees
    js.mark_cancelled(edb, job["id"])
    console.run()
    assert not console.get("progress")
    assert any(f"(job {job['id']}) cancelled at" in i.value and "nothing of it was kept"
               in i.value for i in console.info)
    # a second run is refused while one is active, naming it
    again = jobs.submit(edb, jobs.SCHEDULE, {})
    js.claim_next(edb, js.worker_identity())
    button(console, "Run matching and scheduling").click().run()
    assert f"Scheduler run job {again['id']} is already running" in console.error[0].value


def edb_path(db) -> Path:
    return storage.database_file(db)
