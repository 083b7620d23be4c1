"""The organiser console, rendered with Streamlit's AppTest on a scheduled copy of the demo
event: every page, what it changes in the database, and that participants cannot reach it
(neither through navigation nor by running a page directly)."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from matchmaking import storage
from matchmaking.domain import access
from matchmaking.domain.vocabulary import ACTIVE_JOB_STATUSES
from matchmaking.matching.embedding import BACKEND_ENV_VAR, MODEL_ENV_VAR
from matchmaking.services import event as services
from matchmaking.storage import console as org
from matchmaking.storage import jobs as js
from matchmaking.storage import meetings as ms
from matchmaking.ui import cache, jobs, navigation
from matchmaking.ui.common import plain

from .conftest import PROJECT, REGISTRATIONS
from .fakes import FakeEncoder
from .test_organiser_service import scheduled_copy

ORGANISER_CODE = "organiser-console-code"
PAGES = [page.script for page in navigation.pages_for(navigation.ORGANISER)
         if page.section == "nav.section.console"]
DAY = "2024-06-05"


@pytest.fixture
def event_path(tmp_path_factory, tmp_path, monkeypatch):
    path = scheduled_copy(tmp_path_factory, tmp_path / "console.db")
    monkeypatch.setenv("MATCHMAKING_DB", str(path))
    monkeypatch.setenv(access.ORGANISER_CODE_ENV_VAR, ORGANISER_CODE)
    monkeypatch.setenv(MODEL_ENV_VAR, FakeEncoder().name)  # no torch in these tests
    # the template's vectors are stored under the model's own name, as on the torch back-end;
    # the server-wide model cache must not keep one made for another back-end
    monkeypatch.setenv(BACKEND_ENV_VAR, "torch")
    cache.encoder.clear()
    yield path
    jobs.stop_workers()  # the pages' job worker runs in this process, on this database


@pytest.fixture
def edb(event_path):
    database = storage.open_database(event_path)
    yield database
    database.close()


@pytest.fixture
def console(event_path) -> AppTest:
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60).run()
    at.text_input[1].input(ORGANISER_CODE)
    at.button[1].click().run()
    assert not at.exception, at.exception
    assert at.session_state["user"]["role"] == "organiser"
    return at


def go(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"matchmaking/ui/{page}").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def after_jobs(at: AppTest, edb) -> AppTest:
    """Wait until the background jobs the page queued have ended (its worker runs in this
    process), then run the page again, as its live panel does on its own."""
    deadline = time.monotonic() + 120
    while any(j["status"] in ACTIVE_JOB_STATUSES for j in js.list_jobs(edb)):
        assert time.monotonic() < deadline, js.list_jobs(edb)
        time.sleep(0.1)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def button(at: AppTest, label: str):
    matches = [b for b in at.button if b.label == label]
    assert matches, (label, [b.label for b in at.button])
    return matches[0]


def texts(at: AppTest, kind: str) -> list[str]:
    return [e.value for e in getattr(at, kind)]


# --- who may open the console ----------------------------------------------------------------

def test_organisers_land_on_the_set_up_and_every_console_page_renders(console):
    assert console.title[0].value == "Event set-up"
    titles = {}
    for path in PAGES:
        go(console, path.rsplit("/", 1)[1])
        titles[path] = console.title[0].value
        assert not console.error, (path, texts(console, "error"))
    assert list(titles.values()) == ["Event set-up", "Registrations", "Matching and scheduling",
                                     "Meeting grid", "Check-in", "Analytics", "E-mail",
                                     "Exports"]
    console.radio(key="lang").set_value("fr").run()
    assert console.title[0].value == "Exports"  # the page stays; its texts change
    go(console, "console_grid_page.py")
    assert console.title[0].value == "Grille des rendez-vous"


def test_participants_cannot_reach_the_console(event_path, edb):
    codes = services.issue_access_codes(edb, access.load_secret(event_path))
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60)
    at.query_params["code"] = codes[0]["code"]
    at.run()
    user = at.session_state["user"]
    assert user["role"] == "participant"
    for path in PAGES:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(path)  # not in a participant's navigation
        direct = AppTest.from_file(str(PROJECT / path), default_timeout=60)
        direct.session_state["user"] = user  # and the page refuses by itself
        direct.run()
        assert "This page is for organisers only." in direct.error[0].value, path
        assert not direct.dataframe and not direct.button and not direct.file_uploader
    anonymous = AppTest.from_file(str(PROJECT / PAGES[3]), default_timeout=60).run()
    assert "This page is for organisers only." in anonymous.error[0].value


# --- set-up ------------------------------------------------------------------------------------

def test_set_up_refuses_new_slots_once_meetings_exist_and_saves_rules_and_tables(console, edb):
    go(console, "console_setup_page.py")
    assert "meetings exist" in console.warning[0].value
    console.number_input[0].set_value(30)  # slot length
    button(console, "Save days and slots").click().run()
    assert "meetings already exist" in console.error[0].value
    assert len(storage.list_slots(edb, kind="meeting")) == 36  # unchanged

    names = [w for w in console.text_input if w.label == "New tables"][0]
    names.input("T31..T34")
    [w for w in console.text_input if w.label == "Location / meeting point"][0].input("Zone D")
    button(console, "Add tables").click().run()
    assert "4 tables added (T31 … T34)" in console.success[0].value
    assert [t["location"] for t in org.table_rows(edb)][-4:] == ["Zone D"] * 4

    console.multiselect[0].set_value(["startup-investor"])
    [w for w in console.radio if w.label == "Meetings proposed by the scheduler"][0] \
        .set_value(True)  # organiser-confirmed meetings
    [w for w in console.number_input if w.label == "Minimum meetings per start-up"][0] \
        .set_value(3)
    [w for w in console.number_input if w.label == "Cap per investor or partner"][0] \
        .set_value(8)
    button(console, "Save rules").click().run()
    assert "Rules saved" in console.success[0].value
    settings = storage.get_event(edb)["settings"]
    assert settings["allowed_pairs"] == [["startup", "investor"]]
    assert (settings["scheduler_publishes"], settings["min_meetings_per_startup"],
            settings["investor_cap"]) == (True, 3, 8)
    button(console, "Save rules").click().run()
    assert console.info[0].value == "Nothing changed."


def test_tables_are_renamed_and_taken_out_from_the_table_editor(console, edb):
    go(console, "console_setup_page.py")
    key = f"o.setup.tables.{storage.count_rows(edb, 'meeting_tables')}"
    empty = {"edited_rows": {}, "added_rows": [], "deleted_rows": []}
    console.session_state[key] = {**empty, "edited_rows": {0: {"name": "T02"}}}
    button(console, "Save tables").click().run()
    assert "already exists" in console.error[0].value
    console.session_state[key] = {**empty, "edited_rows": {0: {"name": "Salon Atlas",
                                                                 "active": False}}}
    button(console, "Save tables").click().run()
    assert "live meetings" in console.error[0].value  # T01 is busy: not taken out
    console.session_state[key] = {**empty, "edited_rows": {0: {"name": "Salon Atlas"}}}
    button(console, "Save tables").click().run()
    assert console.success[0].value == "1 table changed."
    assert org.table_rows(edb)[0]["name"] == "Salon Atlas"


# --- registrations -------------------------------------------------------------------------------

def test_an_upload_with_errors_shows_rows_and_columns_then_a_good_one_is_imported(console, edb):
    before = storage.count_rows(edb, "participants")
    go(console, "console_registrations_page.py")
    bad = (REGISTRATIONS / "ticket_min_above_max.csv").read_bytes()
    console.file_uploader[0].set_value(("inscriptions.csv", bad, "text/csv")).run()
    assert "problem in inscriptions" in console.error[0].value  # one problem
    assert "nothing was imported" in console.error[0].value
    problems = console.dataframe[0].value
    assert list(problems.columns) == ["row", "column", "problem"]
    assert "greater than ticket_max" in problems["problem"][0]
    assert not [b for b in console.button if b.label.startswith("Import:")]
    assert storage.count_rows(edb, "participants") == before

    good = (REGISTRATIONS / "good.csv").read_bytes()
    console.file_uploader[0].set_value(("good.csv", good, "text/csv")).run()
    assert "is valid" in console.info[0].value
    assert {m.label: m.value for m in console.metric} == {"New": "3", "Updated": "0",
                                                          "Unchanged": "0"}
    assert storage.count_rows(edb, "participants") == before  # a preview writes nothing
    button(console, "Import: 3 new, 0 updated").click().run()
    assert "3 new and 0 updated participants imported" in console.success[0].value
    assert storage.count_rows(edb, "participants") == before + 3


def test_participants_are_found_edited_deactivated_and_invited(console, edb):
    go(console, "console_registrations_page.py")
    console.text_input(key="o.reg.search").input("Lisan").run()
    assert list(console.dataframe[0].value["Organisation"]) == ["Lisan"]
    person = storage.list_participants(edb, search="Lisan")[0]
    console.selectbox(key="o.reg.pick").set_value(person).run()
    [w for w in console.text_input if w.label == "City"][0].input("Tanger")
    [w for w in console.text_input if w.label == "Stages"][0].input("series-a")
    button(console, "Save the profile").click().run()
    assert console.success[0].value.startswith("Saved (")
    edited = storage.get_participant(edb, person["email"])
    assert (edited["city"], edited["stages"]) == ("Tanger", ["series-a"])

    [w for w in console.text_input if w.label == "Stages"][0].input("mega round")
    button(console, "Save the profile").click().run()
    assert console.error[0].value == "Not saved: fix these fields."

    button(console, "Create missing codes").click().run()
    assert "participants have a code" in console.success[0].value
    assert console.get("download_button")  # the invitations file, made on click
    button(console, "Deactivate").click().run()
    assert "meetings cancelled" in console.success[0].value
    assert not storage.list_participants(edb, search="Lisan")


# --- matching and scheduling ----------------------------------------------------------------

def test_a_run_reports_objective_bound_fairness_and_the_proposals_are_published(console, edb):
    go(console, "console_runs_page.py")
    [w for w in console.number_input if w.label == "Time limit (seconds)"][0].set_value(1)
    button(console, "Run matching and scheduling").click().run()
    assert not console.exception, console.exception
    assert "Started in the background" in console.success[0].value
    after_jobs(console, edb)
    metrics = {m.label: m.value for m in console.metric}
    for label in ("Objective", "Upper bound", "Gap to the bound", "Start-ups without a meeting",
                  "Unused table-slots", "Per start-up (min / median / max)"):
        assert label in metrics, metrics
    assert "meetings written as proposed" in console.success[0].value
    proposed = edb.execute("SELECT count(*) FROM meetings WHERE status = 'proposed'").fetchone()[0]
    assert proposed > 0
    button(console, f"Confirm all {proposed} proposed meetings").click().run()
    assert f"{proposed} meetings confirmed." in console.success[0].value
    assert not edb.execute("SELECT count(*) FROM meetings WHERE status = 'proposed'").fetchone()[0]


# --- the grid ----------------------------------------------------------------------------------

def pick(at: AppTest, which: str, slot_id: int, table_id: int) -> None:
    at.selectbox(key=f"o.grid.{DAY}.{which}.slot").set_value(slot_id)
    at.selectbox(key=f"o.grid.{DAY}.{which}.table").set_value(table_id)
    at.run()


def test_the_grid_shows_who_meets_whom_and_meetings_are_locked_moved_and_swapped(console, edb):
    org.add_tables(edb, ["T31"])
    go(console, "console_grid_page.py")
    grid = console.dataframe[0].value
    assert grid.shape == (31, 18)
    assert grid.index[0] == "T01" and list(grid.columns[:2]) == ["09:30", "09:50"]
    first = org.meeting_rows(edb, day=DAY)[0]
    assert f"{first['a_organisation']} ↔ {first['b_organisation']}" in set(grid.values.ravel())

    pick(console, "a", first["slot_id"], first["table_id"])
    shown = plain(first["a_organisation"])  # as the page writes it (markdown-escaped: "Facture\+")
    assert shown in console.caption[-1].value or any(shown in c.value for c in console.caption)
    button(console, "Lock").click().run()
    assert "Meeting locked" in console.success[0].value
    assert org.meeting_at(edb, first["slot_id"], first["table_id"])["locked"] == 1
    t31 = org.table_rows(edb)[-1]["id"]
    pick(console, "a", first["slot_id"], first["table_id"])
    pick(console, "b", first["slot_id"], t31)
    button(console, "Move the meeting here").click().run()
    assert "locked: unlock it first" in console.error[0].value
    button(console, "Unlock").click().run()
    pick(console, "a", first["slot_id"], first["table_id"])
    pick(console, "b", first["slot_id"], t31)
    button(console, "Move the meeting here").click().run()
    assert "Meeting moved to 09:30, table T31." in console.success[0].value
    assert org.meeting_at(edb, first["slot_id"], t31)["id"] == first["id"]

    other = next(m for m in org.meeting_rows(edb, day=DAY) if m["slot_id"] == first["slot_id"]
                 and m["id"] != first["id"] and m["status"] == "proposed")
    pick(console, "a", first["slot_id"], t31)
    pick(console, "b", other["slot_id"], other["table_id"])
    button(console, "Swap the two meetings").click().run()
    assert "Meetings swapped." in console.success[0].value
    assert org.meeting_at(edb, first["slot_id"], t31)["id"] == other["id"]

    busy = next(m for m in org.meeting_rows(edb, day=DAY) if m["slot_id"] != first["slot_id"]
                and first["participant_a"] in (m["participant_a"], m["participant_b"]))
    pick(console, "a", first["slot_id"], other["table_id"])  # where `first` is now
    pick(console, "b", busy["slot_id"], t31)
    button(console, "Move the meeting here").click().run()
    assert "already has a meeting at" in console.error[0].value


def test_cancel_confirm_and_no_show_from_the_grid(console, edb):
    go(console, "console_grid_page.py")
    rows = org.meeting_rows(edb, day=DAY)
    pick(console, "a", rows[0]["slot_id"], rows[0]["table_id"])
    button(console, "Confirm").click().run()
    assert "Meeting confirmed." in console.success[0].value
    pick(console, "a", rows[0]["slot_id"], rows[0]["table_id"])
    button(console, "No-show").click().run()
    assert storage.live_meetings(edb)[0]["id"] != rows[0]["id"]
    assert edb.execute("SELECT status FROM meetings WHERE id = ?",
                       [rows[0]["id"]]).fetchone()[0] == "no_show"
    pick(console, "a", rows[1]["slot_id"], rows[1]["table_id"])
    console.text_input(key=f"o.grid.{DAY}.reason").input("Flight delayed")
    button(console, "Cancel").click().run()
    assert "Meeting cancelled" in console.success[0].value
    assert console.dataframe[0].value.iloc[
        [t["id"] for t in org.table_rows(edb)].index(rows[1]["table_id"]),
        [s["id"] for s in storage.list_slots(edb, kind="meeting") if s["day"] == DAY].index(
            rows[1]["slot_id"])] == f"{rows[1]['a_organisation']} ↔ {rows[1]['b_organisation']}"


def test_a_no_show_is_re_planned_from_the_chosen_slot_and_the_changes_listed(console, edb):
    org.publish_proposals(edb)
    go(console, "console_grid_page.py")
    slots = [s for s in storage.list_slots(edb, kind="meeting") if s["day"] == DAY]
    now_slot = slots[2]["id"]
    console.selectbox(key=f"o.grid.{DAY}.now").set_value(now_slot).run()
    absent = next(m for m in org.meeting_rows(edb, day=DAY) if m["slot_id"] == now_slot)
    select_missing = [b for b in console.button if b.label.startswith("Select the")][0]
    assert select_missing.label.endswith("not checked in")
    console.multiselect(key=f"o.grid.{DAY}.noshow.{now_slot}").set_value([absent["b_email"]])
    button(console, "Re-plan the rest of the day").click().run()
    assert not console.exception, console.exception
    after_jobs(console, edb)
    message = [s.value for s in console.success if s.value.startswith("Re-planned")][0]
    assert "Re-planned from 10:10 on 2024-06-05" in message
    removed = [d.value for d in console.dataframe][-1]
    assert "Reason" in removed.columns
    assert any(absent["b_organisation"] in r for r in removed["Reason"])
    assert edb.execute("SELECT status FROM meetings WHERE id = ?",
                       [absent["id"]]).fetchone()[0] == "no_show"


# --- check-in, analytics, exports -----------------------------------------------------------

def test_check_in_marks_arrivals_per_day(console, edb):
    go(console, "console_checkin_page.py")
    metrics = {m.label: m.value for m in console.metric}
    expected = int(metrics["Expected today"])
    assert expected > 100 and metrics["Checked in"] == "0"
    console.text_input(key="o.checkin.search").input("Lisan").run()
    person = storage.list_participants(edb, search="Lisan")[0]
    console.button(key=f"o.checkin.{DAY}.{person['id']}").click().run()
    assert "Lisan checked in." in console.success[0].value
    assert set(org.arrivals(edb, DAY)) == {(person["id"], DAY)}
    assert {m.label: m.value for m in console.metric}["Checked in"] == "1"
    console.button(key=f"o.checkin.{DAY}.{person['id']}").click().run()
    assert org.arrivals(edb, DAY) == {}


def test_analytics_are_charts_and_exports_are_download_buttons(console, edb):
    startup = storage.list_participants(edb, kind="startup")[0]
    investor = storage.list_participants(edb, kind="investor")[-1]
    request = ms.create_request(edb, startup["id"], investor["id"], rules=ms.RequestRules())
    ms.answer_request(edb, request["id"], investor["id"], "declined")
    meeting = org.meeting_rows(edb)[0]
    edb.execute("INSERT INTO feedback (meeting_id, participant_id, rating, took_place, "
                "created_at) VALUES (?, ?, 5, 1, '2024-06-05T12:00:00Z')",
                [meeting["id"], meeting["participant_a"]])
    edb.conn.commit()
    go(console, "console_analytics_page.py")
    charts = console.get("vega_lite_chart")
    assert len(charts) == 12  # 2 days, 2 of tables, fairness, 2 of themes, 2 of requests,
    # ratings, no-shows and the map
    assert {m.label for m in console.metric} >= {"Meetings", "No-show rate", "Tables used"}
    console.toggle(key="o.analytics.draw").set_value(True).run()
    assert not console.exception
    go(console, "console_exports_page.py")
    labels = [b.label for b in console.button]
    assert labels[:3] == ["Meetings (CSV)", "Meetings (calendar .ics)", "Participants (CSV)"]
    assert "Post-event report (PDF)" in labels and "Every table's schedule (PDF)" in labels
    # the whole event's files are made in the background, then offered for download
    button(console, "Meetings (CSV)").click().run()
    after_jobs(console, edb)
    made = [b.proto.label for b in console.get("download_button")]
    assert any(label.startswith("Download Meetings (CSV) (made at ") for label in made), made
    console.text_input(key="o.exports.search").input("Lisan").run()
    console.selectbox(key="o.exports.who").select_index(0).run()
    labels = [b.proto.label for b in console.get("download_button")]
    assert "Calendar (.ics)" in labels and "Printable agenda (PDF)" in labels
