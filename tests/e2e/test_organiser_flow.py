"""In a real browser: the organiser signs in, uploads a registrations file with errors (sees
them by row and column, nothing is imported), uploads a good one, runs the matching and the
scheduler, sees the grid filled, marks a no-show and re-plans, and downloads an export.
Screenshots of every console page go to docs/screenshots/.

The server is shared with the other end-to-end tests: nothing here assumes more than the
demo event it starts with."""

from __future__ import annotations

import csv
import io

from matchmaking import storage

from .conftest import screenshot, wait_for_app

BAD = ("kind,organisation,email,contact_name,sectors,stages,ticket_min,ticket_max\r\n"
       "startup,Console Test Sûre,console-e2e-1@@example.org,Nadia Test,water,seed,,\r\n"
       "robot,Console Test Deux,console-e2e-2@example.org,Yassine Test,iot,seed,"
       "500000,100000\r\n")
GOOD = ("kind,organisation,email,contact_name,country,languages,sectors,stages,about,"
        "looking_for,offering\r\n"
        "startup,Console Test Sûre,console-e2e-1@example.org,Nadia Test,Maroc,fr;en,water;iot,"
        "seed,Capteurs de fuites pour les réseaux d'eau de Casablanca.,Un pilote avec une régie "
        "de l'eau et un investisseur seed.,Des données de fuites en temps réel.\r\n"
        "startup,مختبر الماء,console-e2e-2@example.org,Yassine Test,Maroc,ar;fr,water,"
        "pre-seed,Smart irrigation for urban parks.,Seed investors in water.,Water savings "
        "data.\r\n")


def count_participants(server) -> int:
    db = storage.open_database(server.db_path)
    try:
        return storage.count_rows(db, "participants")
    finally:
        db.close()


def first_meeting_partner(server) -> str:
    """How the re-plan's no-show list names someone with a meeting in the first slot."""
    db = storage.open_database(server.db_path)
    try:
        row = db.execute(
            "SELECT p.organisation, p.kind FROM meetings m JOIN participants p ON p.id = "
            "m.participant_b WHERE m.status IN ('proposed', 'confirmed') AND m.slot_id = "
            "(SELECT min(id) FROM slots WHERE kind = 'meeting') ORDER BY m.id LIMIT 1"
        ).fetchone()
    finally:
        db.close()
    kind = {"startup": "start-up"}.get(row[1], row[1])
    return f"{row[0]} ({kind})"


def shoot(page, name: str, height: int = 1600) -> None:
    """A screenshot tall enough to show the page (Streamlit scrolls inside its own frame)."""
    page.set_viewport_size({"width": 1280, "height": height})
    page.wait_for_timeout(800)
    screenshot(page, name)
    page.set_viewport_size({"width": 1280, "height": 900})


def open_page(page, title: str) -> None:
    page.locator("[data-testid='stSidebarNav']").get_by_text(title, exact=True).click()
    wait_for_app(page)
    page.get_by_role("heading", name=title if title != "Matching & scheduling"
                     else "Matching and scheduling").first.wait_for()


def sign_in_as_organiser(page, server) -> None:
    page.goto(server.url)
    wait_for_app(page)
    page.get_by_text("Organiser code").first.click()
    page.get_by_label("Organiser code").fill(server.organiser_code)
    page.get_by_role("button", name="Sign in as organiser").click()
    page.get_by_role("heading", name="Event set-up").wait_for()
    wait_for_app(page)


def test_the_organiser_console_from_import_to_re_planning(server, context_factory, tmp_path):
    page = context_factory(accept_downloads=True).new_page()
    sign_in_as_organiser(page, server)
    shoot(page, "console-setup", 1100)

    # a file with errors: every problem by row and column, nothing imported
    open_page(page, "Registrations")
    before = count_participants(server)
    bad = tmp_path / "inscriptions.csv"
    bad.write_text(BAD, encoding="utf-8")
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(bad))
    page.get_by_text("problems in inscriptions.csv: nothing was imported").wait_for()
    page.locator("[data-testid='stDataFrame']").first.wait_for()
    # the grid's cells (in its accessible table) name each problem with its row and column
    page.get_by_text("invalid e-mail").first.wait_for(state="attached")
    page.get_by_text("unknown kind").first.wait_for(state="attached")
    wait_for_app(page)
    shoot(page, "console-registrations-errors", 1100)
    assert count_participants(server) == before

    # a good file: a preview first, then the import
    good = tmp_path / "inscriptions-ok.csv"
    good.write_text(GOOD, encoding="utf-8")
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(good))
    page.get_by_text("is valid. Nothing is written yet").wait_for()
    assert count_participants(server) == before
    page.get_by_role("button", name="Import: 2 new, 0 updated").click()
    page.get_by_text("2 new and 0 updated participants imported").wait_for()
    wait_for_app(page)
    assert count_participants(server) == before + 2
    shoot(page, "console-registrations", 1300)

    # matching and scheduling, with progress, then the report
    open_page(page, "Matching & scheduling")
    page.get_by_role("spinbutton", name="Time limit (seconds)").fill("3")
    page.get_by_role("button", name="Run matching and scheduling").click()
    page.get_by_text("Report of this run").wait_for(timeout=180_000)
    wait_for_app(page)
    page.get_by_text("Gap to the bound").wait_for()
    shoot(page, "console-runs", 1300)

    # the grid is filled
    open_page(page, "Meeting grid")
    page.locator("[data-testid='stDataFrame']").first.wait_for()
    in_use = page.locator("[data-testid='stMetric']").filter(has_text="Table-slots in use")
    assert not in_use.inner_text().split("\n")[-1].startswith("0 ")
    shoot(page, "console-grid", 1400)

    # a no-show at the current slot, and one click re-plans the rest of the day
    page.get_by_role("tab", name="Re-plan the day").click()
    no_shows = page.locator("[data-testid='stMultiSelect']").filter(
        has_text="No-shows (gone for the rest of the day)")
    absent = first_meeting_partner(server)
    no_shows.click()
    page.keyboard.type(absent.rsplit(" (", 1)[0])  # the list is long: filter it
    page.get_by_role("option", name=absent, exact=True).click()
    page.keyboard.press("Escape")
    wait_for_app(page)
    page.get_by_role("button", name="Re-plan the rest of the day").click()
    page.get_by_text("Re-planned from").wait_for(timeout=120_000)
    wait_for_app(page)
    page.get_by_role("tab", name="Re-plan the day").click()
    page.get_by_text("Removed", exact=True).wait_for()
    shoot(page, "console-replan", 2400)
    db = storage.open_database(server.db_path)
    try:  # exactly the one no-show's meeting of the current slot did not take place
        assert db.execute("SELECT count(*) FROM meetings WHERE status = 'no_show' AND slot_id = "
                          "(SELECT min(id) FROM slots WHERE kind = 'meeting')").fetchone()[0] == 1
    finally:
        db.close()

    open_page(page, "Check-in")
    page.get_by_label("Find a participant").fill("Console Test")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Arrived").first.click()
    page.get_by_text("checked in.").wait_for()
    wait_for_app(page)
    shoot(page, "console-checkin", 1300)

    open_page(page, "Analytics")
    page.locator("[data-testid='stVegaLiteChart']").nth(5).wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    shoot(page, "console-analytics", 3600)

    # an export, made in the background, then downloaded by the browser
    open_page(page, "Exports")
    shoot(page, "console-exports", 1200)
    page.get_by_role("button", name="Meetings (CSV)").first.click()  # before any download
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download Meetings (CSV)").click(timeout=60_000)
    assert download.value.suggested_filename.endswith("-meetings.csv")
    text = open(download.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and {"day", "start", "table", "organisation_a", "organisation_b"} <= set(rows[0])
    assert any(r["status"] == "no_show" for r in rows)
    page.get_by_role("button", name="Post-event report (PDF)").first.click()
    with page.expect_download(timeout=120_000) as report:
        page.get_by_role("button", name="Download Post-event report (PDF)").click(
            timeout=120_000)
    assert open(report.value.path(), "rb").read(5) == b"%PDF-"
