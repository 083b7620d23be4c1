"""Load on the real server: N simulated participants, each a browser tab speaking
Streamlit's websocket protocol (``benchmarks/streamlit_client.py``: no browser, no AppTest),
against ``streamlit run serve.py`` on a fresh demo database (``init --demo``, ``embed``).

Each participant signs in with their personal link (``/signin?code=...``, which sets the
HttpOnly ``mm_session`` cookie), opens the app's websocket with that cookie, then acts every
``--think`` seconds on average (exponential, seeded): opens the recommendations, filters
them (a search word, a kind, sector, stage, country or language), opens the requests,
sends a request to a recommended counterpart (with a note), accepts or declines a request
received, withdraws one when at the pending limit, opens the agenda. Each start-up or
investor is given a few requests from counterparts first, so there is something to
answer. An interaction's latency runs from sending its ``BackMsg`` to its run's
``script_finished``; an exception element, an ``st.error`` alert, a page not found, a
timeout or a lost connection is a failure (reported with its message).

Reported, per number of participants (``--levels``, sessions reused from one level to the
next; beyond the demo's participants, several sessions share one person): p50 / p95 / max
latency per kind of interaction and overall (of the interactions started in the measured
window, waited for to their end), throughput (interactions completed in the window /s), and
the server's CPU per interaction (utime + stime of the server process, all its threads,
from /proc/PID/stat, over the measured window, divided by the interactions completed in
it). Also the server CPU of opening a personal link, i.e. a new session (sign-in, the
page's address, the websocket, the first full page render), one at a time, median of
``--new-sessions``; and the same load with 1 and 2 app processes behind nginx
(``deploy/nginx.conf``, ``deploy/serve_cluster.py``) when nginx is installed.

    .venv/bin/python benchmarks/load_benchmark.py                      # the default run, ~9 min
    .venv/bin/python benchmarks/load_benchmark.py --levels 20 --duration 20 --no-proxy
    .venv/bin/python benchmarks/load_benchmark.py --url http://127.0.0.1:8501 \
        --db data/matchmaking.db --server-pid 12345 --no-proxy   # a server already running

A table on stdout, everything in ``benchmarks/results/load_benchmark.json``. The load
generator runs on the same machine as the server: its own CPU is reported beside.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "benchmarks"))
sys.path.insert(0, str(PROJECT / "deploy"))

import serve_cluster  # noqa: E402
from streamlit_client import RunResult, Session, http_get, sign_in  # noqa: E402

RESULTS = PROJECT / "benchmarks" / "results" / "load_benchmark.json"
TICKS = os.sysconf("SC_CLK_TCK")
SEARCH_WORDS = ("water", "énergie", "mobility", "solar", "Casablanca", "fintech", "waste",
                "AI", "")
FILTERS = ("kind", "sector", "stage", "country", "language")
# How often each action is chosen; an action needing another page opens it first.
ACTIONS = {"recommendations": 0.15, "filter": 0.25, "requests": 0.15, "send_request": 0.15,
           "answer": 0.15, "agenda": 0.15}
PAGE_OF = {"filter": "recommendations", "send_request": "recommendations",
           "answer": "requests", "withdraw": "requests"}
MAX_PENDING = 10  # the event's default outgoing pending requests per participant
REFRESH = "(timed refresh)"  # a fragment's run_every rerun, sent by the tab, not the person


# --- CPU of a process, from /proc -------------------------------------------------------------
def cpu_seconds(pids: list[int]) -> float | None:
    """utime + stime of the processes (each counts all its threads), in seconds."""
    if not pids:
        return None
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        total += int(fields[11]) + int(fields[12])  # utime, stime (14th, 15th of the line)
    return total / TICKS


def client_cpu() -> float:
    times = os.times()
    return times.user + times.system


# --- the database --------------------------------------------------------------------------
def make_demo_database(folder: Path) -> Path:
    db_path = folder / "demo.db"
    cli = [sys.executable, "-m", "matchmaking", "--db", str(db_path)]
    subprocess.run([*cli, "init", "--demo"], check=True, capture_output=True, cwd=PROJECT)
    subprocess.run([*cli, "embed"], check=True, capture_output=True, cwd=PROJECT)
    # as `make run` does before starting the app (else the first sessions make it, racing)
    subprocess.run([*cli, "organiser-code"], check=True, capture_output=True, cwd=PROJECT)
    return db_path


def copy_database(source: Path, target: Path) -> Path:
    """A copy of the database with its secret (links keep working) and organiser code."""
    import sqlite3

    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    for suffix in (".secret", ".organiser"):
        extra = source.with_name(source.name + suffix)
        if extra.exists():
            shutil.copy2(extra, target.with_name(target.name + suffix))
    return target


def participants_and_links(db_path: Path, base_url: str) -> list[dict]:
    from matchmaking import storage
    from matchmaking.domain import access
    from matchmaking.services import event as services

    db = storage.open_database(db_path)
    try:
        people = {p["email"]: p for p in storage.list_participants(db)}
        links = services.invitation_links(db, access.load_secret(db_path), base_url)
    finally:
        db.close()
    return [{**people[row["email"]], "link": row["link"]} for row in links
            if row["email"] in people]


def _people(db_path: Path, seed: int, base_url: str = "http://127.0.0.1") -> list[dict]:
    """The participants with their links, in the seeded order sessions take them."""
    people = participants_and_links(db_path, base_url)
    random.Random(seed).shuffle(people)
    return people


def seed_requests(db_path: Path, people: list[dict], per_person: int, seed: int) -> int:
    """Give each participant up to ``per_person`` pending requests from counterparts of a
    kind they may meet, so that answering has something to answer."""
    from matchmaking import storage
    from matchmaking.services import participant as svc

    rng = random.Random(seed)
    counterparts = {"startup": ("investor", "partner"), "investor": ("startup",),
                    "partner": ("startup",)}
    made = 0
    db = storage.open_database(db_path)
    try:
        for person in people:
            pool = [p for p in people if p["kind"] in counterparts.get(person["kind"], ())]
            got = 0
            for other in rng.sample(pool, min(len(pool), per_person * 3)):
                outcome = svc.request_meeting(db, other["email"], person["email"],
                                              note="Could we meet at the village?")
                got += bool(outcome.ok)
                if got >= per_person:
                    break
            made += got
    finally:
        db.close()
    return made


# --- one simulated participant ------------------------------------------------------------
@dataclass
class Record:
    kind: str
    start: float
    end: float
    result: RunResult


@dataclass
class Participant:
    index: int
    person: dict
    base_url: str
    rng: random.Random
    timeout: float = 120
    session: Session | None = None
    intent: str | None = None
    pending_out: int = 0
    sent: list[int] = field(default_factory=list)  # recipients' ids, request acknowledged
    answered: list[tuple[int, str]] = field(default_factory=list)  # (request id, how)
    refreshed: dict[str, float] = field(default_factory=dict)  # fragment -> last timed rerun

    async def open(self) -> RunResult:
        """Sign in with the personal link, load the page and its websocket, first render."""
        cookie = await sign_in(self.person["link"], self.base_url)
        for path in ("/", "/_stcore/health", "/_stcore/host-config"):
            await http_get(self.base_url + path, cookie)
        self.session = Session(self.base_url, cookie, timeout=self.timeout)
        await self.session.connect()
        return await self.session.run("")

    async def close(self) -> None:
        if self.session is not None:
            await self.session.close()

    def _path(self, page: str) -> str:
        pages = self.session.pages
        for candidate in (f"{page}_page", page):
            if candidate in pages:
                return candidate
        return ""  # the landing page (recommendations for a participant)

    def _on(self, page: str) -> bool:
        return self.session.page == self._path(page)

    async def act(self, action: str | None = None) -> tuple[str, RunResult]:
        """One interaction: ``action``, else the intent left by the last one, else a random
        one. Returns its kind (what was really done) and its result."""
        action = action or self.intent or self.rng.choices(
            list(ACTIONS), weights=list(ACTIONS.values()))[0]
        self.intent = None
        if action == "send_request" and self.pending_out >= MAX_PENDING:
            action = "withdraw"
        page = PAGE_OF.get(action)
        if page and not self._on(page):
            self.intent = action
            return page, await self._open(page)
        return await getattr(self, "_" + action)()

    async def _open(self, page: str) -> RunResult:
        result = await self.session.run(self._path(page))
        if page == "requests":
            self.pending_out = len(self.session.widgets_with_prefix("p.req.withdraw."))
        return result

    async def _recommendations(self):
        return "recommendations", await self._open("recommendations")

    async def _requests(self):
        return "requests", await self._open("requests")

    async def _agenda(self):
        return "agenda", await self._open("agenda")

    async def _filter(self):
        s = self.session
        if self.rng.random() < 0.3:
            found = s.widget("p.rec.search")
            if found:
                return "filter", await s.run(set_values={
                    found[0]: self.rng.choice(SEARCH_WORDS)})
        name = self.rng.choice(FILTERS)
        boxes = [(k, wid, proto) for k, wid, proto in s.widgets_with_prefix(f"p.rec.{name}.")
                 if not proto.disabled and proto.options]
        if not boxes:
            return "filter", await s.run()
        _, wid, proto = boxes[0]
        options = list(proto.options)
        value = options[0] if self.rng.random() < 0.4 else self.rng.choice(options)
        return "filter", await s.run(set_values={wid: value})

    async def _send_request(self):
        """A card's "Request a meeting" opens a dialog (one interaction, ``request_dialog``);
        its note and "Send" are the next one."""
        s = self.session
        sends = [(k, wid) for k, wid, proto in s.widgets_with_prefix("p.rec.send.")
                 if not proto.disabled]
        if not sends:
            asks = [(k, wid) for k, wid, proto in s.widgets_with_prefix("p.rec.request.")
                    if not proto.disabled]
            if not asks:  # filtered down to nobody to ask: back to the whole list
                for wid in [w for w in s.values if "-p.rec." in w]:
                    del s.values[wid]
                return "recommendations", await s.run()
            _, wid = self.rng.choice(asks[:5])
            self.intent = "send_request"
            return "request_dialog", await s.run(click=wid)
        key, wid = sends[0]
        other = int(key.rsplit(".", 1)[1])
        note = s.widget(f"p.rec.note.{other}")
        values = {note[0]: f"Hello from {self.person['organisation']}: shall we meet?"} \
            if note else {}
        result = await s.run(set_values=values, click=wid)
        if result.successes and not result.failed:
            self.sent.append(other)
            self.pending_out += 1
        return "send_request", result

    async def _answer(self):
        s = self.session
        accepts = {k.rsplit(".", 1)[1]: (wid, proto.disabled)
                   for k, wid, proto in s.widgets_with_prefix("p.req.accept.")}
        declines = {k.rsplit(".", 1)[1]: wid
                    for k, wid, _ in s.widgets_with_prefix("p.req.decline.")}
        if not declines:  # nothing to answer: look again
            return "requests", await self._open("requests")
        request_id = self.rng.choice(sorted(declines))
        accept_id, no_slot = accepts.get(request_id, (None, True))
        if accept_id and not no_slot and self.rng.random() < 0.5:
            how, click, values = "accepted", accept_id, {}
        else:
            reason = s.widget(f"p.req.reason.{request_id}")
            how, click = "declined", declines[request_id]
            values = {reason[0]: "Not a fit this time, thank you."} if reason else {}
        result = await s.run(set_values=values, click=click)
        if result.successes and not result.failed:
            self.answered.append((int(request_id), how))
        return "answer", result

    async def _withdraw(self):
        s = self.session
        buttons = s.widgets_with_prefix("p.req.withdraw.")
        self.pending_out = len(buttons)
        if not buttons:
            return "requests", await self._open("requests")
        _, wid, _ = self.rng.choice(buttons)
        result = await s.run(click=wid)
        if not result.failed:
            self.pending_out = max(0, self.pending_out - 1)
        return "withdraw", result

    async def _refresh_due(self, records: list[Record]) -> None:
        """The timed fragment reruns a browser tab would have sent since the last action
        (the sidebar's unread count: ``st.fragment(run_every=...)``), at most one each:
        the server's cost of an open tab, not a person's interaction."""
        now = time.perf_counter()
        for fragment, interval in list(self.session.auto_reruns.items()):
            last = self.refreshed.setdefault(fragment, now)
            if interval > 0 and now - last >= interval:
                self.refreshed[fragment] = now
                start = time.perf_counter()
                result = await self.session.run(fragment_id=fragment)
                records.append(Record(REFRESH, start, time.perf_counter(), result))

    async def loop(self, stop: asyncio.Event, records: list[Record], think: float) -> None:
        while not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), self.rng.expovariate(1 / think))
                break
            except asyncio.TimeoutError:
                pass
            await self._refresh_due(records)
            start = time.perf_counter()
            kind, result = await self.act()
            records.append(Record(kind, start, time.perf_counter(), result))
            if result.status == "closed":  # the server dropped us: a new tab
                await self.close()
                try:
                    await self.open()
                except Exception:
                    await asyncio.sleep(1)


# --- statistics -------------------------------------------------------------------------------
def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = q / 100 * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def latency_summary(seconds: list[float]) -> dict:
    return {"count": len(seconds), "p50_ms": round(percentile(seconds, 50) * 1000, 1),
            "p95_ms": round(percentile(seconds, 95) * 1000, 1),
            "max_ms": round(max(seconds, default=float("nan")) * 1000, 1)}


def failures_of(records: list[Record]) -> dict:
    messages: Counter = Counter()
    count = 0
    for r in records:
        if r.result.failed:
            count += 1
            parts = [f"{r.kind}: {r.result.status}"] if r.result.status != "ok" else []
            parts += [f"{r.kind}: exception {m[:160]}" for m in r.result.exceptions]
            parts += [f"{r.kind}: error {m[:160]}" for m in r.result.errors]
            parts += [f"{r.kind}: page not found"] if r.result.page_not_found else []
            messages.update(parts)
    return {"count": count, "messages": dict(messages.most_common(10))}


# --- the runs ---------------------------------------------------------------------------------
async def open_sessions(pool: list[Participant], count: int, make, concurrency: int = 4
                        ) -> list[RunResult]:
    """Grow the pool to ``count`` signed-in participants (a few sign-ins at a time)."""
    new = [make(i) for i in range(len(pool), count)]
    gate = asyncio.Semaphore(concurrency)
    results = []

    async def one(p: Participant):
        async with gate:
            results.append(await p.open())

    await asyncio.gather(*(one(p) for p in new))
    pool.extend(new)
    return results


async def measure_new_sessions(pool: list[Participant], count: int, make, pids: list[int]
                               ) -> dict:
    """Server CPU of opening a personal link, one new session at a time."""
    warm = make(len(pool))  # the event's scores are computed by the first session
    await warm.open()
    pool.append(warm)
    await asyncio.sleep(1)
    idle0, t0 = cpu_seconds(pids), time.perf_counter()
    await asyncio.sleep(3)
    idle1, t1 = cpu_seconds(pids), time.perf_counter()
    idle_rate = (idle1 - idle0) / (t1 - t0) if idle0 is not None else None
    cpu, wall, opened, failed = [], [], [], 0
    for _ in range(count):
        p = make(len(pool))
        before, start = cpu_seconds(pids), time.perf_counter()
        result = await p.open()
        opened.append(time.perf_counter() - start)
        await asyncio.sleep(0.3)  # the last messages leave the server
        after, end = cpu_seconds(pids), time.perf_counter()
        wall.append(result.seconds)
        failed += result.failed
        if before is not None:
            cpu.append(after - before - (idle_rate or 0) * (end - start))
        pool.append(p)
    out = {"sessions": count, "failed": failed,
           "first_render_p50_ms": round(statistics.median(wall) * 1000, 1),
           "link_to_page_p50_ms": round(statistics.median(opened) * 1000, 1),
           "idle_server_cpu_per_s": round(idle_rate, 4) if idle_rate is not None else None}
    if cpu:
        out.update(server_cpu_median_s=round(statistics.median(cpu), 3),
                   server_cpu_min_s=round(min(cpu), 3), server_cpu_max_s=round(max(cpu), 3))
    return out


async def run_level(pool: list[Participant], n: int, duration: float, warmup: float,
                    think: float, pids: list[int]) -> dict:
    participants = pool[:n]
    stop = asyncio.Event()
    records: list[Record] = []
    tasks = [asyncio.create_task(p.loop(stop, records, think)) for p in participants]
    await asyncio.sleep(warmup)
    by0 = [cpu_seconds([p]) for p in pids]
    cpu0, client0, t0 = cpu_seconds(pids), client_cpu(), time.perf_counter()
    await asyncio.sleep(duration)
    cpu1, client1, t1 = cpu_seconds(pids), client_cpu(), time.perf_counter()
    by1 = [cpu_seconds([p]) for p in pids]
    stop.set()
    await asyncio.gather(*tasks)  # interactions in flight end (or time out)
    # Throughput: interactions completed in the window. Latency and failures: those
    # started in it, however long they took (a saturated server completes few in time).
    by_kind = defaultdict(list)
    for r in records:
        if t0 <= r.start <= t1:
            by_kind[r.kind].append(r.result.seconds)
    # A tab's timed refreshes are shown apart; their CPU counts in each interaction's.
    refreshes = [r for r in records if r.kind == REFRESH and t0 <= r.start <= t1]
    records = [r for r in records if r.kind != REFRESH]
    completed = [r for r in records if t0 <= r.end <= t1]
    started = [r for r in records if t0 <= r.start <= t1]
    elapsed = t1 - t0
    out = {"participants": n, "seconds": round(elapsed, 1), "interactions": len(completed),
           "throughput_per_s": round(len(completed) / elapsed, 2),
           "offered_per_s": round(n / think, 2), "started_in_window": len(started),
           "overall": latency_summary([r.result.seconds for r in started]),
           "by_kind": {k: latency_summary(v) for k, v in sorted(by_kind.items())},
           "failures": failures_of(started + refreshes),
           "timed_refreshes": len(refreshes),
           "client_cpu_per_s": round((client1 - client0) / elapsed, 3)}
    out["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    if len(pids) > 1:
        out["server_cpu_s_by_process"] = [round(b - a, 2) if None not in (a, b) else None
                                          for a, b in zip(by0, by1)]
    if cpu0 is not None and cpu1 is not None:
        out["server_cpu_s"] = round(cpu1 - cpu0, 2)
        out["server_cpu_per_s"] = round((cpu1 - cpu0) / elapsed, 3)
        out["server_cpu_per_interaction_ms"] = round(
            (cpu1 - cpu0) / max(len(completed), 1) * 1000, 1)
    return out


async def run_proxy(db_source: Path, folder: Path, processes: int, n: int, duration: float,
                    warmup: float, think: float, seed: int, timeout: float,
                    options: list[str] = ()) -> dict:
    db_path = copy_database(db_source, folder / f"proxy-{processes}.db")
    cluster = await asyncio.to_thread(serve_cluster.start_cluster, db_path, processes,
                                      workdir=folder / f"proxy-{processes}", options=options)
    try:
        people = _people(db_path, seed, cluster.url)
        pool: list[Participant] = []

        def make(i: int) -> Participant:
            return Participant(i, people[i % len(people)], cluster.url,
                               random.Random(seed * 1000 + i), timeout)

        await open_sessions(pool, 1, make)  # the event's scores: once per process
        for url in cluster.app_urls[1:]:
            warm = Participant(-1, people[0], url, random.Random(0), timeout)
            await warm.open()
            await warm.close()
        await open_sessions(pool, n, make)
        result = await run_level(pool, n, duration, warmup, think, cluster.app_pids)
        proxy_cpu = cpu_seconds(cluster.proxy_pids)
        result.update(processes=processes, proxy_cpu_s_total=proxy_cpu)
        for p in pool:
            await p.close()
        return result
    finally:
        await asyncio.to_thread(cluster.close)


def print_level(title: str, level: dict) -> None:
    print(f"\n{title}: {level['participants']} participants, {level['seconds']} s measured, "
          f"{level['interactions']} interactions completed, {level['throughput_per_s']}/s "
          f"(offered {level['offered_per_s']}/s); latencies of the "
          f"{level['started_in_window']} started in the window")
    cpu = level.get("server_cpu_per_interaction_ms")
    print(f"  server CPU {level.get('server_cpu_per_s', '-')} s/s, "
          f"{cpu if cpu is not None else '-'} ms per interaction; "
          f"load generator CPU {level['client_cpu_per_s']} s/s; "
          f"failures {level['failures']['count']}")
    print(f"  {'interaction':<16}{'count':>7}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for kind, row in [*level["by_kind"].items(), ("overall", level["overall"])]:
        print(f"  {kind:<16}{row['count']:>7}{row['p50_ms']:>10}{row['p95_ms']:>10}"
              f"{row['max_ms']:>10}")
    for message, count in level["failures"]["messages"].items():
        print(f"  failure x{count}: {message}")


async def main_async(args) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="matchmaking-load-"))
    report: dict = {"conditions": {
        "machine": f"{platform.node()} {os.cpu_count()} cores", "python": sys.version.split()[0],
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "think_mean_s": args.think, "seed": args.seed, "duration_s": args.duration,
        "warmup_s": args.warmup, "streamlit_options": args.option,
        "started": time.strftime("%Y-%m-%d %H:%M:%S")}}
    server = None
    try:
        if args.url:
            base_url, db_path = args.url.rstrip("/"), args.db
            pids = [int(p) for p in args.server_pid.split(",")] if args.server_pid else []
            pristine = None
        else:
            print("making the demo database (init --demo, embed)...", flush=True)
            made = args.db or make_demo_database(folder)
            pristine = copy_database(made, folder / "pristine.db")  # also for the proxy runs
            if args.seed_requests:
                report["conditions"]["seeded_requests"] = seed_requests(
                    pristine, _people(pristine, args.seed), args.seed_requests, args.seed)
            db_path = copy_database(pristine, folder / "direct.db")
            port = serve_cluster.free_port()
            server = serve_cluster.start_app(db_path, port, folder / "server.log",
                                             options=args.option)
            base_url = f"http://127.0.0.1:{port}"
            serve_cluster.wait_healthy(base_url, [server])
            pids = [server.pid]
        people = _people(db_path, args.seed, base_url)
        if args.url and args.seed_requests:
            report["conditions"]["seeded_requests"] = seed_requests(
                db_path, people, args.seed_requests, args.seed)
        report["conditions"]["demo_participants"] = len(people)
        report["conditions"]["server"] = "attached " + base_url if args.url else \
            "streamlit run serve.py (one process)"

        def make(i: int) -> Participant:
            return Participant(i, people[i % len(people)], base_url,
                               random.Random(args.seed * 1000 + i), args.timeout)

        pool: list[Participant] = []
        print(f"new sessions, one at a time ({args.new_sessions})...", flush=True)
        report["new_session"] = await measure_new_sessions(pool, args.new_sessions, make, pids)
        ns = report["new_session"]
        print(f"  server CPU per new session: median {ns.get('server_cpu_median_s', '-')} s "
              f"(min {ns.get('server_cpu_min_s', '-')}, max {ns.get('server_cpu_max_s', '-')})"
              f", first render p50 {ns['first_render_p50_ms']} ms, failed {ns['failed']}")
        report["levels"] = []
        for n in args.levels:
            print(f"signing in up to {n} participants...", flush=True)
            await open_sessions(pool, n, make)
            level = await run_level(pool, n, args.duration, args.warmup, args.think, pids)
            report["levels"].append(level)
            print_level("direct", level)
        report["sent_requests"] = sum(len(p.sent) for p in pool)
        report["answers"] = dict(Counter(h for p in pool for _, h in p.answered))
        for p in pool:
            await p.close()
        if server is not None:
            serve_cluster.stop(server)
            server = None
        report["proxy"] = []
        if args.proxy and pristine is not None:
            if serve_cluster.nginx_binary() is None:
                report["proxy_skipped"] = "nginx is not installed"
                print("\nproxy runs skipped: nginx is not installed", flush=True)
            for processes in (1, 2) if serve_cluster.nginx_binary() else ():
                print(f"\n{processes} app process(es) behind nginx, "
                      f"{args.proxy_participants} participants...", flush=True)
                result = await run_proxy(pristine, folder, processes, args.proxy_participants,
                                         args.duration, args.warmup, args.think, args.seed,
                                         args.timeout, args.option)
                report["proxy"].append(result)
                print_level(f"nginx + {processes} process(es)", result)
            if len(report["proxy"]) == 2:
                one, two = (r["throughput_per_s"] for r in report["proxy"])
                print(f"\nthroughput with 2 processes / 1 process: {two / one:.2f}x")
        return report
    finally:
        if server is not None:
            serve_cluster.stop(server)
        if args.keep:
            print(f"(work folder kept: {folder})")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", default="20,50,200",
                        help="numbers of concurrent participants, comma-separated")
    parser.add_argument("--duration", type=float, default=30, help="measured s per level")
    parser.add_argument("--warmup", type=float, default=5, help="s of load before measuring")
    parser.add_argument("--think", type=float, default=5, help="mean s between actions")
    parser.add_argument("--new-sessions", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seed-requests", type=int, default=2,
                        help="pending requests given to each participant first (0: none)")
    parser.add_argument("--timeout", type=float, default=120, help="s before a run fails")
    parser.add_argument("--url", help="attach to a running server instead of starting one")
    parser.add_argument("--db", type=Path, help="its database (needed with --url); without "
                        "--url, a demo database to copy instead of making one")
    parser.add_argument("--server-pid", help="the attached server's pid(s), for its CPU")
    parser.add_argument("--no-proxy", dest="proxy", action="store_false",
                        help="skip the runs behind nginx with 1 and 2 app processes")
    parser.add_argument("--proxy-participants", type=int, default=100)
    parser.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                        help="a Streamlit option for the servers started, e.g. "
                        "runner.postScriptGC=false (repeatable)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs)")
    args = parser.parse_args()
    args.levels = [int(x) for x in args.levels.split(",") if x]
    if args.url and not args.db:
        parser.error("--url needs --db (the links are made from the database's secret)")
    report = asyncio.run(main_async(args))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nwritten: {args.out}")


if __name__ == "__main__":
    main()
