"""The scheduling problem and its answer, as plain frozen values.

Participants, slots and tables are integer ids chosen by the caller (the database's ids
in the app, small ranges in tests and benchmarks). Nothing here knows about time zones,
rooms or names: a slot is an id with a day key, a table is an id, and breaks are simply
not slots.

The weight of a meeting is ``bonus[priority] + score``. The bonuses (0, 4, 16) are chosen
so that a meeting of a higher priority outweighs the (at most three) lower-priority
meetings it can displace when it is added to a schedule: one from each participant's agenda
and one table in its slot. An optimal schedule therefore never leaves out a mutual
"must meet" that could be placed by removing only requests and recommendations. A
strictly lexicographic weighting ("outweighs any number") would need bonuses that grow with
the size of the event (and so turn the scores into rounding noise in the objective and in
the gap); three-for-one protects what can actually be traded.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

PRIORITY_RECOMMENDED = 1
PRIORITY_REQUESTED = 2  # one side asked, or one side marked "must meet"
PRIORITY_MUTUAL = 3  # both sides marked "must meet"
PRIORITIES: tuple[int, ...] = (PRIORITY_RECOMMENDED, PRIORITY_REQUESTED, PRIORITY_MUTUAL)


class InvalidProblem(ValueError):
    """A scheduling problem that cannot be solved as given, said in words."""


@dataclass(frozen=True)
class Weighting:
    """``weight = bonus[priority] + score``, ``bonus`` listed for priorities 1, 2, 3.

    With scores in [0, 1], a priority-p meeting weighs at least ``bonus[p]`` and a
    priority p-1 meeting at most ``bonus[p-1] + 1``; the defaults keep
    ``bonus[p] > 3 * (bonus[p-1] + 1)``, so one higher-priority meeting is worth more than
    the three lower-priority meetings it can push out (see the module docstring).
    """

    bonus: tuple[float, float, float] = (0.0, 4.0, 16.0)

    def weight(self, candidate: Candidate) -> float:
        return self.bonus[candidate.priority - 1] + candidate.score

    @property
    def max_weight(self) -> float:
        return max(self.bonus) + 1.0


@dataclass(frozen=True, slots=True)
class Candidate:
    """A pair that may meet: the matching score in [0, 1] and the priority (1, 2 or 3)."""

    score: float
    priority: int = PRIORITY_RECOMMENDED

    def __post_init__(self) -> None:
        if not (isinstance(self.score, (int, float)) and math.isfinite(self.score)
                and 0.0 <= self.score <= 1.0):
            raise InvalidProblem(f"a candidate score must be in [0, 1], not {self.score!r}")
        if self.priority not in PRIORITIES:
            raise InvalidProblem(f"a candidate priority must be 1, 2 or 3, not {self.priority!r}")


@dataclass(frozen=True, order=True, slots=True)
class Meeting:
    """One meeting. ``other`` is an investor or a partner (or, for start-up to start-up
    meetings, the second start-up)."""

    startup: int
    other: int
    slot: int
    table: int

    @property
    def pair(self) -> tuple[int, int]:
        return pair_key(self.startup, self.other)

    @property
    def people(self) -> tuple[int, int]:
        return (self.startup, self.other)

    def describe(self) -> str:
        return f"{self.startup}–{self.other} in slot {self.slot} at table {self.table}"


def pair_key(a: int, b: int) -> tuple[int, int]:
    """The unordered pair: a pair meets at most once whichever side is named first."""
    return (a, b) if a <= b else (b, a)


@dataclass(frozen=True)
class SchedulingProblem:
    """Everything the scheduler needs, and nothing it would have to look up.

    - ``startups``: the start-ups; fairness (``min_per_startup``) is about them.
    - ``others``: investors and partners.
    - ``slots``: meeting slots in time order (breaks are not slots); ``slot_day`` gives each
      slot a day key, used to re-plan "the rest of the day". A slot missing from
      ``slot_day`` is on day ``None``.
    - ``tables``: the tables; ``closed_tables`` holds (table, slot) pairs when a table is
      not usable in a slot. Tables are interchangeable.
    - ``candidates``: ``(startup, other) -> Candidate``. Only these pairs may be scheduled
      ("no thanks" pairs are simply absent). A key may name two start-ups.
    - ``unavailable``: (participant, slot) pairs when the participant cannot meet.
    - ``max_meetings``: participant -> cap; ``default_max_meetings`` when absent;
      ``other_cap``, if set, further caps every investor and partner (so that the most
      popular ones do not absorb everybody's requests).
    - ``fixed``: accepted or organiser-locked meetings. They never move, may involve any
      pair, and count toward every limit.
    - ``forbidden_pairs``: pairs that must not be scheduled again (they already met, or
      already have a live meeting that is not in ``fixed``).
    - ``min_per_startup``: the fairness target; the solver first raises the number of
      start-ups with at least 1, then at least 2, … up to this many meetings.
    - ``held``: participant -> meetings they have outside this problem's slots (earlier in
      the day, other days: see :mod:`.replan`); they count toward caps and fairness.
    """

    startups: tuple[int, ...]
    others: tuple[int, ...]
    slots: tuple[int, ...]
    tables: tuple[int, ...]
    candidates: Mapping[tuple[int, int], Candidate]
    slot_day: Mapping[int, Hashable] = field(default_factory=dict)
    unavailable: frozenset[tuple[int, int]] = frozenset()
    closed_tables: frozenset[tuple[int, int]] = frozenset()
    max_meetings: Mapping[int, int] = field(default_factory=dict)
    default_max_meetings: int = 8
    other_cap: int | None = None
    fixed: tuple[Meeting, ...] = ()
    forbidden_pairs: frozenset[tuple[int, int]] = frozenset()
    min_per_startup: int = 1
    held: Mapping[int, int] = field(default_factory=dict)
    weighting: Weighting = field(default_factory=Weighting)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "startups", tuple(self.startups))
        set_(self, "others", tuple(self.others))
        set_(self, "slots", tuple(self.slots))
        set_(self, "tables", tuple(self.tables))
        set_(self, "fixed", tuple(self.fixed))
        set_(self, "unavailable", frozenset(self.unavailable))
        set_(self, "closed_tables", frozenset(self.closed_tables))
        set_(self, "forbidden_pairs", frozenset(pair_key(*p) for p in self.forbidden_pairs))
        for name, values in (("startups", self.startups), ("others", self.others),
                             ("slots", self.slots), ("tables", self.tables)):
            if len(set(values)) != len(values):
                raise InvalidProblem(f"{name} lists an id twice")
        both = set(self.startups) & set(self.others)
        if both:
            raise InvalidProblem(f"participant {min(both)} is both a start-up and an "
                                 f"investor/partner")
        startups, people = set(self.startups), set(self.startups) | set(self.others)
        for (a, b), candidate in self.candidates.items():
            if a not in startups:
                raise InvalidProblem(f"candidate pair ({a}, {b}): the first id must be a "
                                     f"start-up")
            if b not in people:
                raise InvalidProblem(f"candidate pair ({a}, {b}): unknown participant {b}")
            if not isinstance(candidate, Candidate):
                raise InvalidProblem(f"candidate pair ({a}, {b}): not a Candidate")
        if self.default_max_meetings < 0 or any(v < 0 for v in self.max_meetings.values()):
            raise InvalidProblem("a maximum number of meetings cannot be negative")
        if self.other_cap is not None and self.other_cap < 0:
            raise InvalidProblem("other_cap cannot be negative")
        if any(v < 0 for v in self.held.values()):
            raise InvalidProblem("a number of meetings held cannot be negative")
        if self.min_per_startup < 0:
            raise InvalidProblem("min_per_startup cannot be negative")

    # -- the definitions the rules, the solver and the bound share ------------------------

    @property
    def participants(self) -> tuple[int, ...]:
        return self.startups + self.others

    def cap(self, participant: int) -> int:
        """The most meetings this participant may have, fixed ones included."""
        cap = self.max_meetings.get(participant, self.default_max_meetings)
        if self.other_cap is not None and participant not in self._startup_set:
            cap = min(cap, self.other_cap)
        return cap

    def is_available(self, participant: int, slot: int) -> bool:
        return (participant, slot) not in self.unavailable

    def candidate(self, a: int, b: int) -> Candidate | None:
        """The candidate for the unordered pair, or None. If both orders of a start-up
        pair are listed, the heavier one counts."""
        first = self.candidates.get((a, b))
        second = self.candidates.get((b, a))
        if first is None or second is None:
            return first or second
        weigh = self.weighting.weight
        return first if weigh(first) >= weigh(second) else second

    def is_allowed(self, a: int, b: int) -> bool:
        """May the solver schedule this pair (fixed meetings aside)?"""
        return (a != b and pair_key(a, b) not in self.forbidden_pairs
                and self.candidate(a, b) is not None)

    def weight(self, a: int, b: int) -> float:
        candidate = self.candidate(a, b)
        return 0.0 if candidate is None else self.weighting.weight(candidate)

    def open_tables(self, slot: int) -> list[int]:
        return [t for t in self.tables if (t, slot) not in self.closed_tables]

    def day_of(self, slot: int) -> Hashable:
        return self.slot_day.get(slot)

    def with_changes(self, **changes: Any) -> SchedulingProblem:
        return replace(self, **changes)

    @property
    def _startup_set(self) -> frozenset[int]:
        cached = self.__dict__.get("_startup_set_cache")
        if cached is None:
            cached = frozenset(self.startups)
            object.__setattr__(self, "_startup_set_cache", cached)
        return cached


@dataclass(frozen=True)
class ScheduleResult:
    """New meetings (sorted by slot, then table), the fixed ones kept apart, and a
    JSON-serialisable report (see :func:`matchmaking.scheduling.solver.schedule`)."""

    meetings: tuple[Meeting, ...]
    fixed: tuple[Meeting, ...]
    report: dict[str, Any]

    @property
    def all_meetings(self) -> tuple[Meeting, ...]:
        return tuple(sorted(self.fixed + self.meetings, key=lambda m: (m.slot, m.table)))


def count_by_participant(meetings: Iterable[Meeting]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for m in meetings:
        counts[m.startup] = counts.get(m.startup, 0) + 1
        counts[m.other] = counts.get(m.other, 0) + 1
    return counts
