"""One-to-one meeting scheduling: which start-up meets which investor or partner, when,
and at which table.

Pure domain code: no I/O, no database, no web framework. The rules of a valid schedule
are written once (:mod:`.constraints`) and used both by the solvers and by
:func:`validate_schedule`.

- :func:`schedule`: fairness first, then the weight of the meetings; with a certified
  upper bound and the gap in its report.
- :func:`upper_bound`: LP bounds (HiGHS) on the weight of any valid schedule.
- :func:`replan`: fill what a cancellation, a no-show or a walk-in frees, in the rest of
  the day, without moving a confirmed meeting.
- :func:`round_robin`: the MeetMax-style greedy baseline.
- :func:`generate`: seeded realistic problems; :func:`exact_optimum`: the exact integer
  programme for small problems.
"""

from __future__ import annotations

from matchmaking.scheduling.baseline import round_robin
from matchmaking.scheduling.bound import Bound, upper_bound
from matchmaking.scheduling.constraints import RULES, Rule, Violation, validate_schedule
from matchmaking.scheduling.exact import exact_optimum
from matchmaking.scheduling.instances import generate
from matchmaking.scheduling.model import (PRIORITY_MUTUAL, PRIORITY_RECOMMENDED, PRIORITY_REQUESTED,
                                          Candidate, InvalidProblem, Meeting, ScheduleResult,
                                          SchedulingProblem, Weighting)
from matchmaking.scheduling.replan import Replan, WalkIn, replan
from matchmaking.scheduling.solver import schedule

__all__ = [
    "PRIORITY_MUTUAL", "PRIORITY_RECOMMENDED", "PRIORITY_REQUESTED", "RULES", "Bound",
    "Candidate", "InvalidProblem", "Meeting", "Replan", "Rule", "ScheduleResult",
    "SchedulingProblem", "Violation", "WalkIn", "Weighting", "exact_optimum", "generate",
    "replan", "round_robin", "schedule", "upper_bound", "validate_schedule",
]
