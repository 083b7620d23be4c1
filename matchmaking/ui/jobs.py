"""Background jobs in the console: the server's worker (one thread per process and database,
started by the server and again by any page that needs it), and the panel that shows the
active job's progress in every organiser session, refreshed on its own.

Not a page: the pages are listed in ``navigation.PAGES``.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import streamlit as st

from matchmaking.domain.paths import database_path
from matchmaking.domain.timezones import local
from matchmaking.domain.vocabulary import DONE, QUEUED
from matchmaking.matching.embedding import SentenceTransformerEncoder, configured_model
from matchmaking.services import jobs as jsv
from matchmaking.ui import cache
from matchmaking.ui.common import database, plain
from matchmaking.ui.console_common import show_error
from matchmaking.ui.i18n import language, t

REFRESH_SECONDS = 1.0
_LOCK = threading.Lock()  # two sessions' first runs must not start two workers
_WORKERS: dict[str, jsv.Worker] = {}


class _OutsideScripts(logging.Filter):
    """The worker uses the app's caches outside any page's run, which Streamlit warns about
    on every call; the warning says nothing there."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.threadName.startswith(jsv.WORKER_THREAD)


logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
    _OutsideScripts())


def _resources(db_path: str) -> jsv.Resources:
    def encoder() -> SentenceTransformerEncoder:
        return cache.encoder(configured_model())

    return jsv.Resources(encoder=encoder, matching=lambda db: cache.matching_of(db_path, db))


def ensure_worker() -> jsv.Worker:
    """This process's worker for the app's database, started if it is not running (at its
    start it fails the jobs a stopped server left behind)."""
    path = str(database_path())
    with _LOCK:
        worker = _WORKERS.get(path)
        if worker is None or not worker.is_alive():
            worker = jsv.Worker(path, _resources(path))
            worker.start()
            _WORKERS[path] = worker
    return worker


def stop_workers() -> None:
    """Stop every worker of this process (tests switch databases)."""
    with _LOCK:
        workers = list(_WORKERS.values())
        _WORKERS.clear()
    for worker in workers:
        worker.stop()


def kind_label(kind: str) -> str:
    return t(f"o.jobs.kind.{kind}")


def _at(text: str | None, zone: str) -> str:
    return f"{local(text, zone):%H:%M}" if text else ""


def submit(kind: str, params: dict[str, Any]) -> dict[str, Any] | None:
    """Queue a job and wake the worker; a refusal (one of that kind already active) is shown
    in words, and None returned."""
    try:
        with database() as db:
            job = jsv.submit(db, kind, params, actor="organiser")
    except jsv.JobBusy as error:
        values = error.values
        st.error(t("o.jobs.busy", kind=kind_label(values["kind"]), id=values["job"],
                   status=t(f"o.jobs.status.{values['status']}")), icon=":material/hourglass:")
        return None
    except jsv.StorageError as error:
        show_error(error)
        return None
    ensure_worker().wake.set()
    return job


@st.fragment(run_every=REFRESH_SECONDS)
def job_panel(kinds: tuple[str, ...], zone: str, key: str) -> None:
    """The active job of ``kinds``: progress, what it is doing, and a Cancel button. When a
    job this session saw running ends, the whole page runs again to show its result."""
    ensure_worker()
    with database() as db:
        active = [job for kind in kinds if (job := jsv.active_job(db, kind))]
    watching = f"{key}.watching"
    if not active:
        if st.session_state.pop(watching, None) is not None:
            st.rerun()
        return
    job = active[0]
    st.session_state[watching] = job["id"]
    st.caption(t("o.jobs.active", kind=kind_label(job["kind"]), id=job["id"],
                 status=t(f"o.jobs.status.{job['status']}"), actor=plain(job["actor"]),
                 at=_at(job["started_at"] or job["created_at"], zone)))
    text = t("o.jobs.waiting") if job["status"] == QUEUED else \
        jsv.message_text(job["message"], language()) or t("o.jobs.waiting")
    st.progress(job["progress"], text=text)
    if not job["cancel_requested"] and st.button(
            t("o.jobs.cancel"), key=f"{key}.cancel.{job['id']}", icon=":material/cancel:"):
        try:
            with database() as db:
                job = jsv.request_cancel(db, job["id"], actor="organiser")
        except jsv.StorageError as error:  # it ended meanwhile: the next refresh shows how
            show_error(error)
    if job["cancel_requested"]:
        st.info(t("o.jobs.cancel_asked"), icon=":material/cancel:")


def latest_ended(kind: str) -> dict[str, Any] | None:
    with database() as db:
        return jsv.latest_ended_job(db, kind)


def show_outcome(job: dict[str, Any], zone: str) -> bool:
    """One line on how a job ended (and why, when it failed); True when it is done."""
    at = _at(job["finished_at"], zone)
    line = t("o.jobs.ended", kind=kind_label(job["kind"]), id=job["id"],
             status=t(f"o.jobs.status.{job['status']}"), at=at, actor=plain(job["actor"]))
    if job["status"] == DONE:
        st.caption(line + (" " + t("o.jobs.too_late") if job["cancel_requested"] else ""))
        return True
    reason = plain(jsv.error_text(job, language()))
    if job["error"] == jsv.CANCELLED_REASON:
        st.info(f"{line} {reason}", icon=":material/cancel:")
    else:
        st.error(f"{line} {reason}", icon=":material/error:")
    return False


def export_path(job: dict[str, Any]):
    """The file a finished export job made, if it is still there."""
    return jsv.export_file(database_path(), job)


def recent_jobs(kind: str, limit: int = 20) -> list[dict[str, Any]]:
    with database() as db:
        return jsv.list_jobs(db, kind=kind, limit=limit)
