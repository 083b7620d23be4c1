"""Answers racing the scheduler, across processes, in interleavings hypothesis draws.

Two or three worker processes, each with its own connection to one SQLite file, play
randomly drawn sequences of participant actions (request, accept, decline or withdraw a
request, accept or decline a proposal, cancel a confirmed meeting) while a scheduler run
and/or a no-show re-plan runs in another process. Where the run stands when each action is
taken is drawn too: every worker does its first actions before the run takes its snapshot,
the next ones while the run is paused between its snapshot and its commit, the rest after
the commit (files are the barriers, as in test_live_races). Within a phase the workers race
each other for real.

Each worker logs what it did and what the service answered (JSON lines); afterwards the
invariants are read straight from SQLite and checked against those logs: nobody and no
table twice in a slot, one live meeting per pair, seats in step with meetings, every run's
report true to what it wrote, caps held, no answer lost (a yes stays on its meeting, an
accepted request keeps its meeting, a no is not overridden by a run), every refusal a clean
one, and an audit entry for every change.

The worker and run processes are started once per module and given one job per example.
"""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from matchmaking import storage
from matchmaking.domain.timezones import from_utc_text
from matchmaking.domain.vocabulary import (AGREED_MEETING_STATUSES, CANCELLED, DECLINED,
                                           LIVE_MEETING_STATUSES, PROPOSED)
from matchmaking.services import meetings
from matchmaking.services.matching import match_event, refresh_embeddings
from matchmaking.storage import meetings as ms
from matchmaking.storage.console import Conflict
from matchmaking.storage.schema import LIVE_SQL

from .conftest import PROJECT
from .fakes import FakeEncoder

# The refusals a participant may get back; anything else (sqlite3 errors, NotFound, a
# traceback) is a bug.
CLEAN_REFUSALS = (ms.RequestRefused, storage.SlotTaken, Conflict, storage.InvalidTransition)
ACTIONS = ("request", "request", "accept_request", "decline_request", "withdraw_request",
           "accept_proposal", "accept_proposal", "accept_proposal", "decline_proposal",
           "cancel_meeting")
WAIT_SECONDS = 120.0
RUN_TIME_LIMIT = 1.0
GROUP_SIZE = 6


# --- inside the worker and run processes -----------------------------------------------------

def _touch(folder: Path, name: str) -> None:
    (folder / name).touch()


def _wait(folder: Path, names: list[str]) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not all((folder / n).exists() for n in names):
        if time.monotonic() > deadline:
            raise TimeoutError(f"barrier never reached: {names}")
        time.sleep(0.02)


def _pick(db, sql: str, me: int, group: list[int], pick: int) -> tuple[int | None, int]:
    """The pick-th row of ``me`` (``sql`` takes the person twice, last), else of anyone in
    the group, who then is the one acting: (row id, who acts)."""
    ids = [r[0] for r in db.execute(sql + " ORDER BY id", [me, me])]
    if ids:
        return ids[pick % len(ids)], me
    rows = []
    for person in group:
        rows += [(r[0], person) for r in db.execute(sql + " ORDER BY id", [person, person])]
    return rows[pick % len(rows)] if rows else (None, me)


def _act(db, job: dict[str, Any], index: int, action: dict[str, Any], phase: int
         ) -> dict[str, Any]:
    """One participant action through the service routes; what it returned, or how it was
    refused."""
    group, emails = job["group"], job["emails"]
    me = group[action["who"] % len(group)]
    other = group[action["other"] % len(group)]
    reason = f"worker {job['worker']} action {index}"
    do, pick = action["do"], action["pick"]
    entry: dict[str, Any] = {"worker": job["worker"], "index": index, "phase": phase,
                             "do": do, "by": me}
    pending_in = "SELECT id FROM meeting_requests WHERE status = 'pending' AND recipient_id " \
        "IN (?, ?)"
    pending_out = "SELECT id FROM meeting_requests WHERE status = 'pending' AND requester_id " \
        "IN (?, ?)"
    mine = "SELECT id FROM meetings WHERE status = '{}' AND (participant_a = ? OR " \
        "participant_b = ?)"
    try:
        if do == "request":
            # mostly someone one may ask (another kind, no meeting together yet), else
            # anyone of the group, for the refusals
            free = [p for p in group if p != me and job["kinds"][str(p)] != job["kinds"][
                str(me)] and not ms._live_meeting_between(db, me, p)]
            if free and action["other"] < 4:
                other = free[action["other"] % len(free)]
            entry["to"] = other
            out = meetings.request_meeting(
                db, emails[str(me)], emails[str(other)], note=reason,
                matching=lambda: match_event(db, FakeEncoder().name))
            entry.update(ok=True, request=out["id"], status=out["status"],
                         mutual=bool(out["mutual"]), retry=bool(out.get("retry")),
                         meeting=out.get("meeting_id"))
            return entry
        if do in ("accept_request", "decline_request", "withdraw_request"):
            target, me = _pick(db, pending_out if do == "withdraw_request" else pending_in,
                               me, group, pick)
            if target is None:
                return {**entry, "skipped": True}
            entry.update(request=target, by=me)
            if do == "accept_request":
                slot = None if action["slot"] is None else \
                    job["slots"][action["slot"] % len(job["slots"])]
                entry["slot"] = slot
                meeting = meetings.accept_request(db, target, by=me, slot_id=slot)
                entry.update(ok=True, meeting=meeting["id"], status=meeting["status"])
            elif do == "decline_request":
                out = meetings.decline_request(db, target, by=me, reason=reason)
                entry.update(ok=True, status=out["status"])
            else:
                out = meetings.withdraw_request(db, target, by=me, reason=reason)
                entry.update(ok=True, status=out["status"])
            return entry
        status = "confirmed" if do == "cancel_meeting" else PROPOSED
        target, me = _pick(db, mine.format(status), me, group, pick)
        if target is None:
            return {**entry, "skipped": True}
        entry.update(meeting=target, by=me)
        if do == "accept_proposal":
            meeting = meetings.accept_proposal(db, target, by=me)
            entry["side"] = "a" if meeting["participant_a"] == me else "b"
        else:
            meeting = meetings.set_meeting_status(
                db, target, DECLINED if do == "decline_proposal" else CANCELLED, by=me,
                reason=reason)
        entry.update(ok=True, status=meeting["status"], a_accepted=meeting["a_accepted"],
                     b_accepted=meeting["b_accepted"])
        return entry
    except CLEAN_REFUSALS as refusal:
        return {**entry, "ok": False, "refused": type(refusal).__name__,
                "code": refusal.code, "message": str(refusal)}
    except Exception as error:  # noqa: BLE001 - the log says what it was
        return {**entry, "ok": False, "error": type(error).__name__, "message": str(error),
                "traceback": traceback.format_exc()[-3000:]}


def _worker_job(job: dict[str, Any]) -> dict[str, Any]:
    folder, w = Path(job["dir"]), job["worker"]
    actions = job["actions"]
    db = storage.open_database(job["db"])
    try:
        with open(job["log"], "a", encoding="utf-8") as log:
            phase = 0
            for index in range(len(actions) + 1):
                if phase == 0 and index == job["pre"]:
                    _touch(folder, f"w{w}.pre")
                    _wait(folder, [f"{r}.solved" for r in job["runs"]])
                    phase = 1
                if phase == 1 and index == job["mid"]:
                    _touch(folder, f"w{w}.mid")
                    _wait(folder, [f"{r}.committed" for r in job["runs"]])
                    phase = 2
                if index < len(actions):
                    log.write(json.dumps(_act(db, job, index, actions[index], phase)) + "\n")
                    log.flush()
    finally:
        db.close()
    return {"ok": True}


def _run_job(job: dict[str, Any]) -> dict[str, Any]:
    """A scheduler run or a no-show re-plan that waits for the workers' first actions,
    takes its snapshot, pauses (after solving, or just before its commit) until the
    workers' window actions are done and any run committing before it has committed,
    then commits."""
    folder, name = Path(job["dir"]), job["name"]
    workers = [f"w{w}" for w in job["workers"]]
    db = storage.open_database(job["db"])
    matching = match_event(db, FakeEncoder().name)
    hooked = {"solve": "schedule", "bound": "upper_bound", "replan": "replan"}[job["pause"]]
    original = getattr(meetings, hooked)

    def paused(*args, **kwargs):
        try:
            return original(*args, **kwargs)
        finally:
            _touch(folder, f"{name}.solved")
            _wait(folder, [f"{w}.mid" for w in workers]
                  + ([f"{job['after']}.committed"] if job["after"] else []))

    out: dict[str, Any]
    try:
        _wait(folder, [f"{w}.pre" for w in workers])
        setattr(meetings, hooked, paused)
        if job["what"] == "schedule":
            report = meetings.run_scheduler(db, matching, time_limit=RUN_TIME_LIMIT,
                                            seed=job["seed"])
            out = {"ok": True, "run_id": report["run_id"], "added": report["meetings_added"],
                   "skipped": report["meetings_skipped"]}
        else:
            result = meetings.replan_now(db, matching, now=datetime.fromisoformat(job["now"]),
                                         no_shows=[job["no_show"]], time_limit=RUN_TIME_LIMIT,
                                         seed=job["seed"])
            out = {"ok": True, "run_id": result["run_id"], "added": result["added"],
                   "removed": result["removed"]}
    except Exception as error:  # noqa: BLE001 - reported to the test
        out = {"ok": False, "error": type(error).__name__, "message": str(error),
               "traceback": traceback.format_exc()[-3000:]}
    finally:
        setattr(meetings, hooked, original)
        _touch(folder, f"{name}.solved")
        _touch(folder, f"{name}.committed")
        db.close()
    return {**out, "name": name, "what": job["what"]}


def serve() -> None:
    """The loop of a worker or run process: one JSON job a line in, one result line out."""
    for line in sys.stdin:
        job = json.loads(line)
        try:
            result = _worker_job(job) if job["kind"] == "worker" else _run_job(job)
        except Exception:  # noqa: BLE001 - the harness itself broke: say so
            result = {"ok": False, "error": "harness", "traceback": traceback.format_exc()}
        sys.stdout.write("@@" + json.dumps(result, default=str) + "\n")
        sys.stdout.flush()


SERVE = f"""
import sys
sys.path.insert(0, {str(PROJECT)!r})
from tests.test_interleavings import serve
serve()
"""


class Actor:
    """One long-lived process taking jobs."""

    def __init__(self, stderr: Path):
        self.stderr = stderr
        self.process = subprocess.Popen([sys.executable, "-c", SERVE], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=stderr.open("w"),
                                        text=True, bufsize=1)
        self.results: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            if line.startswith("@@"):
                self.results.put(json.loads(line[2:]))
        self.results.put({"ok": False, "error": "the process died",
                          "stderr": self.stderr.read_text()[-3000:]})

    def submit(self, job: dict[str, Any]) -> None:
        self.process.stdin.write(json.dumps(job) + "\n")
        self.process.stdin.flush()

    def result(self) -> dict[str, Any]:
        try:
            return self.results.get(timeout=WAIT_SECONDS + 120)
        except queue.Empty:
            return {"ok": False, "error": "no answer in time"}

    def close(self) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


# --- the invariants, straight from SQLite ------------------------------------------------------

def _pair(row: dict[str, Any]) -> frozenset[int]:
    return frozenset((row["participant_a"], row["participant_b"]))


def check_invariants(path: Path, log: list[dict[str, Any]]) -> None:
    """Everything that must hold after any interleaving, read from the file, with the
    workers' logs (what each was told) as the claims to verify."""
    db = storage.connect(path)
    try:
        _check(db, log)
    finally:
        db.close()


def _check(db, log: list[dict[str, Any]]) -> None:
    rows = {m["id"]: m for m in db.query("SELECT * FROM meetings")}
    live = [m for m in rows.values() if m["status"] in LIVE_MEETING_STATUSES]
    seats = Counter((m["slot_id"], p) for m in live for p in _pair(m))
    assert not [k for k, n in seats.items() if n > 1], "someone is in two meetings of a slot"
    tables = Counter((m["slot_id"], m["table_id"]) for m in live)
    assert not [k for k, n in tables.items() if n > 1], "a table holds two meetings of a slot"
    pairs = Counter(_pair(m) for m in live)
    assert not [k for k, n in pairs.items() if n > 1], "a pair has two live meetings"

    # meeting_seats: two rows per meeting, its slot, live exactly when the meeting is
    expected = sorted((m["id"], p, m["slot_id"], int(m["status"] in LIVE_MEETING_STATUSES))
                      for m in rows.values() for p in _pair(m))
    stored = sorted(tuple(r) for r in db.execute(
        "SELECT meeting_id, participant_id, slot_id, live FROM meeting_seats"))
    assert stored == expected, "meeting_seats out of step with meetings"

    audit = list(db.query("SELECT id, actor, action, entity, entity_id, details FROM audit_log"
                          " ORDER BY id"))
    for entry in audit:
        entry["details"] = json.loads(entry["details"])

    def entries(action: str, entity_id: Any, actor: str | None = None) -> list[dict]:
        return [a for a in audit if a["action"] == action and a["entity_id"] == str(entity_id)
                and (actor is None or a["actor"] == actor)]

    # every run: its record, its audit entries, what it says it wrote and replaced
    run_audit: dict[int, int] = {}
    replan_removed: dict[int, int] = {}
    for run in db.query("SELECT id, kind, report FROM scheduler_runs"):
        report = json.loads(run["report"])
        written = [m for m in rows.values() if m["run_id"] == run["id"]]
        assert len(written) == report["meetings_added"], ("run wrote", run["id"], len(written))
        assert entries(f"scheduler.{run['kind']}", run["id"]), ("no audit of run", run["id"])
        done = entries("scheduler.published" if run["kind"] == "schedule"
                       else "scheduler.replanned", run["id"])
        assert len(done) == 1, ("no audit of the run's commit", run["id"])
        run_audit[run["id"]] = done[0]["id"]
        if run["kind"] == "schedule":
            replaced = [m for m in rows.values()
                        if m["reason"] == f"replaced by scheduler run {run['id']}"]
            assert len(replaced) == report["proposals_replaced"], ("replaced", run["id"])
            assert all(m["status"] == CANCELLED for m in replaced)
        else:
            for item in done[0]["details"]["removed"]:
                replan_removed[item["meeting"]] = run["id"]
                assert rows[item["meeting"]]["status"] == item["status"], item
            assert sorted(done[0]["details"]["added"]) == sorted(m["id"] for m in written)

    # caps: agreed meetings within everyone's cap
    for person in db.query("SELECT * FROM participants"):
        agreed = ms.agreed_count(db, person["id"])
        assert agreed <= ms.cap_of(db, person), ("over the cap", person["id"], agreed)

    # a participant's no on a meeting, with the audit entry of when it was said
    said_no = {}
    for a in audit:
        if a["action"] in ("meeting.declined", "meeting.cancelled") and \
                a["actor"].startswith("participant:"):
            said_no.setdefault(int(a["entity_id"]), a["id"])

    def explained_end(m: dict[str, Any]) -> bool:
        """An ended meeting was ended by someone's explicit, recorded action."""
        if m["id"] in said_no or m["id"] in replan_removed:
            return True
        if entries(f"meeting.{m['status']}", m["id"]):  # the organiser's
            return True
        names = [p["organisation"] for p in db.query(
            "SELECT organisation FROM participants WHERE id IN (?, ?)",
            [m["participant_a"], m["participant_b"]])]
        return m["status"] == CANCELLED and any(
            m["reason"] == f"{n} is fully booked" for n in names)

    for m in rows.values():
        if m["status"] not in LIVE_MEETING_STATUSES and not (
                m["reason"] or "").startswith("replaced by scheduler run"):
            assert explained_end(m), ("ended without a recorded action", m)
        if (m["reason"] or "").startswith("replaced by scheduler run"):
            assert not (m["a_accepted"] or m["b_accepted"]), ("a run replaced a yes", m)

    # a no is kept: no run that committed after someone's no proposes that pair again
    for m in rows.values():
        if m["run_id"] is None:
            continue
        for other_id, when in said_no.items():
            if _pair(rows[other_id]) == _pair(m) and when < run_audit[m["run_id"]]:
                raise AssertionError(("a run re-proposed a pair after its no", m["id"],
                                      "after the no on", other_id))

    # requests: one pending per pair and direction (and never both ways), each accepted
    # one with its pair's meeting, live or ended by someone
    requests = {r["id"]: r for r in db.query("SELECT * FROM meeting_requests")}
    pending = [(r["requester_id"], r["recipient_id"]) for r in requests.values()
               if r["status"] == "pending"]
    assert len(pending) == len(set(pending))
    assert not [p for p in pending if p[::-1] in set(pending)], "pending both ways"
    for r in requests.values():
        if r["status"] == "accepted":
            m = rows.get(r["meeting_id"])
            assert m is not None, ("accepted request without meeting", r)
            assert _pair(m) == {r["requester_id"], r["recipient_id"]}, (r, m)
            assert m["status"] in LIVE_MEETING_STATUSES or explained_end(m), (r, m)
            assert len(entries("request.accepted", r["id"])) == 1, ("audit", r)

    # the workers' log: every refusal clean, every success still true and audited
    errors = [e for e in log if "error" in e]
    assert not errors, ("not a clean refusal", errors[0])
    for e in log:
        if not e.get("ok"):
            continue
        actor = f"participant:{e['by']}"
        if e["do"] == "request":
            r = requests[e["request"]]
            if e["mutual"] or e["status"] == "accepted":
                assert r["status"] == "accepted" and r["meeting_id"] == e["meeting"], (e, r)
            else:
                assert r["requester_id"] == e["by"] and r["recipient_id"] == e["to"], (e, r)
                assert entries("request.created", r["id"], actor), ("audit", e)
        elif e["do"] == "accept_request":
            r = requests[e["request"]]
            assert r["status"] == "accepted" and r["meeting_id"] == e["meeting"], (e, r)
        elif e["do"] in ("decline_request", "withdraw_request"):
            status = DECLINED if e["do"] == "decline_request" else CANCELLED
            r = requests[e["request"]]
            assert e["status"] == status and r["status"] == status, ("answer lost", e, r)
            assert entries(f"request.{status}", r["id"]), ("audit", e)
        elif e["do"] == "accept_proposal":
            m = rows[e["meeting"]]
            if e["status"] == PROPOSED:  # a one-sided yes
                assert entries("meeting.proposal_accepted", m["id"], actor), ("audit", e)
                if m["status"] == PROPOSED:
                    assert m[f"{e['side']}_accepted"] == 1, ("a yes was lost", e, m)
                else:
                    assert m["status"] in AGREED_MEETING_STATUSES or explained_end(m), \
                        ("a yes was lost", e, m)
            else:
                assert e["status"] in AGREED_MEETING_STATUSES, e
                assert m["status"] in AGREED_MEETING_STATUSES or explained_end(m), (e, m)
                assert [a for a in audit if a["entity_id"] == str(m["id"]) and a["action"]
                        == "meeting.proposal_accepted" and a["details"].get("confirmed")] or [
                    a for a in audit if a["action"] == "request.accepted"
                    and a["details"].get("meeting") == m["id"]] or (
                    m["run_id"] is not None and m["source"] == "scheduler"), ("audit", e, m)
        elif e["do"] in ("decline_proposal", "cancel_meeting"):
            m = rows[e["meeting"]]
            status = DECLINED if e["do"] == "decline_proposal" else CANCELLED
            assert e["status"] == status and m["status"] == status, ("answer lost", e, m)
            # (a meeting the re-plan had just cancelled is cancelled already: a no-op)
            assert entries(f"meeting.{status}", m["id"]) or m["id"] in replan_removed, \
                ("audit", e)


# --- the examples ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def template(_demo_db_template, tmp_path_factory) -> dict[str, Any]:
    """The demo event embedded with the fake model after one scheduler run (proposals
    waiting for both yeses), and three groups of six participants who share proposals."""
    folder = tmp_path_factory.mktemp("interleavings")
    path = folder / "template.db"
    source = storage.connect(_demo_db_template)
    storage.backup(source, path)
    source.close()
    db = storage.open_database(path)
    encoder = FakeEncoder()
    refresh_embeddings(db, encoder)
    meetings.run_scheduler(db, match_event(db, encoder.name), time_limit=2, seed=1)
    people = {p["id"]: p for p in storage.list_participants(db)}
    eligible = {i for i, p in people.items() if p["active"] and p["consent"]
                and p["accepting_requests"] and p["min_request_score"] is None}
    proposals = [m for m in storage.all_meetings(db) if m["status"] == PROPOSED]
    busy = Counter(p for m in proposals for p in _pair(m))
    investors = sorted((i for i in eligible if people[i]["kind"] == "investor"),
                       key=lambda i: (-busy[i], i))
    groups = []
    for k in range(3):
        pair = investors[2 * k:2 * k + 2]
        met = Counter(p for m in proposals if set(pair) & _pair(m) for p in _pair(m)
                      if p in eligible and people[p]["kind"] == "startup")
        startups = [p for p, _ in sorted(met.items(), key=lambda x: (-x[1], x[0]))][:3]
        lone = next(p for p in sorted(eligible) if people[p]["kind"] == "startup"
                    and p not in met)
        groups.append(pair + startups + [lone])
    slots = storage.list_slots(db, kind="meeting")
    db.close()
    return {"path": path, "folder": folder, "groups": groups,
            "kinds": {str(i): p["kind"] for i, p in people.items()},
            "emails": {str(i): p["email"] for i, p in people.items()},
            "slots": [s["id"] for s in slots],
            "day_one": [s["start_utc"] for s in slots if s["day"] == slots[0]["day"]]}


@pytest.fixture(scope="module")
def actors(tmp_path_factory):
    folder = tmp_path_factory.mktemp("actors")
    started = [Actor(folder / f"actor{i}.err") for i in range(5)]
    yield started
    for actor in started:
        actor.close()


action = st.fixed_dictionaries({
    "do": st.sampled_from(ACTIONS), "who": st.integers(0, GROUP_SIZE - 1),
    "other": st.integers(0, GROUP_SIZE - 1), "pick": st.integers(0, 3),
    "slot": st.none() | st.integers(0, 35)})


@st.composite
def plans(draw, runs: tuple[str, ...]) -> dict[str, Any]:
    workers = []
    for _ in range(draw(st.integers(2, 3))):
        actions = draw(st.lists(action, min_size=3, max_size=7))
        pre = draw(st.integers(0, len(actions) // 2))  # most in the run's window
        mid = draw(st.integers(pre, len(actions)))
        workers.append({"actions": actions, "pre": pre, "mid": mid})
    order = draw(st.permutations(range(len(runs))))
    return {
        "group": draw(st.integers(0, 2)), "cap": draw(st.integers(2, 4)),
        "publishes": draw(st.booleans()), "workers": workers,
        "runs": [{"what": what, "seed": draw(st.integers(0, 3)),
                  "pause": "replan" if what == "replan" else draw(st.sampled_from(
                      ["solve", "bound"])),
                  "slot": draw(st.integers(1, 8)), "absent": draw(st.integers(0, 5)),
                  "after": None if order.index(i) == 0 else f"r{order[order.index(i) - 1]}"}
                 for i, what in enumerate(runs)]}


def set_up_example(template: dict[str, Any], plan: dict[str, Any]) -> Path:
    folder = Path(tempfile.mkdtemp(dir=template["folder"]))
    path = folder / "event.db"
    source = storage.connect(template["path"])
    storage.backup(source, path)
    source.close()
    db = storage.connect(path)
    with storage.write_transaction(db):
        group = template["groups"][plan["group"]]
        db.execute(f"UPDATE participants SET max_meetings = ? WHERE id IN {storage.marks(group)}",
                   [plan["cap"], *group])
        settings_ = json.loads(db.execute("SELECT settings FROM event").fetchone()[0])
        settings_["scheduler_publishes"] = plan["publishes"]
        db.execute("UPDATE event SET settings = ?", [json.dumps(settings_)])
    db.close()
    return path


def play(template: dict[str, Any], actors: list[Actor], plan: dict[str, Any]
         ) -> tuple[Path, list[dict[str, Any]], list[dict[str, Any]]]:
    """Run one example: the workers and the runs in their processes, to the end."""
    path = set_up_example(template, plan)
    folder = path.parent
    group = template["groups"][plan["group"]]
    names = [f"r{i}" for i in range(len(plan["runs"]))]
    jobs = []
    for w, worker in enumerate(plan["workers"]):
        jobs.append({"kind": "worker", "db": str(path), "dir": str(folder), "worker": w,
                     "group": group, "emails": template["emails"], "slots": template["slots"],
                     "kinds": template["kinds"],
                     "runs": names, "log": str(folder / f"w{w}.jsonl"), **worker})
    for name, run in zip(names, plan["runs"]):
        start = from_utc_text(template["day_one"][run["slot"]]) + timedelta(minutes=1)
        jobs.append({"kind": "run", "db": str(path), "dir": str(folder), "name": name,
                     "workers": list(range(len(plan["workers"]))),
                     "no_show": template["emails"][str(group[run["absent"]])],
                     "now": start.isoformat(), **run})
    for actor, job in zip(actors, jobs):
        actor.submit(job)
    results = [actor.result() for actor, _ in zip(actors, jobs)]
    log = []
    for w in range(len(plan["workers"])):
        log_file = folder / f"w{w}.jsonl"
        if log_file.exists():
            log += [json.loads(line) for line in log_file.read_text().splitlines()]
    return path, log, results


def check_example(template, actors, plan) -> None:
    path, log, results = play(template, actors, plan)
    note(json.dumps(plan))
    note("\n".join(json.dumps({k: v for k, v in e.items() if k != "traceback"})
                   for e in log))
    note(json.dumps(results, default=str)[:4000])
    broken = [r for r in results if not r.get("ok")]
    assert not broken, broken[0]  # every worker ran to its end, every run committed
    check_invariants(path, log)
    shutil.rmtree(path.parent, ignore_errors=True)


EXAMPLES = dict(deadline=None, derandomize=True, database=None,
                phases=[Phase.explicit, Phase.generate], report_multiple_bugs=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@settings(max_examples=5, **EXAMPLES)
@given(plan=plans(("schedule",)))
def test_answers_racing_a_scheduler_run_are_all_kept(template, actors, plan):
    check_example(template, actors, plan)


@settings(max_examples=4, **EXAMPLES)
@given(plan=plans(("replan",)))
def test_answers_racing_a_no_show_replan_are_all_kept(template, actors, plan):
    check_example(template, actors, plan)


@settings(max_examples=3, **EXAMPLES)
@given(plan=plans(("schedule", "replan")))
def test_answers_racing_a_run_and_a_replan_at_once_are_all_kept(template, actors, plan):
    check_example(template, actors, plan)


# --- the checker can fail ----------------------------------------------------------------------

def _a_yes(db, group: list[int]) -> dict[str, Any]:
    """A one-sided yes given through the service, logged as a worker would."""
    m = next(m for m in db.query("SELECT * FROM meetings WHERE status = 'proposed' ORDER BY id"))
    by = m["participant_a"]
    out = meetings.accept_proposal(db, m["id"], by=by)
    assert out["status"] == PROPOSED
    return {"worker": 0, "index": 0, "phase": 1, "do": "accept_proposal", "by": by,
            "meeting": m["id"], "side": "a", "ok": True, "status": out["status"],
            "a_accepted": out["a_accepted"], "b_accepted": out["b_accepted"]}


@pytest.mark.parametrize("sabotage, caught", [
    ("yes reset", "a yes was lost"), ("yes replaced", "replaced"),
    ("traceback", "not a clean refusal"), ("over cap", "over the cap"),
    ("no overridden", "re-proposed"), ("seat out of step", "meeting_seats")])
def test_the_checker_catches_a_broken_database(template, sabotage, caught):
    plan = {"group": 0, "cap": 3, "publishes": False}
    path = set_up_example(template, plan)
    db = storage.open_database(path)
    entry = _a_yes(db, template["groups"][0])
    log = [entry]
    check_invariants(path, log)  # as given: it holds
    conn = db.conn
    if sabotage == "yes reset":  # the yes silently gone from its meeting
        conn.execute("UPDATE meetings SET a_accepted = 0 WHERE id = ?", [entry["meeting"]])
    elif sabotage == "yes replaced":  # a run cancelled it as if nobody had answered
        run_id = conn.execute("SELECT max(id) FROM scheduler_runs").fetchone()[0]
        conn.execute("UPDATE meetings SET status = 'cancelled', reason = ? WHERE id = ?",
                     [f"replaced by scheduler run {run_id}", entry["meeting"]])
    elif sabotage == "traceback":  # a refusal that was a database error
        log.append({**entry, "index": 1, "ok": False, "error": "OperationalError",
                    "message": "database is locked"})
    elif sabotage == "over cap":
        person = entry["by"]
        other = conn.execute("SELECT id FROM meetings WHERE status = 'proposed' AND ? IN "
                             "(participant_a, participant_b) AND id <> ?",
                             [person, entry["meeting"]]).fetchone()[0]
        conn.execute("UPDATE meetings SET status = 'confirmed' WHERE id IN (?, ?)",
                     [entry["meeting"], other])
        conn.execute("UPDATE participants SET max_meetings = 1 WHERE id = ?", [person])
    elif sabotage == "no overridden":  # a no, then a run proposing the same pair again
        meetings.set_meeting_status(db, entry["meeting"], DECLINED, by=entry["by"])
        m = next(db.query("SELECT * FROM meetings WHERE id = ?", [entry["meeting"]]))
        a, b = m["participant_a"], m["participant_b"]
        slot = ms.common_free_slots(db, a, b)[0]["id"]
        table = conn.execute("SELECT id FROM meeting_tables WHERE id NOT IN (SELECT table_id "
                             f"FROM meetings WHERE slot_id = ? AND status IN {LIVE_SQL}) "
                             "ORDER BY id", [slot]).fetchone()[0]
        with storage.write_transaction(db):
            run_id = ms.insert_run(db, "schedule", {"meetings_added": 1,
                                                    "proposals_replaced": 0}, "organiser")
            storage.insert_meeting(db, slot_id=slot, table_id=table, participant_a=a,
                                   participant_b=b, status=PROPOSED, source="scheduler",
                                   now=storage.utc_now(), run_id=run_id)
            storage.audit(db, "organiser", "scheduler.published", "scheduler_run", run_id)
        log = []
    else:  # a seat left live for a meeting that ended
        conn.execute("DROP TRIGGER meetings_seat_update")
        conn.execute("UPDATE meetings SET status = 'declined' WHERE id = ?", [entry["meeting"]])
        storage.audit(db, f"participant:{entry['by']}", "meeting.declined", "meeting",
                      entry["meeting"])
        log = []
    conn.commit()
    db.close()
    with pytest.raises(AssertionError, match=caught):
        check_invariants(path, log)


# --- two sequences found by the tests above, played exactly -------------------------------------

def _paused(actors, template, run: dict[str, Any]):
    """A run in an actor process, paused between its snapshot and its commit while this
    process (worker 0) acts: returns (database, folder, a function that lets it commit
    and returns its result)."""
    path = set_up_example(template, {"group": 0, "cap": 10, "publishes": False})
    folder = path.parent
    actors[0].submit({"kind": "run", "db": str(path), "dir": str(folder), "name": "r0",
                      "workers": [0], "after": None, "seed": 7, **run})
    _touch(folder, "w0.pre")
    _wait(folder, ["r0.solved"])

    def commit() -> dict[str, Any]:
        _touch(folder, "w0.mid")
        return actors[0].result()

    return storage.open_database(path), path, commit


def test_a_no_given_while_the_scheduler_solves_is_not_overridden(template, actors):
    """Sequence: run 2 takes its snapshot; twenty people decline a proposal of run 1 (a
    participant's no); run 2 commits. Expected: none of those pairs proposed again, as when
    the no comes before the run (build_problem forbids a pair whose meeting ended). The
    commit re-checks only live meetings of the pair, so most come back as new proposals."""
    db, path, commit = _paused(actors, template, {"what": "schedule", "pause": "solve"})
    declined = list(db.query("SELECT id, participant_a, participant_b FROM meetings WHERE "
                             "status = 'proposed' ORDER BY id LIMIT 20"))
    for m in declined:
        meetings.set_meeting_status(db, m["id"], DECLINED, by=m["participant_a"],
                                    reason="not for us")
    result = commit()
    assert result["ok"], result
    again = [m["id"] for m in declined if ms._live_meeting_between(
        db, m["participant_a"], m["participant_b"])]
    db.close()
    assert again == [], f"{len(again)} of 20 pairs proposed again right after their no"
    check_invariants(path, [])


def test_a_meeting_ended_while_a_replan_solves_does_not_fail_the_replan(template, actors):
    """Sequence: someone has proposals in the slot under way and later that day; the
    re-plan for their no-show takes its snapshot; the other side of the meeting under way
    declines it; the re-plan commits. Expected: the re-plan commits (the no stands, the
    meeting stays declined) as a scheduler run does when answers come meanwhile. The
    commit applies the snapshot's no-show marks without re-reading, so it raises
    InvalidTransition ('a declined meeting cannot become no_show') and nothing is
    re-planned."""
    first = storage.connect(template["path"])
    slot_start = template["day_one"][7]
    absent, partner, meeting_id = first.execute(
        "SELECT m.participant_a, m.participant_b, m.id FROM meetings m JOIN slots s ON "
        "s.id = m.slot_id WHERE s.start_utc = ? AND m.status = 'proposed' ORDER BY m.id",
        [slot_start]).fetchone()
    first.close()
    now = from_utc_text(slot_start) + timedelta(minutes=1)
    db, path, commit = _paused(actors, template, {
        "what": "replan", "pause": "replan", "now": now.isoformat(),
        "no_show": template["emails"][str(absent)]})
    meetings.set_meeting_status(db, meeting_id, DECLINED, by=partner, reason="not for us")
    result = commit()
    status = db.execute("SELECT status FROM meetings WHERE id = ?", [meeting_id]).fetchone()[0]
    db.close()
    assert result["ok"], (result.get("error"), result.get("message"))
    assert status == DECLINED
    check_invariants(path, [])
