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


def _pair(db, which: int = 0):
    """A start-up and an investor the other browser tests leave alone."""
    people = storage.list_participants(db)
    startup = [p for p in people if p["kind"] == "startup"][-1 - which]
    investor = [p for p in people if p["kind"] == "investor"][-2 - which]
    return startup, investor


def test_another_participants_request_shows_in_the_unread_count_without_a_reload(
        server, context_factory):
    db = storage.open_database(server.db_path)
    try:
        startup, investor = _pair(db)
        # what earlier browser tests did (an organiser's scheduler run) read already
        mail.take_changes(db)
        mail.mark_read(db, investor["id"])
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


def test_an_arabic_mail_reads_right_to_left_in_a_browser(server, context_factory):
    import json
    from datetime import datetime, timezone

    db = storage.open_database(server.db_path)
    try:
        startup, investor = _pair(db, 1)
        with storage.write_transaction(db):
            db.execute("UPDATE participants SET languages = ? WHERE id = ?",
                       [json.dumps(["ar"]), startup["id"]])
        meetings.request_meeting(db, investor["email"], startup["email"],
                                 note="Nous cherchons des capteurs d'eau.")
        mail.take_changes(db)
        (row,) = mail.outbox_rows(db, kind="request_new", to=startup["email"])
        config = mail.parse_smtp_url("smtp://127.0.0.1:25?from=village@example.org")
        message = mail.build_message(db, server.db_path, row, config,
                                     datetime.now(timezone.utc))
    finally:
        db.close()
    page = context_factory().new_page()
    page.set_content(message.get_body(preferencelist=("html",)).get_content())
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.get_by_text("يطلب لقاءً معك").count() == 1
    note = page.get_by_text("Nous cherchons des capteurs d'eau.")
    assert note.evaluate("e => getComputedStyle(e).direction") == "ltr"  # its own direction
    assert page.locator("a[href*='/mail/unsubscribe/']").count() == 1
    page.set_viewport_size({"width": 720, "height": 420})
    screenshot(page, "mail-request-arabic")
