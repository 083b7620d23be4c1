"""Background jobs (matching, scheduling, re-planning, exports): their queue, their progress
and their end, shared by every server process through the database.

One job at a time per kind: ``submit`` refuses a second one and names the job already
queued or running, and the schema's partial unique index (``one_active_job_per_kind``)
guarantees it even between processes. ``claim_next`` takes a queued job under the write lock,
so two workers never run the same job. A job's ``worker`` names the process that owns it
(``host:pid:start``): at a server's start, ``mark_interrupted`` fails the active jobs whose
process is gone, so a restart never leaves a job "running" forever.

Progress is written without an audit entry: the audit log's last id is the app's cache key
(``data_version``), and a progress tick changes no data anything is computed from.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from sqlite_utils import Database

from matchmaking.domain.vocabulary import (ACTIVE_JOB_STATUSES, CANCELLED, DONE, FAILED, JOB_KINDS,
                                           QUEUED, RUNNING)
from matchmaking.storage import (SYSTEM_ACTOR, NotFound, StorageError, audit, marks, utc_now,
                                 write_transaction)

INTERRUPTED_REASON = "the server stopped while it ran"
CANCELLED_REASON = "cancelled by an organiser"


class JobBusy(StorageError):
    """A job of that kind is already queued or running (code ``job_busy``: its ``job`` id,
    ``kind`` and ``status``)."""


class JobEnded(StorageError):
    """The job has already ended (code ``job_ended``): it can no longer be cancelled."""


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for column in ("params", "result"):
        out[column] = json.loads(out[column] or "{}")
    out["cancel_requested"] = bool(out["cancel_requested"])
    return out


def get_job(db: Database, job_id: int) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM jobs WHERE id = ?", [job_id]))
    if not rows:
        raise NotFound(f"no job {job_id}", code="job_missing", job=job_id)
    return _decoded(rows[0])


def list_jobs(db: Database, *, kind: str | None = None, limit: int = 50
              ) -> list[dict[str, Any]]:
    """The latest jobs first."""
    where, params = ("WHERE kind = ?", [kind]) if kind else ("", [])
    return [_decoded(r) for r in db.query(
        f"SELECT * FROM jobs {where} ORDER BY id DESC LIMIT ?", [*params, limit])]


def active_job(db: Database, kind: str) -> dict[str, Any] | None:
    """The queued or running job of a kind, if any."""
    rows = list(db.query(f"SELECT * FROM jobs WHERE kind = ? AND status IN "
                         f"{marks(ACTIVE_JOB_STATUSES)}", [kind, *ACTIVE_JOB_STATUSES]))
    return _decoded(rows[0]) if rows else None


def latest_ended_job(db: Database, kind: str) -> dict[str, Any] | None:
    """The last job of a kind that ended (done, failed or cancelled)."""
    rows = list(db.query(f"SELECT * FROM jobs WHERE kind = ? AND status NOT IN "
                         f"{marks(ACTIVE_JOB_STATUSES)} ORDER BY id DESC LIMIT 1",
                         [kind, *ACTIVE_JOB_STATUSES]))
    return _decoded(rows[0]) if rows else None


def _busy(job: dict[str, Any]) -> JobBusy:
    return JobBusy(f"job {job['id']} ({job['kind']}) is already {job['status']}: wait for it "
                   "to end or cancel it", code="job_busy", job=job["id"], kind=job["kind"],
                   status=job["status"])


def submit(db: Database, kind: str, params: dict[str, Any], actor: str, *,
           worker: str = "") -> dict[str, Any]:
    """Queue a job; refused (``JobBusy``, naming it) while one of that kind is active.
    ``worker`` is the process that queued it: if it dies before a worker takes the job,
    a restart fails the job instead of leaving it queued for nobody."""
    if kind not in JOB_KINDS:
        raise StorageError(f"unknown job kind {kind!r}")
    with write_transaction(db):
        current = active_job(db, kind)
        if current is not None:
            raise _busy(current)
        try:
            cursor = db.execute(
                "INSERT INTO jobs (kind, status, params, actor, worker, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [kind, QUEUED, json.dumps(params, ensure_ascii=False, default=str), actor,
                 worker, utc_now()])
        except sqlite3.IntegrityError:  # the index is the last word, whatever wrote first
            current = active_job(db, kind)
            raise _busy(current) if current else StorageError("job refused") from None
        job_id = int(cursor.lastrowid)
        audit(db, actor, "job.submitted", "job", job_id, {"kind": kind, "params": params})
    return get_job(db, job_id)


def claim_next(db: Database, worker: str, kinds: tuple[str, ...] = JOB_KINDS
               ) -> dict[str, Any] | None:
    """Take the oldest queued job for ``worker``, or None. Under the write lock: of two
    workers asking at once, one gets it and the other sees it running."""
    with write_transaction(db):
        row = db.execute(f"SELECT id FROM jobs WHERE status = ? AND kind IN {marks(kinds)} "
                         "ORDER BY id LIMIT 1", [QUEUED, *kinds]).fetchone()
        if row is None:
            return None
        db.execute("UPDATE jobs SET status = ?, worker = ?, started_at = ? "
                   "WHERE id = ? AND status = ?", [RUNNING, worker, utc_now(), row[0], QUEUED])
        audit(db, SYSTEM_ACTOR, "job.started", "job", row[0], {"worker": worker})
    return get_job(db, row[0])


def report_progress(db: Database, job_id: int, progress: float, message: str) -> bool:
    """Record how far a running job is; True when it should stop (a cancel was asked for,
    or it is no longer running: a restart elsewhere declared it lost)."""
    with write_transaction(db):
        db.execute("UPDATE jobs SET progress = ?, message = ? WHERE id = ? AND status = ?",
                   [min(max(float(progress), 0.0), 1.0), message, job_id, RUNNING])
        row = db.execute("SELECT status, cancel_requested FROM jobs WHERE id = ?",
                         [job_id]).fetchone()
    if row is None:
        raise NotFound(f"no job {job_id}")
    return row[0] != RUNNING or bool(row[1])


def cancel_requested(db: Database, job_id: int) -> bool:
    """Read only: whether a running job should stop (see ``report_progress``)."""
    row = db.execute("SELECT status, cancel_requested FROM jobs WHERE id = ?",
                     [job_id]).fetchone()
    return row is None or row[0] != RUNNING or bool(row[1])


def _end(db: Database, job_id: int, status: str, *, result: dict[str, Any] | None,
         error: str, actor: str, action: str) -> bool:
    with write_transaction(db):
        done = db.execute(
            "UPDATE jobs SET status = ?, result = ?, error = ?, finished_at = ?, "
            "progress = CASE WHEN ? THEN 1 ELSE progress END, "
            "message = CASE WHEN ? THEN '' ELSE message END WHERE id = ? AND status = ?",
            # a failed job keeps its last step: where it stopped
            [status, json.dumps(result or {}, ensure_ascii=False, default=str), error,
             utc_now(), status == DONE, status == DONE, job_id, RUNNING]).rowcount
        if done:
            audit(db, actor, action, "job", job_id, {"error": error} if error else {})
    return bool(done)


def finish(db: Database, job_id: int, result: dict[str, Any]) -> bool:
    """A running job is done, with its result. False if it was no longer running."""
    return _end(db, job_id, DONE, result=result, error="", actor=SYSTEM_ACTOR, action="job.done")


def fail(db: Database, job_id: int, reason: str, details: dict[str, Any] | None = None
         ) -> bool:
    """A running job stopped on an error: ``reason`` in words, ``details`` (an error code
    and its values) for an interface to say it in its own language."""
    return _end(db, job_id, FAILED, result=details, error=reason, actor=SYSTEM_ACTOR,
                action="job.failed")


def mark_cancelled(db: Database, job_id: int) -> bool:
    """A running job stopped because a cancel was asked for; nothing of it was kept."""
    return _end(db, job_id, CANCELLED, result=None, error=CANCELLED_REASON, actor=SYSTEM_ACTOR,
                action="job.cancelled")


def request_cancel(db: Database, job_id: int, actor: str) -> dict[str, Any]:
    """Cancel a queued job at once, or ask a running one to stop at its next step."""
    with write_transaction(db):
        job = get_job(db, job_id)
        if job["status"] == QUEUED:
            db.execute("UPDATE jobs SET status = ?, error = ?, finished_at = ? WHERE id = ?",
                       [CANCELLED, CANCELLED_REASON, utc_now(), job_id])
        elif job["status"] == RUNNING:
            db.execute("UPDATE jobs SET cancel_requested = 1 WHERE id = ?", [job_id])
        else:
            raise JobEnded(f"job {job_id} has already ended ({job['status']})",
                           code="job_ended", job=job_id, status=job["status"])
        audit(db, actor, "job.cancel_requested", "job", job_id, {"was": job["status"]})
    return get_job(db, job_id)


# --- which process owns a job ----------------------------------------------------------------

def _process_start(pid: int) -> str:
    """When a process started (clock ticks since boot, from /proc), so that a pid reused
    after a restart is not taken for the process that died; "" where unknown."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return ""
    if fields and fields[0] == "Z":  # killed, not yet reaped: gone all the same
        return "zombie"
    return fields[19] if len(fields) > 19 else ""


@lru_cache(maxsize=1)
def _identity(pid: int) -> str:
    return f"{socket.gethostname()}:{pid}:{_process_start(pid)}"


def worker_identity() -> str:
    """This process, as the ``worker`` column names it: ``host:pid:start``."""
    return _identity(os.getpid())


def worker_alive(worker: str) -> bool:
    """Whether the process a ``worker`` value names still runs. A process on another host
    cannot be checked from here: it is taken as alive (its own restart will tell)."""
    host, _, rest = worker.partition(":")
    pid_text, _, started = rest.partition(":")
    if not worker or host != socket.gethostname():
        return True  # nobody's yet, or out of sight
    if not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        pass
    now = _process_start(pid)
    return now != "zombie" and (not started or not now or now == started)


def mark_interrupted(db: Database, alive: Callable[[str], bool] = worker_alive
                     ) -> list[dict[str, Any]]:
    """Fail every queued or running job whose process is gone, with the reason; returns
    those jobs (as they were). Called when a server's worker starts."""
    with write_transaction(db):
        lost = [_decoded(r) for r in db.query(
            f"SELECT * FROM jobs WHERE status IN {marks(ACTIVE_JOB_STATUSES)} AND worker <> ''",
            list(ACTIVE_JOB_STATUSES)) if not alive(r["worker"])]
        now = utc_now()
        for job in lost:
            db.execute("UPDATE jobs SET status = ?, error = ?, finished_at = ? WHERE id = ?",
                       [FAILED, INTERRUPTED_REASON, now, job["id"]])
            audit(db, SYSTEM_ACTOR, "job.interrupted", "job", job["id"],
                  {"worker": job["worker"], "was": job["status"]})
    return lost
