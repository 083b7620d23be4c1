"""In a real browser, two participants of the demo event: a start-up signs in with its
link, sees recommendations with their reasons and requests a meeting with an investor; the
investor, in a second browser, accepts; both agendas show the same time and table, the
``.ics`` download parses, and contact details appear only once the meeting is confirmed.
Every participant page is saved under docs/screenshots."""

from __future__ import annotations

import re
import time
from datetime import timezone

import pytest
from icalendar import Calendar

from matchmaking import storage
from matchmaking.domain.timezones import local

from .conftest import screenshot

# Far down data/demo/participants.csv, away from what the organiser-console tests use; the
# first pair that is still free to meet is taken (other tests share the server, and an
# organiser's scheduler run may have filled some agendas).
PAIRS = [("yassine.amrani@example.org", "pape.seck@example.org"),  # GridPulse, Sahel Climate
         ("cheikh.fall@example.org", "abderrahim.ait-lhaj@example.org"),  # DesalBox, Souss Agri
         ("adjoua.konan@example.org", "pieter.van-dijk@example.org"),  # Lagune Énergie, EuroMed
         ("cheikh.fall@example.org", "elena.navarro@example.org")]  # DesalBox, Water Horizon
NOTE = "Grid-loss pilots in Dakar and Casablanca"
# The first page scores the whole event with the real model's vectors, and the machine may
# be busy: wait generously for Streamlit, never for a fixed time.
PATIENCE_MS = 120_000
NAV = {"requests": "Requests", "agenda": "My agenda", "feedback": "Feedback",
       "profile": "My profile", "availability": "Availability"}


def settle(page, timeout: float = PATIENCE_MS / 1000) -> None:
    """Wait until Streamlit has finished the current run (no running indicator and no
    stale elements for a moment)."""
    page.wait_for_selector("[data-testid='stApp']")
    page.wait_for_selector("h1", timeout=timeout * 1000)
    deadline, quiet = time.monotonic() + timeout, 0
    while quiet < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
        busy = page.evaluate("() => !!document.querySelector("
                             "'[data-testid=\"stStatusWidget\"], [data-stale=\"true\"]')")
        quiet = 0 if busy else quiet + 1


def go(page, name: str) -> None:
    """Follow a sidebar link (a new URL would start a new, signed-out session)."""
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=NAV[name]).click()
    page.get_by_role("heading", level=1).filter(
        has_text=re.compile({"requests": "Meeting requests", "agenda": "My agenda",
                             "feedback": "Feedback", "profile": "My profile",
                             "availability": "My availability"}[name])).wait_for()
    settle(page)


def shot(page, name: str) -> None:
    """The whole page: Streamlit scrolls inside its main block, so grow the window first."""
    height = page.evaluate("() => (document.querySelector('[data-testid=\"stMain\"]') || "
                           "document.body).scrollHeight")
    page.set_viewport_size({"width": 1280, "height": max(900, min(height + 40, 3200))})
    time.sleep(0.3)
    screenshot(page, name)
    page.set_viewport_size({"width": 1280, "height": 900})


def _free_pair(db_path) -> tuple[dict, dict]:
    from matchmaking.storage import meetings as ms

    db = storage.open_database(db_path)
    try:
        # The prepared pairs first; the organiser's scheduler run may have proposed
        # meetings for them (which pairs depends on the scores), so then any other
        # start-up/investor pair sharing a language, in a fixed order.
        people = storage.list_participants(db)
        others = [(s["email"], i["email"]) for s in people if s["kind"] == "startup"
                  for i in people if i["kind"] == "investor"
                  and set(s["languages"]) & set(i["languages"])]
        for startup_email, investor_email in PAIRS + others:
            a = storage.get_participant(db, startup_email)
            b = storage.get_participant(db, investor_email)
            busy = db.execute(
                "SELECT (SELECT count(*) FROM meetings WHERE min(participant_a, participant_b) "
                "= :x AND max(participant_a, participant_b) = :y) + (SELECT count(*) FROM "
                "meeting_requests WHERE (requester_id = :a AND recipient_id = :b) OR "
                "(requester_id = :b AND recipient_id = :a)) + (SELECT count(*) FROM "
                "preferences WHERE mark = 'no_thanks' AND ((participant_id = :a AND "
                "target_id = :b) OR (participant_id = :b AND target_id = :a)))",
                {"x": min(a["id"], b["id"]), "y": max(a["id"], b["id"]), "a": a["id"],
                 "b": b["id"]}).fetchone()[0]
            full = any(p["max_meetings"] is not None and db.execute(
                "SELECT count(*) FROM meeting_seats WHERE participant_id = ? AND live = 1",
                [p["id"]]).fetchone()[0] >= p["max_meetings"] for p in (a, b))
            if not busy and not full and a["accepting_requests"] and \
                    b["accepting_requests"] and ms.common_free_slots(db, a["id"], b["id"]):
                return a, b
    finally:
        db.close()
    pytest.fail("every start-up/investor pair already meets, asked, or is full")


def _meeting(db_path, a: int, b: int) -> dict:
    db = storage.open_database(db_path)
    try:
        rows = list(db.query(
            "SELECT m.id, m.status, s.start_utc, s.end_utc, t.name AS table_name FROM meetings m "
            "JOIN slots s ON s.id = m.slot_id JOIN meeting_tables t ON t.id = m.table_id "
            "WHERE min(participant_a, participant_b) = ? AND max(participant_a, participant_b) "
            "= ? AND m.status = 'confirmed'", [min(a, b), max(a, b)]))
    finally:
        db.close()
    assert len(rows) == 1, rows
    return rows[0]


def test_a_startup_and_an_investor_book_a_meeting(server, context_factory):
    startup, investor = _free_pair(server.db_path)

    # --- the start-up: recommendations with reasons, then a request ------------------------
    page = context_factory().new_page()
    page.set_default_timeout(PATIENCE_MS)
    page.goto(server.link(startup["email"]))
    page.get_by_role("heading", name="Who to meet").wait_for()
    page.locator("[class*='st-key-p-rec-card-']").first.wait_for()
    settle(page)
    first_card = page.locator("[class*='st-key-p-rec-card-']").first
    assert first_card.locator("li").count() >= 1  # reasons, not a score alone
    assert "fit" in first_card.inner_text() and "both ways" in first_card.inner_text()
    assert "@" not in page.locator("[data-testid='stMain']").inner_text()  # no e-mails here
    shot(page, "participant-recommendations")

    page.get_by_text("Search and filters").click()  # folded away until opened
    page.get_by_label("Search", exact=True).fill(investor["organisation"])
    page.get_by_label("Search", exact=True).press("Enter")
    card = page.locator(f".st-key-p-rec-card-{investor['id']}")
    card.wait_for()
    settle(page)
    assert page.locator("[class*='st-key-p-rec-card-']").count() == 1
    card.get_by_role("button", name="Request a meeting").click()  # opens a dialog
    note = page.get_by_role("dialog").get_by_label("A note for them (optional)")
    note.fill(NOTE)
    note.press("Control+Enter")  # commit the text before the click
    settle(page)
    page.get_by_role("dialog").get_by_role("button", name="Send the request").click()
    page.get_by_role("dialog").wait_for(state="detached")
    card.get_by_text("Request sent", exact=False).first.wait_for()
    settle(page)
    assert card.get_by_text("waiting for their answer").count() >= 1

    # --- the investor, in a second browser: accept -----------------------------------------
    other = context_factory().new_page()
    other.set_default_timeout(PATIENCE_MS)
    other.goto(server.link(investor["email"]))
    other.get_by_role("heading", name="Who to meet").wait_for()
    settle(other)
    _check_arabic_reads_right_to_left(other, _arabic_profile_for(server.db_path, investor))
    go(other, "requests")
    received = other.locator("[class*='st-key-p-req-in-']").filter(
        has_text=startup["organisation"])
    received.wait_for()
    assert NOTE in received.inner_text()
    assert received.locator("li").count() >= 1  # why they fit
    assert startup["email"] not in other.locator("[data-testid='stMain']").inner_text()
    shot(other, "participant-requests")
    received.get_by_role("button", name="Accept").click()
    other.get_by_text("Accepted: the meeting is in your agenda.").wait_for()
    settle(other)

    meeting = _meeting(server.db_path, startup["id"], investor["id"])
    start = local(meeting["start_utc"], "Africa/Casablanca")
    end = local(meeting["end_utc"], "Africa/Casablanca")
    when = f"{start:%H:%M}–{end:%H:%M} · table {meeting['table_name']}"

    # --- both agendas: the same time and table, contacts once confirmed --------------------
    go(other, "agenda")
    item = other.locator(f".st-key-p-agenda-{meeting['id']}")
    item.wait_for()
    assert when in item.inner_text()
    assert startup["email"] in item.inner_text()  # confirmed: contact details shown
    shot(other, "participant-agenda")

    go(page, "agenda")
    mine = page.locator(f".st-key-p-agenda-{meeting['id']}")
    mine.wait_for()
    assert when in mine.inner_text()
    assert investor["organisation"] in mine.inner_text()
    assert investor["email"] in mine.inner_text()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my agenda (.ics)").click()
    calendar = Calendar.from_ical(download.value.path().read_bytes())
    events = [e for e in calendar.walk("VEVENT")
              if str(e["uid"]).startswith(f"meeting-{meeting['id']}@")]
    assert len(events) == 1
    assert events[0].decoded("dtstart").astimezone(timezone.utc) == start.astimezone(
        timezone.utc)
    assert f"Table {meeting['table_name']}" in str(events[0]["location"])
    assert str(events[0]["status"]) == "CONFIRMED"

    page.get_by_text("Print view").click()
    page.locator("[data-testid='stTable']").first.wait_for()
    settle(page)
    printed = "\n".join(table.inner_text() for table in  # one table per day
                         page.locator("[data-testid='stTable']").all())
    assert f"{start:%H:%M}–{end:%H:%M}" in printed
    shot(page, "participant-agenda-print")
    page.get_by_text("Print view").click()
    settle(page)

    # --- the other pages, as the start-up ---------------------------------------------------
    go(page, "feedback")
    page.locator(f".st-key-p-fb-{meeting['id']}").wait_for()  # the demo event is in the past
    shot(page, "participant-feedback")
    go(page, "profile")
    page.get_by_role("textbox", name="About us").wait_for()
    shot(page, "participant-profile")
    go(page, "availability")
    page.get_by_text("Not available at").first.wait_for()
    shot(page, "participant-availability")

    # French: the page, then the recommendations and their reasons
    page.locator("[data-testid='stSidebar']").get_by_text("Français").click()
    page.get_by_role("heading", name="Mes disponibilités").wait_for()
    settle(page)
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name="Recommandations"
                                                             ).click()
    page.get_by_role("heading", name="Qui rencontrer").wait_for()
    settle(page)
    assert page.get_by_text("Secteurs communs").count() >= 1
    assert not page.get_by_text("Shared sectors").count()


def _arabic_profile_for(db_path, investor: dict) -> str:
    """The organisation of a start-up written in Arabic that this investor may meet (they
    share a language; the pair chosen depends on what earlier tests left free)."""
    db = storage.open_database(db_path)
    try:
        return next(p["organisation"] for p in storage.list_participants(db)
                    if p["kind"] == "startup" and re.search("[\u0600-\u06ff]{4}", p["about"])
                    and set(p["languages"]) & set(investor["languages"]))
    finally:
        db.close()


def _check_arabic_reads_right_to_left(page, organisation: str) -> None:
    """A profile written in Arabic is laid out right to left (paragraph by paragraph), while
    the interface around it stays left to right."""
    page.get_by_text("Search and filters").click()
    page.get_by_label("Search", exact=True).fill(organisation)
    page.get_by_label("Search", exact=True).press("Enter")
    card = page.locator("[class*='st-key-p-rec-card-']").filter(has_text=organisation).first
    card.wait_for()
    settle(page)
    card.get_by_text("More reasons, and their profile").click()
    arabic = card.locator("[data-testid='stExpander'] [data-testid='stMarkdownContainer'] p"
                          ).filter(has_text=re.compile("[\u0600-\u06ff]{4}"))
    arabic.first.wait_for()
    lines = arabic.evaluate_all("""ps => ps.map(p => {
        const range = document.createRange(); range.selectNodeContents(p);
        const rects = [...range.getClientRects()], box = p.getBoundingClientRect();
        const last = rects[rects.length - 1];
        return {bidi: getComputedStyle(p).unicodeBidi, gap_right: box.right - last.right,
                gap_left: last.left - box.left};
    })""")
    assert len(lines) >= 2, lines
    for line in lines:  # each paragraph's last line ends at the right edge: right to left
        assert line["bidi"] == "plaintext" and line["gap_right"] < 2, lines
    assert any(line["gap_left"] > 20 for line in lines), lines
    shot(page, "participant-recommendations-arabic")
    page.get_by_label("Search", exact=True).fill("")
    page.get_by_label("Search", exact=True).press("Enter")
    settle(page)
