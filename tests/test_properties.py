"""Property tests (hypothesis).

Import: random bytes, random cells, random encodings and random workbooks never raise
anything but a clear refusal, a refusal leaves the database byte for byte unchanged, and
what is accepted holds no control characters.

Meetings: under random sequences of requests, answers, cancellations, scheduler runs and
re-plans, nobody and no table is ever in two live meetings of a slot, a pair has at most
one live meeting, and every status is one the vocabulary knows.
"""

from __future__ import annotations

import io
import math
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from openpyxl import Workbook

from matchmaking import storage
from matchmaking.domain.importing import InvalidRegistrations, parse_registrations
from matchmaking.domain.text import control_characters
from matchmaking.domain.timezones import from_utc_text
from matchmaking.domain.vocabulary import LIVE_MEETING_STATUSES, MEETING_STATUSES
from matchmaking.services import event as services
from matchmaking.services import meetings
from matchmaking.services.matching import match_event, refresh_embeddings
from matchmaking.storage import meetings as ms

from .conftest import PROJECT
from .fakes import FakeEncoder
from .test_matching import PEOPLE, write_people

FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
HEADERS = ["kind", "organisation", "email", "about", "languages", "sectors", "stages",
           "ticket_min", "max_meetings", "country", "consent", "Présentation", "Horodateur"]
NAMES = ["inscriptions.csv", "inscriptions.txt", "inscriptions.json", "inscriptions.xlsx"]

cell_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40) | \
    st.sampled_from(["startup", "investor", "a@example.org", "fr, en", "seed", "1e999", "nan",
                     '"', '";', "=1+1", "\u200b", "\x07", "sep=;", "Série A", "1,5 M€"])


def _accepted_or_refused(content: bytes, name: str) -> None:
    try:
        registrations = parse_registrations(content, name)
    except InvalidRegistrations as refusal:
        assert refusal.problems and all(p.file == name and p.message for p in refusal.problems)
        return
    for person in registrations.participants:
        for value in person.to_dict().values():
            for item in value if isinstance(value, list) else [value]:
                assert not control_characters(item), (item, person)
        assert person.organisation.strip() and "@" in person.email


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from(NAMES))
def test_random_bytes_are_read_or_refused_never_a_traceback(content, name):
    _accepted_or_refused(content, name)


@FUZZ
@given(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8, unique=True),
       st.lists(st.lists(cell_text, min_size=0, max_size=9), max_size=6),
       st.sampled_from([",", ";", "\t"]),
       st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]))
def test_random_cells_in_random_encodings_are_read_or_refused(header, rows, separator,
                                                              encoding):
    def quoted(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"' if any(
            c in cell for c in (separator, '"', "\n", "\r")) else cell
    text = "\n".join(separator.join(quoted(c) for c in line) for line in [header, *rows])
    content = text.encode(encoding, errors="replace")
    _accepted_or_refused(content, "inscriptions.csv")


json_value = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=True, allow_infinity=True) |
    st.integers(min_value=-10**30, max_value=10**30) | cell_text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(cell_text, children,
                                                                      max_size=3),
    max_leaves=12)


@FUZZ
@given(st.lists(st.dictionaries(st.sampled_from(HEADERS), json_value, max_size=8),
                max_size=5) | json_value)
def test_random_json_is_read_or_refused(data):
    import json
    content = json.dumps(data, allow_nan=True).encode()
    _accepted_or_refused(content, "inscriptions.json")


xlsx_cell = st.none() | st.booleans() | st.integers(min_value=-10**15, max_value=10**15) | \
    st.floats(allow_nan=False, allow_infinity=False) | st.datetimes() | \
    cell_text.filter(lambda t: not control_characters(t) and not t.startswith("="))


@FUZZ
@given(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8, unique=True),
       st.lists(st.lists(xlsx_cell, max_size=9), max_size=6), st.integers(0, 2))
def test_random_workbooks_are_read_or_refused(header, rows, blank_sheets):
    book = Workbook()
    for n in range(blank_sheets):
        book.create_sheet(f"Notes {n}")
    sheet = book.create_sheet("Inscrits")
    for row in [header, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    _accepted_or_refused(out.getvalue(), "inscriptions.xlsx")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """An event database with a few participants, copied for each example."""
    path = tmp_path_factory.mktemp("fuzz") / "event.db"
    services.init_database(path, event_file=PROJECT / "data" / "demo" / "event.json")
    db = storage.open_database(path)
    services.import_registrations(db, write_people(path.parent / "people.csv", PEOPLE))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def _dump(db) -> str:
    return "\n".join(db.conn.iterdump())


@FUZZ
@given(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8, unique=True),
       st.lists(st.lists(cell_text, max_size=9), max_size=5))
def test_a_refused_import_leaves_the_database_byte_for_byte_unchanged(template, tmp_path_factory,
                                                                      header, rows):
    folder = tmp_path_factory.mktemp("example")
    path = folder / "event.db"
    shutil.copy(template, path)
    upload = folder / "upload.csv"
    upload.write_text("\n".join(",".join('"' + c.replace('"', '""') + '"' for c in line)
                                for line in [header, *rows]), encoding="utf-8",
                      errors="replace")
    db = storage.open_database(path)
    before = _dump(db)
    try:
        services.import_registrations(db, upload)
    except InvalidRegistrations:
        assert _dump(db) == before
    finally:
        db.close()


# --- the meeting invariants --------------------------------------------------------------

class MeetingDay(RuleBasedStateMachine):
    """Participants and organisers acting in any order on a small event."""

    @initialize()
    def set_up(self):
        self.folder = Path(__import__("tempfile").mkdtemp(prefix="meeting-day-"))
        path = self.folder / "event.db"
        services.init_database(path, event_file=PROJECT / "data" / "demo" / "event.json")
        self.db = storage.open_database(path)
        services.import_registrations(self.db, write_people(self.folder / "p.csv", PEOPLE))
        self.encoder = FakeEncoder()
        refresh_embeddings(self.db, self.encoder)
        self.people = [p["id"] for p in storage.list_participants(self.db)]
        self.slots = storage.list_slots(self.db, kind="meeting")
        self.refusals = 0

    def teardown(self):
        if hasattr(self, "db"):
            self.db.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    def _refused(self, action, *args, **kwargs):
        try:
            return action(*args, **kwargs)
        except (storage.StorageError, ms.RequestRefused, meetings.SchedulingError):
            self.refusals += 1  # a refusal is fine; a broken invariant is not
            return None

    def _ids(self, table: str, where: str = "1") -> list[int]:
        return [r[0] for r in self.db.execute(f"SELECT id FROM {table} WHERE {where}")]

    @rule(a=st.integers(0, 7), b=st.integers(0, 7))
    def request(self, a, b):
        a, b = self.people[a % len(self.people)], self.people[b % len(self.people)]
        self._refused(ms.create_request, self.db, a, b, rules=ms.RequestRules())

    @rule(pick=st.integers(0, 50), slot=st.none() | st.integers(0, 40))
    def accept(self, pick, slot):
        pending = self._ids("meeting_requests", "status = 'pending'")
        if pending:
            slot_id = self.slots[slot % len(self.slots)]["id"] if slot is not None else None
            self._refused(meetings.accept_request, self.db, pending[pick % len(pending)],
                          slot_id=slot_id)

    @rule(pick=st.integers(0, 50))
    def decline(self, pick):
        pending = self._ids("meeting_requests", "status = 'pending'")
        if pending:
            self._refused(meetings.decline_request, self.db, pending[pick % len(pending)])

    @rule(pick=st.integers(0, 50), side=st.booleans())
    def accept_a_proposal(self, pick, side):
        proposed = list(self.db.query("SELECT id, participant_a, participant_b FROM meetings "
                                      "WHERE status = 'proposed'"))
        if proposed:
            m = proposed[pick % len(proposed)]
            self._refused(meetings.accept_proposal, self.db, m["id"],
                          by=m["participant_a"] if side else m["participant_b"])

    @rule(pick=st.integers(0, 50), status=st.sampled_from(MEETING_STATUSES))
    def change(self, pick, status):
        rows = self._ids("meetings")
        if rows:
            self._refused(meetings.set_meeting_status, self.db, rows[pick % len(rows)], status)

    @rule(seed=st.integers(0, 3))
    def schedule(self, seed):
        self._refused(meetings.run_scheduler, self.db, match_event(self.db, self.encoder.name),
                      time_limit=0.3, seed=seed)

    @rule(slot=st.integers(0, 40), absent=st.integers(0, 7))
    def replan(self, slot, absent):
        start = from_utc_text(self.slots[slot % len(self.slots)]["start_utc"])
        email = storage.list_participants(self.db)[absent % len(self.people)]["email"]
        self._refused(meetings.replan_now, self.db, match_event(self.db, self.encoder.name),
                      now=start + timedelta(minutes=1), no_shows=[email], time_limit=0.3)

    @invariant()
    def nobody_and_no_table_twice_in_a_slot_and_a_pair_once(self):
        if not hasattr(self, "db"):
            return
        live = [m for m in self.db.query("SELECT * FROM meetings")
                if m["status"] in LIVE_MEETING_STATUSES]
        seats = [(m["slot_id"], p) for m in live for p in (m["participant_a"],
                                                          m["participant_b"])]
        assert len(seats) == len(set(seats)), "someone is in two meetings at once"
        tables = [(m["slot_id"], m["table_id"]) for m in live]
        assert len(tables) == len(set(tables)), "a table holds two meetings at once"
        pairs = [frozenset((m["participant_a"], m["participant_b"])) for m in live]
        assert len(pairs) == len(set(pairs)), "a pair has two live meetings"
        assert all(m["participant_a"] != m["participant_b"] for m in live)

    @invariant()
    def every_status_is_known_and_every_run_wrote_what_it_claims(self):
        if not hasattr(self, "db"):
            return
        statuses = {r[0] for r in self.db.execute("SELECT DISTINCT status FROM meetings")}
        assert statuses <= set(MEETING_STATUSES)
        for run in self.db.query("SELECT id, report FROM scheduler_runs"):
            import json
            claimed = json.loads(run["report"]).get("meetings_added", 0)
            written = self.db.execute("SELECT count(*) FROM meetings WHERE run_id = ?",
                                      [run["id"]]).fetchone()[0]
            assert written == claimed, (run, written)
        assert not math.isnan(self.refusals)


MeetingDay.TestCase.settings = settings(max_examples=12, stateful_step_count=15,
                                        deadline=None,
                                        suppress_health_check=[HealthCheck.too_slow])
test_meeting_invariants_under_random_sequences = MeetingDay.TestCase
