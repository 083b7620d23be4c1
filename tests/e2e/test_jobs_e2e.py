"""In a real browser: an organiser starts a scheduler run and closes the page; the run goes
on in the server, and another organiser, in another browser, sees its progress move and
then its report, without reloading the page."""

from __future__ import annotations

import time

from matchmaking import storage
from matchmaking.domain.vocabulary import CANCELLED, DONE, RUNNING
from matchmaking.storage import jobs as js

from .test_organiser_flow import open_page, sign_in_as_organiser


def latest_job(server) -> dict | None:
    db = storage.open_database(server.db_path)
    try:
        rows = js.list_jobs(db, kind="schedule", limit=1)
        return rows[0] if rows else None
    finally:
        db.close()


def run_count(server) -> int:
    db = storage.open_database(server.db_path)
    try:
        return storage.count_rows(db, "scheduler_runs")
    finally:
        db.close()


def test_a_run_left_by_one_organiser_finishes_and_another_sees_it_live(server, context_factory):
    before = latest_job(server)
    runs_before = run_count(server)
    first = context_factory().new_page()
    sign_in_as_organiser(first, server)
    open_page(first, "Matching & scheduling")
    # long enough to be still running after a slow sign-in on a busy machine (below)
    first.get_by_role("spinbutton", name="Time limit (seconds)").fill("60")
    first.get_by_role("button", name="Run matching and scheduling").click()
    first.get_by_text("Started in the background").wait_for()
    job = latest_job(server)
    assert job is not None and (before is None or job["id"] != before["id"])
    first.context.close()  # the page, its session and its browser are gone

    second = context_factory().new_page()
    # the run works in the server meanwhile, on a machine that may be shared: more patience
    # for the first pages than the suite's default
    second.set_default_timeout(90_000)
    sign_in_as_organiser(second, server)
    open_page(second, "Matching & scheduling")
    assert latest_job(server)["status"] == RUNNING  # still at work after the first left
    second.get_by_text(f"(job {job['id']}), running: started by organiser").wait_for()
    bar = second.locator("[data-testid='stProgress'] [role='progressbar']")
    seen = {bar.get_attribute("aria-valuenow")}
    deadline = time.monotonic() + 60
    while len(seen) < 2 and time.monotonic() < deadline:  # the bar moves on its own
        second.wait_for_timeout(500)
        if bar.count():
            seen.add(bar.get_attribute("aria-valuenow"))
    assert len(seen) >= 2, seen
    assert second.get_by_role("button", name="Cancel").count() == 1
    # then the report, in this session, without a reload
    second.get_by_text("Report of this run").wait_for(timeout=180_000)
    second.get_by_text("Gap to the bound").wait_for()
    second.get_by_text(f"(job {job['id']}) done at").wait_for()
    ended = latest_job(server)
    assert ended["id"] == job["id"] and ended["status"] == DONE
    assert run_count(server) == runs_before + 1
    assert ended["result"]["report"]["run_id"] > 0


def test_another_organiser_cancels_a_run_and_nothing_of_it_is_kept(server, context_factory):
    runs_before = run_count(server)
    first = context_factory().new_page()
    sign_in_as_organiser(first, server)
    open_page(first, "Matching & scheduling")
    first.get_by_role("spinbutton", name="Time limit (seconds)").fill("30")
    first.get_by_role("button", name="Run matching and scheduling").click()
    first.get_by_text("Started in the background").wait_for()
    job = latest_job(server)

    second = context_factory().new_page()
    sign_in_as_organiser(second, server)
    open_page(second, "Matching & scheduling")
    second.get_by_role("button", name="Cancel").click()
    second.get_by_text("Cancel asked for").wait_for()
    # both sessions then see how it ended, on their own
    for page in (second, first):
        page.get_by_text(f"(job {job['id']}) cancelled at").wait_for(timeout=120_000)
    ended = latest_job(server)
    assert ended["id"] == job["id"] and ended["status"] == CANCELLED
    assert run_count(server) == runs_before  # no run, hence no meeting of it
