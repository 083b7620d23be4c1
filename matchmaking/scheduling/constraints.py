"""The rules of a schedule, each written once and used twice.

Following PyconUK's ConferenceScheduler, every rule is one small object with two faces
built on the same definition:

- ``check(problem, schedule)`` looks at a finished schedule and says, in words, which
  meetings break the rule (:func:`validate_schedule` runs them all);
- ``allowed_slots(ledger, a, b)`` tells a solver in which slots the pair ``a``–``b`` could be
  placed now without breaking the rule, as a bit mask over slot positions.

A :class:`Ledger` is the solver's working schedule: it places a meeting only where every
rule allows it (``feasible`` is the AND of the rules' masks), so a solver cannot build a
schedule that the validator would reject, and the validator does not trust the solver's
bookkeeping: it recounts everything from the meetings alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from matchmaking.scheduling.model import InvalidProblem, Meeting, SchedulingProblem, pair_key


@dataclass(frozen=True)
class Violation:
    """One broken rule: its name, the meetings involved and what is wrong, in words."""

    rule: str
    meetings: tuple[Meeting, ...]
    message: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}"


def _shared(keyed: Iterable[tuple[object, Meeting]]) -> Iterator[tuple[object, list[Meeting]]]:
    """The keys (a person and a slot, a table and a slot, a pair) that more than one meeting
    holds, in order, with those meetings."""
    seen: dict[object, list[Meeting]] = defaultdict(list)
    for key, meeting in keyed:
        seen[key].append(meeting)
    for key, meetings in sorted(seen.items()):
        if len(meetings) > 1:
            yield key, meetings


def _listed(meetings: Sequence[Meeting]) -> str:
    return "; ".join(m.describe() for m in meetings)


class Rule:
    """A rule of the schedule. Subclasses define ``check`` and ``allowed_slots``."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def check(self, problem: SchedulingProblem, schedule: Sequence[Meeting],
              fixed: frozenset[Meeting]) -> Iterator[Violation]:
        raise NotImplementedError

    def allowed_slots(self, ledger: Ledger, a: int, b: int) -> int:
        """Slots (bit i = slot position i) where ``a``–``b`` may meet now, for this rule.
        ``a`` and ``b`` are participant positions in ``ledger.index``."""
        raise NotImplementedError


class NotWithOneself(Rule):
    name = "not-with-oneself"
    description = "nobody meets themselves"

    def check(self, problem, schedule, fixed):
        for m in schedule:
            if m.startup == m.other:
                yield Violation(self.name, (m,), f"{m.describe()}: participant {m.startup} "
                                                 f"would meet themselves")

    def allowed_slots(self, ledger, a, b):
        return 0 if a == b else ledger.index.all_slots


class KnownParticipantsAndSlot(Rule):
    name = "known-participants-and-slot"
    description = "a meeting is between a start-up and a known participant, in a meeting slot"

    def check(self, problem, schedule, fixed):
        startups, people = set(problem.startups), set(problem.participants)
        slots = set(problem.slots)
        for m in schedule:
            if m.startup not in startups:
                yield Violation(self.name, (m,), f"{m.describe()}: {m.startup} is not a "
                                                 f"start-up")
            if m.other not in people:
                yield Violation(self.name, (m,), f"{m.describe()}: participant {m.other} is "
                                                 f"unknown")
            if m.slot not in slots:
                yield Violation(self.name, (m,), f"{m.describe()}: {m.slot} is not a meeting "
                                                 f"slot")

    def allowed_slots(self, ledger, a, b):
        index = ledger.index
        return index.all_slots if index.is_startup[a] or index.is_startup[b] else 0


class AllowedPair(Rule):
    name = "allowed-pair"
    description = ("only candidate pairs that are not forbidden are scheduled (fixed "
                   "meetings, locked by the organisers, excepted)")

    def check(self, problem, schedule, fixed):
        for m in schedule:
            if m in fixed:
                continue
            if pair_key(m.startup, m.other) in problem.forbidden_pairs:
                yield Violation(self.name, (m,), f"{m.describe()}: this pair must not be "
                                                 f"scheduled again (forbidden)")
            elif m.startup != m.other and problem.candidate(m.startup, m.other) is None:
                yield Violation(self.name, (m,), f"{m.describe()}: not a candidate pair")

    def allowed_slots(self, ledger, a, b):
        return ledger.index.all_slots if ledger.index.pair_id(a, b) is not None else 0


class BothAvailable(Rule):
    name = "both-available"
    description = "both participants are available in the slot"

    @staticmethod
    def available_masks(problem: SchedulingProblem, people: Sequence[int],
                        slot_pos: dict[int, int]) -> list[int]:
        """Per participant, the slots they can meet in (the solver's form of the rule)."""
        masks = []
        for person in people:
            mask = 0
            for slot, t in slot_pos.items():
                if problem.is_available(person, slot):
                    mask |= 1 << t
            masks.append(mask)
        return masks

    def check(self, problem, schedule, fixed):
        for m in schedule:
            for person in m.people:
                if not problem.is_available(person, m.slot):
                    yield Violation(self.name, (m,), f"{m.describe()}: participant {person} "
                                                     f"is not available in slot {m.slot}")

    def allowed_slots(self, ledger, a, b):
        return ledger.index.avail[a] & ledger.index.avail[b]


class OnePlacePerPersonAndSlot(Rule):
    name = "one-meeting-per-person-and-slot"
    description = "nobody is in two meetings in the same slot"

    def check(self, problem, schedule, fixed):
        keyed = (((person, m.slot), m) for m in schedule for person in set(m.people))
        for (person, slot), meetings in _shared(keyed):
            yield Violation(self.name, tuple(meetings),
                            f"participant {person} has {len(meetings)} meetings in slot "
                            f"{slot}: {_listed(meetings)}")

    def allowed_slots(self, ledger, a, b):
        return ledger.index.all_slots & ~(ledger.busy[a] | ledger.busy[b])


class OneMeetingPerTableAndSlot(Rule):
    name = "one-meeting-per-table-and-slot"
    description = "each meeting has its own open table in its slot"

    def check(self, problem, schedule, fixed):
        tables = set(problem.tables)
        for m in schedule:
            if m.table not in tables:
                yield Violation(self.name, (m,), f"{m.describe()}: table {m.table} does not "
                                                 f"exist")
            elif (m.table, m.slot) in problem.closed_tables:
                yield Violation(self.name, (m,), f"{m.describe()}: table {m.table} is closed "
                                                 f"in slot {m.slot}")
        for (table, slot), meetings in _shared(((m.table, m.slot), m) for m in schedule):
            yield Violation(self.name, tuple(meetings),
                            f"table {table} holds {len(meetings)} meetings in slot {slot}: "
                            f"{_listed(meetings)}")

    def allowed_slots(self, ledger, a, b):
        return ledger.table_free_mask  # tables are interchangeable: any free one will do


class WithinMaxMeetings(Rule):
    name = "within-max-meetings"
    description = "nobody has more meetings than their maximum (fixed meetings included)"

    def check(self, problem, schedule, fixed):
        mine: dict[int, list[Meeting]] = defaultdict(list)
        for m in schedule:
            for person in set(m.people):
                mine[person].append(m)
        for person, meetings in sorted(mine.items()):
            cap, held = problem.cap(person), problem.held.get(person, 0)
            if len(meetings) + held > cap:
                also = f" (and {held} held elsewhere)" if held else ""
                yield Violation(self.name, tuple(meetings),
                                f"participant {person} has {len(meetings)} meetings{also}, "
                                f"more than their maximum of {cap}")

    def allowed_slots(self, ledger, a, b):
        ok = ledger.count[a] < ledger.index.cap[a] and ledger.count[b] < ledger.index.cap[b]
        return ledger.index.all_slots if ok else 0


class PairAtMostOnce(Rule):
    name = "pair-at-most-once"
    description = "a pair meets at most once"

    def check(self, problem, schedule, fixed):
        for (a, b), meetings in _shared((m.pair, m) for m in schedule):
            yield Violation(self.name, tuple(meetings),
                            f"{a} and {b} meet {len(meetings)} times: {_listed(meetings)}")

    def allowed_slots(self, ledger, a, b):
        return 0 if ledger.has_met(a, b) else ledger.index.all_slots


class FixedKept(Rule):
    name = "fixed-kept"
    description = "accepted and locked meetings stay exactly where they are"

    def check(self, problem, schedule, fixed):
        where = {m.pair: m for m in fixed}
        for m in schedule:
            if m in fixed:
                continue
            locked = where.get(m.pair)
            if locked is not None:
                yield Violation(self.name, (m, locked),
                                f"{m.describe()} moves the fixed meeting {locked.describe()}")

    def allowed_slots(self, ledger, a, b):
        return 0 if ledger.index.key(a, b) in ledger.index.fixed_pairs else ledger.index.all_slots


RULES: tuple[Rule, ...] = (NotWithOneself(), KnownParticipantsAndSlot(), AllowedPair(),
                           BothAvailable(), OnePlacePerPersonAndSlot(),
                           OneMeetingPerTableAndSlot(), WithinMaxMeetings(), PairAtMostOnce(),
                           FixedKept())


def validate_schedule(problem: SchedulingProblem, meetings: Iterable[Meeting],
                      rules: Sequence[Rule] = RULES) -> list[Violation]:
    """Every broken rule in the schedule made of ``problem.fixed`` and ``meetings``.

    ``meetings`` may be the new meetings only or the whole schedule: a meeting identical to
    a fixed one is the fixed one. An empty list means the schedule is valid.
    """
    fixed = frozenset(problem.fixed)
    schedule = list(problem.fixed) + [m for m in meetings if m not in fixed]
    violations: list[Violation] = []
    for rule in rules:
        violations.extend(rule.check(problem, schedule, fixed))
    return violations


class ProblemIndex:
    """The problem compiled for solvers: positions instead of ids, slot sets as bit masks,
    candidate pairs as numpy arrays. Start-ups come first (positions ``0 … n_startups-1``)."""

    def __init__(self, problem: SchedulingProblem) -> None:
        self.problem = problem
        self.people: list[int] = list(problem.startups) + list(problem.others)
        self.pos: dict[int, int] = {p: i for i, p in enumerate(self.people)}
        self.n_people = len(self.people)
        self.n_startups = len(problem.startups)
        self.is_startup = [i < self.n_startups for i in range(self.n_people)]
        self.slots: list[int] = list(problem.slots)
        self.slot_pos: dict[int, int] = {s: i for i, s in enumerate(self.slots)}
        self.n_slots = len(self.slots)
        self.all_slots = (1 << self.n_slots) - 1
        self.avail = BothAvailable.available_masks(problem, self.people, self.slot_pos)
        self.cap = [problem.cap(p) for p in self.people]
        self.open_tables = [problem.open_tables(s) for s in self.slots]
        self.day_of_slot = [problem.day_of(s) for s in self.slots]
        self.fixed_pairs = {self.key(self.pos[m.startup], self.pos[m.other])
                            for m in problem.fixed
                            if m.startup in self.pos and m.other in self.pos}
        # candidate pairs, merged per unordered pair, minus forbidden ones and self-pairs
        weights: dict[int, tuple[int, int, float, int, float]] = {}
        weigh = problem.weighting.weight
        for (s, o), candidate in problem.candidates.items():
            if not problem.is_allowed(s, o):  # the allowed-pair rule's definition
                continue
            a, b = self.pos[s], self.pos[o]
            a, b = min(a, b), max(a, b)
            w = weigh(candidate)
            key = a * self.n_people + b
            if key not in weights or w > weights[key][2]:
                weights[key] = (a, b, w, candidate.priority, candidate.score)
        keys = sorted(weights)
        self._pair_of_key = {k: i for i, k in enumerate(keys)}
        rows = [weights[k] for k in keys]
        self.n_pairs = len(rows)
        self.pa = np.array([r[0] for r in rows], dtype=np.int64)
        self.pb = np.array([r[1] for r in rows], dtype=np.int64)
        self.w = np.array([r[2] for r in rows], dtype=np.float64)
        self.priority = np.array([r[3] for r in rows], dtype=np.int64)
        self.score = np.array([r[4] for r in rows], dtype=np.float64)
        self.bipartite = self.pb >= self.n_startups
        self.avail_matrix = np.array(
            [[(m >> t) & 1 for t in range(self.n_slots)] for m in self.avail],
            dtype=bool).reshape(self.n_people, self.n_slots)

    def key(self, a: int, b: int) -> int:
        return min(a, b) * self.n_people + max(a, b)

    def pair_id(self, a: int, b: int) -> int | None:
        return self._pair_of_key.get(self.key(a, b))

    def meeting(self, a: int, b: int, t: int, table: int) -> Meeting:
        """The public meeting for positions (start-up side first)."""
        if not self.is_startup[a] or (self.is_startup[b] and b < a):
            a, b = b, a
        return Meeting(self.people[a], self.people[b], self.slots[t], table)


class Ledger:
    """A schedule under construction: fixed meetings plus placed ones, with the counts the
    rules need. ``place`` refuses anything a rule forbids."""

    def __init__(self, index: ProblemIndex, rules: Sequence[Rule] = RULES) -> None:
        self.index = index
        self.rules = tuple(rules)
        n = index.n_people
        self.busy = [0] * n
        self.count = [index.problem.held.get(p, 0) for p in index.people]
        self.at: list[dict[int, int]] = [dict() for _ in range(n)]  # person -> slot -> id
        self.in_slot: list[set[int]] = [set() for _ in range(index.n_slots)]  # slot -> ids
        self.met: set[int] = set()
        self.table_cap = [len(t) for t in index.open_tables]
        self.table_used = [0] * index.n_slots
        self.table_free_mask = sum(1 << t for t, c in enumerate(self.table_cap) if c > 0)
        self.meetings: dict[int, tuple[int, int, int]] = {}  # id -> (a, b, slot position)
        self.met_pair = np.zeros(index.n_pairs, dtype=bool)  # per candidate pair id
        self.journal: list[tuple[str, int, int, int, int]] | None = None  # for rollback
        self.fixed_ids: set[int] = set()
        self._next = 0
        problem = index.problem
        self.fixed_tables: dict[int, set[int]] = defaultdict(set)
        for m in problem.fixed:
            a, b, t = index.pos[m.startup], index.pos[m.other], index.slot_pos[m.slot]
            self.fixed_ids.add(self._add(a, b, t))
            self.fixed_tables[t].add(m.table)
        for t, tables in self.fixed_tables.items():  # a fixed meeting holds its own table
            self.table_used[t] -= len(tables & set(index.open_tables[t]))
            self.table_cap[t] -= len(tables & set(index.open_tables[t]))
            self._refresh_table(t)

    # -- what the rules ask ------------------------------------------------------------

    def has_met(self, a: int, b: int) -> bool:
        return self.index.key(a, b) in self.met

    def feasible(self, a: int, b: int) -> int:
        """Slots where a–b can be placed now: the AND of every rule's allowed slots."""
        mask = self.index.all_slots
        for rule in self.rules:
            mask &= rule.allowed_slots(self, a, b)
            if not mask:
                return 0
        return mask

    def why_not(self, a: int, b: int, t: int) -> list[str]:
        """The names of the rules that forbid a–b in slot position t (for messages)."""
        return [r.name for r in self.rules if not (r.allowed_slots(self, a, b) >> t) & 1]

    # -- changes -------------------------------------------------------------------------

    def place(self, a: int, b: int, t: int) -> int:
        if not (self.feasible(a, b) >> t) & 1:
            raise ValueError(f"cannot place {self.index.people[a]}–{self.index.people[b]} in "
                             f"slot {self.index.slots[t]}: {', '.join(self.why_not(a, b, t))}")
        return self._add(a, b, t)

    def remove(self, mid: int) -> tuple[int, int, int]:
        if mid in self.fixed_ids:
            raise ValueError("a fixed meeting never moves")
        a, b, t = self.meetings.pop(mid)
        bit = 1 << t
        for p in (a, b):
            self.busy[p] &= ~bit
            self.count[p] -= 1
            del self.at[p][t]
        self.met.discard(self.index.key(a, b))
        pid = self.index.pair_id(a, b)
        if pid is not None:
            self.met_pair[pid] = False
        self.table_used[t] -= 1
        self.in_slot[t].discard(mid)
        self._refresh_table(t)
        if self.journal is not None:
            self.journal.append(("remove", mid, a, b, t))
        return a, b, t

    def _add(self, a: int, b: int, t: int) -> int:
        mid = self._next
        self._next += 1
        self.meetings[mid] = (a, b, t)
        bit = 1 << t
        for p in (a, b):
            self.busy[p] |= bit
            self.count[p] += 1
            self.at[p][t] = mid
        self.met.add(self.index.key(a, b))
        pid = self.index.pair_id(a, b)
        if pid is not None:
            self.met_pair[pid] = True
        self.table_used[t] += 1
        self.in_slot[t].add(mid)
        self._refresh_table(t)
        if self.journal is not None:
            self.journal.append(("add", mid, a, b, t))
        return mid

    # -- trying things out ---------------------------------------------------------------

    def checkpoint(self) -> int:
        """Start (or nest) recording changes; ``rollback`` to this point undoes them."""
        if self.journal is None:
            self.journal = []
        return len(self.journal)

    def rollback(self, point: int) -> None:
        journal = self.journal
        assert journal is not None
        while len(journal) > point:
            action, mid, a, b, t = journal.pop()
            self.journal = None  # undo without recording
            if action == "add":
                self.remove(mid)
            else:
                self._restore(mid, a, b, t)
            self.journal = journal

    def commit(self, point: int) -> None:
        """Keep the changes since ``point``; the outermost commit stops recording."""
        if point == 0:
            self.journal = None

    def _restore(self, mid: int, a: int, b: int, t: int) -> None:
        saved = self._next
        self._next = mid
        self._add(a, b, t)
        self._next = saved

    def _refresh_table(self, t: int) -> None:
        if self.table_used[t] < self.table_cap[t]:
            self.table_free_mask |= 1 << t
        else:
            self.table_free_mask &= ~(1 << t)

    # -- reading -------------------------------------------------------------------------

    def placed(self) -> Iterator[tuple[int, int, int, int]]:
        """(id, a, b, slot position) of every meeting that is not fixed."""
        for mid, (a, b, t) in self.meetings.items():
            if mid not in self.fixed_ids:
                yield mid, a, b, t

    def to_meetings(self) -> list[Meeting]:
        """The placed meetings with tables given out: in each slot, the open tables that no
        fixed meeting holds, in order, to the meetings sorted by participants."""
        index = self.index
        by_slot: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for _, a, b, t in self.placed():
            by_slot[t].append((a, b))
        result = []
        for t, pairs in sorted(by_slot.items()):
            free = [x for x in index.open_tables[t] if x not in self.fixed_tables.get(t, ())]
            ordered = sorted(index.meeting(a, b, t, 0) for a, b in pairs)
            if len(ordered) > len(free):
                raise InvalidProblem(f"slot {index.slots[t]} has more meetings than tables")
            result.extend(Meeting(m.startup, m.other, m.slot, table)
                          for m, table in zip(ordered, free))
        return result


def check_fixed(problem: SchedulingProblem) -> None:
    """Raise :class:`InvalidProblem` if the fixed meetings break a rule among themselves:
    a solver cannot keep them and build a valid schedule around them."""
    broken = validate_schedule(problem, ())
    if broken:
        raise InvalidProblem("the fixed meetings break the rules: "
                             + "; ".join(str(v) for v in broken[:5])
                             + (f" (and {len(broken) - 5} more)" if len(broken) > 5 else ""))
