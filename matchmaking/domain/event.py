"""The event: days, opening hours, slots and breaks, tables, and its settings.

An event is described by a small JSON document (``data/demo/event.json`` for the demo);
:func:`build_slots` turns local opening hours into slots stored in UTC.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from matchmaking.domain.settings import EventSettings, InvalidSetting
from matchmaking.domain.text import breaks_the_line
from matchmaking.domain.timezones import EVENT_TIMEZONE, UnknownTimeZone, to_utc_text, zone


class InvalidEvent(ValueError):
    """An event description that cannot be used, with the place of the problem."""


def _settings(raw: Any, fail: Any) -> dict[str, Any]:
    """The settings as written (validated: an unusable value names its key)."""
    if not isinstance(raw, dict):
        raise fail("settings", "expected an object of event settings")
    try:
        EventSettings.from_dict(raw)
    except InvalidSetting as error:
        raise fail(f"settings.{error.key}", str(error).split(": ", 1)[1]) from None
    return dict(raw)


@dataclass(frozen=True)
class Break:
    """A pause in a day's meetings, in the event's local time."""

    start: time
    end: time
    label: str = "Break"


@dataclass(frozen=True)
class Day:
    """One day of the event: its opening hours (local time) and breaks."""

    date: date
    opens: time
    closes: time
    breaks: tuple[Break, ...] = ()


@dataclass(frozen=True)
class TableSpec:
    """A meeting table as the event file declares it."""

    name: str
    capacity: int = 2
    location: str = ""


@dataclass(frozen=True)
class Slot:
    """A time slot cut from a day. Stored in UTC so that every comparison and every
    calendar is unambiguous; shown in the event's (or the viewer's) time zone."""

    day: date
    start_utc: str
    end_utc: str
    kind: str  # "meeting" or "break"
    label: str = ""


@dataclass
class EventConfig:
    """The event file: where and when, its days and tables, and its settings."""

    name: str
    venue: str = ""
    city: str = "Casablanca"
    timezone: str = EVENT_TIMEZONE
    slot_minutes: int = 20
    days: list[Day] = field(default_factory=list)
    tables: list[TableSpec] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "event") -> EventConfig:
        def fail(where: str, message: str) -> InvalidEvent:
            return InvalidEvent(f"{source}: {where}: {message}")

        if not isinstance(data, dict) or not str(data.get("name", "")).strip():
            raise fail("name", "the event needs a name")
        for key in ("name", "venue", "city"):
            _single_line(data.get(key), key, fail)
        tz_name = data.get("timezone", EVENT_TIMEZONE)
        try:
            zone(tz_name)
        except UnknownTimeZone as error:
            raise fail("timezone", str(error)) from None
        slot_minutes = data.get("slot_minutes", 20)
        if not isinstance(slot_minutes, int) or not 5 <= slot_minutes <= 240:
            raise fail("slot_minutes",
                       f"expected whole minutes from 5 to 240, got {slot_minutes!r}")
        days = []
        for i, day in enumerate(data.get("days", []), 1):
            where = f"days[{i}]"
            try:
                breaks = tuple(Break(_time(b["start"]), _time(b["end"]), b.get("label", "Break"))
                               for b in day.get("breaks", []))
                parsed = Day(date.fromisoformat(day["date"]), _time(day["opens"]),
                             _time(day["closes"]), breaks)
            except (KeyError, TypeError, ValueError) as error:
                raise fail(where, f"expected date, opens, closes (HH:MM) and breaks: {error}") \
                    from None
            for b in breaks:
                _single_line(b.label, f"{where}.breaks", fail)
            if parsed.opens >= parsed.closes:
                raise fail(where, "opens must be before closes")
            for b in breaks:
                if not parsed.opens <= b.start < b.end <= parsed.closes:
                    raise fail(where, f"break {b.start:%H:%M}-{b.end:%H:%M} is not within "
                                      "opening hours")
            days.append(parsed)
        tables = _tables(data.get("tables", []), fail)
        return cls(name=str(data["name"]).strip(), venue=data.get("venue", ""),
                   city=data.get("city", "Casablanca"), timezone=tz_name,
                   slot_minutes=slot_minutes, days=days, tables=tables,
                   settings=_settings(data.get("settings", {}), fail))

    @classmethod
    def from_file(cls, path: Path) -> EventConfig:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise InvalidEvent(f"{path}: cannot read the event description: {error}") from None
        return cls.from_dict(data, source=path.name)

    def starting(self, first_day: date) -> EventConfig:
        """The same event moved to begin on ``first_day``, its days as far apart as before
        (a rehearsal of the demo on today's date: "now" then falls within its days)."""
        if not self.days:
            return self
        shift = first_day - self.days[0].date
        return replace(self, days=[replace(d, date=d.date + shift) for d in self.days])


def _single_line(value: Any, where: str, fail: Any) -> None:
    """Names end up in calendars, PDFs and terminals: no line breaks or control characters."""
    if breaks_the_line(value):
        raise fail(where, f"{str(value)[:40]!r} holds line breaks or control characters: "
                          "write it on one line")


def _time(text: str) -> time:
    return time.fromisoformat(text)


def _tables(spec: Any, fail: Any) -> list[TableSpec]:
    """Tables as a list, or ``{"count": 30, "prefix": "T", "capacity": 2, "zones": [...]}``."""
    if isinstance(spec, dict):
        count = spec.get("count", 0)
        if not isinstance(count, int) or count < 0:
            raise fail("tables.count", f"expected a whole number, got {count!r}")
        zones = spec.get("zones") or [""]
        width = len(str(count))
        return [TableSpec(name=f"{spec.get('prefix', 'T')}{n:0{max(2, width)}d}",
                          capacity=int(spec.get("capacity", 2)),
                          location=zones[(n - 1) * len(zones) // max(count, 1)])
                for n in range(1, count + 1)]
    tables = []
    for i, table in enumerate(spec, 1):
        if not isinstance(table, dict) or not str(table.get("name", "")).strip():
            raise fail(f"tables[{i}]", "each table needs a name")
        tables.append(TableSpec(str(table["name"]).strip(), int(table.get("capacity", 2)),
                                table.get("location", "")))
    for i, table in enumerate(tables, 1):
        _single_line(table.name, f"tables[{i}].name", fail)
        _single_line(table.location, f"tables[{i}].location", fail)
    names = [t.name for t in tables]
    if len(set(names)) != len(names):
        raise fail("tables", "table names must be unique")
    return tables


def _instant(day: date, at: time, tz: Any, where: str) -> datetime:
    """The UTC instant of a local time on a day; a time the clocks skip is refused."""
    moment = datetime.combine(day, at, tzinfo=tz)
    back = moment.astimezone(timezone.utc).astimezone(tz)
    if (back.date(), back.time()) != (day, at):
        raise InvalidEvent(f"{where}: {day} {at:%H:%M} does not exist in {tz.key} (the "
                           "clocks go forward then): choose another time")
    return moment.astimezone(timezone.utc)


def build_slots(config: EventConfig) -> list[Slot]:
    """Meeting slots of ``slot_minutes`` from opening to closing, with the breaks in between.

    Opening, closing and breaks are local times; each is turned into its UTC instant and
    slots are counted in UTC from there, so every slot lasts ``slot_minutes`` even on a day
    whose clocks change (counting on the wall clock made a slot at 02:40 last 80 minutes).
    """
    tz = zone(config.timezone)
    length = timedelta(minutes=config.slot_minutes)
    slots: list[Slot] = []
    for day in config.days:
        where = f"day {day.date}"

        def at(t: time, d: date = day.date, where: str = where) -> datetime:
            return _instant(d, t, tz, where)

        breaks = [(at(b.start), at(b.end), b.label) for b in sorted(day.breaks,
                                                                    key=lambda b: b.start)]
        moment, closes = at(day.opens), at(day.closes)
        while moment < closes:
            current = next((b for b in breaks if b[0] <= moment < b[1]), None)
            if current is not None:
                slots.append(Slot(day.date, to_utc_text(moment), to_utc_text(current[1]),
                                  "break", current[2]))
                moment = current[1]
                continue
            next_break = next((b[0] for b in breaks if b[0] > moment), closes)
            if moment + length <= min(next_break, closes):
                slots.append(Slot(day.date, to_utc_text(moment), to_utc_text(moment + length),
                                  "meeting"))
                moment += length
            else:
                moment = next_break  # a remainder too short for a meeting is left free
    return slots
