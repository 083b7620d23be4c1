"""The exact time-indexed integer programme, for small problems and for checking.

One binary per (possible pair, slot), with the rows of the time-indexed relaxation of
:mod:`.bound`. It maximises the weight alone (no fairness), so its optimum is the number
every bound must reach and every schedule stays under. It does not scale: a 1,000 x 300 x
16 event found no feasible schedule in 120 s (field notes).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from .bound import possible_pairs, slot_rows
from .constraints import Ledger, ProblemIndex
from .model import Meeting, SchedulingProblem


def exact_optimum(problem: SchedulingProblem, *, time_limit: float = 60.0
                  ) -> tuple[float, list[Meeting]]:
    """The maximum weight of new meetings and a schedule reaching it.

    Raises ``RuntimeError`` if HiGHS does not prove optimality within ``time_limit``.
    """
    index = ProblemIndex(problem)
    ledger = Ledger(index)
    possible = possible_pairs(index, ledger)
    if len(possible.pairs) == 0:
        return 0.0, []
    matrix, upper, pair, slot, _ = slot_rows(index, possible)
    w = index.w[pair]
    result = milp(-w, constraints=LinearConstraint(matrix, -np.inf, upper),
                  integrality=np.ones(len(w)), bounds=Bounds(0, 1),
                  options={"time_limit": time_limit, "mip_rel_gap": 0.0})
    if result.status != 0 or result.x is None:
        raise RuntimeError(f"the exact programme was not solved: {result.message}")
    for k in np.flatnonzero(result.x > 0.5).tolist():
        ledger.place(int(index.pa[pair[k]]), int(index.pb[pair[k]]), int(slot[k]))
    meetings = ledger.to_meetings()
    return float(sum(problem.weight(m.startup, m.other) for m in meetings)), meetings
