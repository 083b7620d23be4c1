"""Background jobs: matching, scheduler runs, re-planning and exports run in the server
process, not in a page's script, so leaving the page (or closing the browser) does not stop
them, and every organiser session sees them (the state is in the ``jobs`` table).

What a job does is the use case the page used to call (``services.matching``,
``services.meetings``, ``services.console``). It reports its progress at natural points, and
each of those points is where a cancel takes effect: a cancelled or failed job leaves no
half result, because the scheduler and the re-plan write their run in one transaction after
the last point, and an export is written under a temporary name and renamed only when
complete. A ``Worker`` thread per server process claims queued jobs one by one; at its start
the jobs whose process died (a restart, a crash) are failed with the reason.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matchmaking import storage
from matchmaking.domain.taxonomy import default_taxonomy
from matchmaking.domain.vocabulary import JOB_KINDS
from matchmaking.matching.embedding import Encoder
from matchmaking.services import console as osv
from matchmaking.services import event as services
from matchmaking.services import meetings
from matchmaking.services.matching import EventMatching, refresh_embeddings
from matchmaking.storage import Database
from matchmaking.storage import jobs as js
from matchmaking.texts import TEXTS, translate

MATCHING, SCHEDULE, REPLAN, EXPORT = JOB_KINDS
WORKER_THREAD = "matchmaking-jobs"  # the prefix of every thread a job runs in

# the storage side, for the interface (which reaches the database through services only)
JobBusy = js.JobBusy
JobEnded = js.JobEnded
INTERRUPTED_REASON = js.INTERRUPTED_REASON
CANCELLED_REASON = js.CANCELLED_REASON
get_job = js.get_job
list_jobs = js.list_jobs
active_job = js.active_job
latest_ended_job = js.latest_ended_job
request_cancel = js.request_cancel
StorageError = storage.StorageError
worker_identity = js.worker_identity

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised at a job's next progress point once a cancel was asked for."""


@dataclass(frozen=True)
class Resources:
    """What the server process shares with its jobs: the model and the event's scores
    (loaded once and cached by the app)."""

    encoder: Callable[[], Encoder]
    matching: Callable[[Database], EventMatching]


# --- what a job says it is doing --------------------------------------------------------------

def message(key: str, **values: Any) -> str:
    """A step, stored as its text key and values: each reader sees it in their language."""
    return json.dumps({"key": key, "values": values}, ensure_ascii=False, default=str)


def message_text(text: str, lang: str) -> str:
    """A job's ``message`` in words, in ``lang``."""
    try:
        data = json.loads(text)
    except ValueError:
        return text
    if not isinstance(data, dict) or data.get("key") not in TEXTS:
        return text
    try:
        return translate(data["key"], lang, **data.get("values", {}))
    except (KeyError, IndexError):
        return text


def error_text(job: dict[str, Any], lang: str) -> str:
    """Why a job failed or was cancelled, in ``lang`` where the reason is known."""
    if job["error"] == INTERRUPTED_REASON:
        return translate("o.jobs.interrupted", lang)
    if job["error"] == CANCELLED_REASON:
        return translate("o.jobs.cancelled", lang)
    code = job["result"].get("code")
    if code and f"o.err.{code}" in TEXTS:
        try:
            return translate(f"o.err.{code}", lang, **job["result"].get("values", {}))
        except (KeyError, IndexError):
            pass
    return job["error"]


# --- exports --------------------------------------------------------------------------------

# What the exports page can make in the background: the whole event's files.
EXPORTS: dict[str, tuple[str, Callable[[Database, str], bytes]]] = {
    "meetings_csv": ("csv", lambda db, lang: meetings.agenda_csv(db).encode("utf-8-sig")),
    "meetings_ics": ("ics", lambda db, lang: meetings.agenda_ics(db)),
    "participants_csv": ("csv", lambda db, lang: services.export_participants(db, "csv")
                         .encode("utf-8-sig")),
    "agendas": ("pdf", lambda db, lang: osv.participant_agenda_pdf(db, None, lang=lang)),
    "tables": ("pdf", lambda db, lang: osv.table_agenda_pdf(db, None, lang=lang)),
    "report": ("pdf", lambda db, lang: osv.report_pdf(db, default_taxonomy(), lang=lang)),
}


# Badges need more than the database: the secret beside it (their links) and the app's address.
BADGES = "badges"


def _badge_params(params: dict[str, Any]) -> dict[str, Any]:
    from matchmaking.services.badges import LAYOUTS, PARTICIPANT_LANGUAGE

    layout = str(params.get("layout", "a6"))
    if layout not in LAYOUTS:
        raise storage.StorageError(f"unknown badge layout {layout!r}: one of "
                                   f"{', '.join(LAYOUTS)}")
    return {"what": BADGES, "lang": str(params.get("lang", PARTICIPANT_LANGUAGE)),
            "base_url": str(params.get("base_url", "")), "layout": layout}


def exports_folder(db_path: str | Path) -> Path:
    """Where export jobs write their files: a folder beside the database."""
    db_path = Path(db_path)
    return db_path.parent / f"{db_path.stem}-exports"


def _part_file(folder: Path, job_id: int) -> Path:
    return folder / f".job-{job_id}.part"


def export_file(db_path: str | Path, job: dict[str, Any]) -> Path | None:
    """The file a finished export job made, if it is still there."""
    name = job["result"].get("file")
    if not name:
        return None
    path = exports_folder(db_path) / Path(name).name
    return path if path.is_file() else None


# --- submitting -----------------------------------------------------------------------------

def _checked(kind: str, params: dict[str, Any]) -> dict[str, Any]:
    if kind == SCHEDULE:
        return {"time_limit": float(params.get("time_limit", 10.0)),
                "seed": int(params.get("seed", 0)), "dry_run": bool(params.get("dry_run"))}
    if kind == REPLAN:
        return {"slot_id": int(params["slot_id"]),
                "no_shows": [str(e) for e in params.get("no_shows", ())],
                "called_off": [int(i) for i in params.get("called_off", ())],
                "time_limit": float(params.get("time_limit", 5.0))}
    if kind == EXPORT:
        if params.get("what") == BADGES:
            return _badge_params(params)
        if params.get("what") not in EXPORTS:
            raise storage.StorageError(f"unknown export {params.get('what')!r}")
        return {"what": params["what"], "lang": str(params.get("lang", "en"))}
    if kind == MATCHING:
        return {}
    raise storage.StorageError(f"unknown job kind {kind!r}")


def submit(db: Database, kind: str, params: dict[str, Any] | None = None, *,
           actor: str = "organiser") -> dict[str, Any]:
    """Queue a job for the server's worker. Refused (``JobBusy``, naming the job) while one
    of the same kind is queued or running."""
    return js.submit(db, kind, _checked(kind, params or {}), actor, worker=worker_identity())


# --- running --------------------------------------------------------------------------------

class Progress:
    """A running job's hold on its row, on a connection of its own (the job's work may be
    inside a transaction on another): each ``step`` records how far it is and raises
    ``Cancelled`` once a cancel was asked for."""

    def __init__(self, db_path: Path, job_id: int):
        self.db_path = db_path
        self.job_id = job_id
        self.db = services.open_database(db_path, create=False)

    def step(self, fraction: float, key: str, **values: Any) -> None:
        if js.report_progress(self.db, self.job_id, fraction, message(key, **values)):
            raise Cancelled()

    @contextmanager
    def ticking(self, start: float, end: float, duration: float, key: str, **values: Any
                ) -> Iterator[None]:
        """Move the bar from ``start`` towards ``end`` over ``duration`` seconds while a step
        says nothing of its own progress (the solver) runs."""
        self.step(start, key, **values)
        stop = threading.Event()

        def tick() -> None:
            db = services.open_database(self.db_path, create=False)
            began = time.monotonic()
            try:
                while not stop.wait(0.5):
                    share = min((time.monotonic() - began) / max(duration, 0.1), 0.97)
                    js.report_progress(db, self.job_id, start + (end - start) * share,
                                       message(key, **values))
            except storage.DatabaseError:  # a busy moment: the bar waits for the next step
                pass
            finally:
                db.close()

        thread = threading.Thread(target=tick, daemon=True, name=f"{WORKER_THREAD}-tick")
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()

    def close(self) -> None:
        self.db.close()


class _Steps:
    """The scheduler's and the re-plan's steps (``progress=`` of ``run_scheduler`` and
    ``replan_now``) as bar positions, the solve and bound ticking along."""

    def __init__(self, progress: Progress, solve: tuple[float, float], seconds: float):
        self.progress = progress
        self.solve = solve
        self.seconds = seconds
        self._ticking: Any = None

    def _stop_ticking(self) -> None:
        if self._ticking is not None:
            ticking, self._ticking = self._ticking, None
            ticking.__exit__(None, None, None)

    def __call__(self, name: str) -> None:
        self._stop_ticking()
        low, high = self.solve
        if name == "solve":
            self._tick(low, high, self.seconds, "o.jobs.step.solve",
                       seconds=round(self.seconds))
        elif name == "bound":
            self._tick(high, 0.95, self.seconds / 2, "o.jobs.step.bound")
        else:
            self.progress.step(0.97, "o.jobs.step.write")

    def _tick(self, start: float, end: float, duration: float, key: str, **values: Any
              ) -> None:
        ticking = self.progress.ticking(start, end, duration, key, **values)
        ticking.__enter__()
        self._ticking = ticking

    def __enter__(self) -> _Steps:
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop_ticking()


def _embed(db: Database, progress: Progress, resources: Resources, start: float,
           end: float) -> str:
    encoder = resources.encoder()
    progress.step(start, "o.jobs.step.embed", done=0, total="…")

    def on_batch(done: int, total: int) -> None:  # before anything is saved: a cancel here
        progress.step(start + (end - start) * done / max(total, 1), "o.jobs.step.embed",
                      done=done, total=total)  # leaves the cache as it was

    return refresh_embeddings(db, encoder, progress=on_batch).summary()


def _matching_job(db: Database, db_path: Path, job: dict[str, Any], progress: Progress,
                  resources: Resources) -> dict[str, Any]:
    summary = _embed(db, progress, resources, 0.0, 0.7)
    progress.step(0.75, "o.jobs.step.score")
    matching = resources.matching(db)
    return {"embedding": summary, "participants": len(matching.profiles)}


def _schedule_job(db: Database, db_path: Path, job: dict[str, Any], progress: Progress,
                  resources: Resources) -> dict[str, Any]:
    params = job["params"]
    summary = _embed(db, progress, resources, 0.0, 0.3)
    progress.step(0.35, "o.jobs.step.score")
    matching = resources.matching(db)
    with _Steps(progress, (0.4, 0.8), params["time_limit"]) as steps:
        report = meetings.run_scheduler(db, matching, time_limit=params["time_limit"],
                                        seed=params["seed"], dry_run=params["dry_run"],
                                        actor=job["actor"], progress=steps)
    return {"report": report, "embedding": summary}


def _replan_job(db: Database, db_path: Path, job: dict[str, Any], progress: Progress,
                resources: Resources) -> dict[str, Any]:
    params = job["params"]
    progress.step(0.05, "o.jobs.step.score")
    matching = resources.matching(db)
    with _Steps(progress, (0.2, 0.9), params["time_limit"]) as steps:
        return osv.replan_from(db, matching, params["slot_id"], no_shows=params["no_shows"],
                               cancelled=params["called_off"],
                               time_limit=params["time_limit"], actor=job["actor"],
                               progress=steps)


def _export_job(db: Database, db_path: Path, job: dict[str, Any], progress: Progress,
                resources: Resources) -> dict[str, Any]:
    what, lang = job["params"]["what"], job["params"]["lang"]
    suffix, make = ("pdf", None) if what == BADGES else EXPORTS[what]
    progress.step(0.05, "o.jobs.step.export")
    if make is None:
        from matchmaking.services.badges import badges_pdf

        params = job["params"]
        data = badges_pdf(db, db_path, params["base_url"], layout=params["layout"], lang=lang)
    else:
        data = make(db, lang)
    data = data.encode("utf-8") if isinstance(data, str) else data
    progress.step(0.8, "o.jobs.step.save")
    folder = exports_folder(db_path)
    folder.mkdir(exist_ok=True)
    part = _part_file(folder, job["id"])
    target = folder / f"{what}-{job['id']}.{suffix}"
    try:
        with open(part, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        progress.step(0.95, "o.jobs.step.save")  # the last point a cancel can stop it
        os.replace(part, target)  # atomic: the file is there whole, or not at all
    finally:
        part.unlink(missing_ok=True)
    return {"what": what, "file": target.name, "bytes": len(data)}


HANDLERS: dict[str, Callable[..., dict[str, Any]]] = {
    MATCHING: _matching_job, SCHEDULE: _schedule_job, REPLAN: _replan_job, EXPORT: _export_job}


def run_job(db_path: str | Path, job: dict[str, Any], resources: Resources) -> dict[str, Any]:
    """Run a claimed job to its end (done, failed or cancelled); returns its final row."""
    db_path = Path(db_path)
    progress = Progress(db_path, job["id"])
    db = services.open_database(db_path, create=False)
    try:
        result = HANDLERS[job["kind"]](db, db_path, job, progress, resources)
    except Cancelled:
        js.mark_cancelled(progress.db, job["id"])
    except storage.StorageError as error:
        js.fail(progress.db, job["id"], str(error),
                {"code": error.code, "values": error.values} if error.code else None)
    except Exception as error:  # any failure ends the job with its reason, never silently
        log.exception("job %s (%s) failed", job["id"], job["kind"])
        js.fail(progress.db, job["id"], f"{type(error).__name__}: {error}")
    else:
        js.finish(progress.db, job["id"], result)
    finally:
        db.close()
    try:
        return js.get_job(progress.db, job["id"])
    finally:
        progress.close()


def run_next(db_path: str | Path, resources: Resources, worker: str | None = None
             ) -> dict[str, Any] | None:
    """Claim the oldest queued job and run it; None when none is queued."""
    db = services.open_database(db_path, create=False)
    try:
        job = js.claim_next(db, worker or worker_identity())
    finally:
        db.close()
    return None if job is None else run_job(db_path, job, resources)


def recover(db_path: str | Path) -> list[dict[str, Any]]:
    """At a worker's start: fail the jobs whose process is gone (with the reason), and
    remove what an export of theirs left half-written."""
    db = services.open_database(db_path, create=False)
    try:
        lost = js.mark_interrupted(db)
    finally:
        db.close()
    for job in lost:
        if job["kind"] == EXPORT:
            _part_file(exports_folder(db_path), job["id"]).unlink(missing_ok=True)
    return lost


class Worker(threading.Thread):
    """Runs the queued jobs of one database, one at a time, in this process. Several
    processes may each run one: claiming is atomic, so every job runs once."""

    def __init__(self, db_path: str | Path, resources: Resources, *, poll: float = 0.5):
        super().__init__(daemon=True, name=f"{WORKER_THREAD}-{Path(db_path).name}")
        self.db_path = Path(db_path)
        self.resources = resources
        self.poll = poll
        self.identity = worker_identity()
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.recovered: list[dict[str, Any]] | None = None
        self.ready = threading.Event()

    def run(self) -> None:
        try:
            self.recovered = recover(self.db_path)
        except (storage.StorageError, storage.DatabaseError):
            log.exception("could not check the jobs left by earlier servers")
        finally:
            self.ready.set()
        while not self.stopping.is_set():
            if not self.db_path.exists():  # the database went away: nothing left to run
                return
            try:
                job = run_next(self.db_path, self.resources, self.identity)
            except (storage.StorageError, storage.DatabaseError):
                log.exception("the job worker could not reach the database")
                job = None
            if job is None:
                self.wake.wait(self.poll)
                self.wake.clear()

    def stop(self, timeout: float | None = 30) -> None:
        self.stopping.set()
        self.wake.set()
        self.join(timeout)
