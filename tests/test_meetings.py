"""Meetings: double opt-in requests and their rules, concurrency, expiry, the scheduler on
the database, live re-planning, and agenda exports."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from icalendar import Calendar

from matchmaking import storage
from matchmaking.domain.timezones import from_utc_text
from matchmaking.scheduling.constraints import validate_schedule
from matchmaking.services import event as services
from matchmaking.services import meetings
from matchmaking.services.matching import match_event, refresh_embeddings
from matchmaking.storage import meetings as ms

from .fakes import FakeEncoder
from .test_matching import PEOPLE, write_people

NOW = datetime(2024, 5, 20, 9, 0, tzinfo=timezone.utc)  # before the event
RULES = ms.RequestRules()


@pytest.fixture
def people(db, tmp_path) -> dict[str, int]:
    services.import_registrations(db, write_people(tmp_path / "people.csv", PEOPLE))
    return {p["email"].split("@")[0]: p["id"] for p in storage.list_participants(db)}


def ask(db, a, b, **kwargs):
    return ms.create_request(db, a, b, rules=kwargs.pop("rules", RULES), now=kwargs.pop(
        "now", NOW), **kwargs)


# --- requests and booking rules ---------------------------------------------------------------

def test_request_then_accept_books_the_earliest_common_free_slot(db, people):
    request = ask(db, people["aqua"], people["blue"], note="Seed round")
    assert request["status"] == "pending" and request["note"] == "Seed round"
    first = storage.list_slots(db, kind="meeting")[0]
    ms.set_availability(db, people["blue"], {first["id"]})  # the investor arrives later
    meeting = ms.accept_request(db, request["id"], people["blue"], now=NOW)
    assert meeting["status"] == "confirmed" and meeting["source"] == "request"
    assert meeting["slot_id"] == storage.list_slots(db, kind="meeting")[1]["id"]
    assert meeting["table_id"] == storage.list_tables(db)[0]["id"]


def test_accepter_may_pick_a_slot_among_the_common_free_ones(db, people):
    request = ask(db, people["aqua"], people["blue"])
    slots = storage.list_slots(db, kind="meeting")
    ms.set_availability(db, people["aqua"], {slots[5]["id"]})
    with pytest.raises(storage.SlotTaken, match="no longer free for both of you"):
        ms.accept_request(db, request["id"], people["blue"], slot_id=slots[5]["id"], now=NOW)
    with pytest.raises(storage.SlotTaken):
        ms.accept_request(db, request["id"], people["blue"],
                          slot_id=storage.list_slots(db, kind="break")[0]["id"], now=NOW)
    meeting = ms.accept_request(db, request["id"], people["blue"], slot_id=slots[6]["id"],
                                now=NOW)
    assert meeting["slot_id"] == slots[6]["id"]


def test_pending_requests_never_block_a_slot(db, people):
    ask(db, people["aqua"], people["blue"])
    ask(db, people["aqua"], people["regie"])
    assert len(ms.common_free_slots(db, people["aqua"], people["blue"])) == 36


def test_retrying_a_request_or_an_answer_is_harmless(db, people):
    first = ask(db, people["aqua"], people["blue"])
    again = ask(db, people["aqua"], people["blue"])
    assert again["id"] == first["id"] and again["retry"]
    meeting = ms.accept_request(db, first["id"], people["blue"], now=NOW)
    assert ms.accept_request(db, first["id"], people["blue"], now=NOW)["id"] == meeting["id"]
    assert len(storage.live_meetings(db)) == 1
    declined = ask(db, people["paylink"], people["growth"])
    ms.answer_request(db, declined["id"], people["growth"], "declined", now=NOW)
    assert ms.answer_request(db, declined["id"], people["growth"], "declined",
                             now=NOW)["status"] == "declined"
    accepted_actions = [r["action"] for r in db.query(
        "SELECT action FROM audit_log WHERE action LIKE 'request.%'")]
    assert accepted_actions.count("request.accepted") == 1
    assert accepted_actions.count("request.declined") == 1


def test_when_both_ask_each_other_the_second_request_is_a_yes(db, people):
    first = ask(db, people["aqua"], people["blue"])
    second = ask(db, people["blue"], people["aqua"])
    assert second["id"] == first["id"] and second["mutual"]
    event = storage.get_event(db)
    assert event is not None
    result = meetings.request_meeting(db, "blue@example.org", "aqua@example.org", now=NOW)
    assert result["status"] == "accepted" and result["meeting_id"]


@pytest.mark.parametrize("case, message", [
    ("self", "with yourself"),
    ("investor to investor", "cannot book a meeting"),
    ("not taking requests", "is not taking requests"),
    ("no thanks", "is not taking requests"),
    ("below minimum fit", "fit 0.60 or more"),
    ("already meeting", "already have a meeting together"),
])
def test_request_rules(db, people, case, message):
    a, b = people["aqua"], people["blue"]
    if case == "self":
        b = a
    elif case == "investor to investor":
        a, b = people["growth"], people["blue"]
    elif case == "not taking requests":
        with storage.write_transaction(db):
            db.execute("UPDATE participants SET accepting_requests = 0 WHERE id = ?", [b])
    elif case == "no thanks":
        storage.set_preference(db, b, a, "no_thanks")
    elif case == "below minimum fit":
        with storage.write_transaction(db):
            db.execute("UPDATE participants SET min_request_score = 0.6 WHERE id = ?", [b])
        with pytest.raises(ms.RequestRefused, match=message):
            ask(db, a, b, fit_score=0.4)
        assert ask(db, a, b, fit_score=0.7)["status"] == "pending"
        return
    elif case == "already meeting":
        ms.accept_request(db, ask(db, a, b)["id"], b, now=NOW)
    with pytest.raises(ms.RequestRefused, match=message):
        ask(db, a, b)
    assert storage.count_rows(db, "meeting_requests") == (1 if case == "already meeting" else 0)


def test_outgoing_pending_requests_are_capped(db, people):
    rules = ms.RequestRules(max_pending=2)
    ask(db, people["aqua"], people["blue"], rules=rules)
    ask(db, people["aqua"], people["regie"], rules=rules)
    with pytest.raises(ms.RequestRefused, match="already have 2 requests waiting"):
        ask(db, people["aqua"], people["growth"], rules=ms.RequestRules(
            max_pending=2, allowed_pairs=(("startup", "investor"), ("startup", "partner"))))


def test_requests_expire(db, people):
    rules = ms.RequestRules(expiry_hours=24)
    request = ask(db, people["aqua"], people["blue"], rules=rules)
    later = NOW + timedelta(hours=25)
    with pytest.raises(ms.RequestRefused, match="this request is expired"):
        ms.accept_request(db, request["id"], people["blue"], now=later)
    assert ms.get_request(db, request["id"])["status"] == "expired"
    # expired requests do not count toward the cap, and can be sent again
    assert ask(db, people["aqua"], people["blue"], rules=rules, now=later)["id"] != request["id"]


def test_only_the_recipient_accepts_and_only_the_requester_withdraws(db, people):
    request = ask(db, people["aqua"], people["blue"])
    with pytest.raises(ms.RequestRefused, match="only the person asked"):
        ms.accept_request(db, request["id"], people["aqua"], now=NOW)
    with pytest.raises(ms.RequestRefused):
        ms.answer_request(db, request["id"], people["blue"], "cancelled", now=NOW)
    assert ms.answer_request(db, request["id"], people["aqua"], "cancelled",
                             now=NOW)["status"] == "cancelled"


def test_maximum_meetings_is_enforced_on_accept(db, people):
    with storage.write_transaction(db):
        db.execute("UPDATE participants SET max_meetings = 1 WHERE id = ?", [people["aqua"]])
    first = ask(db, people["aqua"], people["blue"])
    request = ask(db, people["aqua"], people["regie"])  # asked before Aqua was full
    ms.accept_request(db, first["id"], people["blue"], now=NOW)
    with pytest.raises(ms.RequestRefused, match="maximum of 1 meetings"):
        ms.accept_request(db, request["id"], people["regie"], now=NOW)
    with pytest.raises(ms.RequestRefused, match="maximum of 1 meetings") as full:
        ask(db, people["growth"], people["aqua"])  # nobody can ask a full participant
    assert full.value.code == "full"


def test_contact_details_appear_only_once_a_meeting_is_accepted(db, people):
    request = ask(db, people["aqua"], people["blue"])
    assert ms.contact_details(db, people["aqua"], people["blue"]) is None
    meeting = ms.accept_request(db, request["id"], people["blue"], now=NOW)
    assert ms.contact_details(db, people["aqua"], people["blue"])["email"] == "blue@example.org"
    assert ms.contact_details(db, people["aqua"], people["regie"]) is None
    ms.set_meeting_status(db, meeting["id"], "cancelled", by=people["aqua"], reason="ill")
    assert ms.contact_details(db, people["aqua"], people["blue"]) is None


def test_cancelling_frees_the_slot_and_is_audited(db, people):
    meeting = ms.accept_request(db, ask(db, people["aqua"], people["blue"])["id"],
                                people["blue"], now=NOW)
    with pytest.raises(ms.RequestRefused, match="not your meeting"):
        ms.set_meeting_status(db, meeting["id"], "cancelled", by=people["regie"])
    ms.set_meeting_status(db, meeting["id"], "cancelled", by=people["aqua"], reason="Flight")
    assert ms.common_free_slots(db, people["aqua"], people["blue"])[0]["id"] == \
        meeting["slot_id"]
    row = next(db.query("SELECT * FROM audit_log WHERE action = 'meeting.cancelled'"))
    assert json.loads(row["details"]) == {"reason": "Flight"}
    assert row["actor"] == f"participant:{people['aqua']}"


def test_racing_accepts_into_one_slot_give_exactly_one_meeting(event_db_path: Path):
    db = storage.open_database(event_db_path)
    rows = [{"kind": "startup", "organisation": f"S{i}", "email": f"s{i}@example.org",
             "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z"}
            for i in range(20)]
    rows.append({"kind": "investor", "organisation": "Popular", "email": "vc@example.org",
                 "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z"})
    with storage.write_transaction(db):
        db["participants"].insert_all(rows)
    ids = {r["email"]: r["id"] for r in db.query("SELECT id, email FROM participants")}
    investor = ids["vc@example.org"]
    requests = [ask(db, ids[f"s{i}@example.org"], investor, rules=ms.RequestRules(
        max_pending=50))["id"] for i in range(20)]
    slot = storage.list_slots(db, kind="meeting")[3]["id"]
    db.close()
    barrier = threading.Barrier(len(requests))
    won, lost, lock = [], [], threading.Lock()

    def accept(request_id: int) -> None:
        own = storage.connect(event_db_path)  # each thread its own connection
        try:
            barrier.wait()
            meeting = ms.accept_request(own, request_id, investor, slot_id=slot, now=NOW)
            with lock:
                won.append(meeting["id"])
        except storage.SlotTaken as error:
            with lock:
                lost.append(str(error))
        finally:
            own.close()

    threads = [threading.Thread(target=accept, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 1 and len(lost) == 19
    db = storage.connect(event_db_path)
    assert len(storage.live_meetings(db)) == 1
    assert db.execute("SELECT count(*) FROM meeting_requests WHERE status = 'accepted'"
                      ).fetchone()[0] == 1
    db.close()


# --- the organiser's scheduler on the database ------------------------------------------------

@pytest.fixture
def scored(db, people):
    encoder = FakeEncoder()
    refresh_embeddings(db, encoder)
    with storage.write_transaction(db):  # small event: let everyone meet
        db.execute("UPDATE event SET settings = json_set(settings, '$.interpreters', json('true'))")
    return lambda: match_event(db, encoder.name)


def test_scheduler_keeps_locked_and_accepted_meetings_and_respects_availability(
        db, people, scored):
    slots = storage.list_slots(db, kind="meeting")
    accepted = ms.accept_request(db, ask(db, people["aqua"], people["blue"])["id"],
                                 people["blue"], slot_id=slots[10]["id"], now=NOW)
    locked = storage.book_meeting(db, people["paylink"], people["regie"], slots[4]["id"],
                                  storage.list_tables(db)[7]["id"])
    with storage.write_transaction(db):
        db.execute("UPDATE meetings SET locked = 1 WHERE id = ?", [locked])
    blocked = {s["id"] for s in slots[:30]}
    ms.set_availability(db, people["growth"], blocked)
    report = meetings.run_scheduler(db, scored(), time_limit=5, seed=3)
    assert report["valid"] and report["bound"] >= report["objective"] - 1e-9
    assert report["meetings_added"] >= 1
    kept = {m["id"]: m for m in db.query("SELECT * FROM meetings")}
    assert (kept[accepted["id"]]["slot_id"], kept[accepted["id"]]["status"]) == \
        (slots[10]["id"], "confirmed")
    assert kept[locked]["slot_id"] == slots[4]["id"] and kept[locked]["status"] == "confirmed"
    for m in kept.values():
        if m["status"] == "proposed" and people["growth"] in (m["participant_a"],
                                                             m["participant_b"]):
            assert m["slot_id"] not in blocked
    proposals = [m for m in kept.values() if m["status"] == "proposed"]
    assert proposals and all(m["source"] == "scheduler" for m in proposals)


def test_scheduler_is_deterministic_and_replaces_its_own_unanswered_proposals(db, people,
                                                                            scored):
    first = meetings.run_scheduler(db, scored(), time_limit=5, seed=1)
    before = sorted((m["participant_a"], m["participant_b"], m["slot_id"], m["table_id"])
                    for m in db.query("SELECT * FROM meetings WHERE status = 'proposed'"))
    second = meetings.run_scheduler(db, scored(), time_limit=5, seed=1)
    after = sorted((m["participant_a"], m["participant_b"], m["slot_id"], m["table_id"])
                   for m in db.query("SELECT * FROM meetings WHERE status = 'proposed'"))
    assert before == after and first["objective"] == second["objective"]
    assert second["proposals_replaced"] == first["meetings_added"]


def test_double_opt_in_of_proposals(db, people, scored):
    meetings.run_scheduler(db, scored(), time_limit=5)
    proposal = next(db.query("SELECT * FROM meetings WHERE status = 'proposed'"))
    half = ms.accept_proposal(db, proposal["id"], proposal["participant_a"])
    assert half["status"] == "proposed"
    both = ms.accept_proposal(db, proposal["id"], proposal["participant_b"])
    assert both["status"] == "confirmed"
    other = next(db.query("SELECT * FROM meetings WHERE status = 'proposed'"))
    ms.set_meeting_status(db, other["id"], "declined", by=other["participant_b"])
    meetings.run_scheduler(db, scored(), time_limit=5)
    pair = (other["participant_a"], other["participant_b"])
    again = list(db.query("SELECT * FROM meetings WHERE status = 'proposed' AND "
                          "participant_a = ? AND participant_b = ?", list(pair)))
    assert again == []  # a declined pair is never proposed again
    still = next(db.query("SELECT * FROM meetings WHERE id = ?", [proposal["id"]]))
    assert still["status"] == "confirmed"  # accepted proposals are never replaced


def test_replanning_after_a_no_show_moves_no_confirmed_meeting(db, people, scored):
    with storage.write_transaction(db):
        db.execute("UPDATE event SET settings = json_set(settings, '$.scheduler_publishes', "
                   "json('true'))")
    meetings.run_scheduler(db, scored(), time_limit=5)
    live = {m["id"]: (m["slot_id"], m["table_id"]) for m in storage.live_meetings(db)}
    slots = storage.list_slots(db, kind="meeting")
    now = datetime.fromisoformat(slots[2]["start_utc"].replace("Z", "+00:00")) + \
        timedelta(minutes=5)
    result = meetings.replan_now(db, scored(), now=now, no_shows=["blue@example.org"])
    after = {m["id"]: m for m in db.query("SELECT * FROM meetings")}
    for meeting_id, place in live.items():
        row = after[meeting_id]
        assert (row["slot_id"], row["table_id"]) == place  # nothing moved
        involved = people["blue"] in (row["participant_a"], row["participant_b"])
        same_day_later = row["slot_id"] in {s["id"] for s in slots[2:18]}
        if involved and same_day_later:
            assert row["status"] in ("no_show", "cancelled")
        elif not involved:
            assert row["status"] == "confirmed"
    assert all(r["reason"] for r in result["removed"])
    problem = meetings.build_problem(db, scored()).problem
    assert validate_schedule(problem, []) == []


# --- lists and exports ----------------------------------------------------------------------

def test_meetings_list_and_ics_have_casablanca_local_times(db, people):
    slots = storage.list_slots(db, kind="meeting")
    meeting = ms.accept_request(db, ask(db, people["aqua"], people["blue"])["id"],
                                people["blue"], slot_id=slots[0]["id"], now=NOW)
    listed = meetings.meetings_list(db, "aqua@example.org")
    assert listed[0]["start"] == "2024-06-05T09:30:00+01:00"
    assert listed[0]["end"] == "2024-06-05T09:50:00+01:00"
    assert listed[0]["participants"] == ["aqua@example.org", "blue@example.org"]

    calendar = Calendar.from_ical(meetings.agenda_ics(db, "aqua@example.org"))
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    start = events[0].decoded("dtstart")
    assert start.utcoffset() == timedelta(0)  # written in UTC ...
    from matchmaking.domain.timezones import zone
    assert start.astimezone(zone()).strftime("%Y-%m-%d %H:%M") == "2024-06-05 09:30"  # ...
    assert str(events[0]["summary"]) == "Meeting: Blue Seed Fund"
    uid = str(events[0]["uid"])

    # moving the meeting keeps its UID and raises SEQUENCE: calendars update, not duplicate
    with storage.write_transaction(db):
        db.execute("UPDATE meetings SET slot_id = ?, updated_at = '2024-05-21T10:00:00Z' "
                   "WHERE id = ?", [slots[1]["id"], meeting["id"]])
    again = Calendar.from_ical(meetings.agenda_ics(db, "aqua@example.org")).walk("VEVENT")
    assert [str(e["uid"]) for e in again] == [uid]
    assert int(again[0]["sequence"]) > int(events[0]["sequence"])
    assert again[0].decoded("dtstart").astimezone(zone()).strftime("%H:%M") == "09:50"


def test_ics_marks_cancelled_meetings_cancelled(db, people):
    meeting = ms.accept_request(db, ask(db, people["aqua"], people["blue"])["id"],
                                people["blue"], now=NOW)
    ms.set_meeting_status(db, meeting["id"], "cancelled", by=people["blue"], reason="x")
    event = Calendar.from_ical(meetings.agenda_ics(db)).walk("VEVENT")[0]
    assert str(event["status"]) == "CANCELLED"


def test_agenda_csv_is_neutralised(db, tmp_path):
    hostile = [{"kind": "startup", "organisation": "=HYPERLINK(\"http://x\")",
                "email": "h@example.org", "languages": "fr"},
               {"kind": "investor", "organisation": "Fund", "email": "f@example.org",
                "languages": "fr"}]
    path = tmp_path / "h.csv"
    path.write_text("kind,organisation,email,languages,about\n" + "\n".join(
        f'{r["kind"]},"{r["organisation"].replace(chr(34), chr(34) * 2)}",{r["email"]},fr,x'
        for r in hostile) + "\n", encoding="utf-8")
    services.import_registrations(db, path)
    ids = {p["email"]: p["id"] for p in storage.list_participants(db)}
    ms.accept_request(db, ask(db, ids["h@example.org"], ids["f@example.org"])["id"],
                      ids["f@example.org"], now=NOW)
    text = meetings.agenda_csv(db)
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text.replace(",", "\n")


def test_cli_request_accept_meetings_export(event_db_path, db, people, capsys, tmp_path):
    from matchmaking.cli import main

    path = str(event_db_path)
    assert main(["--db", path, "request", "aqua@example.org", "blue@example.org", "--note",
                 "hi", "--now", "2024-05-20T10:00:00+01:00"]) == 0
    out = capsys.readouterr().out
    request_id = int(out.split()[1].rstrip(":"))
    assert main(["--db", path, "accept", str(request_id), "--now",
                 "2024-05-20T11:00:00+01:00"]) == 0
    assert "2024-06-05T09:30:00+01:00" in capsys.readouterr().out
    assert main(["--db", path, "meetings", "--participant", "blue@example.org", "--format",
                 "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["table"] == "T01" and listed[0]["status"] == "confirmed"
    assert main(["--db", path, "export", "agenda", "--format", "ics", "-o",
                 str(tmp_path / "a.ics")]) == 0
    assert len(Calendar.from_ical((tmp_path / "a.ics").read_bytes()).walk("VEVENT")) == 1
    assert main(["--db", path, "cancel", "--meeting", str(listed[0]["id"]), "--reason",
                 "delayed"]) == 0
    assert main(["--db", path, "decline", "999"]) == 1
    assert "no meeting request 999" in capsys.readouterr().err


def test_replanning_finds_meetings_for_a_walk_in(db, people, scored, tmp_path):
    with storage.write_transaction(db):
        db.execute("UPDATE event SET settings = json_set(settings, '$.scheduler_publishes', "
                   "json('true'))")
    meetings.run_scheduler(db, scored(), time_limit=5)
    before = {m["id"]: (m["slot_id"], m["table_id"]) for m in storage.live_meetings(db)}
    walk_in = {**PEOPLE[0], "email": "walkin@example.org", "organisation": "Goutte Pilot"}
    services.import_registrations(db, write_people(tmp_path / "w.csv", [walk_in]))
    encoder = FakeEncoder()
    refresh_embeddings(db, encoder)
    slots = storage.list_slots(db, kind="meeting")
    now = datetime.fromisoformat(slots[1]["start_utc"].replace("Z", "+00:00"))
    result = meetings.replan_now(db, match_event(db, encoder.name), now=now,
                                 walk_ins=["walkin@example.org"])
    walker = storage.get_participant(db, "walkin@example.org")["id"]
    added = [m for m in storage.live_meetings(db) if m["id"] in result["added"]]
    assert added and all(walker in (m["participant_a"], m["participant_b"]) for m in added)
    assert all(m["source"] == "walk_in" for m in added)
    after = {m["id"]: (m["slot_id"], m["table_id"]) for m in storage.live_meetings(db)}
    assert {k: after[k] for k in before} == before  # nothing moved


@pytest.mark.parametrize("start, target, allowed", [
    ("confirmed", "completed", True), ("confirmed", "no_show", True),
    ("confirmed", "declined", False), ("cancelled", "confirmed", False),
    ("completed", "cancelled", False), ("no_show", "confirmed", False),
])
def test_every_status_change_goes_through_the_transition_table(db, people, start, target,
                                                               allowed):
    from matchmaking.domain.vocabulary import MEETING_TRANSITIONS

    meeting = ms.accept_request(db, ask(db, people["aqua"], people["blue"])["id"],
                                people["blue"], now=NOW)
    with storage.write_transaction(db):
        db.execute("UPDATE meetings SET status = ? WHERE id = ?", [start, meeting["id"]])
    assert (target in MEETING_TRANSITIONS[start]) is allowed
    if allowed:
        ms.set_meeting_status(db, meeting["id"], target, reason="checked", now=NOW)
        assert ms._meeting(db, meeting["id"])["status"] == target
        return
    with pytest.raises(ms.RequestRefused) as error:
        ms.set_meeting_status(db, meeting["id"], target, reason="nope", now=NOW)
    assert error.value.code == "meeting_state" and error.value.values == {"status": start}
    assert ms._meeting(db, meeting["id"])["status"] == start  # nothing written
    with storage.write_transaction(db), pytest.raises(storage.StorageError):
        storage.change_status(db, meeting["id"], target, now="2024-05-20T09:00:00Z")


def test_request_deadlines_fall_within_the_events_own_days(db, people):
    """A request made close to the end expires when the event's last slot ends, not two
    days later; one made well before keeps its full time to answer; for an event already
    over (a demo replayed later) nothing can be capped, and the full time applies."""
    last_end = max(from_utc_text(s["end_utc"]) for s in storage.list_slots(db))
    rules = ms.RequestRules(expiry_hours=48)
    near_the_end = last_end - timedelta(hours=3)
    late = ask(db, people["aqua"], people["blue"], rules=rules, now=near_the_end)
    assert from_utc_text(late["expires_at"]) == last_end
    early = ask(db, people["aqua"], people["regie"], rules=rules, now=NOW)
    assert from_utc_text(early["expires_at"]) == NOW + timedelta(hours=48) < last_end
    after = last_end + timedelta(days=400)
    replayed = ask(db, people["paylink"], people["blue"], rules=rules, now=after)
    assert from_utc_text(replayed["expires_at"]) == after + timedelta(hours=48)
