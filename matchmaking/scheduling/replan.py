"""Live re-planning during the event: fill what a cancellation, a no-show or a walk-in
frees or brings, in the rest of the day, without moving anybody's confirmed meeting.

People plan their day around their agenda, so a confirmed meeting never moves. Re-planning
is therefore a small problem of its own:

- its slots are the rest of the day (the slots of ``day`` after ``now_slot``);
- the meetings kept in those slots are fixed; meetings elsewhere (earlier today, other
  days) only use up caps and make their pairs "already met";
- a no-show is unavailable for the rest of the day, and their meetings there are removed
  (each with its reason); cancelled meetings are removed and their pairs are not booked
  again;
- by default (``only_affected``) new meetings involve at least one affected participant:
  a walk-in, or somebody who lost a meeting. Nobody else finds an unexpected meeting in
  their agenda.
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from matchmaking.domain.vocabulary import CANCELLED
from matchmaking.scheduling.constraints import (BothAvailable, KnownParticipantsAndSlot,
                                                OneMeetingPerTableAndSlot, OnePlacePerPersonAndSlot,
                                                validate_schedule)
from matchmaking.scheduling.model import Candidate, InvalidProblem, Meeting, SchedulingProblem
from matchmaking.scheduling.solver import schedule

_LIVE_RULES = (KnownParticipantsAndSlot(), BothAvailable(), OnePlacePerPersonAndSlot(),
               OneMeetingPerTableAndSlot())


@dataclass(frozen=True)
class WalkIn:
    """A participant who registers during the event.

    ``candidates`` maps the ids of the other side (investors/partners for a start-up,
    start-ups for an investor or partner) to the candidate pair's score and priority.
    """

    participant: int
    is_startup: bool
    candidates: Mapping[int, Candidate]
    max_meetings: int | None = None
    unavailable_slots: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Replan:
    """What changed: meetings added, meetings removed with the reason for each, and the
    whole schedule afterwards (fixed meetings included)."""

    added: tuple[Meeting, ...]
    removed: tuple[tuple[Meeting, str], ...]
    meetings: tuple[Meeting, ...]
    problem: SchedulingProblem  # the event's problem, walk-ins and no-shows included
    report: dict[str, Any] = field(default_factory=dict)


def replan(problem: SchedulingProblem, current: Iterable[Meeting], *, now_slot: int,
           day: Hashable | None = None, cancelled: Iterable[Meeting] = (),
           no_shows: Iterable[int] = (), walk_ins: Iterable[WalkIn] = (),
           only_affected: bool = True, time_limit: float = 5.0, seed: int = 0,
           tentative: Iterable[Meeting] = ()) -> Replan:
    """Re-plan the rest of ``day`` (slots after ``now_slot``) around ``current``.

    ``current`` is the live schedule (``problem.fixed`` is added to it); ``cancelled`` lists
    meetings of ``current`` that will not take place; ``no_shows`` are participants gone for
    the rest of the day; ``walk_ins`` join now; ``tentative`` meetings (proposals nobody
    has accepted) hold their slot and table but no place in a cap outside the window.
    Deterministic for the same inputs and seed.
    """
    started = time.perf_counter()
    if now_slot not in problem.slots:
        raise InvalidProblem(f"slot {now_slot} is not a meeting slot")
    day = problem.day_of(now_slot) if day is None else day
    order = {s: i for i, s in enumerate(problem.slots)}
    window = [s for s in problem.slots
              if order[s] > order[now_slot] and problem.day_of(s) == day]
    in_window = set(window)
    walk_ins = tuple(walk_ins)
    event = _with_walk_ins(problem, walk_ins)
    no_shows = set(no_shows)
    unknown = no_shows - set(event.participants)
    if unknown:
        raise InvalidProblem(f"no-show {min(unknown)} is not a participant")
    event = event.with_changes(unavailable=event.unavailable | {
        (p, s) for p in no_shows for s in window})

    live = list(dict.fromkeys(list(problem.fixed) + list(current)))
    cancelled = list(dict.fromkeys(cancelled))
    missing = [m for m in cancelled if m not in set(live)]
    if missing:
        raise InvalidProblem(f"cancelled meeting {missing[0].describe()} is not in the schedule")
    removed: dict[Meeting, str] = {m: CANCELLED for m in cancelled}
    for m in live:
        gone = [p for p in m.people if p in no_shows]
        if m.slot in in_window and gone and m not in removed:
            removed[m] = (f"participant {gone[0]} did not show up and is gone for the rest "
                          f"of the day")
    # a kept meeting in the window that now breaks a rule (the organisers changed
    # something) cannot stay either; normally there is none
    window_kept = [m for m in live if m.slot in in_window and m not in removed]
    local = event.with_changes(fixed=(), slots=tuple(window))
    for violation in validate_schedule(local, window_kept, rules=_LIVE_RULES):
        for m in violation.meetings:
            removed.setdefault(m, violation.message)
    kept = [m for m in live if m not in removed]

    affected = {p for m in removed for p in m.people} - no_shows
    affected |= {w.participant for w in walk_ins}
    sub = _window_problem(event, kept, window, cancelled, affected if only_affected else None,
                          tentative=set(tentative))
    result = schedule(sub, time_limit=max(0.0, time_limit - (time.perf_counter() - started)),
                      seed=seed)
    added = result.meetings
    meetings = tuple(sorted(kept + list(added), key=lambda m: (m.slot, m.table)))
    freed = {(p, m.slot) for m in removed if m.slot in in_window for p in m.people
             if p not in no_shows}
    unfilled = [_why_unfilled(event, sub, meetings, p, s, window, no_shows)
                for p, s in sorted(freed, key=lambda x: (order[x[1]], x[0]))
                if not any(p in m.people and m.slot == s for m in meetings)]
    report = dict(result.report, window=list(window), affected=sorted(affected),
                  unfilled=unfilled, seconds=round(time.perf_counter() - started, 3))
    return Replan(added=tuple(added), removed=tuple(removed.items()), meetings=meetings,
                  problem=event, report=report)


def _why_unfilled(event: SchedulingProblem, sub: SchedulingProblem,
                  meetings: tuple[Meeting, ...], person: int, slot: int, window: list[int],
                  no_shows: set[int]) -> dict[str, Any]:
    """Why ``person`` has nothing in ``slot``, which a removed meeting freed, and the best
    meeting an organiser could still book by hand (then, or later in the day)."""
    busy = {(p, m.slot) for m in meetings for p in m.people}
    tables_used = {(m.table, m.slot) for m in meetings}
    count: dict[int, int] = dict(sub.held)
    for m in meetings:
        if m.slot in set(window):
            for p in m.people:
                count[p] = count.get(p, 0) + 1

    def free_table(at: int) -> int | None:
        return next((t for t in sub.open_tables(at) if (t, at) not in tables_used), None)

    out: dict[str, Any] = {"participant": person, "slot": slot, "suggestion": None}
    if count.get(person, 0) >= sub.cap(person):
        out["reason"] = f"participant {person} has reached their maximum ({sub.cap(person)})"
        return out
    if not sub.is_available(person, slot):
        out["reason"] = f"participant {person} is not available then"
        return out
    tally = {"already met or gone": 0, "fully booked": 0, "not available then": 0,
             "in another meeting then": 0}
    options, later = [], []
    for pair, candidate in event.candidates.items():
        if person not in pair:
            continue
        other = pair[1] if pair[0] == person else pair[0]
        if other in no_shows or pair in sub.forbidden_pairs:
            tally["already met or gone"] += 1
        elif count.get(other, 0) >= sub.cap(other):
            tally["fully booked"] += 1
        elif not sub.is_available(other, slot):
            tally["not available then"] += 1
        elif (other, slot) in busy:
            tally["in another meeting then"] += 1
            free_at = next((s for s in window if (person, s) not in busy and (other, s) not in
                            busy and sub.is_available(person, s) and sub.is_available(other, s)
                            and free_table(s) is not None), None)
            if free_at is not None:
                later.append((candidate.score, other, free_at))
        elif free_table(slot) is not None:
            options.append((candidate.score, other, slot))
    if options:
        out["reason"] = ("left free by the solver: fairness and the total score favoured "
                         "other meetings")
        best = max(options)
    else:
        out["reason"] = ("nobody this participant may meet is free and allowed then: "
                         + ", ".join(f"{n} {what}" for what, n in tally.items() if n)
                         if any(tally.values()) else "no counterpart this participant may meet")
        best = max(later) if later else None
    if best is not None:
        out["suggestion"] = {"other": best[1], "slot": best[2], "table": free_table(best[2]),
                             "score": round(best[0], 4)}
    return out


def _with_walk_ins(problem: SchedulingProblem, walk_ins: tuple[WalkIn, ...]
                   ) -> SchedulingProblem:
    if not walk_ins:
        return problem
    startups, others = list(problem.startups), list(problem.others)
    candidates = dict(problem.candidates)
    max_meetings = dict(problem.max_meetings)
    unavailable = set(problem.unavailable)
    known = set(problem.participants)
    for w in walk_ins:
        if w.participant in known:
            raise InvalidProblem(f"walk-in {w.participant} is already a participant")
        known.add(w.participant)
        (startups if w.is_startup else others).append(w.participant)
        for other, candidate in w.candidates.items():
            key = (w.participant, other) if w.is_startup else (other, w.participant)
            candidates[key] = candidate
        if w.max_meetings is not None:
            max_meetings[w.participant] = w.max_meetings
        unavailable |= {(w.participant, s) for s in w.unavailable_slots}
    return problem.with_changes(startups=tuple(startups), others=tuple(others),
                                candidates=candidates, max_meetings=max_meetings,
                                unavailable=frozenset(unavailable))


def _window_problem(event: SchedulingProblem, kept: list[Meeting], window: list[int],
                    cancelled: list[Meeting], affected: set[int] | None,
                    tentative: set[Meeting] = frozenset()) -> SchedulingProblem:
    """The rest of the day as a problem: kept meetings there are fixed; the others are
    "held" (they use up caps and count for fairness) and their pairs have met."""
    in_window = set(window)
    fixed = tuple(m for m in kept if m.slot in in_window)
    held: dict[int, int] = {}
    met = set(event.forbidden_pairs) | {m.pair for m in cancelled}
    for m in kept:
        if m.slot not in in_window:
            met.add(m.pair)
            if m in tentative:
                continue  # a proposal waiting for a yes takes no place in a cap
            for p in m.people:
                held[p] = held.get(p, 0) + 1
    count = dict(held)
    for m in fixed:
        for p in m.people:
            count[p] = count.get(p, 0) + 1
    # somebody already over their cap (it was lowered) keeps their meetings, gets no more
    max_meetings = dict(event.max_meetings)
    max_meetings.update({p: c for p, c in count.items() if c > event.cap(p)})
    candidates = event.candidates
    if affected is not None:
        candidates = {k: c for k, c in candidates.items()
                      if k[0] in affected or k[1] in affected}
    return event.with_changes(
        slots=tuple(window), fixed=fixed, held=held, candidates=candidates,
        max_meetings=max_meetings,
        forbidden_pairs=frozenset(met),
        unavailable=frozenset((p, s) for p, s in event.unavailable if s in in_window))
