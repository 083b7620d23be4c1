"""Local times: the tz database comes from the tzdata package, never the system's copy."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from matchmaking.domain.event import EventConfig, InvalidEvent, build_slots
from matchmaking.domain.timezones import UnknownTimeZone, local, to_utc_text, zone


def test_casablanca_is_utc_plus_0_after_2026_09_20():
    # tz release 2026c: Morocco on permanent UTC+00 from 2026-09-20. Older system copies
    # (Debian's 2025b here) still say +01, which would shift every meeting by an hour.
    casablanca = zone("Africa/Casablanca")
    assert datetime(2026, 10, 15, 10, 0, tzinfo=casablanca).utcoffset() == timedelta(0)
    assert datetime(2027, 6, 5, 10, 0, tzinfo=casablanca).utcoffset() == timedelta(0)


def test_casablanca_was_utc_plus_1_during_the_2024_edition():
    casablanca = zone("Africa/Casablanca")
    assert datetime(2024, 6, 5, 9, 30, tzinfo=casablanca).utcoffset() == timedelta(hours=1)


def test_unknown_time_zone_is_a_clear_error():
    with pytest.raises(UnknownTimeZone, match="unknown time zone 'Mars/Olympus'"):
        zone("Mars/Olympus")


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="naive"):
        to_utc_text(datetime(2024, 6, 5, 9, 30))


def _config(**overrides):
    data = {"name": "Test", "slot_minutes": 20, "days": [
        {"date": "2024-06-05", "opens": "09:30", "closes": "12:00",
         "breaks": [{"start": "10:30", "end": "10:45", "label": "Pause"}]}]}
    data.update(overrides)
    return EventConfig.from_dict(data)


def test_slots_are_stored_in_utc_and_read_back_in_local_time():
    slots = build_slots(_config())
    first = slots[0]
    assert (first.start_utc, first.end_utc) == ("2024-06-05T08:30:00Z", "2024-06-05T08:50:00Z")
    assert local(first.start_utc).strftime("%H:%M") == "09:30"


def test_breaks_cut_the_day_and_short_remainders_stay_free():
    slots = build_slots(_config())
    shown = [(local(s.start_utc).strftime("%H:%M"), local(s.end_utc).strftime("%H:%M"), s.kind)
             for s in slots]
    assert shown == [("09:30", "09:50", "meeting"), ("09:50", "10:10", "meeting"),
                     ("10:10", "10:30", "meeting"), ("10:30", "10:45", "break"),
                     ("10:45", "11:05", "meeting"), ("11:05", "11:25", "meeting"),
                     ("11:25", "11:45", "meeting")]  # 11:45-12:00 is too short for a meeting


def test_an_event_after_the_2026_change_gets_utc_plus_0_slots():
    slots = build_slots(_config(days=[{"date": "2026-11-30", "opens": "09:00",
                                       "closes": "10:00"}]))
    assert slots[0].start_utc == "2026-11-30T09:00:00Z"


def test_demo_event_has_two_days_of_20_minute_slots_with_breaks():
    from matchmaking.services.event import DEMO_EVENT

    config = EventConfig.from_file(DEMO_EVENT)
    slots = build_slots(config)
    assert [d.date for d in config.days] == [date(2024, 6, 5), date(2024, 6, 6)]
    meetings = [s for s in slots if s.kind == "meeting"]
    assert len(meetings) == 36
    assert {s.day for s in slots if s.kind == "break"} == {date(2024, 6, 5), date(2024, 6, 6)}
    assert len(config.tables) >= 25
    for slot in meetings:
        start = datetime.fromisoformat(slot.start_utc.replace("Z", "+00:00"))
        end = datetime.fromisoformat(slot.end_utc.replace("Z", "+00:00"))
        assert end - start == timedelta(minutes=20)


@pytest.mark.parametrize("change, message", [
    ({"timezone": "Europe/Nowhere"}, "timezone"),
    ({"slot_minutes": 2}, "slot_minutes"),
    ({"days": [{"date": "2024-06-05", "opens": "12:00", "closes": "09:00"}]},
     "opens must be before closes"),
    ({"days": [{"date": "2024-06-05", "opens": "09:00", "closes": "12:00",
                "breaks": [{"start": "13:00", "end": "14:00"}]}]}, "not within opening hours"),
    ({"days": [{"date": "5 June", "opens": "09:00", "closes": "12:00"}]}, "days[1]"),
])
def test_bad_event_descriptions_are_named(change, message):
    with pytest.raises(InvalidEvent, match=message.replace("[", r"\[").replace("]", r"\]")):
        _config(**change)
