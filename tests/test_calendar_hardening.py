"""Calendars and clocks: every text that enters an .ics is one clean line, UIDs survive a
renamed event, a declined or cancelled meeting is sent as cancelled, and slots keep their
length across a change of the clocks."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from icalendar import Calendar

from matchmaking import storage
from matchmaking.domain.event import EventConfig, InvalidEvent, build_slots
from matchmaking.domain.timezones import from_utc_text, local
from matchmaking.services import event as services
from matchmaking.services import meetings
from matchmaking.storage import console as org
from matchmaking.storage import meetings as ms

from .conftest import REGISTRATIONS

NOW = datetime(2024, 5, 20, 9, 0, tzinfo=timezone.utc)


def event_dict(**changes) -> dict:
    data = {"name": "Village", "timezone": "Africa/Casablanca", "slot_minutes": 20,
            "days": [{"date": "2024-06-05", "opens": "09:30", "closes": "12:00"}],
            "tables": {"count": 4}}
    return {**data, **changes}


# --- names ---------------------------------------------------------------------------------

@pytest.mark.parametrize("where, change", [
    ("name", {"name": "Smart City\nStart-up Village"}),
    ("venue", {"venue": "Hall\r\nB"}),
    ("city", {"city": "Casa\x07"}),
    ("breaks", {"days": [{"date": "2024-06-05", "opens": "09:30", "closes": "12:00",
                          "breaks": [{"start": "10:30", "end": "11:00",
                                      "label": "Café\nthé"}]}]}),
    ("tables[1].name", {"tables": [{"name": "T\n1"}]}),
])
def test_a_name_with_a_line_break_or_control_character_is_refused_at_set_up(where, change):
    with pytest.raises(InvalidEvent, match=r"one line") as caught:
        EventConfig.from_dict(event_dict(**change))
    assert where in str(caught.value)


@pytest.fixture
def met(db, tmp_path):
    """The demo's three registrations with one confirmed meeting, and the start-up's e-mail."""
    services.import_registrations(db, REGISTRATIONS / "good.csv")
    people = {p["kind"]: p for p in storage.list_participants(db)}
    request = ms.create_request(db, people["startup"]["id"], people["investor"]["id"],
                                rules=ms.RequestRules(), now=NOW)
    ms.accept_request(db, request["id"], people["investor"]["id"], now=NOW)
    return people["startup"]["email"]


def events_of(ics: bytes) -> dict[str, dict]:
    calendar = Calendar.from_ical(ics)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_an_event_name_with_a_line_break_still_exports_a_calendar(db, met):
    # written before names were checked, or straight into the database
    with storage.write_transaction(db):
        db.execute("UPDATE event SET name = ?, venue = ?", ["Smart City\nVillage", "Hall\x07B"])
    ics = meetings.agenda_ics(db, met)
    calendar = Calendar.from_ical(ics)
    assert str(calendar["x-wr-calname"]).startswith("Smart City Village")
    (only,) = events_of(ics).values()
    assert "\x07" not in str(only["location"]) and "Hall B" in str(only["location"])


def test_uids_do_not_change_when_the_event_is_renamed(db, met):
    before = set(events_of(meetings.agenda_ics(db, met)))
    with storage.write_transaction(db):
        db.execute("UPDATE event SET name = 'Casablanca Smart City 2025'")
    after = set(events_of(meetings.agenda_ics(db, met)))
    assert before == after and len(before) == 1
    assert "village" not in next(iter(before)).lower()


def test_every_event_gets_its_own_random_id(tmp_path):
    ids = set()
    for name in ("a.db", "b.db"):
        services.init_database(tmp_path / name, demo=False,
                               event_file=_event_file(tmp_path, event_dict()))
        db = storage.open_database(tmp_path / name)
        ids.add(storage.get_event(db)["uid"])
        db.close()
    assert len(ids) == 2 and all(len(i) == 32 for i in ids)


@pytest.mark.parametrize("status", ["cancelled", "declined", "no_show"])
def test_a_meeting_called_off_is_sent_as_cancelled_with_a_higher_sequence(db, met, status):
    (uid, first), = events_of(meetings.agenda_ics(db, met)).items()
    meeting_id = int(uid.split("-")[1].split("@")[0])
    later = datetime.now(timezone.utc) + timedelta(seconds=5)
    with storage.write_transaction(db):  # as the one door would, a moment later
        db.execute("UPDATE meetings SET status = ?, updated_at = ? WHERE id = ?",
                   [status, later.strftime("%Y-%m-%dT%H:%M:%SZ"), meeting_id])
    second = events_of(meetings.agenda_ics(db, met))[uid]
    assert str(second["status"]) == "CANCELLED"
    assert int(second["sequence"]) > int(first["sequence"])


# --- clocks that change ------------------------------------------------------------------

def _event_file(tmp_path, data: dict):
    path = tmp_path / f"event-{len(list(tmp_path.iterdir()))}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("zone, day, opens, closes", [
    ("America/New_York", "2024-03-10", "00:00", "05:00"),   # spring forward at 02:00
    ("America/New_York", "2024-11-03", "00:00", "04:00"),   # fall back at 02:00
    ("Europe/Paris", "2024-03-31", "01:00", "04:00"),
    ("Africa/Casablanca", "2024-03-10", "01:00", "05:00"),  # Ramadan: back to UTC+0 at 03:00
    ("Africa/Casablanca", "2024-04-14", "01:00", "05:00"),  # after Ramadan: +1 at 02:00
])
def test_slots_keep_their_length_across_a_change_of_the_clocks(tmp_path, zone, day, opens,
                                                               closes):
    data = event_dict(timezone=zone, days=[{"date": day, "opens": opens, "closes": closes}])
    slots = build_slots(EventConfig.from_dict(data))
    starts = [from_utc_text(s.start_utc) for s in slots]
    for slot in slots:
        assert from_utc_text(slot.end_utc) - from_utc_text(slot.start_utc) == \
            timedelta(minutes=20)
    assert len(set(starts)) == len(starts) and starts == sorted(starts)
    for before, after in zip(slots, slots[1:]):
        assert before.end_utc == after.start_utc  # no gap, no overlap
    # and the whole set-up goes into a database (it used to fail on a CHECK)
    services.init_database(tmp_path / "event.db", event_file=_event_file(tmp_path, data))
    db = storage.open_database(tmp_path / "event.db")
    assert len(storage.list_slots(db, kind="meeting")) == len(slots)
    db.close()


def test_a_day_of_the_clock_change_shows_its_real_local_times():
    data = event_dict(timezone="America/New_York",
                      days=[{"date": "2024-03-10", "opens": "01:00", "closes": "04:00"}])
    shown = [local(s.start_utc, "America/New_York").strftime("%H:%M")
             for s in build_slots(EventConfig.from_dict(data))]
    assert shown[:3] == ["01:00", "01:20", "01:40"] and shown[3] == "03:00"
    assert not any(t.startswith("02:") for t in shown)


@pytest.mark.parametrize("zone, day, at", [("America/New_York", "2024-03-10", "02:30"),
                                           ("Africa/Casablanca", "2024-04-14", "02:20")])
def test_a_local_time_the_clocks_skip_is_refused_clearly(zone, day, at):
    data = event_dict(timezone=zone, days=[{"date": day, "opens": at, "closes": "06:00"}])
    with pytest.raises(InvalidEvent, match=rf"{day} {at} does not exist in {zone}"):
        build_slots(EventConfig.from_dict(data))


def test_a_rejected_set_up_changes_nothing(db):
    before = [dict(r) for r in db.query("SELECT * FROM slots")]
    data = event_dict(timezone="America/New_York",
                      days=[{"date": "2024-03-10", "opens": "02:30", "closes": "06:00"}])
    with pytest.raises(InvalidEvent):
        config = EventConfig.from_dict(data)
        storage.save_event(db, config, build_slots(config))
    assert [dict(r) for r in db.query("SELECT * FROM slots")] == before
    org.save_settings(db, {"currency": "EUR"})  # the database is still usable


@pytest.mark.parametrize("name", ["T\n31", "T3\r1", "T\x0731", "T\t31"])
def test_tables_added_or_renamed_in_the_console_stay_on_one_line(db, name):
    with pytest.raises(org.Refused) as caught:
        org.add_tables(db, [name])
    assert caught.value.code == "one_line"
    with pytest.raises(org.Refused):
        org.add_tables(db, ["T31"], location=f"Zone {name}")
    table = org.table_rows(db)[0]
    with pytest.raises(org.Refused):
        org.update_table(db, table["id"], name=name)
    assert org.table_rows(db)[0]["name"] == table["name"]
