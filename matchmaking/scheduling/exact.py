"""The exact time-indexed integer programme, for small problems and for checking.

One binary per (possible pair, slot), with the rows of the time-indexed relaxation of
:mod:`.bound`. It does not scale (a 1,000 x 300 x 16 event found no feasible schedule in
120 s, field notes), but small problems, such as re-planning the rest of a day for a few
people, it solves exactly in a blink: the solver uses it there.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from matchmaking.scheduling.bound import Possible, possible_pairs, relaxation
from matchmaking.scheduling.constraints import Ledger, ProblemIndex
from matchmaking.scheduling.model import Meeting, SchedulingProblem


def solve_exact(index: ProblemIndex, possible: Possible, *,
                level_bonus: Sequence[float] = (), time_limit: float | None = None
                ) -> tuple[bool, list[tuple[int, int, int]]]:
    """(proved optimal?, placements as (a, b, slot position)) of the integer programme
    maximising weight plus ``level_bonus[k]`` per start-up reaching k+1 meetings.
    The placements are the best schedule HiGHS found (none if it found none)."""
    if len(possible.pairs) == 0:
        return True, []
    lp = relaxation(index, possible, "slots", level_bonus=level_bonus or None)
    n = len(lp.pair)
    integrality = np.zeros(len(lp.c))
    integrality[:n] = 1  # fairness levels need not be: they follow the integer counts
    options: dict = {"mip_rel_gap": 0.0}
    if time_limit is not None:
        options["time_limit"] = max(0.01, time_limit)
    result = milp(-lp.c, constraints=LinearConstraint(lp.matrix, -np.inf, lp.b),
                  integrality=integrality, bounds=Bounds(0, np.minimum(lp.upper, 1.0)),
                  options=options)
    if result.x is None:
        return False, []
    chosen = np.flatnonzero(result.x[:n] > 0.5).tolist()
    placements = [(int(index.pa[lp.pair[k]]), int(index.pb[lp.pair[k]]), int(lp.slot[k]))
                  for k in chosen]
    return result.status == 0, placements


def exact_optimum(problem: SchedulingProblem, *, time_limit: float = 60.0
                  ) -> tuple[float, list[Meeting]]:
    """The maximum weight of new meetings (fairness aside) and a schedule reaching it.

    Raises ``RuntimeError`` if HiGHS does not prove optimality within ``time_limit``.
    """
    index = ProblemIndex(problem)
    ledger = Ledger(index)
    optimal, placements = solve_exact(index, possible_pairs(index, ledger),
                                      time_limit=time_limit)
    if not optimal:
        raise RuntimeError("the exact programme was not solved to optimality in time")
    for a, b, t in placements:
        ledger.place(a, b, t)
    meetings = ledger.to_meetings()
    return float(sum(problem.weight(m.startup, m.other) for m in meetings)), meetings
