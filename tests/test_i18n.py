"""Every text in English, French and Arabic with the same placeholders; plural forms by CLDR
category; numbers, amounts and dates as each language writes them; which language a page
opens in (the participant's profile by the event's order, else the browser's, else French,
unless this browser picked one); and the pages themselves, rendered with AppTest: French
numbers and dates on French pages, Arabic right to left."""

from __future__ import annotations

import re
import string
from datetime import date, datetime

import pytest

from matchmaking.domain import formats
from matchmaking.storage import console as org
from matchmaking.texts import TEXTS, translate

from .test_organiser_app import event_path  # noqa: F401 (fixture: the console's event)
from .test_organiser_service import sdb  # noqa: F401 (fixture: a scheduled demo event)
from .test_participant_app import env, open_page, shown, signed_in  # noqa: F401 (env: fixture)

LANGUAGES = ("en", "fr", "ar")
ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
# Texts made only of placeholders and symbols: nothing in them to write in Arabic.
NO_WORDS = {
    "o.reg.column_field": "the column's header, as the file writes it",
    "o.grid.cell": "two organisation names and a status word, joined by symbols",
    "o.runs.reach": "a formula, n = k: count",
}
NBSP = re.compile("[\u00a0\u202f]")  # babel's (narrow) no-break spaces, read as spaces


def forms(text: str | dict[str, str]) -> dict[str, str]:
    """A text's forms by plural category (``other`` for a plain text)."""
    if isinstance(text, str):
        return {"other": text}
    return {category: form for category, form in text.items() if category != "by"}


def placeholders(text: str) -> set[str]:
    """``{name}`` and ``{name:spec}`` of a text, with their format spec."""
    return {f"{name}:{spec}" for _, name, spec, _ in string.Formatter().parse(text)
            if name is not None}


def english_words() -> set[str]:
    """The words of every English text between its placeholders (for the browser test)."""
    out = set()
    for entry in TEXTS.values():
        for form in forms(entry["en"]).values():
            out.update(re.split(r"\{[^}]*\}", form))
    return out


def plain(text: str) -> str:
    return NBSP.sub(" ", text.replace("\u200f", "").replace("\u200e", ""))


# --- the tables ---------------------------------------------------------------------------

def test_every_key_has_english_french_and_arabic_with_the_same_placeholders():
    assert len(TEXTS) > 600
    for key, entry in TEXTS.items():
        assert set(entry) == set(LANGUAGES), key
        other = {lang: forms(entry[lang])["other"] for lang in LANGUAGES}
        expected = placeholders(other["en"])
        for lang in LANGUAGES:
            assert all(f.strip() for f in forms(entry[lang]).values()), (key, lang)
            assert placeholders(other[lang]) == expected, (key, lang)
            for category, form in forms(entry[lang]).items():
                # a form may spell its number out ("لقاءان"), never name another value
                assert placeholders(form) <= expected, (key, lang, category)
        chosen_by = {lang: entry[lang].get("by", "count") for lang in LANGUAGES
                     if isinstance(entry[lang], dict)}
        if chosen_by:
            assert set(chosen_by) == set(LANGUAGES), f"{key}: plural in some languages only"
            assert len(set(chosen_by.values())) == 1, key
            assert any(p.split(":")[0] == chosen_by["en"] for p in expected), key


def test_arabic_texts_are_written_in_arabic():
    for key, entry in TEXTS.items():
        for category, form in forms(entry["ar"]).items():
            if key in NO_WORDS:
                assert not re.search(r"[A-Za-z]{2,}", re.sub(r"\{[^}]*\}", "", form)), key
                continue
            assert ARABIC_LETTER.search(form), (key, category, form)


def test_plural_forms_use_only_the_categories_of_their_language():
    for key, entry in TEXTS.items():
        for lang in LANGUAGES:
            if isinstance(entry[lang], dict):
                categories = set(forms(entry[lang]))
                known = set(formats.locale(lang).plural_form.tags) | {"other"}
                assert "other" in categories and categories <= known, (key, lang, categories)


# --- plural forms -------------------------------------------------------------------------

def test_counts_agree_with_their_number_in_each_language():
    slots = "o.setup.slots_locked"
    assert translate(slots, "en", count=1).startswith("1 meeting exists:")
    assert translate(slots, "en", count=2).startswith("2 meetings exist:")
    assert translate(slots, "fr", count=0).startswith("0 rendez-vous existe ")
    assert translate(slots, "fr", count=1).startswith("1 rendez-vous existe ")
    assert translate(slots, "fr", count=2).startswith("2 rendez-vous existent ")
    assert translate(slots, "ar", count=1).startswith("يوجد لقاء واحد")
    assert translate(slots, "ar", count=2).startswith("يوجد لقاءان")
    assert translate(slots, "ar", count=3).startswith("توجد 3 لقاءات")
    assert translate(slots, "ar", count=11).startswith("يوجد 11 لقاءً")
    assert translate(slots, "ar", count=100).startswith("يوجد 100 لقاء:")
    assert translate("o.setup.tables_saved", "en", count=1) == "1 table changed."
    assert translate("p.avail.saved", "fr", count=3) == "Enregistré : 3 créneaux bloqués."
    # the number of another name, and grouped thousands
    assert translate("p.refused.max_pending", "en", pending=1, limit=10).startswith(
        "You already have 1 request waiting")
    assert plain(translate("participants.count", "fr", count=1234)) == "1 234 participants listés"
    assert translate("participants.count", "ar", count=0) == "لا يوجد أي مشارك مدرج"


def test_a_plural_text_without_its_number_is_an_error_naming_it():
    with pytest.raises(KeyError, match="pending"):
        translate("p.refused.max_pending", "en", limit=10)
    # a number already written out (or none) takes the general form
    assert translate("o.runs.published", "en", count="—") == "— meetings confirmed."


# --- numbers, amounts, dates --------------------------------------------------------------

def test_numbers_as_each_language_writes_them():
    assert [formats.number(0.78123, lang) for lang in LANGUAGES] == ["0.78", "0,78", "0,78"]
    assert plain(formats.number(1234.5, "fr")) == "1 234,50"
    assert formats.number(1234.5, "ar") == "1.234,50"  # ar_MA: Western digits, decimal comma
    assert formats.decimal(497.800491, "fr") == "497,8"
    assert plain(formats.percent(0.345, "fr")) == "34 %"
    assert formats.percent(0.345, "en") == "34%"
    # a score placeholder in a text follows the page's language
    line = translate("p.rec.score_line", "fr", score=0.78123, you=0.5, them=1.0)
    assert line.startswith("adéquation 0,78 dans les deux sens") and "0,50" in line
    assert "0,78" in translate("p.rec.score_line", "ar", score=0.78123, you=0.5, them=1.0)
    assert "0.78" in translate("p.rec.score_line", "en", score=0.78123, you=0.5, them=1.0)
    # identifiers are not quantities
    assert "(tâche 12345)" in translate("o.jobs.submitted", "fr", id=12345)


def test_amounts_short_in_each_language():
    assert formats.amount(2_500_000, "en") == "€2.5m"  # British English
    assert plain(formats.amount(2_500_000, "fr")) == "2,5 M €"
    assert plain(formats.amount(2_500_000, "ar")) == "2,5 مليون €"
    assert plain(formats.amount_range(150_000, 400_000, "fr")) == "150 k €–400 k €"
    assert formats.amount_range(150_000, 150_000, "en") == "€150k"
    assert formats.amount_range(None, None, "fr") == ""
    assert formats.amount(None, "fr") == "?"


def test_dates_in_words_with_morocco_month_names():
    day = date(2026, 6, 3)
    assert formats.day_name(day, "fr") == "mercredi 3 juin"
    assert formats.day_name(day, "en") == "Wednesday 3 June"
    assert formats.day_name(day, "ar") == "الأربعاء 3 يونيو"
    assert formats.day_short("2026-06-03", "fr") == "mer. 3 juin"
    assert formats.day_short("2026-07-01", "fr") == "mer. 1 juillet"  # not "jui."
    assert formats.day_short("2026-06-03", "en") == "Wed 3 Jun"
    assert formats.day_name("2026-08-05", "ar") == "الأربعاء 5 غشت"  # Morocco's August
    assert formats.day_name("2026-05-06", "ar") == "الأربعاء 6 ماي"
    start, end = datetime(2026, 6, 3, 9, 30), datetime(2026, 6, 3, 9, 50)
    assert formats.slot_span(start, end, "fr") == "mer. 3 juin 09:30–09:50"
    with pytest.raises(ValueError, match="'de'"):
        formats.day_name(day, "de")


# --- which language -----------------------------------------------------------------------

def test_a_participant_reads_the_first_language_of_the_event_order_they_speak():
    assert formats.preferred_language(["en", "ar"]) == "ar"
    assert formats.preferred_language(["en", "ar", "fr"]) == "fr"
    assert formats.preferred_language(["en"]) == "en"
    assert formats.preferred_language(["es", "wo"]) == "fr"  # none of ours: the event's first
    assert formats.preferred_language([]) == "fr"
    assert formats.preferred_language(["fr", "ar"], ("ar", "fr", "en")) == "ar"


def test_before_sign_in_the_browser_language_when_it_is_ours_else_french():
    assert formats.browser_language("ar-MA,ar;q=0.9,fr;q=0.8") == "ar"
    assert formats.browser_language("de-DE,de;q=0.9,en;q=0.5") == "en"
    assert formats.browser_language("de-DE,en;q=0.5,fr;q=0.7") == "fr"
    assert formats.browser_language("en-GB") == "en"
    assert formats.browser_language("en;q=0,ar;q=0.1") == "ar"  # q=0: not wanted
    assert formats.browser_language("de") == "fr"
    assert formats.browser_language(None) == "fr"
    assert formats.browser_language("") == "fr"


# --- the pages ----------------------------------------------------------------------------

@pytest.mark.own_language
def test_a_french_speaking_participant_sees_french_numbers_and_dates(env):  # noqa: F811
    at = signed_in(env, "aqua@example.org")  # speaks fr and ar: fr comes first
    assert at.session_state["lang"] == "fr"
    assert at.title[0].value == "Qui rencontrer"
    scores = [c.value for c in at.caption if c.value.startswith("adéquation ")]
    assert scores and all(re.match(r"adéquation \d,\d\d ", s) for s in scores), scores
    open_page(at, "availability")
    text = shown(at)
    assert re.search(r"\b(lun|mar|mer|jeu|ven|sam|dim)\. \d{1,2} (juin|juillet|mai)\b", text)
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)  # no ISO dates


@pytest.mark.own_language
def test_the_event_order_can_put_arabic_first_and_the_page_turns_right_to_left(env):  # noqa: F811
    org.save_settings(env.db, {"interface_language_order": ["ar", "fr", "en"]})
    at = signed_in(env, "aqua@example.org")
    assert at.session_state["lang"] == "ar"
    assert at.title[0].value == translate("p.rec.title", "ar")
    style = " ".join(h.proto.body for h in at.get("html"))
    assert "direction: rtl" in style and '"dir": "rtl"' in style
    assert translate("a11y.skip_to_content", "ar") in style  # the frontend's own words


@pytest.mark.own_language
def test_a_language_picked_before_sign_in_is_kept_after_it(env):  # noqa: F811
    from streamlit.testing.v1 import AppTest

    from .conftest import PROJECT

    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
    at.context = {"locale": "ar-MA"}
    at.run()
    assert at.session_state["lang"] == "ar"  # the browser's, before sign-in
    at.radio(key="lang").set_value("en").run()
    at.text_input[0].input(env.codes["aqua@example.org"])
    at.button[0].click().run()
    assert at.session_state["user"]["email"] == "aqua@example.org"
    assert at.session_state["lang"] == "en" and at.title[0].value == "Who to meet"


@pytest.mark.own_language
def test_an_unknown_browser_language_opens_in_french():
    from streamlit.testing.v1 import AppTest

    from .conftest import PROJECT

    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
    at.context = {"locale": "de-DE"}
    at.run()
    assert at.session_state["lang"] == "fr"
    assert at.title[0].value == "Connexion"


# --- the post-event report ----------------------------------------------------------------

def test_the_report_writes_every_number_as_its_language_does(sdb):  # noqa: F811
    from matchmaking.domain.taxonomy import default_taxonomy
    from matchmaking.services import console as osv

    data = osv.console_data(sdb)
    raw_float = re.compile(r"\d[.,]\d{4,}")  # "497.800491" (1,080 is a thousand)
    for lang in LANGUAGES:
        report = osv.report_data(data, default_taxonomy(), lang)
        shown = [*map(str, report["figures"].values()), *report["notes"],
                 *(c["title"] for c in report["charts"])]
        assert all(isinstance(v, str) for v in report["figures"].values()), lang
        assert not [s for s in shown if raw_float.search(s)], lang
        assert not [s for s in shown if re.search(r"\b\d{4}-\d{2}-\d{2}\b", s)], lang  # ISO
        note = report["notes"][0]
        if lang == "fr":
            assert re.search(r"objectif \d[\d\u202f ]*(,\d{1,2})?,", note), note
            assert any(c["title"].startswith("Rendez-vous par créneau (") and
                       re.search(r"\((lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) ",
                                 c["title"]) for c in report["charts"])
        if lang == "ar":
            assert re.search(r"الهدف \d[\d.]*(,\d{1,2})?،", note), note


def test_reasons_for_a_recommendation_are_written_in_arabic_too():
    from matchmaking.matching.explain import reasons

    me = {"kind": "startup", "sectors": ["water", "iot"], "stages": ["seed"],
          "ticket_min": 150_000, "ticket_max": 400_000, "languages": ["fr", "ar"],
          "country": ["MA"], "city": "Casablanca"}
    other = {"kind": "investor", "sectors": ["water", "energy"], "stages": ["seed"],
             "ticket_min": 100_000, "ticket_max": 500_000, "languages": ["ar", "en"],
             "country": ["MA", "SN"], "city": "Rabat", "organisation": "Blue Seed Fund"}
    found = reasons(me, other, {"stage": 1.0, "ticket": 1.0, "geography_hit": True})
    assert {r.code for r in found} >= {"sectors", "stage", "ticket", "geography", "languages"}
    for reason in found:
        assert ARABIC_LETTER.search(reason.text("ar")), reason
        assert not re.search(r"[A-Za-z]{3,}", reason.text("ar")), reason  # no English left
    ticket = next(r for r in found if r.code == "ticket")
    assert plain(ticket.text("fr")) == \
        "Ticket 100 k €–500 k € correspond à la levée de 150 k €–400 k €"
    assert "المغرب" in next(r for r in found if r.code == "geography").text("ar")


def test_every_participant_page_renders_in_arabic_and_french(env):  # noqa: F811
    from matchmaking.ui import navigation

    at = signed_in(env, "aqua@example.org")
    for lang in ("ar", "fr"):
        at.radio(key="lang").set_value(lang).run()
        for page in navigation.pages_for(navigation.PARTICIPANT):
            open_page(at, page.name)  # no exception
            if lang == "ar" and page.name != "event":  # the event's name is the organisers'
                assert ARABIC_LETTER.search(at.title[0].value), page.name


def test_every_console_page_renders_in_arabic_and_french(event_path):  # noqa: F811
    from streamlit.testing.v1 import AppTest

    from matchmaking.ui import navigation

    from .conftest import PROJECT
    from .test_organiser_app import ORGANISER_CODE, go

    # AppTest reads back the widgets a run drew with English labels: each page is opened in
    # English, then switched, in a session of its own
    for page in navigation.pages_for(navigation.ORGANISER):
        for lang in ("ar", "fr"):
            console = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60).run()
            console.text_input[1].input(ORGANISER_CODE)
            console.button[1].click().run()
            go(console, page.script.rsplit("/", 1)[1])
            console.radio(key="lang").set_value(lang).run()
            assert not console.exception and not console.error, (lang, page.name)
            if lang == "ar" and page.section == "nav.section.console":
                assert ARABIC_LETTER.search(console.title[0].value), page.name
            assert translate("session.signed_in_as", lang, name=translate(
                "session.organiser", lang)) in [c.value for c in console.sidebar.caption]
