"""In a real browser: a participant who speaks French signs in with their link and the pages
open in French (their profile's first language by the event's order); they switch to
Arabic, and every participant page reads right to left with no English text of ours left
on it (participants' own texts and names aside); the choice outlives a reload. The
recommendations page in Arabic is saved as docs/screenshots/participant-arabic.png."""

from __future__ import annotations

import re
import time

from matchmaking import storage
from matchmaking.texts import TEXTS, translate
from matchmaking.ui.navigation import pages_for

from .conftest import screenshot, wait_for_app

EMAIL = "marouane.zniber@example.org"  # PharmaLivr, a start-up: speaks French and Arabic
ARABIC = "العربية"
PATIENCE_MS = 120_000
# Written by participants, or ours to keep in Latin letters: removed before looking for
# English. Quotes (“…”) are sentences of profiles that reasons cite.
QUOTED = re.compile(r"“[^”]*”")


def settle(page) -> None:
    """Wait until the page's script has run and its text has stopped changing (the status
    widget shows only after a moment, so a page may hold just its title for a while)."""
    page.wait_for_selector("h1", timeout=PATIENCE_MS)
    page.wait_for_function(  # a title, its caption and something of the page itself
        "() => document.querySelector('[data-testid=\"stMain\"]').innerText.split('\\n')"
        ".filter(line => line.trim()).length >= 3", timeout=PATIENCE_MS)
    deadline, quiet, before = time.monotonic() + PATIENCE_MS / 1000, 0, None
    while quiet < 6 and time.monotonic() < deadline:
        time.sleep(0.3)
        busy, text = page.evaluate(
            "() => [!!document.querySelector('[data-testid=\"stStatusWidget\"], "
            "[data-stale=\"true\"]'), document.querySelector('[data-testid=\"stMain\"]')"
            ".innerText]")
        quiet = 0 if busy or text != before else quiet + 1
        before = text


def heading(page, text: str) -> None:
    page.get_by_role("heading", level=1).filter(has_text=text).wait_for(timeout=PATIENCE_MS)
    settle(page)


def participants_own_words(db_path) -> list[str]:
    """Everything participants (and the organisers, for the event) wrote, longest first (a
    name inside a text goes with it)."""
    db = storage.open_database(db_path)
    try:
        event = storage.get_event(db)
        words = {event["name"], event["venue"], event["city"]}
        words.update(s["label"] for s in storage.list_slots(db) if s.get("label"))
        for person in storage.list_participants(db):
            for field in ("organisation", "contact_name", "city", "website", "about",
                          "looking_for", "offering", "portfolio", "booth"):
                value = person.get(field)
                if value:
                    words.add(str(value))
                    words.update(line.strip() for line in str(value).splitlines())
        return sorted((w for w in words if w), key=len, reverse=True)
    finally:
        db.close()


def english_phrases() -> list[str]:
    """Our English texts between their placeholders, as far as they hold a word."""
    out = set()
    for entry in TEXTS.values():
        english = entry["en"]
        for form in ([english] if isinstance(english, str) else
                     [v for k, v in english.items() if k != "by"]):
            for part in re.split(r"\{[^}]*\}", form):
                part = part.strip(" .,:;·()–-—*\n")
                if re.search(r"[A-Za-z]{3,}", part):
                    out.add(part)
    return sorted(out, key=len, reverse=True)


def english_left(text: str, own: list[str]) -> list[str]:
    """Our English phrases still on a page once participants' words are taken out."""
    text = QUOTED.sub(" ", text.replace("\u2060", ""))
    for words in own:
        text = text.replace(words, " ")
    found = []
    for phrase in english_phrases():
        if re.search(rf"(?<![A-Za-z]){re.escape(phrase)}(?![A-Za-z])", text):
            found.append(phrase)
    return found


def test_a_participant_switches_to_arabic_and_every_page_reads_right_to_left(
        server, context_factory):
    context = context_factory(picked_language=None)  # nothing picked in this browser yet
    page = context.new_page()
    page.goto(server.link(EMAIL))
    wait_for_app(page)
    heading(page, translate("p.rec.title", "fr"))  # their profile: French first
    assert page.evaluate("() => document.documentElement.lang") == "fr"

    page.locator("[data-testid='stSidebar']").get_by_text(ARABIC, exact=True).click()
    heading(page, translate("p.rec.title", "ar"))
    assert page.evaluate("() => document.documentElement.dir") == "rtl"
    own = participants_own_words(server.db_path)
    for spec in pages_for("participant"):
        title = translate(spec.title, "ar")
        page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=title).click()
        settle(page)
        if spec.name == "recommendations":  # the cards come once the event is scored
            page.get_by_text(translate("p.rec.details", "ar")).first.wait_for(
                timeout=PATIENCE_MS)
            settle(page)
        direction = page.evaluate(
            "() => [document.documentElement.dir, "
            "getComputedStyle(document.querySelector('[data-testid=\"stMain\"]')).direction, "
            "getComputedStyle(document.querySelector('[data-testid=\"stSidebar\"]')).direction]")
        assert direction == ["rtl", "rtl", "rtl"], (spec.name, direction)
        text = page.evaluate("() => document.body.innerText")
        assert re.search("[\u0600-\u06ff]", text), spec.name
        assert english_left(text, own) == [], spec.name
        if spec.name == "recommendations":
            shot(page)

    page.goto(server.url)  # a new session, signed in by its cookie: the pick was kept
    wait_for_app(page)
    heading(page, translate("p.rec.title", "ar"))
    assert page.evaluate("() => document.documentElement.dir") == "rtl"


def shot(page) -> None:
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]')"
                           ".scrollHeight")
    page.set_viewport_size({"width": 1280, "height": max(900, min(height + 40, 2400))})
    time.sleep(0.3)
    screenshot(page, "participant-arabic")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_frontend_s_own_english_words_are_in_french_and_arabic(server, context_factory):
    """The upload box and the skip link are drawn by Streamlit in English: on French and
    Arabic pages they read in the page's language, and the organiser's role too."""
    from .test_organiser_flow import sign_in_as_organiser

    page = context_factory().new_page()  # English picked: signs in as the other tests do
    sign_in_as_organiser(page, server)
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("Français", exact=True).click()
    heading(page, translate("o.setup.title", "fr"))
    page.locator("[data-testid='stSidebarNav']").get_by_role(
        "link", name=translate("o.nav.registrations", "fr")).click()
    heading(page, translate("o.reg.title", "fr"))
    uploader_reads_in(page, "fr")
    sidebar.get_by_text(ARABIC, exact=True).click()
    heading(page, translate("o.reg.title", "ar"))
    uploader_reads_in(page, "ar")


def uploader_reads_in(page, lang: str) -> None:
    page.locator("[data-testid='stFileUploaderDropzone']").wait_for()
    time.sleep(0.5)  # the page's script puts our words in once the box is drawn
    text = page.evaluate("() => document.body.innerText")
    for english in ("Skip to main content", "Upload", "MB per file", "Drag and drop",
                    "Browse files", "Organiser"):
        assert english not in text, (lang, english)
    assert translate("upload.limit", lang, size=20) in text, lang
    assert translate("upload.button", lang) in text, lang
    assert translate("session.signed_in_as", lang,
                     name=translate("session.organiser", lang)) in text, lang
    skip = page.locator("[data-testid='stSkipToContent']")
    assert skip.count() == 0 or skip.inner_text() == translate("a11y.skip_to_content", lang)
