"""In a real browser: a personal link signs in through the server, which sets an HttpOnly
cookie and sends the browser to a clean address; a reload and a second tab are still
signed in; signing out revokes the session on the server, and Back shows the sign-in page."""

from __future__ import annotations

from matchmaking import storage
from matchmaking.services import event as services

from .conftest import wait_for_app

EMAIL = "jean-marc.kouadio@example.org"


def signed_in_as(page, name: str) -> None:
    page.get_by_text(f"Signed in as {name}").wait_for(timeout=60_000)


def test_a_link_session_survives_reload_and_new_tabs_and_sign_out_ends_it(server,
                                                                        context_factory):
    context = context_factory()
    page = context.new_page()
    page.goto(server.link(EMAIL))
    wait_for_app(page)
    signed_in_as(page, "Jean-Marc Kouadio")
    assert "code=" not in page.url and "/signin" not in page.url
    cookie = next(c for c in context.cookies() if c["name"] == services.SESSION_COOKIE)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert page.evaluate("() => document.cookie").find(services.SESSION_COOKIE) == -1

    page.reload()
    wait_for_app(page)
    signed_in_as(page, "Jean-Marc Kouadio")
    second = context.new_page()
    second.goto(server.url)
    wait_for_app(second)
    signed_in_as(second, "Jean-Marc Kouadio")

    page.locator("a.mm-sign-out").click()
    page.get_by_role("heading", name="Sign in").wait_for()
    assert not [c for c in context.cookies() if c["name"] == services.SESSION_COOKIE]
    db = storage.open_database(server.db_path)
    try:  # revoked on the server: the old cookie would open nothing either
        assert services.browser_session_user(db, cookie["value"]) is None
    finally:
        db.close()
    page.go_back()
    wait_for_app(page)
    page.get_by_role("heading", name="Sign in").wait_for()
    assert page.get_by_text("Signed in as").count() == 0
    second.reload()
    wait_for_app(second)
    second.get_by_role("heading", name="Sign in").wait_for()
