"""The database keeps its promises by itself: no double bookings (even under many
concurrent writers, each with its own connection), an append-only audit log, migrations."""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

from matchmaking import storage
from matchmaking.services import event as services
from matchmaking.storage.schema import LATEST_VERSION

from .conftest import REGISTRATIONS

NOW = "2024-06-01T00:00:00Z"


def _people(db, count: int) -> list[int]:
    rows = [{"kind": "startup" if i % 2 else "investor", "organisation": f"Org {i}",
             "email": f"p{i}@example.org", "created_at": NOW, "updated_at": NOW}
            for i in range(count)]
    with storage.write_transaction(db):
        db["participants"].insert_all(rows)
    return [r["id"] for r in db.query("SELECT id FROM participants ORDER BY id")]


def _first_meeting_slot(db) -> int:
    return storage.list_slots(db, kind="meeting")[0]["id"]


def _raw_insert(db, slot, table, a, b, status="confirmed"):
    db.conn.execute(
        "INSERT INTO meetings (slot_id, table_id, participant_a, participant_b, status, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [slot, table, a, b, status, NOW, NOW])


def test_schema_forbids_a_person_in_two_live_meetings_in_one_slot(db):
    a, b, c, _ = _people(db, 4)
    slot = _first_meeting_slot(db)
    tables = [t["id"] for t in storage.list_tables(db)]
    with storage.write_transaction(db):
        _raw_insert(db, slot, tables[0], a, b)
    # a as "participant_b" this time: the rule holds whichever side a person is on
    with pytest.raises(sqlite3.IntegrityError, match="meeting_seats"):
        with storage.write_transaction(db):
            _raw_insert(db, slot, tables[1], c, a)
    assert len(storage.live_meetings(db)) == 1


def test_schema_forbids_a_table_twice_in_a_slot_and_a_pair_twice(db):
    a, b, c, d = _people(db, 4)
    slots = storage.list_slots(db, kind="meeting")
    table = storage.list_tables(db)[0]["id"]
    with storage.write_transaction(db):
        _raw_insert(db, slots[0]["id"], table, a, b)
    with pytest.raises(sqlite3.IntegrityError, match="meetings.slot_id, meetings.table_id"):
        with storage.write_transaction(db):
            _raw_insert(db, slots[0]["id"], table, c, d)
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        with storage.write_transaction(db):
            _raw_insert(db, slots[1]["id"], table, b, a)  # same pair, other slot


def test_cancelled_meeting_frees_the_person_and_the_table(db):
    a, b, c, _ = _people(db, 4)
    slot = _first_meeting_slot(db)
    table = storage.list_tables(db)[0]["id"]
    meeting = storage.book_meeting(db, a, b, slot, table)
    with storage.write_transaction(db):
        db.execute("UPDATE meetings SET status = 'cancelled' WHERE id = ?", [meeting])
    storage.book_meeting(db, a, c, slot, table)  # no error: the slot and table are free again
    assert len(storage.live_meetings(db)) == 1


def test_book_meeting_says_what_is_taken(db):
    a, b, c, d = _people(db, 4)
    slot = _first_meeting_slot(db)
    tables = [t["id"] for t in storage.list_tables(db)]
    storage.book_meeting(db, a, b, slot, tables[0])
    with pytest.raises(storage.SlotTaken, match=f"participant {a} already has a meeting"):
        storage.book_meeting(db, a, c, slot, tables[1])
    with pytest.raises(storage.SlotTaken, match=f"table {tables[0]} is taken"):
        storage.book_meeting(db, c, d, slot, tables[0])


def test_breaks_cannot_hold_meetings(db):
    a, b = _people(db, 2)
    pause = storage.list_slots(db, kind="break")[0]["id"]
    with pytest.raises(storage.StorageError, match="is a break"):
        storage.book_meeting(db, a, b, pause, storage.list_tables(db)[0]["id"])


@contextmanager
def _own_connection(path: Path):
    db = storage.connect(path)
    try:
        yield db
    finally:
        db.close()


def _race(path: Path, jobs: list[tuple[int, int, int, int]], *,
          connection=_own_connection) -> tuple[list[int], list[str]]:
    """Run each booking in its own thread with its own connection (or one borrowed from a
    pool, ``connection``), all released at once."""
    barrier = threading.Barrier(len(jobs))
    booked: list[int] = []
    refused: list[str] = []
    lock = threading.Lock()

    def book(a: int, b: int, slot: int, table: int) -> None:
        with connection(path) as db:
            try:
                barrier.wait()
                meeting = storage.book_meeting(db, a, b, slot, table)
                with lock:
                    booked.append(meeting)
            except storage.SlotTaken as error:
                with lock:
                    refused.append(str(error))

    threads = [threading.Thread(target=book, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return booked, refused


def test_fifty_threads_booking_one_person_into_one_slot_give_exactly_one_meeting(
        event_db_path: Path):
    db = storage.open_database(event_db_path)
    people = _people(db, 51)
    slot = _first_meeting_slot(db)
    tables = [t["id"] for t in storage.list_tables(db)]
    star = people[0]
    jobs = [(star, other, slot, tables[i % len(tables)]) for i, other in enumerate(people[1:])]
    booked, refused = _race(event_db_path, jobs)
    assert len(jobs) == 50
    assert len(booked) == 1
    assert len(refused) == 49
    assert all("already has a meeting" in r or "is taken" in r for r in refused)
    assert len(storage.live_meetings(db)) == 1
    db.close()


def test_fifty_threads_booking_one_table_into_one_slot_give_exactly_one_meeting(
        event_db_path: Path):
    db = storage.open_database(event_db_path)
    people = _people(db, 100)
    slot = _first_meeting_slot(db)
    table = storage.list_tables(db)[0]["id"]
    jobs = [(people[2 * i], people[2 * i + 1], slot, table) for i in range(50)]
    booked, refused = _race(event_db_path, jobs)
    assert len(booked) == 1 and len(refused) == 49
    assert len(storage.live_meetings(db)) == 1
    db.close()


# --- the connection pool the app's script runs borrow from ---------------------------------

def test_threads_booking_through_one_pool_double_book_nothing(event_db_path: Path):
    """The pool lends fewer connections than there are threads, again and again: each
    round still gives exactly one meeting per contested slot."""
    db = storage.open_database(event_db_path)
    people = _people(db, 41)
    slots = [s["id"] for s in storage.list_slots(db, kind="meeting")][:3]
    tables = [t["id"] for t in storage.list_tables(db)]
    pool = storage.ConnectionPool(event_db_path, keep=4)
    for slot in slots:
        jobs = [(people[0], other, slot, tables[i % len(tables)])
                for i, other in enumerate(people[1:])]
        booked, refused = _race(event_db_path, jobs, connection=lambda _path: pool.borrow())
        assert len(booked) == 1 and len(refused) == 39
    assert len(storage.live_meetings(db)) == 3
    assert len(pool._idle) <= 4
    pool.close()
    db.close()


def test_the_pool_lends_a_connection_to_one_borrower_at_a_time_and_reuses_it(
        event_db_path: Path):
    pool = storage.ConnectionPool(event_db_path, keep=3)
    held, lock, barrier = [], threading.Lock(), threading.Barrier(6)

    def hold() -> None:
        with pool.borrow() as db:
            with lock:
                held.append(db)
            barrier.wait()  # all six hold one at the same time

    threads = [threading.Thread(target=hold) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(db) for db in held}) == 6
    assert len(pool._idle) == 3  # the others were closed
    with pool.borrow() as again:
        assert any(again is db for db in held)
        assert again.execute("SELECT count(*) FROM slots").fetchone()[0] > 0
    pool.close()


def test_a_connection_given_back_inside_a_transaction_is_rolled_back(event_db_path: Path):
    pool = storage.ConnectionPool(event_db_path, keep=1)
    with pytest.raises(RuntimeError), pool.borrow() as db:
        db.conn.execute("BEGIN IMMEDIATE")
        db.conn.execute("DELETE FROM slots")
        raise RuntimeError("the script run was stopped here")
    with pool.borrow() as db:
        assert not db.conn.in_transaction
        assert db.execute("SELECT count(*) FROM slots").fetchone()[0] > 0
    other = storage.connect(event_db_path)  # and the write lock was let go
    with storage.write_transaction(other):
        pass
    other.close()
    pool.close()


def test_a_replaced_database_file_is_not_read_through_the_old_connections(tmp_path: Path):
    """A restore or a new ``init`` puts another file at the same path: the pool's idle
    connections to the old file are dropped, not used."""
    path, replacement = tmp_path / "event.db", tmp_path / "other.db"
    for target, name in ((path, "Old"), (replacement, "New")):
        db = storage.open_database(target)
        db["marker"].insert({"name": name})
        db.close()
    pool = storage.ConnectionPool(path)
    with pool.borrow() as db:
        assert db.execute("SELECT name FROM marker").fetchone()[0] == "Old"
    os.replace(replacement, path)
    with pool.borrow() as db:
        assert db.execute("SELECT name FROM marker").fetchone()[0] == "New"
    path.unlink()
    with pytest.raises(storage.StorageError, match="no database at .*event.db"):
        with pool.borrow():
            pass
    pool.close()


def test_audit_log_is_append_only(db):
    services.import_registrations(db, REGISTRATIONS / "good.csv")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        with storage.write_transaction(db):
            db.execute("UPDATE audit_log SET actor = 'someone else'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        with storage.write_transaction(db):
            db.execute("DELETE FROM audit_log")
    actions = [r["action"] for r in db.query("SELECT action FROM audit_log ORDER BY id")]
    assert actions == ["schema.migrated"] * LATEST_VERSION + ["event.saved",
                                                             "participants.imported"]


def test_connections_use_wal_busy_timeout_and_foreign_keys(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_migrations_are_recorded_and_not_reapplied(tmp_path: Path):
    path = tmp_path / "m.db"
    db = storage.open_database(path)
    assert storage.schema_version(db) == LATEST_VERSION
    assert storage.migrate(db) == []
    db.close()


def test_a_database_newer_than_the_program_is_refused(tmp_path: Path):
    path = tmp_path / "future.db"
    db = storage.open_database(path)
    with storage.write_transaction(db):
        db.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', ?)",
                   [LATEST_VERSION + 1, NOW])
    db.close()
    with pytest.raises(storage.StorageError, match="newer than this program"):
        storage.open_database(path)


def test_event_set_up_cannot_be_replaced_under_existing_meetings(db):
    a, b = _people(db, 2)
    storage.book_meeting(db, a, b, _first_meeting_slot(db), storage.list_tables(db)[0]["id"])
    services.setup_event(db, services.DEMO_EVENT)  # same set-up: accepted, nothing moves
    config = services.EventConfig.from_file(services.DEMO_EVENT)
    config.slot_minutes = 30
    with pytest.raises(storage.StorageError, match="meetings already exist"):
        storage.save_event(db, config, services.build_slots(config))


def test_backup_is_a_consistent_copy(db, tmp_path: Path):
    services.import_registrations(db, REGISTRATIONS / "good.csv")
    target = storage.backup(db, tmp_path / "copy.db")
    copy = storage.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert storage.count_rows(copy, "participants") == 3
    copy.close()
    with pytest.raises(storage.StorageError, match="already exists"):
        storage.backup(db, target)


def test_the_sql_list_of_live_statuses_matches_the_python_one():
    from matchmaking.storage.schema import LIVE_MEETING_STATUSES, LIVE_SQL

    assert LIVE_SQL == "(" + ", ".join(repr(s) for s in LIVE_MEETING_STATUSES) + ")"
