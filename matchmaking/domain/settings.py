"""The event's settings: every key once, with its one default and its validation.

Stored as JSON in ``event.settings``; every reader (the console, the scheduler, requests,
matching, analytics) goes through ``EventSettings.from_dict``, so they cannot disagree on
a default. Keys this version does not know are kept as they are (``extra``) and written
back, so nothing is lost when an older version opens a newer event.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from matchmaking.domain.vocabulary import KINDS


class InvalidSetting(ValueError):
    """A setting that cannot be used, naming the key and what is wrong."""

    def __init__(self, key: str, message: str):
        super().__init__(f"event setting {key!r}: {message}")
        self.key = key


def _whole(key: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise InvalidSetting(key, f"expected a whole number, got {value!r}")
    if not low <= int(value) <= high:
        raise InvalidSetting(key, f"expected {low} to {high}, got {value!r}")
    return int(value)


def _flag(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidSetting(key, f"expected true or false, got {value!r}")
    return value


def _pairs(key: str, value: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, (list, tuple)) or not value:
        raise InvalidSetting(key, f"expected a non-empty list of kind pairs, got {value!r}")
    out = []
    for pair in value:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2 or \
                any(k not in KINDS for k in pair):
            raise InvalidSetting(key, f"{pair!r} is not a pair of kinds ({', '.join(KINDS)})")
        out.append((str(pair[0]), str(pair[1])))
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class EventSettings:
    """What an organiser sets for the whole event."""

    # who may meet whom (requests, recommendations, the scheduler)
    allowed_pairs: tuple[tuple[str, str], ...] = (("startup", "investor"),
                                                  ("startup", "partner"))
    interpreters: bool = False  # True: a shared language is not required
    # the scheduler: publish its meetings (True) or propose them for both sides' yes
    scheduler_publishes: bool = False
    min_meetings_per_startup: int = 2  # the fairness floor the scheduler aims for
    max_meetings_default: int = 10  # meetings a participant can take without its own cap
    investor_cap: int | None = None  # a cap for every investor and partner (None: none)
    # requests
    max_pending_requests: int = 10  # outgoing pending requests per participant
    request_expiry_hours: float = 48.0
    # recommendations: nobody in more than this many times their capacity of others'
    # top 10 (congestion pricing); None: rank by score alone
    exposure_multiple: float | None = 2.0
    currency: str = "EUR"
    extra: Mapping[str, Any] = field(default_factory=dict)  # keys of another version

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any] | None) -> EventSettings:
        """Validated settings from stored JSON; a missing key takes its default, a value
        that cannot be used raises ``InvalidSetting`` naming the key."""
        raw = dict(raw or {})
        known = {f.name for f in fields(cls)} - {"extra"}
        values: dict[str, Any] = {}
        for key in known & raw.keys():
            value = raw[key]
            values[key] = _PARSERS[key](key, value)
        return cls(**values, extra={k: v for k, v in raw.items() if k not in known})

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, every key present (lists for pairs), unknown keys kept."""
        out: dict[str, Any] = dict(self.extra)
        for f in fields(self):
            if f.name != "extra":
                value = getattr(self, f.name)
                out[f.name] = [list(p) for p in value] if f.name == "allowed_pairs" else value
        return out

    def may_meet(self, kind_a: str, kind_b: str) -> bool:
        return (kind_a, kind_b) in self.allowed_pairs or (kind_b, kind_a) in self.allowed_pairs


def _hours(key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 24 * 60:
        raise InvalidSetting(key, f"expected hours between 0 and 1440, got {value!r}")
    return float(value)


def _multiple(key: str, value: Any) -> float | None:
    if value in (None, 0):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 1:
        raise InvalidSetting(key, f"expected a number of 1 or more (or none), got {value!r}")
    return float(value)


def _cap(key: str, value: Any) -> int | None:
    return None if value in (None, 0) else _whole(key, value, 1, 500)


def _currency(key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 8:
        raise InvalidSetting(key, f"expected a currency code such as EUR or MAD, got {value!r}")
    return value.strip().upper()


_PARSERS = {
    "allowed_pairs": _pairs,
    "interpreters": _flag,
    "scheduler_publishes": _flag,
    "min_meetings_per_startup": lambda k, v: _whole(k, v, 0, 50),
    "max_meetings_default": lambda k, v: _whole(k, v, 1, 500),
    "investor_cap": _cap,
    "max_pending_requests": lambda k, v: _whole(k, v, 1, 500),
    "request_expiry_hours": _hours,
    "exposure_multiple": _multiple,
    "currency": _currency,
}
