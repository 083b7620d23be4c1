"""In a real browser: the front door works, a personal link signs in, a wrong code does not."""

from __future__ import annotations

from .conftest import screenshot, wait_for_app


def test_sign_in_page_and_a_personal_link(server, context_factory):
    page = context_factory().new_page()
    page.goto(server.url)
    wait_for_app(page)
    page.get_by_role("heading", name="Sign in").wait_for()
    page.get_by_label("Your access code").fill("a" * 26)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_text("This code is not valid").wait_for()
    screenshot(page, "sign-in")

    email = "jean-marc.kouadio@example.org"
    page.goto(server.link(email))
    wait_for_app(page)
    page.get_by_text("Signed in as Jean-Marc Kouadio").wait_for()
    assert "code=" not in page.url  # the code leaves the address bar
