"""The day of the event: the scheduler solves on a snapshot while people keep answering,
in other processes. Every answer given meanwhile wins (a one-sided yes stays on its
meeting), a conflict is reported, never raised, and a request whose pair the scheduler
proposed is that proposal: accepting either confirms it. Invariants are read straight from
SQLite after each test."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from matchmaking import storage
from matchmaking.domain.vocabulary import LIVE_MEETING_STATUSES
from matchmaking.services import meetings
from matchmaking.services.matching import match_event, refresh_embeddings
from matchmaking.storage import meetings as ms

from .conftest import PROJECT
from .fakes import FakeEncoder

# A scheduler run in its own process that stops after taking its snapshot (and solving)
# until the test has acted, then commits: the interleaving is exact, the processes real.
PAUSED_RUN = """
import sys, time
from pathlib import Path
sys.path.insert(0, {project!r})
from tests.fakes import FakeEncoder
from matchmaking import storage
from matchmaking.services import matching
import matchmaking.services.meetings as meetings

solve = meetings.schedule

def solve_then_wait(*args, **kwargs):
    result = solve(*args, **kwargs)
    Path({solved!r}).touch()
    while not Path({go!r}).exists():
        time.sleep(0.05)
    return result

meetings.schedule = solve_then_wait
db = storage.open_database({db!r})
report = meetings.run_scheduler(db, matching.match_event(db, FakeEncoder().name),
                                time_limit=1, seed=7)
print(report["run_id"])
"""


def check_invariants(path: Path) -> None:
    """Straight from SQLite: nobody and no table twice in a slot, one live meeting per pair,
    every run wrote what it says."""
    db = storage.connect(path)
    try:
        live = [dict(zip(("a", "b", "slot", "table"), r)) for r in db.execute(
            "SELECT participant_a, participant_b, slot_id, table_id FROM meetings WHERE "
            f"status IN {storage.marks(LIVE_MEETING_STATUSES)}", list(LIVE_MEETING_STATUSES))]
        seats = [(m["slot"], p) for m in live for p in (m["a"], m["b"])]
        assert len(seats) == len(set(seats))
        assert len({(m["slot"], m["table"]) for m in live}) == len(live)
        assert len({frozenset((m["a"], m["b"])) for m in live}) == len(live)
        for run_id, report in db.execute("SELECT id, report FROM scheduler_runs"):
            written = db.execute("SELECT count(*) FROM meetings WHERE run_id = ?",
                                 [run_id]).fetchone()[0]
            assert written == json.loads(report)["meetings_added"], run_id
    finally:
        db.close()


@pytest.fixture
def scheduled(scheduled_demo):
    db, path, _ = scheduled_demo
    return db, path


def paused_run(path: Path, tmp_path: Path):
    solved, go = tmp_path / "solved", tmp_path / "go"
    process = subprocess.Popen(
        [sys.executable, "-c", PAUSED_RUN.format(project=str(PROJECT), db=str(path),
                                                 solved=str(solved), go=str(go))],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while not solved.exists():
        assert process.poll() is None, process.stderr.read()[-3000:]
        assert time.monotonic() < deadline, "the run never finished solving"
        time.sleep(0.05)
    return process, go


def test_yeses_given_while_the_scheduler_solves_are_kept_on_their_meetings(scheduled,
                                                                         tmp_path):
    db, path = scheduled
    process, go = paused_run(path, tmp_path)
    # meanwhile, twenty people say yes to a proposal of the first run (one side only)
    proposals = list(db.query("SELECT id, participant_a FROM meetings WHERE status = "
                              "'proposed' ORDER BY id LIMIT 20"))
    assert len(proposals) == 20
    for m in proposals:
        meetings.accept_proposal(db, m["id"], by=m["participant_a"])
    go.touch()
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err[-3000:]
    for m in proposals:
        row = db.execute("SELECT status, a_accepted FROM meetings WHERE id = ?",
                         [m["id"]]).fetchone()
        assert tuple(row) == ("proposed", 1), (m, tuple(row))  # same meeting, yes kept
    report = json.loads(db.execute("SELECT report FROM scheduler_runs WHERE id = ?",
                                   [int(out.split()[-1])]).fetchone()[0])
    assert report["proposals_answered_meanwhile"] == 20
    check_invariants(path)


def test_requests_accepted_while_the_scheduler_solves_are_reported_not_raised(demo_db_path,
                                                                            tmp_path):
    db = storage.open_database(demo_db_path)
    encoder = FakeEncoder()
    refresh_embeddings(db, encoder)
    scored = match_event(db, encoder.name)
    # twelve start-ups ask their best investor: the run will propose these pairs first
    requests = []
    for startup in [p for p in storage.list_participants(db) if p["kind"] == "startup"][:12]:
        best = next(c.other for c in scored.result.candidates(startup["id"]))
        requests.append(ms.create_request(db, startup["id"], best, rules=ms.RequestRules()))
    process, go = paused_run(demo_db_path, tmp_path)
    for request in requests:  # each recipient accepts while the run is paused
        assert meetings.accept_request(db, request["id"])["status"] == "confirmed"
    go.touch()
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err[-3000:]
    assert "UNIQUE" not in err and "IntegrityError" not in err
    report = json.loads(db.execute("SELECT report FROM scheduler_runs WHERE id = ?",
                                   [int(out.split()[-1])]).fetchone()[0])
    skipped = {frozenset(s["participants"]): s["reason"] for s in report["meetings_skipped"]}
    for request in requests:
        row = ms.get_request(db, request["id"])
        assert row["status"] == "accepted"
        meeting = db.execute("SELECT status, run_id FROM meetings WHERE id = ?",
                             [row["meeting_id"]]).fetchone()
        assert tuple(meeting) == ("confirmed", None)  # the booking the recipient made
        pair = frozenset((request["requester_id"], request["recipient_id"]))
        assert "since the run started" in skipped[pair]
    db.close()
    check_invariants(demo_db_path)


def requested_then_proposed(db, order: str, seed: int) -> tuple[int, int, dict, tuple]:
    """A start-up asks an investor it has no meeting with; the next scheduler run proposes
    that pair. Returns (start-up, investor, request, proposal row)."""
    startup, investor = db.execute(
        "SELECT s.id, i.id FROM participants s, participants i WHERE s.kind = 'startup' AND "
        "i.kind = 'investor' AND NOT EXISTS (SELECT 1 FROM meetings m WHERE "
        "(m.participant_a = s.id AND m.participant_b = i.id) OR (m.participant_a = i.id AND "
        f"m.participant_b = s.id)) ORDER BY s.id {order}, i.id LIMIT 1").fetchone()
    request = ms.create_request(db, startup, investor, rules=ms.RequestRules())
    meetings.run_scheduler(db, match_event(db, FakeEncoder().name), time_limit=1, seed=seed)
    proposal = db.execute(
        "SELECT id, slot_id FROM meetings WHERE status = 'proposed' AND ((participant_a = ? "
        "AND participant_b = ?) OR (participant_a = ? AND participant_b = ?))",
        [startup, investor, investor, startup]).fetchone()
    assert proposal is not None  # a requested pair is proposed first
    return startup, investor, request, tuple(proposal)


def test_a_request_whose_pair_the_scheduler_proposed_is_confirmed_by_accepting_it(scheduled):
    db, path = scheduled
    _, _, request, proposal = requested_then_proposed(db, "ASC", seed=2)
    meeting = meetings.accept_request(db, request["id"])  # it used to say "slot taken"
    assert (meeting["id"], meeting["status"]) == (proposal[0], "confirmed")
    assert meeting["slot_id"] == proposal[1]
    check_invariants(path)


def test_accepting_the_proposal_of_a_requested_pair_answers_the_request(scheduled):
    db, path = scheduled
    _, investor, request, proposal = requested_then_proposed(db, "DESC", seed=3)
    # the requester's yes is already on it: the investor's yes alone confirms it
    meeting = meetings.accept_proposal(db, proposal[0], by=investor)
    assert meeting["status"] == "confirmed"
    assert ms.get_request(db, request["id"])["status"] == "accepted"
    check_invariants(path)


def test_a_pair_replaced_by_a_later_run_may_be_proposed_again_but_a_no_is_kept(scheduled):
    """A proposal a newer run replaced was nobody's decision: the pair stays open to later
    runs. A proposal someone declined keeps its pair closed."""
    db, scored = scheduled[0], match_event(scheduled[0], FakeEncoder().name)
    proposals = [r["id"] for r in db.query("SELECT id FROM meetings WHERE status = 'proposed' "
                                           "ORDER BY id")]
    declined = proposals[0]
    meetings.set_meeting_status(db, declined, "declined",
                                by=storage.row_by_id(db, "meetings", declined)["participant_a"])
    meetings.run_scheduler(db, scored, time_limit=1, seed=3)
    replaced = list(db.query("SELECT * FROM meetings WHERE reason LIKE 'replaced by%'"))
    assert replaced and all(m["superseded"] == 1 for m in replaced)
    forbidden = meetings.build_problem(db, scored).problem.forbidden_pairs
    for m in replaced:
        if not ms._live_meeting_between(db, m["participant_a"], m["participant_b"]):
            assert not {(m["participant_a"], m["participant_b"]),
                        (m["participant_b"], m["participant_a"])} & forbidden
    row = storage.row_by_id(db, "meetings", declined)
    assert row["superseded"] == 0 and {(row["participant_a"], row["participant_b"]),
                                       (row["participant_b"], row["participant_a"])} & forbidden


def test_a_run_that_publishes_answers_the_requests_of_the_pairs_it_confirms(demo_db_path):
    db = storage.open_database(demo_db_path)
    try:
        encoder = FakeEncoder()
        refresh_embeddings(db, encoder)
        scored = match_event(db, encoder.name)
        db.execute("UPDATE event SET settings = json_set(settings, '$.scheduler_publishes', "
                   "json('true'))")
        people = storage.list_participants(db)
        startups = [p for p in people if p["kind"] == "startup"][:6]
        asked = []
        for startup in startups:
            other = scored.result.candidates(startup["id"])[0].other
            asked.append(ms.create_request(db, startup["id"], other, rules=ms.RequestRules()))
        meetings.run_scheduler(db, scored, time_limit=2, seed=1)
        for request in asked:
            row = ms.get_request(db, request["id"])
            live = ms._live_meeting_between(db, row["requester_id"], row["recipient_id"])
            if live is not None:  # confirmed by the run: the request is answered by it
                assert live["status"] == "confirmed"
                assert (row["status"], row["meeting_id"]) == ("accepted", live["id"])
            else:
                assert row["status"] == "pending"
        assert any(ms.get_request(db, r["id"])["status"] == "accepted" for r in asked)
        check_invariants(demo_db_path)
    finally:
        db.close()
