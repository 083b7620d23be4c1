"""Seeded synthetic scheduling problems, for tests and benchmarks.

They try to look like a real start-up village rather than like noise:

- investor popularity is skewed (log-normal): a few investors sit on many start-ups' lists,
  most on a few;
- each start-up has a sparse candidate list (by default its 30 to 60 best-fitting
  investors and partners, drawn by popularity), so memory stays linear at Slush scale;
- scores are in [0, 1], a bit higher for popular investors; about 1% of candidate pairs are
  mutual "must meet" and 3% one-sided requests;
- caps: start-ups 6–12 meetings, investors 8–16, partners 6–12;
- availability comes in blocks (arriving late, leaving early, a blocked half-day, a whole day
  away, an outside meeting), drawn per person so that ``availability`` is the average share
  of slots a person can meet in.

Ids: start-ups are ``1 … n_startups``, investors and partners follow; slots are ``1 … days ×
slots_per_day`` with ``slot_day`` the day number (0, 1, …); tables are ``1 … tables``.
"""

from __future__ import annotations

import numpy as np

from matchmaking.scheduling.model import Candidate, Meeting, SchedulingProblem


def generate(n_startups: int, n_others: int, days: int = 2, slots_per_day: int = 18,
             tables: int = 30, availability: float = 0.9, seed: int = 0,
             candidates_per_startup: tuple[int, int] = (30, 60), *,
             investor_share: float = 0.65, must_meet_share: float = 0.01,
             request_share: float = 0.03, fixed_share: float = 0.0,
             min_per_startup: int = 1) -> SchedulingProblem:
    """A realistic random problem; the same arguments always give the same problem."""
    if not 0.0 < availability <= 1.0:
        raise ValueError("availability is a share of slots, in (0, 1]")
    rng = np.random.default_rng(seed)
    startups = list(range(1, n_startups + 1))
    others = list(range(n_startups + 1, n_startups + n_others + 1))
    n_slots = days * slots_per_day
    slots = list(range(1, n_slots + 1))
    slot_day = {s: (s - 1) // slots_per_day for s in slots}

    n_investors = round(investor_share * n_others)
    is_investor = np.zeros(n_others, dtype=bool)
    is_investor[rng.permutation(n_others)[:n_investors]] = True
    log_popularity = rng.normal(0.0, 1.2, n_others)
    popularity_rank = np.argsort(np.argsort(log_popularity)) / max(n_others - 1, 1)

    candidates: dict[tuple[int, int], Candidate] = {}
    lo, hi = candidates_per_startup
    for s in startups:
        k = min(int(rng.integers(lo, hi + 1)), n_others)
        keys = log_popularity + rng.gumbel(size=n_others)  # Gumbel top-k: weighted sampling
        chosen = np.argpartition(-keys, k - 1)[:k] if k < n_others else np.arange(n_others)
        scores = np.clip(rng.beta(2.0, 3.0, k) + 0.2 * popularity_rank[chosen], 0.0, 1.0)
        draws = rng.random(k)
        for o, score, draw in zip(sorted(chosen.tolist()), scores, draws):
            priority = 3 if draw < must_meet_share else (
                2 if draw < must_meet_share + request_share else 1)
            candidates[s, others[o]] = Candidate(round(float(score), 4), priority)

    max_meetings: dict[int, int] = {}
    for s in startups:
        max_meetings[s] = int(rng.integers(6, 13))
    for j, o in enumerate(others):
        max_meetings[o] = int(rng.integers(8, 17) if is_investor[j] else rng.integers(6, 13))

    unavailable: set[tuple[int, int]] = set()
    for person in startups + others:
        share = float(np.clip(availability + rng.normal(0.0, 0.08), 0.15, 1.0))
        if availability >= 1.0:
            share = 1.0
        for t in _unavailable_blocks(rng, days, slots_per_day, round((1 - share) * n_slots)):
            unavailable.add((person, slots[t]))

    problem = SchedulingProblem(
        startups=tuple(startups), others=tuple(others), slots=tuple(slots),
        tables=tuple(range(1, tables + 1)), candidates=candidates, slot_day=slot_day,
        unavailable=frozenset(unavailable), max_meetings=max_meetings,
        min_per_startup=min_per_startup)
    if fixed_share > 0:
        problem = problem.with_changes(fixed=tuple(_some_fixed(problem, rng, fixed_share)))
    return problem


def _unavailable_blocks(rng: np.random.Generator, days: int, per_day: int,
                        target: int) -> set[int]:
    """Slot positions a person misses, in realistic blocks, about ``target`` of them."""
    missing: set[int] = set()
    for _ in range(100):
        remaining = target - len(missing)
        if remaining <= 0:
            break
        day = int(rng.integers(days))
        start = day * per_day
        kind = rng.choice(["late", "early", "half-day", "day", "outside meeting"],
                          p=[0.3, 0.3, 0.15, 0.1, 0.15])
        if kind == "day" and remaining >= per_day:
            block = range(start, start + per_day)
        elif kind == "half-day" and remaining >= per_day // 2:
            half = per_day // 2
            block = range(start, start + half) if rng.random() < 0.5 else range(
                start + per_day - half, start + per_day)
        elif kind == "outside meeting":
            length = int(rng.integers(1, min(remaining, 4) + 1))
            first = int(rng.integers(0, per_day - length + 1))
            block = range(start + first, start + first + length)
        else:
            length = int(rng.integers(1, min(remaining, per_day) + 1))
            block = (range(start, start + length) if kind == "late"
                     else range(start + per_day - length, start + per_day))
        missing.update(block)
    return missing


def _some_fixed(problem: SchedulingProblem, rng: np.random.Generator,
                share: float) -> list[Meeting]:
    """Already accepted meetings for a share of start-ups: their heaviest candidate, in
    the first slot both can make, at the first free table."""
    by_startup: dict[int, list[tuple[int, float]]] = {}
    for (s, o), c in problem.candidates.items():
        by_startup.setdefault(s, []).append((o, problem.weighting.weight(c)))
    chosen = sorted(rng.choice(problem.startups, round(share * len(problem.startups)),
                               replace=False).tolist())
    busy: set[tuple[int, int]] = set()
    used_tables: dict[int, int] = {}
    count: dict[int, int] = {}
    fixed = []
    for s in chosen:
        for o, _ in sorted(by_startup.get(s, []), key=lambda x: (-x[1], x[0])):
            if count.get(o, 0) >= problem.cap(o):
                continue
            slot = next((t for t in problem.slots
                         if problem.is_available(s, t) and problem.is_available(o, t)
                         and (s, t) not in busy and (o, t) not in busy
                         and used_tables.get(t, 0) < len(problem.tables)), None)
            if slot is None:
                continue
            table = problem.tables[used_tables.get(slot, 0)]
            used_tables[slot] = used_tables.get(slot, 0) + 1
            busy |= {(s, slot), (o, slot)}
            count[o] = count.get(o, 0) + 1
            fixed.append(Meeting(s, o, slot, table))
            break
    return fixed
