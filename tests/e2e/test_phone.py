"""On a phone (390 x 844, as an iPhone 12-15 in portrait): the first recommendation's name,
fit and top reason are on the first screen, without scrolling, in each interface language
and on a live event day (free-slot suggestions on top)."""

from __future__ import annotations

import pytest

from matchmaking import storage

from .conftest import SCREENSHOTS
from .test_participant_flow import PATIENCE_MS, settle

PHONE = {"width": 390, "height": 844}
INVESTOR = "jean-marc.kouadio@example.org"


def _a_startup(db_path) -> dict:
    db = storage.open_database(db_path)
    try:
        return next(p for p in storage.list_participants(db) if p["kind"] == "startup")
    finally:
        db.close()


def _first_card_on_a_phone(server, context_factory, email: str, language: str) -> dict:
    context = context_factory(picked_language=language, viewport=PHONE, is_mobile=True,
                              has_touch=True)
    page = context.new_page()
    page.goto(server.link(email))
    card = page.locator("[class*='st-key-p-rec-card-']").first
    card.wait_for(timeout=PATIENCE_MS)
    settle(page)
    title = card.locator("[data-testid='stMarkdownContainer'] strong").first
    reason = card.locator("li").first
    score = card.get_by_text("both ways" if language == "en" else "dans les deux sens"
                             if language == "fr" else "في الاتجاهين", exact=False).first
    boxes = {"name": title.bounding_box(), "reason": reason.bounding_box(),
             "score": score.bounding_box(), "scrolled": page.evaluate("window.scrollY"),
             "page": page}
    return boxes


@pytest.mark.parametrize("who,language", [("investor", "en"), ("startup", "fr"),
                                          ("investor", "ar")])
def test_the_first_card_shows_name_fit_and_top_reason_above_the_fold(
        rehearsal_server, context_factory, who, language):
    email = INVESTOR if who == "investor" else _a_startup(rehearsal_server.db_path)["email"]
    seen = _first_card_on_a_phone(rehearsal_server, context_factory, email, language)
    assert seen["scrolled"] == 0
    for part in ("name", "score", "reason"):
        box = seen[part]
        assert box is not None, part
        assert 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"], (part, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, (part, box)
    page = seen["page"]
    card = page.locator("[class*='st-key-p-rec-card-']").first.bounding_box()
    for control in page.locator("[class*='st-key-p-rec-card-']").first.locator(
            "button:visible").all():  # every mark and action fits within the card
        box = control.bounding_box()
        assert box["x"] >= card["x"] and box["x"] + box["width"] <= card["x"] + card["width"] \
            + 1, (control.inner_text(), box, card)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the page scrolls sideways on a phone"
    if (who, language) == ("investor", "en"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "phone-recommendations.png"))  # the first screen
