"""Over HTTP, from the real server: a participant's calendar feed shows their meetings, a
moved meeting with its new time and a higher SEQUENCE, a cancelled one as CANCELLED, and a
revoked token nothing at all. The agenda page shows the feed's address."""

from __future__ import annotations

import time

from icalendar import Calendar

from matchmaking import storage
from matchmaking.domain.vocabulary import CANCELLED
from matchmaking.services import event as services
from matchmaking.services import meetings
from matchmaking.storage import console as org

from .test_participant_flow import PATIENCE_MS, go, settle


def _a_confirmed_meeting(db_path) -> tuple[dict, dict]:
    """A new confirmed meeting for a participant no other test uses, and that participant."""
    db = storage.open_database(db_path)
    try:
        people = storage.list_participants(db)
        startup = [p for p in people if p["kind"] == "startup"][-20]
        partner = [p for p in people if p["kind"] == "partner"][-3]
        slot = storage.list_slots(db, kind="meeting")[-2]
        table = storage.list_tables(db)[-1]
        meeting_id = storage.book_meeting(db, startup["id"], partner["id"], slot["id"],
                                          table["id"])
        return {"id": meeting_id}, startup
    finally:
        db.close()


def _feed(context, url: str) -> dict[str, dict]:
    response = context.request.get(url)
    assert response.status == 200 and "text/calendar" in response.headers["content-type"]
    return {str(e["uid"]): e for e in Calendar.from_ical(response.body()).walk("VEVENT")}


def test_the_calendar_feed_follows_a_moved_and_a_cancelled_meeting(server, context_factory):
    meeting, person = _a_confirmed_meeting(server.db_path)
    db = storage.open_database(server.db_path)
    try:
        token = services.calendar_token_of(db, server.db_path, person["email"])
    finally:
        db.close()
    context = context_factory()
    url = f"{server.url}/calendar/{token}.ics"
    before = _feed(context, url)
    (uid,) = [u for u in before if u.startswith(f"meeting-{meeting['id']}@")]

    # the organiser moves it to an earlier free slot at a free table
    db = storage.open_database(server.db_path)
    try:
        time.sleep(1.1)  # SEQUENCE counts seconds of changes
        target = next(s for s in storage.list_slots(db, kind="meeting")[::-1][2:]
                      if not org.meeting_at(db, s["id"], storage.list_tables(db)[-1]["id"]))
        org.move_meeting(db, meeting["id"], target["id"], storage.list_tables(db)[-1]["id"])
    finally:
        db.close()
    moved = _feed(context, url)[uid]
    assert moved["dtstart"].dt != before[uid]["dtstart"].dt
    assert int(moved["sequence"]) > int(before[uid]["sequence"])

    db = storage.open_database(server.db_path)
    try:
        time.sleep(1.1)
        meetings.set_meeting_status(db, meeting["id"], CANCELLED, reason="flight delayed")
    finally:
        db.close()
    gone = _feed(context, url)[uid]
    assert str(gone["status"]) == "CANCELLED" and int(gone["sequence"]) > int(moved["sequence"])

    # the agenda page shows the address; a wrong token opens nothing
    page = context.new_page()
    page.set_default_timeout(PATIENCE_MS)
    page.goto(server.link(person["email"]))
    page.get_by_role("heading", level=1).wait_for()
    settle(page)
    go(page, "agenda")
    page.get_by_text("Subscribe in your calendar app").click()
    page.get_by_text(f"/calendar/{token}.ics").first.wait_for()
    assert context.request.get(f"{server.url}/calendar/{'a' * 26}.ics").status == 404
