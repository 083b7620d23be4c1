"""In a real browser, on the demo moved to begin today: an investor's home page suggests a
good fit who is free at the same time with a table free; one click requests that exact
slot; the start-up sees the time asked for and accepts; the meeting is then confirmed at
that slot, in both agendas."""

from __future__ import annotations

import re

from matchmaking import storage
from matchmaking.domain.vocabulary import CONFIRMED
from matchmaking.storage import meetings as ms

from .conftest import screenshot
from .test_participant_flow import PATIENCE_MS, go, settle
from .test_sessions import signed_in_as

INVESTOR = "jean-marc.kouadio@example.org"


def test_a_free_slot_suggestion_becomes_a_confirmed_meeting_after_both_click(
        rehearsal_server, context_factory):
    investor = context_factory().new_page()
    investor.goto(rehearsal_server.link(INVESTOR))
    signed_in_as(investor, "Jean-Marc Kouadio")
    settle(investor)
    box = investor.locator(".st-key-p-free")
    box.get_by_text("Free soon, and a good fit").wait_for(timeout=PATIENCE_MS)
    box.get_by_text("Free soon, and a good fit").click()  # one line until opened
    first_line = box.locator("[data-testid='stMarkdownContainer']").filter(
        has_text=re.compile(r"is free at .+, table .+ fit")).first
    offered = first_line.inner_text()
    organisation = offered.split(" is free at ")[0].strip("\u200e ")
    ask = box.get_by_role("button", name="Request this slot").first
    ask.wait_for()
    settle(investor)
    screenshot(investor, "free-slot-suggestions")
    ask.click()
    investor.get_by_text("Request sent. You will find their answer").wait_for(timeout=PATIENCE_MS)

    db = storage.open_database(rehearsal_server.db_path)
    try:
        me = storage.get_participant(db, INVESTOR)
        (request,) = [r for r in ms.requests_of(db, me["id"]) if r["direction"] == "out"]
        assert request["other_organisation"] == organisation
        assert request["slot_id"] is not None
        startup = storage.row_by_id(db, "participants", request["recipient_id"])
    finally:
        db.close()

    other = context_factory().new_page()
    other.goto(rehearsal_server.link(startup["email"]))
    signed_in_as(other, startup["contact_name"])
    settle(other)
    go(other, "requests")
    card = other.locator(f".st-key-p-req-in-{request['id']}")
    card.get_by_text("They ask for").wait_for()
    card.get_by_role("button", name="Accept").click()
    other.get_by_text("Accepted: the meeting is in your agenda").wait_for(timeout=PATIENCE_MS)

    db = storage.open_database(rehearsal_server.db_path)
    try:
        (meeting,) = [m for m in ms.meetings_view(db, me["id"])
                      if startup["id"] in (m["a_id"], m["b_id"])]
        assert meeting["status"] == CONFIRMED and meeting["slot_id"] == request["slot_id"]
    finally:
        db.close()
    go(other, "agenda")
    other.get_by_text(re.compile(re.escape("Jean-Marc") + "|Abidjan Lagune Capital")).first \
        .wait_for()
