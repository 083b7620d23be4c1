"""Scheduler benchmark: three event sizes, each at 90% and 50% availability, with the
MeetMax-style round-robin greedy alongside.

    .venv/bin/python benchmarks/scheduling_benchmark.py --sizes casablanca,gitex,slush
    .venv/bin/python benchmarks/scheduling_benchmark.py --sizes casablanca --repeat 3

Every run (an instance and a method) happens in its own process, so that its peak memory
(``ru_maxrss``) is its own; with ``--repeat N`` each is run N times and the medians of the
time and memory are shown (the machine is shared and noisy). Prints a markdown table and
writes ``benchmarks/results/scheduling.json``.

Targets (the gap is relative to the scheduler's own certified bound):
Casablanca 150 x 60, 2 x 18 slots, 30 tables: gap <= 0.1% in <= 10 s;
GITEX 1,800 x 1,200, 2 x 20 slots, 400 tables: gap <= 1% in <= 60 s;
Slush 5,500 x 3,300, 2 x 20 slots, 1,000 tables: gap <= 2% in <= 300 s, peak <= 6 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "scheduling.json"

SIZES = {
    # name: (start-ups, investors+partners, days, slots per day, tables, time limit, gap target)
    "casablanca": (150, 60, 2, 18, 30, 10.0, 0.001),
    "gitex": (1_800, 1_200, 2, 20, 400, 60.0, 0.01),
    "slush": (5_500, 3_300, 2, 20, 1_000, 300.0, 0.02),
}
MEMORY_TARGET_MB = {"slush": 6 * 1024}
AVAILABILITIES = (0.9, 0.5)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def worker(size: str, availability: float, seed: int, method: str, min_per_startup: int = 1,
           fair_bound: bool = False) -> dict:
    """One run, in this process: generate, solve (or run the baseline), validate."""
    sys.path.insert(0, str(ROOT))
    from matchmaking.scheduling import (generate, round_robin, schedule, upper_bound,
                                        validate_schedule)
    from matchmaking.scheduling.solver import build_report

    n_s, n_o, days, per_day, tables, limit, _ = SIZES[size]
    began = time.perf_counter()
    problem = generate(n_s, n_o, days=days, slots_per_day=per_day, tables=tables,
                       availability=availability, seed=seed, min_per_startup=min_per_startup)
    generated = time.perf_counter() - began
    began = time.perf_counter()
    if method == "solver":
        result = schedule(problem, time_limit=limit, seed=seed)
        meetings, report = result.meetings, result.report
    else:
        meetings = round_robin(problem)
        report = build_report(problem, meetings, seconds=time.perf_counter() - began,
                              seed=seed, time_limit_hit=False)
    seconds = time.perf_counter() - began
    peak = _peak_mb()
    violations = validate_schedule(problem, meetings)
    if fair_bound and method == "solver":  # after the clock: the price of fairness
        fair = upper_bound(problem, at_fairness=report["startups_reaching"]).value
        report["bound_at_fairness"] = fair
        report["gap_at_fairness"] = (fair - report["objective"]) / fair if fair else 0.0
    return {"size": size, "availability": availability, "method": method, "seed": seed,
            "min_per_startup": min_per_startup, "candidates": len(problem.candidates),
            "generate_seconds": round(generated, 2), "seconds": round(seconds, 3),
            "peak_mb": round(peak, 1), "violations": len(violations), "report": report}


def run_in_subprocess(**job) -> dict:
    command = [sys.executable, __file__, "--worker", json.dumps(job)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{job} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def median_run(runs: list[dict]) -> dict:
    """The run with the median time, with the medians of time and memory."""
    ordered = sorted(runs, key=lambda r: r["seconds"])
    chosen = dict(ordered[len(ordered) // 2])
    chosen["seconds"] = statistics.median(r["seconds"] for r in runs)
    chosen["peak_mb"] = statistics.median(r["peak_mb"] for r in runs)
    chosen["repeats"] = len(runs)
    return chosen


def _fmt_pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.4f}%"


def row(size: str, availability: float, solver: dict, baseline: dict) -> str:
    s, b = solver["report"], baseline["report"]
    bound = s["bound"]
    b_gap = None if not bound else (bound - b["objective"]) / bound
    ps, pb = s["per_startup"], b["per_startup"]
    ratio = s["objective"] / b["objective"] if b["objective"] else float("nan")
    return (f"| {size} | {int(availability * 100)}% | {s['objective']:.1f} | {bound:.1f} | "
            f"{_fmt_pct(s['gap'])} | {ps['min']}/{ps['median']:g}/{ps['max']} | "
            f"{s['startups_without_meeting']} | {s['unused_table_slots']} | "
            f"{solver['seconds']:.1f} | {solver['peak_mb']:.0f} | "
            f"{b['objective']:.1f} | {_fmt_pct(b_gap)} | "
            f"{pb['min']}/{pb['median']:g}/{pb['max']} | "
            f"{b['startups_without_meeting']} | {b['unused_table_slots']} | "
            f"{baseline['seconds']:.1f} | {baseline['peak_mb']:.0f} | {ratio:.4f} |")


HEADER = (
    "| instance | avail. | objective | bound | gap | min/med/max per start-up | none | "
    "unused table-slots | s | peak MB | baseline objective | baseline gap | "
    "baseline min/med/max | baseline none | baseline unused | baseline s | baseline MB | "
    "solver/baseline |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")


def check_targets(size: str, solver: dict) -> list[str]:
    """What misses its target, in words (an empty list: all targets held)."""
    _, _, _, _, _, limit, gap_target = SIZES[size]
    report, misses = solver["report"], []
    if solver["violations"]:
        misses.append(f"{solver['violations']} rule violations")
    if report["gap"] is None or report["gap"] > gap_target:
        misses.append(f"gap {_fmt_pct(report['gap'])} > {100 * gap_target:g}%")
    if solver["seconds"] > limit:
        misses.append(f"{solver['seconds']:.0f} s > {limit:.0f} s")
    memory = MEMORY_TARGET_MB.get(size)
    if memory and solver["peak_mb"] > memory:
        misses.append(f"peak {solver['peak_mb']:.0f} MB > {memory} MB")
    return misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="casablanca,gitex,slush")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=1, help="runs per instance (medians)")
    parser.add_argument("--availability", default=",".join(map(str, AVAILABILITIES)))
    parser.add_argument("--out", default=str(RESULTS))
    parser.add_argument("--min-per-startup", type=int, default=1,
                        help="the fairness target of the generated events (default 1)")
    parser.add_argument("--fair-bound", action="store_true",
                        help="also bound the schedules at least as fair as the solver's "
                             "(untimed), to separate the price of fairness from the gap")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(**json.loads(args.worker))))
        return
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = set(sizes) - set(SIZES)
    if unknown:
        parser.error(f"unknown sizes: {', '.join(sorted(unknown))} (known: {', '.join(SIZES)})")
    availabilities = [float(a) for a in args.availability.split(",")]
    results, lines, misses = [], [], {}
    for size in sizes:
        for availability in availabilities:
            runs = {m: median_run([run_in_subprocess(
                size=size, availability=availability, seed=args.seed, method=m,
                min_per_startup=args.min_per_startup, fair_bound=args.fair_bound)
                for _ in range(args.repeat)]) for m in ("solver", "baseline")}
            results.append({"size": size, "availability": availability, **runs,
                            "targets_missed": check_targets(size, runs["solver"])})
            lines.append(row(size, availability, runs["solver"], runs["baseline"]))
            misses[f"{size} {int(availability * 100)}%"] = results[-1]["targets_missed"]
            print(f"done: {size} at {int(availability * 100)}%", file=sys.stderr, flush=True)
    print(f"min_per_startup = {args.min_per_startup}, seed = {args.seed}, "
          f"repeat = {args.repeat}\n")
    print(HEADER)
    print("\n".join(lines))
    print()
    if args.fair_bound:
        for result in results:
            report = result["solver"]["report"]
            print(f"- {result['size']} {int(result['availability'] * 100)}%: start-ups "
                  f"reaching 1..{args.min_per_startup} meetings {report['startups_reaching']}, "
                  f"bound at that fairness {report['bound_at_fairness']:.1f}, gap at that "
                  f"fairness {_fmt_pct(report['gap_at_fairness'])} (plain gap "
                  f"{_fmt_pct(report['gap'])})")
        print()
    for name, missed in misses.items():
        print(f"- {name}: {'all targets held' if not missed else '; '.join(missed)}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"seed": args.seed, "repeat": args.repeat,
                               "min_per_startup": args.min_per_startup, "results": results},
                              indent=2), encoding="utf-8")
    print(f"\nwritten: {out}")


if __name__ == "__main__":
    main()
