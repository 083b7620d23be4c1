"""A MeetMax-style round-robin greedy, the yardstick the solver is measured against.

Start-ups take turns in a fixed order (the order of ``problem.startups``); at its turn a
start-up takes its heaviest remaining candidate that it can still meet (a common free slot
with a free table, both under their caps), in the earliest such slot. Rounds go on until
nobody can add a meeting. It is simple, fast and fair-looking, but a start-up whose
candidates are all popular can end with nothing once the popular agendas are full.
"""

from __future__ import annotations

import time

import numpy as np

from matchmaking.scheduling.constraints import Ledger, ProblemIndex, check_fixed
from matchmaking.scheduling.model import Meeting, SchedulingProblem


def round_robin(problem: SchedulingProblem) -> list[Meeting]:
    """The new meetings of the round-robin greedy schedule (fixed meetings are kept)."""
    check_fixed(problem)
    index = ProblemIndex(problem)
    ledger = Ledger(index)
    lists: list[list[tuple[int, int]]] = [[] for _ in range(index.n_startups)]
    order = np.lexsort((index.pb, -index.w))  # heaviest first, then by the other's position
    for p in order.tolist():
        a, b = int(index.pa[p]), int(index.pb[p])
        lists[a].append((a, b))
        if b < index.n_startups:  # a start-up pair is on both start-ups' lists
            lists[b].append((b, a))
    pointer = [0] * index.n_startups
    active = list(range(index.n_startups))
    while active:
        still = []
        for s in active:
            mine = lists[s]
            while pointer[s] < len(mine):
                a, b = mine[pointer[s]]
                pointer[s] += 1  # a pair that does not fit now never fits later
                mask = ledger.feasible(a, b)
                if mask:
                    ledger.place(a, b, (mask & -mask).bit_length() - 1)
                    still.append(s)
                    break
        active = still
    return ledger.to_meetings()


def timed_round_robin(problem: SchedulingProblem) -> tuple[list[Meeting], float]:
    started = time.perf_counter()
    meetings = round_robin(problem)
    return meetings, time.perf_counter() - started
