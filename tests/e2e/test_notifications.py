"""In a real browser against the real server (``serve.py`` with its mail worker): another
participant's request appears in the signed-in participant's unread count without a
reload, and opens the notifications page; the unsubscribe link of the e-mails, over HTTP:
GET only asks, POST turns notification e-mails off."""

from __future__ import annotations

import time
import urllib.request

from matchmaking import storage
from matchmaking.domain import access
from matchmaking.services import mail, meetings

from .conftest import screenshot
from .test_participant_flow import PATIENCE_MS, settle
from .test_sessions import signed_in_as


def _pair(db):
    people = storage.list_participants(db)
    startup = [p for p in people if p["kind"] == "startup"][-1]
    investor = [p for p in people if p["kind"] == "investor"][-2]
    return startup, investor


def test_another_participants_request_shows_in_the_unread_count_without_a_reload(
        server, context_factory):
    db = storage.open_database(server.db_path)
    try:
        startup, investor = _pair(db)
    finally:
        db.close()
    page = context_factory().new_page()
    page.goto(server.link(investor["email"]))
    signed_in_as(page, investor["contact_name"])
    settle(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.get_by_text("unread notification").count() == 0
    url = page.url

    db = storage.open_database(server.db_path)
    try:
        meetings.request_meeting(db, startup["email"], investor["email"],
                                 note="Smart water meters for Casablanca")
    finally:
        db.close()
    started = time.monotonic()
    badge = sidebar.get_by_text("1 unread notification(s)")
    badge.wait_for(timeout=30_000)  # the worker (3 s) and the count's own refresh (10 s)
    waited = time.monotonic() - started
    assert page.url == url and waited < 30
    badge.click()
    page.get_by_role("heading", level=1).filter(has_text="Notifications").wait_for()
    page.get_by_text(f"\u2068{startup['organisation']}\u2069 would like to meet you").wait_for(
        timeout=PATIENCE_MS)
    settle(page)
    screenshot(page, "participant-notifications")


def test_the_unsubscribe_link_asks_on_get_and_acts_on_post(server):
    db = storage.open_database(server.db_path)
    try:
        startup, _ = _pair(db)
        token = mail.unsubscribe_token(access.load_secret(server.db_path, create=False),
                                       startup["id"], storage.code_version(db, startup["id"]))
        address = f"{server.url}/mail/unsubscribe/{token}"
        with urllib.request.urlopen(address, timeout=10) as response:
            asked = response.read().decode()
        assert "<form method=\"post\">" in asked and startup["email"] in asked
        assert mail.emails_on(db, startup["id"])  # a link checker's GET changes nothing
        request = urllib.request.Request(address, data=b"List-Unsubscribe=One-Click",
                                         method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200 and startup["email"] in response.read().decode()
        assert not mail.emails_on(db, startup["id"])
        try:
            urllib.request.urlopen(f"{server.url}/mail/unsubscribe/{'0' * 40}", timeout=10)
            raise AssertionError("an unknown token was accepted")
        except urllib.error.HTTPError as error:
            assert error.code == 404
    finally:
        db.close()
