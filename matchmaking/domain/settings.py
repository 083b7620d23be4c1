"""The event's settings: every key once, with its one default, its validation and the kind
of control that edits it.

Stored as JSON in ``event.settings``; every reader (the console, the scheduler, requests,
matching, analytics) goes through ``EventSettings.from_dict``, so they cannot disagree on
a default. Keys this version does not know are kept as they are (``extra``) and written
back, so nothing is lost when an older version opens a newer event.

Each field carries its rule (``Whole``, ``Hours``, ``Flag``, ``KindPairs``, ...): the rule
parses a stored value and tells the console's set-up form which control to draw and with
which bounds, so adding a setting is its field here, its label in ``texts/organiser.py``
and the code that reads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from matchmaking.domain.formats import DEFAULT_LANGUAGE_ORDER, INTERFACE_LANGUAGES
from matchmaking.domain.vocabulary import KINDS


class InvalidSetting(ValueError):
    """A setting that cannot be used, naming the key and what is wrong."""

    def __init__(self, key: str, message: str):
        super().__init__(f"event setting {key!r}: {message}")
        self.key = key


def _is_number(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float))


class Rule:
    """How one setting is checked, written as JSON, and edited."""

    def parse(self, key: str, value: Any) -> Any:
        raise NotImplementedError

    def to_json(self, value: Any) -> Any:
        return value


@dataclass(frozen=True)
class Whole(Rule):
    """A whole number from ``low`` to ``high``; with ``none_at_zero``, 0 (or null) means
    "none" and is read as None."""

    low: int
    high: int
    none_at_zero: bool = False

    def parse(self, key: str, value: Any) -> int | None:
        if self.none_at_zero and value in (None, 0):
            return None
        if not _is_number(value) or value != int(value):
            raise InvalidSetting(key, f"expected a whole number, got {value!r}")
        if not self.low <= int(value) <= self.high:
            raise InvalidSetting(key, f"expected {self.low} to {self.high}"
                                      f"{' (0: none)' if self.none_at_zero else ''}, "
                                      f"got {value!r}")
        return int(value)


@dataclass(frozen=True)
class Hours(Rule):
    """A duration in hours, more than 0 and at most ``high``."""

    high: float

    def parse(self, key: str, value: Any) -> float:
        if not _is_number(value) or not 0 < value <= self.high:
            raise InvalidSetting(key, f"expected hours between 0 and {self.high:g}, "
                                      f"got {value!r}")
        return float(value)


@dataclass(frozen=True)
class Multiple(Rule):
    """A factor of 1 or more; 0 or null means "none" and is read as None."""

    def parse(self, key: str, value: Any) -> float | None:
        if value in (None, 0):
            return None
        if not _is_number(value) or not value >= 1:
            raise InvalidSetting(key, f"expected a number of 1 or more (or none), got {value!r}")
        return float(value)


@dataclass(frozen=True)
class Flag(Rule):
    """True or false; ``choice``: edited as two labelled options rather than a tick box."""

    choice: bool = False

    def parse(self, key: str, value: Any) -> bool:
        if not isinstance(value, bool):
            raise InvalidSetting(key, f"expected true or false, got {value!r}")
        return value


@dataclass(frozen=True)
class KindPairs(Rule):
    """A non-empty list of pairs of participant kinds; ``offered`` are the pairs the form
    lists (a stored pair outside them is listed too, so saving never drops it)."""

    offered: tuple[tuple[str, str], ...]

    def parse(self, key: str, value: Any) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, (list, tuple)) or not value:
            raise InvalidSetting(key, f"expected a non-empty list of kind pairs, got {value!r}")
        out = []
        for pair in value:
            if not isinstance(pair, (list, tuple)) or len(pair) != 2 or \
                    any(k not in KINDS for k in pair):
                raise InvalidSetting(key, f"{pair!r} is not a pair of kinds ({', '.join(KINDS)})")
            out.append((str(pair[0]), str(pair[1])))
        return tuple(dict.fromkeys(out))

    def to_json(self, value: Any) -> Any:
        return [list(pair) for pair in value]


@dataclass(frozen=True)
class Code(Rule):
    """A short code such as a currency (stored upper-case)."""

    max_length: int

    def parse(self, key: str, value: Any) -> str:
        if not isinstance(value, str) or not value.strip() or len(value) > self.max_length:
            raise InvalidSetting(key, f"expected a code such as EUR or MAD, got {value!r}")
        return value.strip().upper()


@dataclass(frozen=True)
class ColumnMap(Rule):
    """Column headers of registration files (as written) and the profile field each fills
    (null: leave the column out), as an organiser chose them in the console."""

    def parse(self, key: str, value: Any) -> Mapping[str, str | None]:
        from matchmaking.domain.profiles import CANONICAL_FIELDS

        if not isinstance(value, Mapping):
            raise InvalidSetting(key, f"expected an object of column: field, got {value!r}")
        for header, chosen in value.items():
            if not isinstance(header, str) or not header.strip() or len(header) > 200:
                raise InvalidSetting(key, f"{header!r} is not a column header")
            if chosen is not None and chosen not in CANONICAL_FIELDS:
                raise InvalidSetting(key, f"column {header!r}: {chosen!r} is no profile field "
                                          f"({', '.join(CANONICAL_FIELDS)})")
        return dict(value)


@dataclass(frozen=True)
class LanguageOrder(Rule):
    """Languages in order of preference, among ``known`` (a list, or codes separated by
    commas): the first a participant speaks is the one they are written to in."""

    known: tuple[str, ...]

    def parse(self, key: str, value: Any) -> tuple[str, ...]:
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)):
            raise InvalidSetting(key, f"expected language codes such as fr,ar,en, got {value!r}")
        codes = tuple(dict.fromkeys(str(item).strip().lower() for item in items))
        unknown = [code for code in codes if code not in self.known]
        if unknown or not codes:
            raise InvalidSetting(key, f"{(unknown or [''])[0]!r} is not one of "
                                      f"{', '.join(self.known)}")
        return codes

    def to_json(self, value: Any) -> Any:
        return list(value)


def _setting(default: Any, rule: Rule, *, in_form: bool = True) -> Any:
    """A settings field: its default, its rule, and whether the set-up form edits it."""
    return field(default=default, metadata={"rule": rule, "in_form": in_form})


_STARTUP_PAIRS = (("startup", "investor"), ("startup", "partner"))


@dataclass(frozen=True)
class EventSettings:
    """What an organiser sets for the whole event, in the order the set-up form shows it."""

    # who may meet whom (requests, recommendations, the scheduler)
    allowed_pairs: tuple[tuple[str, str], ...] = _setting(
        _STARTUP_PAIRS,
        KindPairs((*_STARTUP_PAIRS, ("startup", "startup"), ("investor", "partner"))))
    # the scheduler: publish its meetings (True) or propose them for both sides' yes
    scheduler_publishes: bool = _setting(False, Flag(choice=True))
    max_pending_requests: int = _setting(10, Whole(1, 500))  # outgoing, per participant
    request_expiry_hours: float = _setting(48.0, Hours(24 * 60))
    # the fairness floor the scheduler aims for
    min_meetings_per_startup: int = _setting(2, Whole(0, 50))
    # meetings a participant can take without its own cap
    max_meetings_default: int = _setting(10, Whole(1, 500))
    # a cap for every investor and partner (None: none beyond their own maximum)
    investor_cap: int | None = _setting(None, Whole(1, 500, none_at_zero=True))
    interpreters: bool = _setting(False, Flag())  # True: a shared language is not required
    # recommendations: nobody in more than this many times their capacity of others'
    # top 10 (congestion pricing); None: rank by score alone
    exposure_multiple: float | None = _setting(2.0, Multiple(), in_form=False)
    currency: str = _setting("EUR", Code(8), in_form=False)
    # the language a participant's pages open in: the first of these they speak (fr > ar > en
    # for Casablanca), until they pick one themselves
    interface_language_order: tuple[str, ...] = _setting(
        DEFAULT_LANGUAGE_ORDER, LanguageOrder(INTERFACE_LANGUAGES), in_form=False)
    # registration files: the organiser's choice of field for columns of their own wording
    column_mapping: Mapping[str, str | None] = field(
        default_factory=dict, metadata={"rule": ColumnMap(), "in_form": False})
    # e-mail: a reminder this many minutes before each confirmed meeting (None: none)
    reminder_minutes: int | None = _setting(15, Whole(0, 240, none_at_zero=True))
    extra: Mapping[str, Any] = field(default_factory=dict)  # keys of another version

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any] | None) -> EventSettings:
        """Validated settings from stored JSON; a missing key takes its default, a value
        that cannot be used raises ``InvalidSetting`` naming the key."""
        raw = dict(raw or {})
        rules = setting_rules()
        values = {key: rules[key].parse(key, raw[key]) for key in rules.keys() & raw.keys()}
        return cls(**values, extra={k: v for k, v in raw.items() if k not in rules})

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, every key present (lists for pairs), unknown keys kept."""
        out: dict[str, Any] = dict(self.extra)
        for key, rule in setting_rules().items():
            out[key] = rule.to_json(getattr(self, key))
        return out

    def may_meet(self, kind_a: str, kind_b: str) -> bool:
        return (kind_a, kind_b) in self.allowed_pairs or (kind_b, kind_a) in self.allowed_pairs


def setting_rules(*, form_only: bool = False) -> dict[str, Rule]:
    """Every setting's rule by key, in field order; ``form_only``: those the set-up form
    edits (the others are set in the event file or the CLI)."""
    return {f.name: f.metadata["rule"] for f in fields(EventSettings)
            if "rule" in f.metadata and (f.metadata["in_form"] or not form_only)}
