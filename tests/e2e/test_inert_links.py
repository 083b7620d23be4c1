"""In a real browser: addresses written in participants' texts (a request's note) stay text,
never clickable links."""

from __future__ import annotations

from matchmaking import storage
from matchmaking.storage import meetings as ms

from .test_participant_flow import PATIENCE_MS, go, settle

NOTE = ("Details at https://evil.example/offer, www.evil.example or write to "
        "boss@evil.example")


def _request_with_a_note(db_path) -> dict:
    """A new request carrying NOTE, between two participants no other test uses."""
    db = storage.open_database(db_path)
    try:
        people = storage.list_participants(db)
        startups = [p for p in people if p["kind"] == "startup"][-12:]
        investors = [p for p in people if p["kind"] == "investor"][-12:]
        for startup in reversed(startups):
            for investor in reversed(investors):
                try:
                    ms.create_request(db, startup["id"], investor["id"], note=NOTE,
                                      rules=ms.RequestRules())
                except storage.StorageError:
                    continue
                return investor
    finally:
        db.close()
    raise AssertionError("no free pair for a request")


def test_addresses_in_a_note_are_not_links(server, context_factory):
    recipient = _request_with_a_note(server.db_path)
    page = context_factory().new_page()
    page.set_default_timeout(PATIENCE_MS)
    page.goto(server.link(recipient["email"]))
    page.get_by_role("heading", level=1).wait_for()
    settle(page)
    go(page, "requests")
    page.get_by_text("evil", exact=False).first.wait_for()
    main = page.locator("[data-testid='stMain']")
    assert "https" in main.inner_text() and "evil.example/offer" in main.inner_text()
    assert main.locator("a[href*='evil']").count() == 0
    assert main.locator("a[href^='mailto:']").count() == 0
