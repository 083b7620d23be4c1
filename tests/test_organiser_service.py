"""The organiser console's domain: settings and tables, uploads, participant edits, moving,
swapping and locking meetings with conflict checks, check-in, re-planning from a chosen
slot, the analytics figures and the PDF documents."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest

from matchmaking import storage
from matchmaking.documents import reports
from matchmaking.domain import analytics
from matchmaking.domain.event import InvalidEvent
from matchmaking.domain.importing import InvalidRegistrations
from matchmaking.domain.taxonomy import default_taxonomy
from matchmaking.matching.scoring import MatchingSettings
from matchmaking.services import console as osv
from matchmaking.services import event as services
from matchmaking.services import matching, meetings
from matchmaking.storage import console as org
from matchmaking.storage import meetings as ms

from .conftest import REGISTRATIONS
from .fakes import FakeEncoder

ENCODER = FakeEncoder()


_TEMPLATE: dict[str, Path] = {}


def scheduled_copy(tmp_path_factory: pytest.TempPathFactory, target: Path) -> Path:
    """A copy of the demo event embedded with the fake model and scheduled (built once per
    test session, shared with the console's AppTests)."""
    if "path" not in _TEMPLATE:
        path = tmp_path_factory.mktemp("scheduled") / "event.db"
        services.init_database(path, demo=True)
        db = storage.open_database(path)
        matching.refresh_embeddings(db, ENCODER)
        meetings.run_scheduler(db, matching.match_event(db, ENCODER.name), time_limit=1.0)
        db.close()
        _TEMPLATE["path"] = path
    source = storage.connect(_TEMPLATE["path"])
    storage.backup(source, target)
    source.close()
    return target


@pytest.fixture
def sdb(tmp_path_factory, tmp_path):
    database = storage.open_database(scheduled_copy(tmp_path_factory, tmp_path / "scheduled.db"))
    yield database
    database.close()


def live_place_counts(db) -> tuple[int, int]:
    """Double bookings of a person or a table in a slot (both must be 0)."""
    people = db.execute("SELECT count(*) FROM (SELECT slot_id, participant_id FROM meeting_seats "
                        "WHERE live = 1 GROUP BY 1, 2 HAVING count(*) > 1)").fetchone()[0]
    tables = db.execute("SELECT count(*) FROM (SELECT slot_id, table_id FROM meetings WHERE "
                        "status IN ('proposed', 'confirmed', 'completed') GROUP BY 1, 2 "
                        "HAVING count(*) > 1)").fetchone()[0]
    return people, tables


def audit_actions(db) -> list[str]:
    return [r[0] for r in db.execute("SELECT action FROM audit_log ORDER BY id")]


# --- settings and tables ----------------------------------------------------------------------

def test_settings_are_merged_idempotent_audited_and_read_by_the_rules(db):
    changed = org.save_settings(db, {"max_pending_requests": 3, "interpreters": True,
                                     "allowed_pairs": [["startup", "investor"]]})
    assert sorted(changed) == ["allowed_pairs", "interpreters", "max_pending_requests"]
    assert org.save_settings(db, {"max_pending_requests": 3}) == []
    settings = storage.get_event(db)["settings"]
    assert settings["currency"] == "EUR"  # other keys are kept
    assert ms.RequestRules.from_settings(settings).max_pending == 3
    assert MatchingSettings.from_event(settings).interpreters is True
    assert audit_actions(db).count("event.settings_saved") == 1
    assert osv.settings_of(storage.get_event(db))["min_meetings_per_startup"] == 2  # default


def test_table_names_expand_from_ranges_and_lists():
    assert osv.expand_table_names("T31..T40") == [f"T{n}" for n in range(31, 41)]
    assert osv.expand_table_names("T08-T10") == ["T08", "T09", "T10"]
    assert osv.expand_table_names("Salon A, Salon B\nSalon A") == ["Salon A", "Salon B"]
    with pytest.raises(ValueError, match="backwards"):
        osv.expand_table_names("T10..T01")


def test_tables_are_created_once_renamed_and_not_deactivated_while_busy(sdb):
    created, existing = org.add_tables(sdb, ["T31", "T32"], location="Zone D")
    assert (created, existing) == (["T31", "T32"], [])
    assert org.add_tables(sdb, ["T31", "T33"]) == (["T33"], ["T31"])
    tables = {t["name"]: t for t in org.table_rows(sdb)}
    with pytest.raises(org.Refused, match="already exists") as error:
        org.update_table(sdb, tables["T31"]["id"], name="T01")
    assert error.value.code == "table_name_taken"
    with pytest.raises(org.Refused) as error:
        org.update_table(sdb, tables["T31"]["id"], capacity=1)
    assert error.value.code == "capacity"
    busy = next(t for t in tables.values() if t["live_meetings"])
    with pytest.raises(org.Refused, match="live meetings: move or cancel") as error:
        org.update_table(sdb, busy["id"], active=False)
    assert error.value.values["count"] == busy["live_meetings"]
    assert org.update_table(sdb, tables["T31"]["id"], name="Salon VIP", capacity=4,
                            active=False) == ["name", "capacity", "active"]
    assert org.update_table(sdb, tables["T31"]["id"], name="Salon VIP") == []
    assert "table.updated" in audit_actions(sdb)


def test_event_set_up_rebuilds_slots_until_meetings_exist(db, sdb):
    days = [{"date": "2024-06-05", "opens": "09:00", "closes": "12:00",
             "breaks": osv.parse_breaks("10:30-11:00 Café")}]
    config = osv.save_event_setup(db, name="Village", venue="Hall", city="Casablanca",
                                  slot_minutes=30, days=days)
    assert len(config.days) == 1
    assert len(storage.list_slots(db, kind="meeting")) == 5
    assert len(storage.list_tables(db)) == 30  # tables stay as they were
    with pytest.raises(storage.StorageError, match="meetings already exist"):
        osv.save_event_setup(sdb, name="Village", venue="Hall", city="Casablanca",
                             slot_minutes=30, days=days)
    with pytest.raises(InvalidEvent, match="break 1"):
        osv.parse_breaks("lunch at noon")
    with pytest.raises(InvalidEvent, match="only once"):
        osv.save_event_setup(db, name="Village", venue="", city="", slot_minutes=20,
                             days=days + days)
    assert osv.breaks_text(days[0]["breaks"]) == "10:30-11:00 Café"


# --- registrations ------------------------------------------------------------------------------

def test_an_upload_with_errors_reports_rows_and_columns_and_writes_nothing(db):
    content = (REGISTRATIONS / "invalid_email.csv").read_bytes()
    with pytest.raises(InvalidRegistrations) as error:
        osv.import_upload(db, content, "inscriptions.csv", dry_run=True)
    rows = osv.problem_rows(error.value.problems)
    assert rows[0]["row"] == 2 and rows[0]["column"] == "email"
    assert "invalid e-mail" in rows[0]["problem"]
    with pytest.raises(InvalidRegistrations):
        osv.import_upload(db, content, "inscriptions.csv", dry_run=False)
    assert storage.count_rows(db, "participants") == 0
    with pytest.raises(InvalidRegistrations, match="not a CSV file"):  # type by content
        osv.import_upload(db, (REGISTRATIONS / "workbook_named.csv").read_bytes(),
                          "workbook.csv", dry_run=True)
    with pytest.raises(InvalidRegistrations, match="over the"):
        osv.import_upload(db, b"x" * 2000, "big.csv", dry_run=True, max_bytes=1000)
    with pytest.raises(InvalidRegistrations, match="unsupported file type"):
        osv.import_upload(db, b"%PDF-1.4", "../../etc/registrations.pdf", dry_run=True)


def test_an_upload_is_previewed_then_imported_all_at_once(db):
    content = (REGISTRATIONS / "good.csv").read_bytes()
    preview = osv.import_upload(db, content, "good.csv", dry_run=True)
    assert len(preview.report.created) == 3 and preview.report.dry_run
    assert storage.count_rows(db, "participants") == 0
    result = osv.import_upload(db, content, "good.csv", dry_run=False)
    assert len(result.report.created) == 3
    again = osv.import_upload(db, content, "good.csv", dry_run=True)
    assert len(again.report.unchanged) == 3


def test_participants_are_edited_with_the_import_rules_and_deactivated(sdb):
    person = storage.list_participants(sdb, kind="startup")[0]
    changed = osv.edit_participant(sdb, person["id"], {"city": "Rabat", "sectors": "water; iot",
                                                       "max_meetings": "6"})
    assert changed == ["city", "sectors", "max_meetings"]
    edited = storage.get_participant(sdb, person["email"])
    assert (edited["city"], edited["sectors"], edited["max_meetings"]) == (
        "Rabat", ["water", "iot"], 6)
    assert osv.edit_participant(sdb, person["id"], {"city": "Rabat"}) == []
    with pytest.raises(osv.InvalidEdit) as error:
        osv.edit_participant(sdb, person["id"], {"stages": "mega-round", "ticket_min": "lots"})
    assert {c for c, _ in error.value.problems} == {"stages", "ticket_min"}
    live = [m for m in storage.live_meetings(sdb)
            if person["id"] in (m["participant_a"], m["participant_b"])]
    assert live
    assert org.set_participant_active(sdb, person["id"], False) == len(live)
    assert not storage.list_participants(sdb, search=person["email"])
    assert not [m for m in storage.live_meetings(sdb)
                if person["id"] in (m["participant_a"], m["participant_b"])]
    assert org.set_participant_active(sdb, person["id"], False) == 0  # again: nothing
    org.set_participant_active(sdb, person["id"], True)
    assert storage.list_participants(sdb, search=person["email"])


def test_invitations_are_a_safe_csv_with_personal_links(db, event_db_path):
    services.import_registrations(db, REGISTRATIONS / "good.csv")
    db.execute("UPDATE participants SET organisation = '=HYPERLINK(\"x\")' WHERE kind = 'partner'")
    db.conn.commit()
    text = osv.invitations_csv(db, b"secret", "http://10.0.0.5:8501/")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3
    assert all(r["link"].startswith("http://10.0.0.5:8501/signin?code=") for r in rows)
    assert any(r["organisation"].startswith("'=HYPERLINK") for r in rows)


# --- the grid: move, swap, lock, cancel, publish -------------------------------------------

def test_moving_a_meeting_is_checked_and_says_why_it_cannot(sdb):
    day = osv.event_days(sdb)[0]
    rows = [m for m in org.meeting_rows(sdb, day=day) if m["status"] == "proposed"]
    first, other = rows[0], next(m for m in rows if m["slot_id"] != rows[0]["slot_id"]
                                 and m["table_id"] != rows[0]["table_id"])
    with pytest.raises(org.Conflict, match="swap the two meetings instead") as error:
        org.move_meeting(sdb, first["id"], other["slot_id"], other["table_id"])
    assert error.value.code == "table_taken"
    (created,), _ = org.add_tables(sdb, ["T31"])
    t31 = next(t["id"] for t in org.table_rows(sdb) if t["name"] == "T31")
    busy_slot = next(m["slot_id"] for m in rows if m["id"] != first["id"] and
                     first["participant_a"] in (m["participant_a"], m["participant_b"]))
    with pytest.raises(org.Conflict, match="already has a meeting") as error:
        org.move_meeting(sdb, first["id"], busy_slot, t31)
    assert error.value.code == "person_busy"
    a_break = storage.list_slots(sdb, kind="break")[0]["id"]
    with pytest.raises(org.Conflict, match="is a break"):
        org.move_meeting(sdb, first["id"], a_break, t31)
    free_slot = next(s["id"] for s in osv.day_slots(sdb, day) if not sdb.execute(
        "SELECT 1 FROM meeting_seats WHERE slot_id = ? AND live = 1 AND participant_id IN "
        "(?, ?)", [s["id"], first["participant_a"], first["participant_b"]]).fetchone())
    ms.set_availability(sdb, first["participant_b"], {free_slot})
    with pytest.raises(org.Conflict, match="is not available") as error:
        org.move_meeting(sdb, first["id"], free_slot, t31)
    assert error.value.code == "person_unavailable"
    ms.set_availability(sdb, first["participant_b"], set())
    moved = org.move_meeting(sdb, first["id"], free_slot, t31)
    assert (moved["slot_id"], moved["table_id"]) == (free_slot, t31)
    assert org.move_meeting(sdb, first["id"], free_slot, t31)["updated_at"] == \
        moved["updated_at"]  # where it already is: nothing changes
    org.set_locked(sdb, first["id"], True)
    with pytest.raises(org.Refused, match="locked") as error:
        org.move_meeting(sdb, first["id"], first["slot_id"], first["table_id"])
    assert live_place_counts(sdb) == (0, 0)
    assert audit_actions(sdb).count("meeting.moved") == 1


def test_a_racing_writer_is_stopped_by_the_schema_and_said_in_words(sdb, monkeypatch):
    rows = org.meeting_rows(sdb)
    first, other = rows[0], next(m for m in rows if m["slot_id"] != rows[0]["slot_id"])
    monkeypatch.setattr(org, "_check_place", lambda *args, **kwargs: None)  # skip the checks
    with pytest.raises(org.Conflict, match="just taken") as error:
        org.move_meeting(sdb, first["id"], other["slot_id"], other["table_id"])
    assert error.value.code == "race"
    assert live_place_counts(sdb) == (0, 0)


def test_swapping_two_meetings_exchanges_their_places_or_refuses(sdb):
    day = osv.event_days(sdb)[0]
    rows = org.meeting_rows(sdb, day=day)
    by_slot: dict[int, list] = {}
    for m in rows:
        by_slot.setdefault(m["slot_id"], []).append(m)
    slots = sorted(by_slot)
    # same slot, two tables: always possible
    a, b = by_slot[slots[0]][:2]
    new_a, new_b = org.swap_meetings(sdb, a["id"], b["id"])
    assert (new_a["table_id"], new_b["table_id"]) == (b["table_id"], a["table_id"])
    assert new_a["status"] == a["status"]
    # a swap that would put someone in two meetings at once is refused, and nothing moves
    by_slot = {}
    for m in org.meeting_rows(sdb, day=day):
        by_slot.setdefault(m["slot_id"], []).append(m)
    people_later = {p for m in by_slot[slots[1]] for p in (m["participant_a"], m["participant_b"])}
    clash = next(m for m in by_slot[slots[0]] if m["participant_a"] in people_later)
    target = next(m for m in by_slot[slots[1]] if clash["participant_a"] not in
                  (m["participant_a"], m["participant_b"]))
    with pytest.raises(org.Conflict, match="already has a meeting"):
        org.swap_meetings(sdb, clash["id"], target["id"])
    assert org.meeting_at(sdb, clash["slot_id"], clash["table_id"])["id"] == clash["id"]
    with pytest.raises(org.Refused):
        org.swap_meetings(sdb, a["id"], a["id"])
    assert live_place_counts(sdb) == (0, 0)


def test_lock_publish_and_cancel(sdb):
    meeting = org.meeting_rows(sdb)[0]
    assert org.set_locked(sdb, meeting["id"], True)["locked"] == 1
    assert org.set_locked(sdb, meeting["id"], True)["locked"] == 1
    proposed = sdb.execute("SELECT count(*) FROM meetings WHERE status = 'proposed'").fetchone()[0]
    assert org.publish_proposals(sdb) == proposed > 0
    assert org.publish_proposals(sdb) == 0
    ms.set_meeting_status(sdb, meeting["id"], "cancelled", reason="flight delayed")
    with pytest.raises(org.Refused, match="only live meetings"):
        org.move_meeting(sdb, meeting["id"], meeting["slot_id"] + 1, meeting["table_id"])


def test_check_in_is_a_per_day_flag_kept_in_the_audit_log(sdb):
    person = storage.list_participants(sdb)[0]
    day, other_day = osv.event_days(sdb)
    assert org.set_arrival(sdb, person["id"], day) is True
    assert org.set_arrival(sdb, person["id"], day) is False  # twice: no-op
    assert set(org.arrivals(sdb, day)) == {(person["id"], day)}
    assert org.arrivals(sdb, other_day) == {}
    assert org.set_arrival(sdb, person["id"], day, arrived=False) is True
    assert org.arrivals(sdb, day) == {}
    with pytest.raises(org.Refused, match="not a day of the event"):
        org.set_arrival(sdb, person["id"], "2030-01-01")


def test_replanning_from_a_chosen_slot_says_what_changed_in_words(sdb):
    day = osv.event_days(sdb)[0]
    slots = osv.day_slots(sdb, day)
    org.publish_proposals(sdb)
    now_slot = slots[3]["id"]
    in_slot = [m for m in org.meeting_rows(sdb, day=day) if m["slot_id"] == now_slot]
    gone = in_slot[0]["b_email"]
    later = [m for m in org.meeting_rows(sdb, day=day) if m["start_utc"] > slots[3]["start_utc"]
             and gone in (m["a_email"], m["b_email"])]
    result = osv.replan_from(sdb, matching.match_event(sdb, ENCODER.name), now_slot,
                             no_shows=[gone], time_limit=1.0)
    assert result["time"] == analytics.slot_time(slots[3]["start_utc"], "Africa/Casablanca")
    removed = {r["meeting"]: r for r in result["removed"]}
    assert in_slot[0]["id"] in removed and removed[in_slot[0]["id"]]["status"] == "no_show"
    assert {m["id"] for m in later} <= set(removed)
    name = in_slot[0]["b_organisation"]
    assert any(name in r["reason"] for r in result["removed"])
    assert not any("participant " in r["reason"] for r in result["removed"])
    for row in result["added"]:
        assert row["time"] > result["time"] and gone not in (row["a"], row["b"])
    assert live_place_counts(sdb) == (0, 0)
    assert osv.cancelled_to_replan(sdb, now_slot) == []  # what the re-plan did itself
    kept = next(m for m in org.meeting_rows(sdb, day=day) if m["status"] == "confirmed"
                and m["start_utc"] > slots[3]["start_utc"])
    ms.set_meeting_status(sdb, kept["id"], "cancelled", reason="taxi", actor="organiser")
    assert osv.cancelled_to_replan(sdb, now_slot) == [kept["id"]]
    assert osv.cancelled_to_replan(sdb, slots[-1]["id"]) == []  # earlier than that slot


# --- analytics ---------------------------------------------------------------------------------

def test_the_grid_shows_each_live_meeting_once_with_its_status(sdb):
    day = osv.event_days(sdb)[0]
    grid = osv.day_grid(sdb, day)
    assert (len(grid.tables), len(grid.times)) == (30, 18)
    live = [m for m in org.meeting_rows(sdb, day=day) if m["status"] in analytics.LIVE]
    assert grid.filled == len(live)
    m = live[0]
    i, j = grid.table_ids.index(m["table_id"]), grid.slot_ids.index(m["slot_id"])
    assert grid.text[i][j] == f"{m['a_organisation']} ↔ {m['b_organisation']}"
    assert grid.meeting[i][j] == m["id"]
    ms.set_meeting_status(sdb, m["id"], "cancelled")
    org.set_locked(sdb, live[1]["id"], True)
    grid = osv.day_grid(sdb, day)
    assert grid.status[i][j] == "cancelled"
    k, l = grid.table_ids.index(live[1]["table_id"]), grid.slot_ids.index(live[1]["slot_id"])
    assert grid.text[k][l].startswith(analytics.LOCK_MARK) and grid.locked[k][l]


def test_analytics_figures_from_plain_rows():
    people = [{"id": 1, "kind": "startup", "active": True, "organisation": "A",
               "sectors": ["water"]},
              {"id": 2, "kind": "startup", "active": True, "organisation": "B",
               "sectors": ["fintech"]},
              {"id": 3, "kind": "investor", "active": True, "organisation": "C",
               "sectors": ["water"]},
              {"id": 4, "kind": "startup", "active": False, "organisation": "D", "sectors": []}]
    meetings_ = [{"id": 1, "status": "confirmed", "participant_a": 1, "participant_b": 3,
                  "slot_id": 10, "table_id": 1, "day": "d1", "start_utc": "2024-06-05T08:30:00Z",
                  "a_organisation": "A", "b_organisation": "C"},
                 {"id": 2, "status": "no_show", "participant_a": 2, "participant_b": 3,
                  "slot_id": 11, "table_id": 1, "day": "d1", "start_utc": "2024-06-05T08:50:00Z",
                  "a_organisation": "B", "b_organisation": "C"}]
    rows, figures = analytics.per_startup(meetings_, people)
    assert rows == [{"meetings": 0, "startups": 1}, {"meetings": 1, "startups": 1}]
    assert figures["without"] == 1 and figures["startups"] == 2
    requests = [{"recipient_id": 3, "status": s} for s in ("accepted", "declined", "pending")]
    _, stats = analytics.request_stats(requests, people)
    assert stats["acceptance_rate"] == 0.5 and stats["pending"] == 1
    histogram, most = analytics.requests_per_investor(requests, people)
    assert histogram[-1] == {"requests": 3, "investors": 1} and most[0]["organisation"] == "C"
    by_day, no_shows = analytics.no_show_stats(meetings_, "2024-06-05T09:00:00Z")
    assert no_shows == {"due": 2, "no_show": 1, "rate": 0.5}
    axes = analytics.by_axis(meetings_, people, default_taxonomy())
    assert {r["axis"] for r in axes} == {"resources", "citizen-services"}
    _, ratings = analytics.feedback_stats([{"rating": 4}, {"rating": None}, {"rating": 2}])
    assert ratings == {"answers": 3, "rated": 2, "mean": 3.0}


def test_the_profile_map_is_deterministic_and_draws_meetings():
    rng = np.random.default_rng(0)
    vectors = {i: rng.normal(size=16).astype(np.float32) for i in range(1, 30)}
    first = analytics.profile_map(vectors)
    second = analytics.profile_map({k: -v * 1.0 for k, v in vectors.items()})
    assert first == analytics.profile_map(dict(reversed(list(vectors.items()))))
    assert first == second  # a component's sign is fixed, whatever the input's
    segments = analytics.map_segments(
        [{"status": "confirmed", "participant_a": 1, "participant_b": 2, "day": "d",
          "a_organisation": "A", "b_organisation": "B"}], first)
    assert segments[0]["x"] == first[1][0] and segments[0]["y2"] == first[2][1]
    assert analytics.profile_map({}) == {}


# --- documents ---------------------------------------------------------------------------------

EVENT = {"name": "Village — Casablanca", "timezone": "Africa/Casablanca", "venue": "Hall",
         "city": "Casablanca", "days": [{"date": "2024-06-05"}]}
AGENDA = [{"organisation": "مكتب الرمال العائلي", "contact_name": "Hélène Carpentier",
           "kind": "investor", "booth": "B-2",
           "meetings": [{"day": "2024-06-05", "start": "09:30", "end": "09:50", "table": "T01",
                         "location": "Zone A", "with": "Régie Verte ⚡", "with_kind": "partner",
                         "status": "confirmed"}]}]


def test_agendas_embed_a_unicode_font_and_never_fail_on_names():
    assert reports.font_path() is not None  # DejaVu Sans on this system
    pdf = reports.participant_agendas(EVENT, AGENDA, "fr")
    assert pdf.startswith(b"%PDF") and b"FontFile2" in pdf  # the TrueType font is embedded
    assert reports.participant_agendas(EVENT, [], "en").startswith(b"%PDF")
    tables = [{"name": "T01", "location": "Zone A", "days": [{"day": "2024-06-05", "slots": [
        {"start": "09:30", "end": "09:50", "meeting": "Aqua Sûre — مكتب", "status": "proposed"},
        {"start": "09:50", "end": "10:10", "meeting": "", "status": ""}]}]}]
    assert reports.table_agendas(EVENT, tables, "en").startswith(b"%PDF")


def test_without_a_unicode_font_or_shaping_the_documents_still_come_out(monkeypatch):
    monkeypatch.setattr(reports, "font_path", lambda: None)
    pdf = reports.participant_agendas(EVENT, AGENDA, "en")
    assert pdf.startswith(b"%PDF") and b"FontFile2" not in pdf
    # right-to-left runs are put in visual order when no shaping engine is installed
    assert reports.visual_order("abc") == "abc"
    assert reports.visual_order("مكتب") == "بتكم"
    assert reports.visual_order("Table مكتب الرمال").startswith("Table ")


def test_event_documents_from_the_database(sdb):
    tax = default_taxonomy()
    org.set_arrival(sdb, storage.list_participants(sdb)[0]["id"], osv.event_days(sdb)[0])
    data = osv.report_data(osv.console_data(sdb), tax, "fr")
    assert data["figures"]["Start-ups"] == "130"  # written as the language writes numbers
    assert any(c["title"].startswith("Rendez-vous par créneau") for c in data["charts"])
    assert data["notes"] and "borne" in data["notes"][0]
    assert osv.report_pdf(sdb, tax, lang="en").startswith(b"%PDF")
    first = storage.list_participants(sdb)[0]
    assert osv.participant_agenda_pdf(sdb, [first["id"]]).startswith(b"%PDF")
    table = org.table_rows(sdb)[0]
    assert osv.table_agenda_pdf(sdb, [table["id"]]).startswith(b"%PDF")


def test_profile_vectors_average_the_cached_sentence_vectors(sdb):
    vectors = osv.profile_vectors(sdb, ENCODER.name)
    assert len(vectors) == storage.count_rows(sdb, "participants")
    norms = [float(np.linalg.norm(v)) for v in vectors.values()]
    assert min(norms) == pytest.approx(1.0, abs=1e-4) and max(norms) == pytest.approx(1.0,
                                                                                      abs=1e-4)
    assert osv.profile_vectors(sdb, "no-such-model") == {}


def test_suggested_slot_is_the_one_under_way_or_the_first():
    from datetime import datetime, timezone

    slots = [{"start_utc": "2024-06-05T08:30:00Z", "end_utc": "2024-06-05T08:50:00Z"},
             {"start_utc": "2024-06-05T08:50:00Z", "end_utc": "2024-06-05T09:10:00Z"}]
    at = datetime(2024, 6, 5, 8, 55, tzinfo=timezone.utc)
    assert osv.suggested_slot(slots, at) == 1
    assert osv.suggested_slot(slots, datetime(2025, 1, 1, tzinfo=timezone.utc)) == 0
    assert json.loads(json.dumps(osv.settings_of(None)))["max_meetings_default"] == 10
