"""The scheduler keeps every rule, is fair first, knows how far from optimal it is, and
re-plans live without moving anybody's confirmed meeting."""

from __future__ import annotations

import ast
import json
import time
from pathlib import Path

import pytest

import matchmaking.scheduling as scheduling
from matchmaking.scheduling import (RULES, Candidate, InvalidProblem, Meeting, SchedulingProblem,
                                    WalkIn, exact_optimum, generate, replan, round_robin, schedule,
                                    upper_bound, validate_schedule)
from matchmaking.scheduling.constraints import Ledger, ProblemIndex

PACKAGE = Path(scheduling.__file__).parent

# A small event: start-ups 1-3, investor 10 and partner 11, slots 1-3 on one day,
# then slot 4 on a second day; two tables.
S1, S2, S3, INV, PAR = 1, 2, 3, 10, 11


def small_problem(**changes) -> SchedulingProblem:
    base = dict(
        startups=(S1, S2, S3), others=(INV, PAR), slots=(1, 2, 3, 4), tables=(100, 101),
        slot_day={1: "mon", 2: "mon", 3: "mon", 4: "tue"},
        candidates={(S1, INV): Candidate(0.9), (S1, PAR): Candidate(0.5),
                    (S2, INV): Candidate(0.7), (S3, PAR): Candidate(0.4, priority=2)},
        unavailable=frozenset({(S3, 1)}), max_meetings={INV: 2}, default_max_meetings=3)
    base.update(changes)
    return SchedulingProblem(**base)


def weight_of(problem: SchedulingProblem, meetings) -> float:
    return sum(problem.weight(m.startup, m.other) for m in meetings)


def meetings_per(meetings, people) -> dict[int, int]:
    counts = dict.fromkeys(people, 0)
    for m in meetings:
        for p in m.people:
            if p in counts:
                counts[p] += 1
    return counts


# -- the package stays pure -------------------------------------------------------------

def test_scheduling_package_does_no_io_and_imports_no_heavy_or_storage_module():
    forbidden = {"sqlite3", "sqlite_utils", "streamlit", "torch", "sentence_transformers"}
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in {"open", "print", "input"}, f"{path.name} does I/O"
        assert not imported & forbidden, f"{path.name} imports {imported & forbidden}"


# -- each rule, written once, is used by the validator ... -------------------------------

GOOD = [Meeting(S1, INV, 1, 100), Meeting(S3, PAR, 2, 100)]

BAD_SCHEDULES = {
    "not-with-oneself": [Meeting(S1, S1, 2, 100)],
    "known-participants-and-slot": [Meeting(S1, INV, 9, 100)],
    "allowed-pair": [Meeting(S2, PAR, 2, 100)],
    "both-available": [Meeting(S3, PAR, 1, 100)],
    "one-meeting-per-person-and-slot": [Meeting(S1, INV, 1, 100), Meeting(S1, PAR, 1, 101)],
    "one-meeting-per-table-and-slot": [Meeting(S1, INV, 1, 100), Meeting(S3, PAR, 2, 100),
                                       Meeting(S2, INV, 2, 100)],
    "within-max-meetings": [Meeting(S1, INV, 1, 100), Meeting(S2, INV, 2, 100)],
    "pair-at-most-once": [Meeting(S1, INV, 1, 100), Meeting(S1, INV, 2, 100)],
    "fixed-kept": [Meeting(S2, INV, 3, 101)],
}


def _problem_for(rule: str) -> SchedulingProblem:
    if rule == "within-max-meetings":
        return small_problem(max_meetings={INV: 1})
    if rule == "fixed-kept":
        return small_problem(fixed=(Meeting(S2, INV, 2, 101),))
    return small_problem()


def test_a_valid_schedule_has_no_violation():
    assert validate_schedule(small_problem(), GOOD) == []


def test_every_rule_has_a_bad_schedule_below():
    assert {rule.name for rule in RULES} == set(BAD_SCHEDULES)


@pytest.mark.parametrize("rule", sorted(BAD_SCHEDULES))
def test_validate_schedule_catches_each_broken_rule(rule):
    problem = _problem_for(rule)
    violations = validate_schedule(problem, BAD_SCHEDULES[rule])
    assert rule in {v.rule for v in violations}, violations
    caught = next(v for v in violations if v.rule == rule)
    assert caught.meetings and caught.message  # which meetings, in words
    assert any(m in BAD_SCHEDULES[rule] for m in caught.meetings)


# -- ... and by the solver's ledger, which refuses the same placements -------------------

@pytest.mark.parametrize("rule, setup, pair, slot", [
    ("not-with-oneself", [], (S1, S1), 2),
    ("known-participants-and-slot", [], (INV, PAR), 2),  # no start-up in it
    ("allowed-pair", [], (S2, PAR), 2),
    ("both-available", [], (S3, PAR), 1),
    ("one-meeting-per-person-and-slot", [(S1, INV, 1)], (S1, PAR), 1),
    ("one-meeting-per-table-and-slot", [(S1, INV, 1), (S3, PAR, 2)], (S2, INV), 2),
    ("within-max-meetings", [(S1, INV, 1)], (S1, PAR), 3),
    ("pair-at-most-once", [(S1, INV, 1)], (S1, INV), 2),
])
def test_the_ledger_refuses_what_the_rule_forbids(rule, setup, pair, slot):
    problem = small_problem(tables=(100,)) if "table" in rule else small_problem()
    if rule == "within-max-meetings":
        problem = small_problem(max_meetings={S1: 1})
    index = ProblemIndex(problem)
    ledger = Ledger(index)
    for a, b, t in setup:
        ledger.place(index.pos[a], index.pos[b], index.slot_pos[t])
    a, b, t = index.pos[pair[0]], index.pos[pair[1]], index.slot_pos[slot]
    assert rule in ledger.why_not(a, b, t)
    with pytest.raises(ValueError, match=rule):
        ledger.place(a, b, t)


def test_the_ledger_keeps_fixed_meetings_and_their_tables():
    fixed = Meeting(S2, INV, 2, 101)
    problem = small_problem(fixed=(fixed,), tables=(101,))
    index = ProblemIndex(problem)
    ledger = Ledger(index)
    slot2 = index.slot_pos[2]
    assert "fixed-kept" in ledger.why_not(index.pos[S2], index.pos[INV], index.slot_pos[3])
    assert "one-meeting-per-table-and-slot" in ledger.why_not(index.pos[S3], index.pos[PAR],
                                                               slot2)
    with pytest.raises(ValueError, match="fixed"):
        ledger.remove(next(iter(ledger.fixed_ids)))


def test_meetings_held_elsewhere_count_toward_caps_and_fairness():
    problem = small_problem(held={S1: 3, S2: 1})  # S1 is at its cap of 3 already
    result = schedule(problem)
    assert all(S1 not in m.people for m in result.meetings)
    assert result.report["per_startup"]["max"] >= 3
    assert validate_schedule(problem, result.meetings) == []
    too_many = validate_schedule(problem, [Meeting(S1, INV, 1, 100)])
    assert [v.rule for v in too_many] == ["within-max-meetings"]
    assert "held elsewhere" in too_many[0].message


def test_fixed_meetings_that_break_the_rules_are_refused_with_the_reason():
    problem = small_problem(fixed=(Meeting(S3, PAR, 1, 100),))  # S3 is away in slot 1
    with pytest.raises(InvalidProblem, match="not available"):
        schedule(problem)


# -- the solver ------------------------------------------------------------------------

def test_the_solver_respects_availability_limits_and_fixed_meetings():
    problem = generate(30, 10, days=2, slots_per_day=5, tables=6, availability=0.6, seed=3,
                       candidates_per_startup=(3, 8), fixed_share=0.2)
    assert problem.fixed
    result = schedule(problem, time_limit=5)
    assert validate_schedule(problem, result.meetings) == []
    assert set(result.fixed) == set(problem.fixed)
    assert not set(result.meetings) & set(problem.fixed)
    everything = result.all_meetings
    assert all(problem.is_available(p, m.slot) for m in result.meetings for p in m.people)
    counts = meetings_per(everything, problem.participants)
    assert all(counts[p] <= problem.cap(p) for p in problem.participants)
    json.dumps(result.report)  # the report is JSON


def test_fixed_meetings_count_toward_the_limits_and_never_move():
    fixed = Meeting(S1, PAR, 3, 101)
    problem = small_problem(fixed=(fixed,), max_meetings={INV: 2, S1: 1})
    result = schedule(problem)
    assert fixed not in result.meetings and fixed in result.all_meetings
    assert all(S1 not in m.people for m in result.meetings)  # S1's only meeting is fixed
    assert validate_schedule(problem, result.meetings) == []


def test_a_mutual_must_meet_comes_before_recommendations_when_capacity_is_short():
    # one investor with room for two meetings; three start-ups want it
    problem = SchedulingProblem(
        startups=(1, 2, 3), others=(10,), slots=(1, 2, 3), tables=(1, 2),
        candidates={(1, 10): Candidate(1.0), (2, 10): Candidate(0.99),
                    (3, 10): Candidate(0.0, priority=3)},
        max_meetings={10: 2}, min_per_startup=0)
    result = schedule(problem)
    assert {m.startup for m in result.meetings} == {1, 3}
    assert result.report["by_priority"] == {"mutual": 1, "requested": 0, "recommended": 1}


def test_a_request_outweighs_three_recommendations_it_would_displace():
    # the request (2, 10) can only happen in slot 1, where 10 and the tables are busy
    problem = SchedulingProblem(
        startups=(1, 2, 3), others=(10, 11), slots=(1,), tables=(1, 2),
        candidates={(1, 10): Candidate(1.0), (3, 11): Candidate(1.0),
                    (2, 10): Candidate(0.0, priority=2)},
        min_per_startup=0)
    result = schedule(problem)
    assert Meeting(2, 10, 1, 1) in result.meetings or any(
        m.pair == (2, 10) for m in result.meetings)


def test_fairness_the_round_robin_leaves_a_startup_out_the_solver_does_not():
    # MeetMax-style greedy: start-up 1 takes its favourite, investor 10, whose single
    # meeting was start-up 2's only chance. The fair solver gives everybody one.
    problem = SchedulingProblem(
        startups=(1, 2, 3), others=(10, 11, 12), slots=(1, 2), tables=(1, 2, 3),
        candidates={(1, 10): Candidate(0.9), (1, 11): Candidate(0.8),
                    (2, 10): Candidate(0.5),
                    (3, 11): Candidate(0.7), (3, 12): Candidate(0.6)},
        max_meetings={10: 1, 11: 1, 12: 1})
    greedy = round_robin(problem)
    assert validate_schedule(problem, greedy) == []
    assert meetings_per(greedy, problem.startups)[2] == 0
    result = schedule(problem)
    assert min(meetings_per(result.meetings, problem.startups).values()) == 1
    assert result.report["startups_without_meeting"] == 0


def test_fairness_on_a_generated_event_with_few_tables():
    problem = generate(40, 12, days=1, slots_per_day=8, tables=6, availability=0.7, seed=0,
                       candidates_per_startup=(2, 5))
    greedy = round_robin(problem)
    left_out = [s for s, c in meetings_per(greedy, problem.startups).items() if c == 0]
    assert left_out  # the baseline leaves somebody out ...
    result = schedule(problem, time_limit=5)
    assert result.report["startups_without_meeting"] == 0  # ... the solver does not
    assert validate_schedule(problem, result.meetings) == []


def test_same_seed_same_schedule():
    problem = generate(60, 25, days=2, slots_per_day=6, tables=10, availability=0.6, seed=5,
                       candidates_per_startup=(5, 12))
    first = schedule(problem, seed=7, time_limit=10)
    second = schedule(problem, seed=7, time_limit=10)
    assert first.meetings == second.meetings
    assert first.report["objective"] == second.report["objective"]


def test_a_tiny_time_limit_still_gives_a_valid_schedule_quickly():
    problem = generate(600, 300, days=2, slots_per_day=10, tables=120, availability=0.8,
                       seed=1, candidates_per_startup=(20, 30))
    started = time.perf_counter()
    result = schedule(problem, time_limit=0.01)
    elapsed = time.perf_counter() - started
    assert elapsed < 5.0  # set-up and the greedy fill only
    assert result.report["time_limit_hit"] is True
    assert result.report["bound"] is None  # no time left for it
    assert result.meetings
    assert validate_schedule(problem, result.meetings) == []


def test_startup_to_startup_meetings_are_supported():
    problem = SchedulingProblem(
        startups=(1, 2, 3), others=(10,), slots=(1, 2), tables=(1,),
        candidates={(1, 2): Candidate(0.8), (2, 3): Candidate(0.6), (1, 10): Candidate(0.5)},
        max_meetings={2: 1})
    result = schedule(problem)
    assert validate_schedule(problem, result.meetings) == []
    assert {m.pair for m in result.meetings} == {(1, 10), (2, 3)}  # 2 can meet only once


# -- the bound --------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(6))
def test_the_bound_is_never_below_the_objective(seed):
    problem = generate(25 + 5 * seed, 8 + seed, days=2, slots_per_day=4, tables=3 + seed,
                       availability=(0.5, 0.9)[seed % 2], seed=seed,
                       candidates_per_startup=(3, 8), fixed_share=0.1 * (seed % 3))
    result = schedule(problem, time_limit=5, seed=seed)
    assert result.report["bound"] >= result.report["objective"]
    greedy = round_robin(problem)
    assert result.report["bound"] >= weight_of(problem, greedy)
    for method in ("pairs", "slots"):
        assert upper_bound(problem, method=method).value >= result.report["objective"] - 1e-9


@pytest.mark.parametrize("seed", range(8))
def test_the_bound_reaches_the_exact_optimum_and_the_solver_stays_under_it(seed):
    problem = generate(6 + seed, 3 + seed % 4, days=1 + seed % 2, slots_per_day=3,
                       tables=1 + seed % 3, availability=(0.5, 0.7, 0.9)[seed % 3],
                       seed=seed, candidates_per_startup=(1, 4), min_per_startup=0,
                       fixed_share=0.2 if seed % 2 else 0.0)
    optimum, best = exact_optimum(problem)
    assert validate_schedule(problem, best) == []
    for method in ("pairs", "slots"):
        assert upper_bound(problem, method=method).value >= optimum - 1e-9
    result = schedule(problem, time_limit=5)
    assert result.report["objective"] <= optimum + 1e-9
    assert result.report["objective"] >= optimum - 1e-6  # small events are solved exactly


def test_the_fairness_bound_prices_fairness():
    problem = generate(40, 12, days=1, slots_per_day=8, tables=6, availability=0.7, seed=0,
                       candidates_per_startup=(2, 5))
    result = schedule(problem, time_limit=5)
    reached = result.report["startups_reaching"]
    plain = upper_bound(problem).value
    fair = upper_bound(problem, at_fairness=reached).value
    assert result.report["objective"] <= fair + 1e-9 <= plain + 1e-9


# -- live re-planning --------------------------------------------------------------------

@pytest.fixture(scope="module")
def live_event():
    problem = generate(40, 30, days=2, slots_per_day=6, tables=12, availability=0.9, seed=2,
                       candidates_per_startup=(6, 12))
    return problem, schedule(problem, time_limit=5).all_meetings


def _kept_unchanged(before, after, removed):
    gone = {m for m, _ in removed}
    return all(m in after for m in before if m not in gone)


def test_replan_after_a_no_show_moves_nothing_and_fills_the_freed_places(live_event):
    problem, current = live_event
    now = 2
    window = [s for s in problem.slots if s > now and problem.day_of(s) == problem.day_of(now)]
    investor = max(problem.others, key=lambda o: sum(o in m.people and m.slot in window
                                                     for m in current))
    result = replan(problem, current, now_slot=now, no_shows=[investor])
    assert _kept_unchanged(current, result.meetings, result.removed)
    assert {m for m, _ in result.removed} == {m for m in current
                                             if investor in m.people and m.slot in window}
    assert all("did not show up" in reason for _, reason in result.removed)
    assert result.added and all(m.slot in window for m in result.added)
    assert all(investor not in m.people for m in result.added)
    partners = {p for m, _ in result.removed for p in m.people} - {investor}
    assert all(set(m.people) & partners for m in result.added)  # only the affected
    assert validate_schedule(result.problem.with_changes(fixed=()), result.meetings) == []


def test_replan_after_cancellations_and_a_walk_in(live_event):
    problem, current = live_event
    now = 7  # first slot of day two: slots 8-12 remain
    cancelled = [m for m in current if m.slot == 9][:2]
    walk_in = WalkIn(999, is_startup=True, max_meetings=3,
                     candidates={o: Candidate(0.95) for o in problem.others[:10]})
    result = replan(problem, current, now_slot=now, cancelled=cancelled, walk_ins=[walk_in])
    assert _kept_unchanged(current, result.meetings, result.removed)
    assert [m for m, _ in result.removed] == cancelled
    assert all(reason == "cancelled" for _, reason in result.removed)
    assert all(m.pair not in {c.pair for c in cancelled} for m in result.added)
    assert any(999 in m.people for m in result.added)
    assert all(8 <= m.slot <= 12 for m in result.added)
    assert validate_schedule(result.problem.with_changes(fixed=()), result.meetings) == []
    again = replan(problem, current, now_slot=now, cancelled=cancelled, walk_ins=[walk_in])
    assert again.added == result.added  # deterministic


def test_replan_refuses_a_cancellation_of_an_unknown_meeting(live_event):
    problem, current = live_event
    with pytest.raises(InvalidProblem, match="not in the schedule"):
        replan(problem, current, now_slot=1, cancelled=[Meeting(1, 999, 2, 1)])


# -- the generator -----------------------------------------------------------------------

def test_the_generator_is_deterministic_and_realistic():
    first = generate(200, 200, days=2, slots_per_day=10, tables=30, availability=0.5, seed=4)
    second = generate(200, 200, days=2, slots_per_day=10, tables=30, availability=0.5, seed=4)
    assert first == second
    assert first != generate(200, 200, days=2, slots_per_day=10, tables=30, availability=0.5,
                             seed=5)
    people, slots = len(first.participants), len(first.slots)
    share = 1 - len(first.unavailable) / (people * slots)
    assert 0.45 <= share <= 0.55
    per_startup = meetings_per([Meeting(s, o, 1, 1) for s, o in first.candidates],
                               first.startups)
    assert 30 <= min(per_startup.values()) and max(per_startup.values()) <= 60
    priorities = [c.priority for c in first.candidates.values()]
    assert 0.01 < sum(p > 1 for p in priorities) / len(priorities) < 0.08
    popularity = sorted(meetings_per([Meeting(s, o, 1, 1) for s, o in first.candidates],
                                     first.others).values())
    assert popularity[-1] > 3 * popularity[len(popularity) // 2]  # a few very popular
