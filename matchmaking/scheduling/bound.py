"""Upper bounds on the total weight of the new meetings, from linear programmes.

Two relaxations, both solved with HiGHS through ``scipy.optimize.linprog``:

- ``"pairs"``: choose pairs (``0 <= x_p <= 1``) under each person's remaining cap, counted
  as ``min(max meetings - fixed meetings, slots where they could still meet someone)``, and
  the free table-slots; plus valid inequalities that see time: per day, the pairs that can
  only meet that day share that day's tables, and per person and day, the pairs that can
  only meet that day share the slots the person could use that day. Small enough for Slush.
- ``"slots"``: the time-indexed relaxation (``y_pt``: pair p meets in slot t), with every
  rule except integrality. Much tighter when availability is patchy; used when it has at
  most ``SLOT_LP_LIMIT`` variables.

The value returned is never the solver's floating-point optimum itself but the objective
of a dual solution repaired to be exactly feasible (weak duality), so it is a valid bound
whatever HiGHS's tolerances.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

from matchmaking.scheduling.constraints import Ledger, ProblemIndex
from matchmaking.scheduling.model import SchedulingProblem

SLOT_LP_LIMIT = 400_000
BOUND_MARGIN = 1e-9  # relative: floating-point rounding of the dual objective's sum


@dataclass(frozen=True)
class Bound:
    """A certified upper bound on the weight of any set of new meetings."""

    value: float
    method: str
    lp_value: float
    seconds: float


@dataclass
class Possible:
    """The candidate pairs that could still meet, with the slots they could use."""

    pairs: np.ndarray  # pair ids in the index
    masks: list[int]  # common free slots with a free table, per pair
    residual: np.ndarray  # per person: remaining cap
    table_free: np.ndarray  # per slot: free tables


def possible_pairs(index: ProblemIndex, ledger: Ledger | None = None) -> Possible:
    """The pairs the rules would let meet on top of the fixed meetings (or ``ledger``)."""
    ledger = ledger or Ledger(index)
    pairs, masks = [], []
    pa, pb = index.pa.tolist(), index.pb.tolist()
    for p in range(index.n_pairs):
        mask = ledger.feasible(pa[p], pb[p])
        if mask:
            pairs.append(p)
            masks.append(mask)
    residual = np.array([c - n for c, n in zip(index.cap, ledger.count)], dtype=np.int64)
    table_free = np.array([c - u for c, u in zip(ledger.table_cap, ledger.table_used)],
                          dtype=np.int64)
    return Possible(np.array(pairs, dtype=np.int64), masks, residual, table_free)


def upper_bound(problem: SchedulingProblem, *, method: Literal["auto", "pairs", "slots"] =
                "auto", index: ProblemIndex | None = None, possible: Possible | None = None,
                at_fairness: Sequence[int] | None = None,
                time_limit: float | None = None) -> Bound:
    """A valid upper bound on the weight of the new meetings of any feasible schedule.
    Raises ``RuntimeError`` if HiGHS does not finish (within ``time_limit`` seconds).

    ``"auto"`` takes the better of the two relaxations when the time-indexed one is small
    enough (``SLOT_LP_LIMIT`` variables), the pair relaxation otherwise.

    With ``at_fairness = [n1, n2, …]``, a bound for the schedules at least that fair only
    (at least ``n1`` start-ups with one meeting or more, ``n2`` with two or more, …, fixed
    and held meetings counted): the price of fairness is the difference with the plain bound.
    """
    started = time.perf_counter()
    deadline = None if time_limit is None else started + time_limit
    index = index or ProblemIndex(problem)
    possible = possible or possible_pairs(index)
    if len(possible.pairs) == 0:
        return Bound(0.0, "empty", 0.0, time.perf_counter() - started)
    results = []
    if method in ("auto", "pairs"):
        lp = relaxation(index, possible, "pairs", at_fairness=at_fairness)
        results.append((*_certified(lp, deadline), "pair-lp"))
    if method == "slots" or (method == "auto" and slot_lp_size(possible) <= SLOT_LP_LIMIT):
        lp = relaxation(index, possible, "slots", at_fairness=at_fairness)
        results.append((*_certified(lp, deadline), "slot-lp"))
    value, lp_value, name = min(results)
    return Bound(value, name, lp_value, time.perf_counter() - started)


def slot_lp_size(possible: Possible) -> int:
    """The number of variables of the time-indexed relaxation."""
    return sum(m.bit_count() for m in possible.masks)


@dataclass
class Relaxation:
    """``max c.x  s.t.  A x <= b, 0 <= x <= upper``. The first ``len(pair)`` columns are
    meetings (pair id, and slot position or -1 for "any slot"); the rest are fairness
    levels. ``repair_row`` (time-indexed form) is each meeting column's pair row."""

    c: np.ndarray
    matrix: sparse.csr_matrix
    b: np.ndarray
    upper: np.ndarray
    pair: np.ndarray
    slot: np.ndarray
    repair_row: np.ndarray | None
    kind: str = "pairs"


def relaxation(index: ProblemIndex, possible: Possible, kind: Literal["pairs", "slots"], *,
               at_fairness: Sequence[int] | None = None,
               level_bonus: Sequence[float] | None = None) -> Relaxation:
    """Build one of the two relaxations, optionally with fairness levels: ``at_fairness``
    as constraints (for bounds), or ``level_bonus[k]`` earned per start-up reaching k+1
    meetings (for the solver's selection)."""
    if kind == "pairs":
        matrix, b = pair_rows(index, possible)
        pair = possible.pairs
        slot = np.full(len(pair), -1)
        upper = np.ones(len(pair))
        repair_row = None
    else:
        matrix, b, pair, slot, repair_row = slot_rows(index, possible)
        upper = np.full(len(pair), np.inf)  # y_pt <= 1 follows from the pair's row
    lp = Relaxation(index.w[pair].astype(float), matrix, b, upper, pair, slot, repair_row, kind)
    levels = len(at_fairness) if at_fairness else len(level_bonus or ())
    if levels:
        _add_fairness(index, possible, lp, levels, at_fairness, level_bonus)
    return lp


def _popcounts(masks: list[int]) -> np.ndarray:
    return np.array([m.bit_count() for m in masks], dtype=np.int64)


def _person_union(index: ProblemIndex, possible: Possible) -> list[int]:
    union = [0] * index.n_people
    for p, mask in zip(possible.pairs.tolist(), possible.masks):
        union[int(index.pa[p])] |= mask
        union[int(index.pb[p])] |= mask
    return union


def pair_rows(index: ProblemIndex, possible: Possible) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The rows of the pair relaxation over the possible pairs (one column per pair):
    per-person caps, total free table-slots, and the per-day valid inequalities."""
    pairs = possible.pairs
    n = len(pairs)
    a, b = index.pa[pairs], index.pb[pairs]
    union = _person_union(index, possible)
    person_rhs = np.minimum(possible.residual, _popcounts(union))
    n_people = index.n_people
    cols = np.arange(n)
    rows: list[np.ndarray] = [cols]  # the total number of free table-slots
    rhs: list[float] = [float(possible.table_free.sum())]
    days = sorted(set(index.day_of_slot), key=repr)
    if len(days) > 1:
        masks = possible.masks
        for d in days:
            dm = sum(1 << t for t, x in enumerate(index.day_of_slot) if x == d)
            inside = np.array([(m & ~dm) == 0 for m in masks], dtype=bool)
            if not inside.any():
                continue
            # the pairs that can only meet that day share that day's free tables ...
            rows.append(cols[inside])
            rhs.append(float(sum(int(possible.table_free[t]) for t in range(index.n_slots)
                                 if dm >> t & 1)))
            # ... and, per person, the slots that person could use that day
            members: dict[int, list[int]] = {}
            unions: dict[int, int] = {}
            for c in np.flatnonzero(inside).tolist():
                for person in (int(a[c]), int(b[c])):
                    members.setdefault(person, []).append(c)
                    unions[person] = unions.get(person, 0) | masks[c]
            for person, columns in members.items():
                limit = min(unions[person].bit_count(), int(person_rhs[person]))
                if len(columns) > limit:
                    rows.append(np.array(columns))
                    rhs.append(float(limit))
    extra_rows = np.concatenate([np.full(len(r), k) for k, r in enumerate(rows)])
    extra_cols = np.concatenate(rows)
    matrix = sparse.csr_matrix(
        (np.ones(2 * n + len(extra_cols)),
         (np.concatenate([a, b, n_people + extra_rows]),
          np.concatenate([cols, cols, extra_cols]))),
        shape=(n_people + len(rows), n))
    return matrix, np.concatenate([person_rhs.astype(float), np.array(rhs)])


def slot_rows(index: ProblemIndex, possible: Possible):
    """Rows of the time-indexed relaxation: pairs | person-slot | slot tables | person caps."""
    pairs = possible.pairs
    n_slots, n_people = index.n_slots, index.n_people
    bits = np.array([[m >> t & 1 for t in range(n_slots)] for m in possible.masks],
                    dtype=bool).reshape(len(pairs), n_slots)
    pair_col, slot_col = np.nonzero(bits)
    n_vars = len(pair_col)
    a, b = index.pa[pairs][pair_col], index.pb[pairs][pair_col]
    n_pairs = len(pairs)
    base = n_pairs + n_people * n_slots
    rows = np.concatenate([pair_col, n_pairs + a * n_slots + slot_col,
                           n_pairs + b * n_slots + slot_col, base + slot_col,
                           base + n_slots + a, base + n_slots + b])
    matrix = sparse.csr_matrix((np.ones(6 * n_vars), (rows, np.tile(np.arange(n_vars), 6))),
                               shape=(base + n_slots + n_people, n_vars))
    rhs = np.concatenate([np.ones(n_pairs), np.ones(n_people * n_slots),
                          possible.table_free.astype(float), possible.residual.astype(float)])
    used = np.asarray(matrix.getnnz(axis=1)) > 0
    repair_row = (np.cumsum(used)[:n_pairs] - 1)[pair_col]  # pair rows come first, all used
    return matrix[used], rhs[used], pairs[pair_col], slot_col, repair_row


def _add_fairness(index: ProblemIndex, possible: Possible, lp: Relaxation, levels: int,
                  at_fairness: Sequence[int] | None,
                  level_bonus: Sequence[float] | None) -> None:
    """Add ``f_sk`` in [0, 1] ("start-up s has k+1 meetings or more") with
    ``sum_k f_sk <= fixed and held meetings of s + new meetings of s``, and either
    ``sum_s f_sk >= n_k`` or the bonus ``level_bonus[k]`` per unit of ``f_sk``."""
    n_s, n = index.n_startups, lp.matrix.shape[1]
    a, b = index.pa[lp.pair], index.pb[lp.pair]
    count = n_s * levels
    f_cols = n + np.arange(count)
    in_a, in_b = a < n_s, b < n_s
    linking = sparse.csr_matrix(
        (np.concatenate([np.ones(count), -np.ones(int(in_a.sum()) + int(in_b.sum()))]),
         (np.concatenate([np.repeat(np.arange(n_s), levels), a[in_a], b[in_b]]),
          np.concatenate([f_cols, np.flatnonzero(in_a), np.flatnonzero(in_b)]))),
        shape=(n_s, n + count))
    already = np.array([index.cap[s] - possible.residual[s] for s in range(n_s)], dtype=float)
    blocks = [sparse.hstack([lp.matrix, sparse.csr_matrix((lp.matrix.shape[0], count))]),
              linking]
    rhs = [lp.b, already]
    if at_fairness:
        blocks.append(sparse.csr_matrix(
            (-np.ones(count), (np.tile(np.arange(levels), n_s), f_cols)),
            shape=(levels, n + count)))
        rhs.append(-np.asarray(at_fairness, dtype=float))
        bonus = np.zeros(count)
    else:
        bonus = np.tile(np.asarray(level_bonus, dtype=float), n_s)
    lp.matrix = sparse.vstack(blocks).tocsr()
    lp.b = np.concatenate(rhs)
    lp.c = np.concatenate([lp.c, bonus])
    lp.upper = np.concatenate([lp.upper, np.ones(count)])


def solve_relaxation(lp: Relaxation, time_limit: float | None = None):
    """HiGHS's answer (``scipy.optimize.OptimizeResult``) for the relaxation.

    Measured here: the interior point method (with crossover, so the answer is a vertex)
    solves the Slush pair relaxation in 9 s against 22 s for dual simplex; dual simplex
    solves the time-indexed one of Casablanca in 3 s against 18 s, and to a vertex."""
    options = {} if time_limit is None else {"time_limit": max(0.01, time_limit)}
    return linprog(-lp.c, A_ub=lp.matrix, b_ub=lp.b,
                   bounds=np.column_stack([np.zeros(len(lp.c)), lp.upper]),
                   method="highs-ipm" if lp.kind == "pairs" else "highs-ds", options=options)


def _certified(lp: Relaxation, deadline: float | None = None) -> tuple[float, float]:
    """A certified bound and the LP value, for ``max c.x, A x <= b, 0 <= x <= upper``.

    The bound is the objective of a dual solution made exactly feasible: duals are clipped
    to be non-negative, a bounded column's remaining reduced weight goes to its upper
    bound, and an unbounded column's to its ``repair_row`` (a row with coefficient 1 on it
    and a non-negative right-hand side). Weak duality then makes it a bound, whatever the
    LP solver's tolerances; a relative margin covers the rounding of the final sum.
    """
    result = solve_relaxation(lp, None if deadline is None else deadline - time.perf_counter())
    if result.status != 0 or result.ineqlin is None:
        raise RuntimeError(f"the bound's LP failed: {result.message}")
    y = np.maximum(-np.asarray(result.ineqlin.marginals), 0.0)
    reduced = lp.c - lp.matrix.T @ y
    finite = np.isfinite(lp.upper)
    if (~finite).any():
        if lp.repair_row is None:
            raise ValueError("unbounded columns need a repair row")
        n = len(lp.repair_row)
        raise_by = np.zeros(lp.matrix.shape[0])
        np.maximum.at(raise_by, lp.repair_row, np.maximum(reduced[:n], 0.0) * ~finite[:n])
        y += raise_by
        reduced = lp.c - lp.matrix.T @ y
    value = float(lp.b @ y + (lp.upper[finite] * np.maximum(reduced[finite], 0.0)).sum())
    return value + BOUND_MARGIN * max(1.0, abs(value)), float(-result.fun)
