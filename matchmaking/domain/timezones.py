"""Time zones from the ``tzdata`` package, never from the system.

The system's tz database can be years old (Debian's copy here predates Morocco's move to
permanent UTC+00 on 2026-09-20 and says UTC+01), and ``zoneinfo`` reads the system copy
first. Loading straight from ``tzdata`` keeps the offsets as current as the package.
"""

from __future__ import annotations

import importlib.resources
from datetime import datetime, timezone
from functools import cache
from zoneinfo import ZoneInfo

EVENT_TIMEZONE = "Africa/Casablanca"


class UnknownTimeZone(ValueError):
    pass


@cache
def zone(name: str = EVENT_TIMEZONE) -> ZoneInfo:
    """The ZoneInfo for an IANA name, read from the tzdata package."""
    try:
        resource = importlib.resources.files("tzdata.zoneinfo").joinpath(*name.split("/"))
        with resource.open("rb") as handle:
            return ZoneInfo.from_file(handle, key=name)
    except (FileNotFoundError, IsADirectoryError, ValueError, TypeError):
        raise UnknownTimeZone(f"unknown time zone {name!r} (expected an IANA name such as "
                              f"{EVENT_TIMEZONE!r})") from None


def to_utc_text(moment: datetime) -> str:
    """An aware datetime as the UTC text stored in the database: ``2024-06-05T08:30:00Z``."""
    if moment.tzinfo is None:
        raise ValueError("refusing a naive datetime: its time zone is unknown")
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_utc_text(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def local(text_or_moment: str | datetime, name: str = EVENT_TIMEZONE) -> datetime:
    """A stored UTC time (text or datetime) in the event's local time."""
    moment = from_utc_text(text_or_moment) if isinstance(text_or_moment, str) else text_or_moment
    return moment.astimezone(zone(name))
