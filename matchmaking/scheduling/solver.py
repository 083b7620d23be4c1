"""The scheduler: which pairs meet, and in which slot.

The objective, in order: fairness first (raise the number of start-ups with at least one
meeting, then at least two, … up to ``min_per_startup``), then the total weight of the
meetings (:class:`.model.Weighting`: mutual "must meet", then one-sided requests, then
recommendations, each ordered by score). Both are folded into one number: a start-up's
k-th meeting (k <= min_per_startup) earns a bonus worth more than the three heaviest
meetings it could push out, four times more for each lower level, so no exchange the
search makes trades fairness for weight, nor a first meeting for a second one.

How (every step keeps a valid schedule; the seed only orders ties):

1. **Select** pairs with the pair relaxation of :mod:`.bound` plus the fairness bonuses.
   Without its per-day rows that relaxation is a flow problem, so its optimum is (almost)
   integral: it says which pairs should meet, globally, in seconds even at Slush scale.
2. **Assign** them to slots, most constrained first (fewest common free slots), each to
   the slot that the participants' other pending meetings need least.
3. **Repair and fill**: a pair that did not fit is inserted by moving the meetings that
   block it to other slots; then every other candidate, best gain first. This greedy
   fill alone is what a tiny time limit gets: a valid schedule, quickly.
4. **Bound** (certified, see :mod:`.bound`), then **improve** until the schedule is within
   ``GAP_TOLERANCE`` of it, nothing improves, or time is up: per slot, re-solve exactly which
   pairs meet in that slot with everything else fixed (a max-weight bipartite matching
   with at most as many meetings as free tables, ``scipy.sparse.csgraph``); and exchanges
   that put in a better pair by taking out what stands in its way.
5. On events small enough (``SLOT_LP_LIMIT``), if a gap remains: the time-indexed
   relaxation, which sees slots, gives a tighter bound and a second start (its optimum is
   often a schedule already); the better of the two schedules is kept. On tiny problems
   (``EXACT_LIMIT``; re-planning a few people, say), the integer programme itself.

Measured on the benchmark events (``benchmarks/scheduling_benchmark.py``): the gap to the
bound stays well under the targets (0.1% Casablanca, 1% GITEX, 2% Slush).
"""

from __future__ import annotations

import heapq
import math
import statistics
import time

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from matchmaking.scheduling.bound import (SLOT_LP_LIMIT, Bound, Possible, possible_pairs,
                                          relaxation, slot_lp_size, solve_relaxation, upper_bound)
from matchmaking.scheduling.constraints import Ledger, ProblemIndex, check_fixed
from matchmaking.scheduling.exact import solve_exact
from matchmaking.scheduling.model import Meeting, ScheduleResult, SchedulingProblem

FAIRNESS_STEP = 4.0
EPS = 1e-9


GAP_TOLERANCE = 1e-5  # below this relative gap, further work is not worth the time
EXACT_LIMIT = 20_000  # variables of the time-indexed programme solved exactly


def schedule(problem: SchedulingProblem, *, time_limit: float = 10.0, seed: int = 0,
             compute_bound: bool = True) -> ScheduleResult:
    """Schedule the new meetings of ``problem`` around its fixed ones.

    Deterministic for the same problem and seed (the seed only orders ties); stops
    improving when ``time_limit`` seconds have passed since the call (set-up and the LPs
    count), or when the schedule is within ``GAP_TOLERANCE`` of the bound. The report's
    bound is certified (see :mod:`.bound`); with ``compute_bound=False``, or when there is
    no time left for it, it is ``None``.
    """
    started = time.perf_counter()
    deadline = started + time_limit
    check_fixed(problem)
    index = ProblemIndex(problem)
    possible = possible_pairs(index)

    def new_search() -> _Search:
        searches.append(_Search(problem, index, Ledger(index), possible, deadline, seed))
        return searches[-1]

    searches: list[_Search] = []
    best = new_search()
    best.build("pairs")
    bound = _bound(problem, index, possible, "pairs", best) if compute_bound else None
    best.improve(_target(bound))
    phases: dict[str, dict] = {"pairs": best.phases}
    if slot_lp_size(possible) <= SLOT_LP_LIMIT and _worth_more(best, bound):
        # the time-indexed relaxation sees slots: tighter, and on small tight events its
        # optimum is often a schedule already
        if compute_bound:
            slot_bound = _bound(problem, index, possible, "slots", best)
            if slot_bound is not None and (bound is None or slot_bound.value < bound.value):
                bound = slot_bound
        if _worth_more(best, bound) and not best.out_of_time():
            second = new_search()
            second.build("slots")
            second.improve(_target(bound))
            phases["slots"] = second.phases
            if second.value() > best.value() + 1e-9:
                best = second
    if slot_lp_size(possible) <= EXACT_LIMIT and _worth_more(best, bound) and (
            not best.out_of_time()):
        # small enough to be solved exactly (re-planning a few people, tiny events)
        began = time.perf_counter()
        third = new_search()
        optimal, placements = solve_exact(index, possible, level_bonus=third.level_bonus,
                                          time_limit=deadline - time.perf_counter())
        for a, b, t in placements:
            third.ledger.place(a, b, t)
        third.time_limit_hit = not optimal and time.perf_counter() >= deadline
        phases["exact"] = {"seconds": round(time.perf_counter() - began, 3),
                           "optimal": optimal}
        if third.value() > best.value() + 1e-9:
            best = third
    meetings = tuple(best.ledger.to_meetings())
    report = build_report(problem, meetings, bound=bound, seconds=time.perf_counter() - started,
                          seed=seed, time_limit_hit=any(s.time_limit_hit for s in searches),
                          phases=phases)
    return ScheduleResult(meetings=meetings, fixed=problem.fixed, report=report)


def _bound(problem: SchedulingProblem, index: ProblemIndex, possible: Possible, method: str,
           search: _Search) -> Bound | None:
    """The bound, if there is time left to compute it."""
    if search.out_of_time():
        return None
    try:
        return upper_bound(problem, method=method,  # type: ignore[arg-type]
                           index=index, possible=possible,
                           time_limit=search.deadline - time.perf_counter())
    except RuntimeError:  # HiGHS ran out of time
        search.time_limit_hit = True
        return None


def _target(bound: Bound | None) -> float | None:
    """The weight at which searching further is not worth it."""
    return None if bound is None else bound.value * (1 - GAP_TOLERANCE)


def _worth_more(search: _Search, bound: Bound | None) -> bool:
    if bound is None:
        return True
    return bound.value > 0 and search.weight() < bound.value * (1 - GAP_TOLERANCE)


class _Search:
    def __init__(self, problem: SchedulingProblem, index: ProblemIndex, ledger: Ledger,
                 possible: Possible, deadline: float, seed: int) -> None:
        self.problem, self.index, self.ledger, self.possible = problem, index, ledger, possible
        self.deadline = deadline
        rng = np.random.default_rng(seed)
        self.tiebreak = rng.permutation(index.n_pairs).tolist()  # the seed orders ties
        self.time_limit_hit = False
        self.phases: dict[str, float] = {}
        self.m = problem.min_per_startup
        base = 3 * problem.weighting.max_weight + 1
        # bonus[k] for reaching meeting k+1 (k = 0 … m-1); lower levels matter more
        self.level_bonus = [base * FAIRNESS_STEP ** (self.m - 1 - k) for k in range(self.m)]
        self.pa = index.pa.tolist()
        self.pb = index.pb.tolist()
        self.w = index.w.tolist()
        self.unplaced: list[int] = []

    # -- the objective -------------------------------------------------------------------

    def bonus(self, person: int, count: int) -> float:
        """What one more meeting is worth in fairness to ``person`` with ``count`` now."""
        if person < self.index.n_startups and count < self.m:
            return self.level_bonus[count]
        return 0.0

    def gain(self, p: int) -> float:
        a, b = self.pa[p], self.pb[p]
        count = self.ledger.count
        return self.w[p] + self.bonus(a, count[a]) + self.bonus(b, count[b])

    def loss(self, mid: int) -> float:
        """What removing meeting ``mid`` costs."""
        a, b, _ = self.ledger.meetings[mid]
        count = self.ledger.count
        pid = self.index.pair_id(a, b)
        w = self.w[pid] if pid is not None else 0.0
        return w + self.bonus(a, count[a] - 1) + self.bonus(b, count[b] - 1)

    def weight(self) -> float:
        """The total weight of the new meetings."""
        index = self.index
        return sum(self.w[index.pair_id(a, b)] for _, a, b, _ in self.ledger.placed())

    def value(self) -> float:
        """The objective: fairness bonuses (fixed and held meetings count) plus weight."""
        fairness = sum(sum(self.level_bonus[:min(c, self.m)])
                       for c in self.ledger.count[:self.index.n_startups])
        return fairness + self.weight()

    def out_of_time(self) -> bool:
        if time.perf_counter() >= self.deadline:
            self.time_limit_hit = True
            return True
        return False

    # -- the steps -------------------------------------------------------------------------

    def build(self, kind: str) -> None:
        """Select with the ``kind`` relaxation, assign, fill (the greedy fill alone when
        there is no time: it makes a valid schedule quickly)."""
        began = time.perf_counter()
        if not self.out_of_time():
            self.assign(self.select(kind))
        self.phases["select_assign"] = round(time.perf_counter() - began, 3)
        began = time.perf_counter()
        self.fill()
        self.phases["fill"] = round(time.perf_counter() - began, 3)

    def select(self, kind: str) -> list[tuple[int, int]]:
        """(pair, slot position or -1) of the relaxation's optimum with fairness bonuses,
        most wanted first."""
        if len(self.possible.pairs) == 0:
            return []
        lp = relaxation(self.index, self.possible, kind,  # type: ignore[arg-type]
                        level_bonus=self.level_bonus)
        result = solve_relaxation(lp, self.deadline - time.perf_counter())
        if result.x is None:
            return []
        x = result.x[:len(lp.pair)]
        chosen = np.flatnonzero(x > 0.5)
        order = np.lexsort((lp.slot[chosen], lp.pair[chosen], -self.index.w[lp.pair[chosen]],
                            -np.round(x[chosen], 6)))
        chosen = chosen[order]
        return list(zip(lp.pair[chosen].tolist(), lp.slot[chosen].tolist()))

    def assign(self, selected: list[tuple[int, int]]) -> None:
        """Place the selected pairs: in their slot if the relaxation gave one and it is
        still free; otherwise most constrained first, each where it hurts least."""
        ledger, pa, pb = self.ledger, self.pa, self.pb
        rest = []
        for p, t in selected:
            if t >= 0 and not ledger.met_pair[p] and ledger.feasible(pa[p], pb[p]) >> t & 1:
                ledger.place(pa[p], pb[p], t)
            elif not ledger.met_pair[p]:
                rest.append(p)
        rest = list(dict.fromkeys(rest))
        pending = set(rest)
        pending_of: list[list[int]] = [[] for _ in range(self.index.n_people)]
        for p in rest:
            pending_of[pa[p]].append(p)
            pending_of[pb[p]].append(p)
        rank = {p: i for i, p in enumerate(rest)}
        heap = [(ledger.feasible(pa[p], pb[p]).bit_count(), rank[p], p) for p in rest]
        heapq.heapify(heap)
        while heap:
            options, r, p = heapq.heappop(heap)
            if p not in pending:
                continue
            a, b = pa[p], pb[p]
            mask = ledger.feasible(a, b)
            k = mask.bit_count()
            if k != options and k > 0:
                heapq.heappush(heap, (k, r, p))
                continue
            pending.discard(p)
            if k == 0:
                self.unplaced.append(p)
                continue
            others = [q for q in pending_of[a] + pending_of[b] if q in pending]
            others_masks = [(ledger.feasible(pa[q], pb[q]), q) for q in others]
            best_t, best_cost = -1, math.inf
            m = mask
            while m:
                low = m & -m
                t = low.bit_length() - 1
                m ^= low
                cost = 0.0
                for qm, _ in others_masks:
                    if qm & low:
                        cost += 1.0 / qm.bit_count()
                if cost < best_cost - EPS:
                    best_t, best_cost = t, cost
            ledger.place(a, b, best_t)
            for qm, q in others_masks:
                if qm >> best_t & 1:
                    heapq.heappush(heap, (qm.bit_count() - 1, rank[q], q))

    def fill(self) -> None:
        """Place the pairs that did not fit (moving blockers), then any other candidate."""
        ledger, pa, pb = self.ledger, self.pa, self.pb
        for p in self.unplaced:
            if self.out_of_time():
                return
            self.insert(p)
        order = sorted(self.possible.pairs.tolist(),
                       key=lambda p: (-self.gain(p), self.tiebreak[p]))
        for p in order:
            if ledger.met_pair[p]:
                continue
            mask = ledger.feasible(pa[p], pb[p])
            if mask:
                ledger.place(pa[p], pb[p], (mask & -mask).bit_length() - 1)
        for p in order:
            if self.out_of_time():
                return
            if not ledger.met_pair[p]:
                self.insert(p)

    def insert(self, p: int) -> bool:
        """Place pair p, moving at most the two meetings that block it in some slot."""
        ledger, index = self.ledger, self.index
        a, b = self.pa[p], self.pb[p]
        if ledger.met_pair[p]:
            return False
        mask = ledger.feasible(a, b)
        if mask:
            ledger.place(a, b, (mask & -mask).bit_length() - 1)
            return True
        if (ledger.count[a] >= index.cap[a] or ledger.count[b] >= index.cap[b]):
            return False
        common = index.avail[a] & index.avail[b] & ledger.table_free_mask
        fixed = ledger.fixed_ids
        m = common
        while m:
            low = m & -m
            t = low.bit_length() - 1
            m ^= low
            blockers = {ledger.at[a].get(t), ledger.at[b].get(t)} - {None}
            if blockers & fixed:
                continue
            point = ledger.checkpoint()
            moved = True
            for mid in sorted(blockers):
                x, y, _ = ledger.remove(mid)
                options = ledger.feasible(x, y) & ~low
                if not options:
                    moved = False
                    break
                ledger.place(x, y, (options & -options).bit_length() - 1)
            if moved and (ledger.feasible(a, b) & low):
                ledger.place(a, b, t)
                ledger.commit(point)
                return True
            ledger.rollback(point)
            ledger.commit(point)
        return False

    def improve(self, target: float | None = None) -> None:
        """Per-slot exact re-optimisation and exchanges, until nothing improves, the
        weight reaches ``target`` (close enough to the bound) or time is up."""
        began = time.perf_counter()
        rounds = 0
        while not self.out_of_time():
            if target is not None and self.weight() >= target:
                break
            rounds += 1
            gained = 0.0
            for t in range(self.index.n_slots):
                if self.out_of_time():
                    break
                gained += self.reoptimise_slot(t)
            gained += self.exchanges()
            if gained <= 1e-7:
                break
        self.phases["improve_rounds"] = rounds
        self.phases["improve"] = round(time.perf_counter() - began, 3)

    def reoptimise_slot(self, t: int) -> float:
        """Re-choose the start-up–investor meetings of slot t, all else fixed; the gain."""
        ledger, index = self.ledger, self.index
        n_s = index.n_startups
        bit = 1 << t
        old = sorted(mid for mid in ledger.in_slot[t]
                     if mid not in ledger.fixed_ids and ledger.meetings[mid][1] >= n_s)
        point = ledger.checkpoint()
        old_value = 0.0
        for mid in old:
            old_value += self.loss(mid)
            ledger.remove(mid)
        tables = ledger.table_cap[t] - ledger.table_used[t]
        pairs = self.possible.pairs
        a, b = index.pa[pairs], index.pb[pairs]
        count = np.asarray(ledger.count)
        free = np.array([not (m & bit) for m in ledger.busy]) & index.avail_matrix[:, t] & (
            count < np.asarray(index.cap))
        keep = free[a] & free[b] & ~ledger.met_pair[pairs] & (b >= n_s)
        cand = pairs[keep]
        ca, cb = a[keep], b[keep]
        if tables <= 0 or len(cand) == 0:
            chosen: list[int] = []
        else:
            bonus = np.array([self.bonus(s, c) for s, c in enumerate(ledger.count[:n_s])])
            gains = index.w[cand] + bonus[ca]
            chosen = self._matching(cand, ca, cb, gains, tables)
        new_value = sum(self.gain(p) for p in chosen)  # bonuses: one meeting per slot each
        if new_value <= old_value + 1e-9:
            ledger.rollback(point)
            ledger.commit(point)
            return 0.0
        for p in chosen:
            ledger.place(self.pa[p], self.pb[p], t)
        ledger.commit(point)
        return new_value - old_value

    def _matching(self, cand: np.ndarray, ca: np.ndarray, cb: np.ndarray, gains: np.ndarray,
                  tables: int) -> list[int]:
        """A max-gain matching between start-ups and others with at most ``tables`` edges."""
        rows, row_of = np.unique(ca, return_inverse=True)
        cols, col_of = np.unique(cb, return_inverse=True)
        n_rows, n_cols = len(rows), len(cols)
        top = float(gains.max()) + 1.0
        lookup = {(x, y): k for k, (x, y) in enumerate(zip(row_of.tolist(), col_of.tolist()))}

        def solve(penalty: float) -> np.ndarray:
            useful = gains - penalty > EPS
            r, c, g = row_of[useful], col_of[useful], gains[useful] - penalty
            data = np.concatenate([top - g, np.full(n_rows, top)])
            matrix = sparse.csr_matrix(
                (data, (np.concatenate([r, np.arange(n_rows)]),
                        np.concatenate([c, n_cols + np.arange(n_rows)]))),
                shape=(n_rows, n_cols + n_rows))
            _, col = min_weight_full_bipartite_matching(matrix)
            matched = np.flatnonzero(col < n_cols)
            return np.array([lookup[x, int(col[x])] for x in matched.tolist()],
                            dtype=np.int64)

        picked = solve(0.0)
        if len(picked) > tables:  # too many for the tables: price them (Lagrangian)
            lo, hi = 0.0, top
            best = None
            for _ in range(30):
                mid = (lo + hi) / 2
                trial = solve(mid)
                if len(trial) > tables:
                    lo = mid
                else:
                    hi, best = mid, trial
                if best is not None and len(best) == tables:
                    break
            picked = best if best is not None else picked[np.argsort(-gains[picked])[:tables]]
        return cand[picked].tolist()

    def exchanges(self) -> float:
        """Put in a better pair by taking out what stands in its way in one slot (the
        meetings of either participant in that slot, one meeting of a participant at cap,
        one meeting holding the last table), then put the removed meetings back elsewhere
        if they fit. Kept only if the objective rises."""
        ledger, index, pa, pb = self.ledger, self.index, self.pa, self.pb
        gained = 0.0
        order = sorted((p for p in self.possible.pairs.tolist() if not ledger.met_pair[p]),
                       key=lambda p: (-self.gain(p), self.tiebreak[p]))
        for p in order:
            if ledger.met_pair[p]:
                continue
            if self.out_of_time():
                break
            gain = self.gain(p)
            a, b = pa[p], pb[p]
            floor = 0.0
            for x in (a, b):
                if ledger.count[x] >= index.cap[x]:
                    losses = [self.loss(mid) for mid in ledger.at[x].values()
                              if mid not in ledger.fixed_ids]
                    if not losses:
                        floor = math.inf
                        break
                    floor += min(losses)
            if gain <= floor + 1e-9:
                continue
            plan = self._cheapest_room(a, b, gain)
            if plan is None:
                continue
            t, removal = plan
            point = ledger.checkpoint()
            delta = 0.0
            removed = []
            for mid in removal:
                delta -= self.loss(mid)
                removed.append(ledger.meetings[mid])
                ledger.remove(mid)
            if not ledger.feasible(a, b) >> t & 1:
                ledger.rollback(point)
                ledger.commit(point)
                continue
            delta += self.gain(p)
            ledger.place(a, b, t)
            for x, y, _ in sorted(removed, key=lambda m: -self.w[self.index.pair_id(m[0], m[1])]
                                  if self.index.pair_id(m[0], m[1]) is not None else 0.0):
                q = self.index.pair_id(x, y)
                if q is None:
                    continue
                value = self.gain(q)
                if self.insert(q):
                    delta += value
            if delta > 1e-9:
                gained += delta
                ledger.commit(point)
            else:
                ledger.rollback(point)
                ledger.commit(point)
        return gained

    def _cheapest_room(self, a: int, b: int, gain: float) -> tuple[int, list[int]] | None:
        """The slot where placing a–b costs least to clear, if that is less than ``gain``."""
        ledger, index = self.ledger, self.index
        fixed = ledger.fixed_ids
        best: tuple[float, int, list[int]] | None = None
        m = index.avail[a] & index.avail[b]
        while m:
            low = m & -m
            t = low.bit_length() - 1
            m ^= low
            if ledger.table_cap[t] <= 0:
                continue
            removal = [mid for mid in (ledger.at[a].get(t), ledger.at[b].get(t))
                       if mid is not None]
            if any(mid in fixed for mid in removal):
                continue
            ok = True
            for x in (a, b):
                mine = sum(1 for mid in removal if x in ledger.meetings[mid][:2])
                if ledger.count[x] - mine >= index.cap[x]:
                    options = [mid for mid in ledger.at[x].values()
                               if mid not in fixed and mid not in removal]
                    if not options:
                        ok = False
                        break
                    removal.append(min(options, key=lambda mid: (self.loss(mid), mid)))
            if not ok:
                continue
            at_t = sum(1 for mid in removal if ledger.meetings[mid][2] == t)
            if ledger.table_used[t] - at_t >= ledger.table_cap[t]:
                options = [mid for mid in ledger.in_slot[t] if mid not in fixed
                           and mid not in removal]
                if not options:
                    continue
                removal.append(min(options, key=lambda mid: (self.loss(mid), mid)))
            cost = sum(self.loss(mid) for mid in removal)
            if cost < gain - 1e-9 and (best is None or cost < best[0] - 1e-12):
                best = (cost, t, removal)
        return None if best is None else (best[1], best[2])


def build_report(problem: SchedulingProblem, meetings: tuple[Meeting, ...] | list[Meeting], *,
                 bound=None, seconds: float, seed: int, time_limit_hit: bool,
                 phases: dict[str, float] | None = None) -> dict:
    """The JSON-serialisable summary of a schedule.

    ``objective``: total weight of the new meetings; ``bound``: certified upper bound on
    it (rounded up), ``gap``: ``(bound - objective) / bound``; ``by_priority``: new meetings
    per priority; ``per_startup`` (min / median / max), ``startups_without_meeting``,
    ``startups_under_minimum`` and ``startups_reaching`` (how many start-ups have at least
    1, 2, … ``min_per_startup`` meetings) count fixed and held meetings too;
    ``unused_table_slots``: open table-slots left free; ``seconds``, ``seed``,
    ``time_limit_hit``; ``phases``: seconds per step of the search.
    """
    objective = sum(problem.weight(m.startup, m.other) for m in meetings)
    by_priority = {"mutual": 0, "requested": 0, "recommended": 0}
    names = {3: "mutual", 2: "requested", 1: "recommended"}
    for m in meetings:
        c = problem.candidate(m.startup, m.other)
        if c is not None:
            by_priority[names[c.priority]] += 1
    counts = {s: problem.held.get(s, 0) for s in problem.startups}
    for m in list(problem.fixed) + list(meetings):
        for person in m.people:
            if person in counts:
                counts[person] += 1
    per_startup = sorted(counts.values()) or [0]
    capacity = sum(len(problem.open_tables(s)) for s in problem.slots)
    report = {
        "objective": round(objective, 6),
        # rounded up, so that the printed bound stays a bound
        "bound": None if bound is None else math.ceil(bound.value * 1e6) / 1e6,
        "bound_method": None if bound is None else bound.method,
        "gap": None,
        "meetings": len(meetings),
        "fixed_meetings": len(problem.fixed),
        "by_priority": by_priority,
        "per_startup": {"min": per_startup[0], "median": statistics.median(per_startup),
                        "max": per_startup[-1]},
        "startups_without_meeting": sum(1 for c in per_startup if c == 0),
        "startups_under_minimum": sum(1 for c in per_startup if c < problem.min_per_startup),
        # how many start-ups have at least 1, 2, … min_per_startup meetings
        "startups_reaching": [sum(1 for c in per_startup if c >= k)
                              for k in range(1, problem.min_per_startup + 1)],
        "min_per_startup": problem.min_per_startup,
        "unused_table_slots": capacity - len(meetings) - len(problem.fixed),
        "seconds": round(seconds, 3),
        "seed": seed,
        "time_limit_hit": time_limit_hit,
    }
    if bound is not None:
        report["gap"] = (round((bound.value - objective) / bound.value, 6) if bound.value > 0
                         else 0.0)
        report["bound_seconds"] = round(bound.seconds, 3)
    if phases:
        report["phases"] = phases
    return report
