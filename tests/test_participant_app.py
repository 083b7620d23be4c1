"""The participant pages, rendered with AppTest on a real database file, signed in with
personal links: a start-up (Aqua Sûre) and an investor (Blue Seed Fund) on every page, in
English and French; requests end to end; contact details only once a meeting is
confirmed. The fake encoder stands in for the model (no torch here)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import pytest
from streamlit.testing.v1 import AppTest

from matchmaking import storage
from matchmaking.domain import access
from matchmaking.matching.embedding import MODEL_ENV_VAR
from matchmaking.services import event as services
from matchmaking.services import matching
from matchmaking.storage import meetings as ms
from matchmaking.storage import participants as ps
from matchmaking.ui import cache, navigation
from matchmaking.ui.common import plain

from .conftest import PROJECT
from .fakes import FakeEncoder
from .test_participant_service import load_people

PAGES = {"recommendations": ("Who to meet", "Qui rencontrer"),
         "requests": ("Meeting requests", "Demandes de rendez-vous"),
         "agenda": ("My agenda", "Mon agenda"),
         "notifications": ("Notifications", "Notifications"),
         "feedback": ("Feedback on my meetings", "Retours sur mes rendez-vous"),
         "profile": ("My profile", "Mon profil"),
         "availability": ("My availability", "Mes disponibilités")}
ROLES = {"startup": "aqua@example.org", "investor": "blue@example.org"}
EMAILS = ["aqua@example.org", "blue@example.org", "regie@example.org", "qatra@example.org",
          "nadaa@example.org", "paylink@example.org"]
PHONES = ["+212 6 12 34 56 78", "+212 5 22 00 00 00"]


@dataclass
class Env:
    ids: dict[str, int]
    codes: dict[str, str]
    db: storage.Database


@pytest.fixture
def env(db, event_db_path, tmp_path, monkeypatch) -> Env:
    ids = load_people(db, tmp_path)
    monkeypatch.setenv("MATCHMAKING_DB", str(event_db_path))
    monkeypatch.setenv(MODEL_ENV_VAR, FakeEncoder().name)
    codes = {r["email"]: r["code"] for r in services.issue_access_codes(
        db, access.load_secret(event_db_path))}
    return Env(ids, codes, db)


def signed_in(env: Env, email: str) -> AppTest:
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
    at.query_params["code"] = env.codes[email]
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["user"]["email"] == email
    return at


def open_page(at: AppTest, name: str) -> AppTest:
    at.switch_page(f"matchmaking/ui/{name}_page.py").run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> str:
    """Every text the page shows, tables included."""
    parts = [e.value for kind in ("title", "subheader", "markdown", "caption", "text", "info",
                                  "success", "error", "warning") for e in at.get(kind)]
    for frame in [*at.dataframe, *at.table]:
        parts += [" ".join(frame.value.columns.astype(str)),
                  " ".join(frame.value.astype(str).values.ravel())]
    # markdown escapes (``\(``) are how user text is kept plain: read past them
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))


def contact_visible(text: str, *emails: str) -> bool:
    return any(e in text for e in emails) or any(p in text for p in PHONES)


# --- every page, both roles, both languages ----------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_every_page_renders_for_each_role_in_english_and_french(env, role):
    at = signed_in(env, ROLES[role])
    assert at.title[0].value == "Who to meet"  # where participants land
    for name, (english, french) in PAGES.items():
        open_page(at, name)
        assert at.title[0].value == english, name
    at.radio(key="lang").set_value("fr").run()
    for name, (english, french) in PAGES.items():
        open_page(at, name)
        assert at.title[0].value == french, name
        assert not contact_visible(shown(at), *EMAILS), name


def test_the_navigation_lists_the_participant_pages_in_order():
    assert [page.name for page in navigation.pages_for(navigation.PARTICIPANT)] == [
        *PAGES, "event"]


@pytest.mark.parametrize("name", PAGES)
def test_pages_refuse_anyone_but_a_participant(env, name):
    direct = AppTest.from_file(str(PROJECT / "matchmaking" / "ui" / f"{name}_page.py"),
                               default_timeout=30)
    direct.session_state["user"] = {"role": "organiser", "name": "Organiser"}
    direct.run()
    assert "This page is for participants only." in direct.error[0].value
    assert not direct.button and not direct.dataframe and not direct.markdown


# --- recommendations ----------------------------------------------------------------------------

def test_startup_sees_ranked_counterparts_with_reasons_and_no_contact_details(env):
    at = signed_in(env, "aqua@example.org")
    text = shown(at)
    assert "2 of 2 possible counterparts match" in text
    cards = [m.value for m in at.markdown if m.value.startswith("\u200e**")]  # who()
    assert {c.split("**")[1] for c in cards} == {"Blue Seed Fund",
                                                 r"Régie de l'Eau \(fictive\)"}
    scores = [c.value for c in at.caption if c.value.startswith("fit ")]
    assert len(scores) == 2  # one score line per card, each followed by its reasons
    assert "- Shared sectors: Water management" in text
    assert not contact_visible(text, *EMAILS)
    at.radio(key="lang").set_value("fr").run()
    text = shown(at)
    assert "- Secteurs communs : Gestion de l'eau" in text
    assert "adéquation" in text and "2 interlocuteurs possibles sur 2 correspondent" in text


def test_investor_browses_startups_with_filters(env):
    at = signed_in(env, "blue@example.org")
    assert "4 of 4 possible counterparts match" in shown(at)
    assert at.selectbox(key="p.rec.kind.en").disabled  # start-ups only
    at.selectbox(key="p.rec.sector.en").set_value("resources").run()  # a thematic axis
    assert "3 of 4" in shown(at)
    at.selectbox(key="p.rec.language.en").set_value("ar").run()
    assert "2 of 4" in shown(at)
    at.text_input(key="p.rec.search").input("تسربات").run()
    text = shown(at)
    assert "1 of 4" in text and "قطرة" in text and "Aqua" not in text
    at.text_input(key="p.rec.search").input("").run()
    at.selectbox(key="p.rec.sector.en").set_value("*").run()
    at.selectbox(key="p.rec.language.en").set_value("*").run()
    at.selectbox(key="p.rec.stage.en").set_value("growth").run()
    assert "1 of 4" in shown(at) and "PayLink" in shown(at)


def test_marks_hide_and_restore_at_once(env):
    at = signed_in(env, "aqua@example.org")
    regie = env.ids["regie"]
    at.button_group(key=f"p.rec.mark.{regie}").set_value("no_thanks").run()
    assert "Hidden from your recommendations" in shown(at)
    assert "Régie" not in shown(at) and "1 of 2" in shown(at)
    assert ps.marks_by(env.db, env.ids["aqua"]) == {regie: "no_thanks"}
    at.selectbox(key="p.rec.show.en").set_value("no_thanks").run()
    assert "Régie" in shown(at)
    assert at.button_group(key=f"p.rec.mark.{regie}").value == "no_thanks"
    at.button_group(key=f"p.rec.mark.{regie}").set_value(None).run()  # clicked again: cleared
    assert ps.marks_by(env.db, env.ids["aqua"]) == {}
    at.selectbox(key="p.rec.show.en").set_value("recommended").run()
    blue = env.ids["blue"]
    at.button_group(key=f"p.rec.mark.{blue}").set_value("must_meet").run()
    assert at.button_group(key=f"p.rec.mark.{blue}").value == "must_meet"
    assert ps.marks_by(env.db, env.ids["aqua"]) == {blue: "must_meet"}
    # marked meanwhile in another tab: the card shows the mark as stored
    storage.set_preference(env.db, env.ids["aqua"], blue, "shortlist", actor="test")
    at.run()
    assert at.button_group(key=f"p.rec.mark.{blue}").value == "shortlist"


def test_a_card_shows_name_fit_and_top_reason_and_the_rest_on_demand(env):
    at = signed_in(env, "aqua@example.org")
    blue = env.ids["blue"]
    scored = cache.matching_of(os.environ["MATCHMAKING_DB"], env.db)  # the app's own scores
    explained = matching.explain_pair(scored, env.ids["aqua"], blue)
    text = shown(at)
    assert "Blue Seed Fund" in text and f"fit {explained['score']:.2f} both ways" in text
    assert explained["reasons"]["en"][0] in text
    details = [e for e in at.expander if e.label == "More reasons, and their profile"]
    assert details and any(plain(explained["reasons"]["en"][-1]) in m.value
                           for d in details for m in d.markdown)
    assert not at.text_area  # no note box until a request is started


def test_request_from_a_card_with_a_note(env):
    at = signed_in(env, "aqua@example.org")
    blue = env.ids["blue"]
    at.button(key=f"p.rec.request.{blue}").click().run()  # opens the request dialog
    at.text_area(key=f"p.rec.note.{blue}").input("Seed round for 3 cities")
    at.button(key=f"p.rec.send.{blue}").click().run()
    text = shown(at)
    assert "Request sent." in text and "Request sent, waiting for their answer" in text
    assert f"p.rec.send.{blue}" not in [b.key for b in at.button]  # the dialog is closed
    assert f"p.rec.request.{blue}" not in [b.key for b in at.button]  # and nothing to ask
    request = ms.requests_of(env.db, env.ids["aqua"])[0]
    assert (request["recipient_id"], request["note"], request["status"]) == (
        blue, "Seed round for 3 cities", "pending")
    # the investor sees it as a request to answer, on the card and in the inbox
    other = signed_in(env, "blue@example.org")
    assert "They asked to meet you" in shown(other)
    open_page(other, "requests")
    assert "Received (1)" in [tab.label for tab in other.tabs]
    assert "Seed round for 3 cities" in shown(other)


def test_refusals_are_clear_and_investors_who_filter_show_it(env):
    blue, regie = env.ids["blue"], env.ids["regie"]
    ps.set_request_settings(env.db, blue, accepting=False, min_score=None)
    ps.set_request_settings(env.db, regie, accepting=True, min_score=0.99)
    at = signed_in(env, "aqua@example.org")
    text = shown(at)
    assert "Not taking requests at the moment." in text
    assert "Takes requests from a fit of 0.99 or more." in text
    assert not [b for b in at.button if b.key and b.key.startswith("p.rec.request.")]
    # a setting changed after the page was drawn: the refusal is said, in French too
    ps.set_request_settings(env.db, regie, accepting=True, min_score=None)
    at.radio(key="lang").set_value("fr").run()
    at.button(key=f"p.rec.request.{regie}").click().run()
    ps.set_request_settings(env.db, regie, accepting=False, min_score=None)
    at.button(key=f"p.rec.send.{regie}").click().run()
    assert "Régie de l'Eau (fictive) n'accepte pas de demandes." in shown(at)


# --- requests, proposals, agenda ------------------------------------------------------------------

def test_investor_accepts_in_a_chosen_slot_and_both_agendas_agree(env):
    aqua, blue = env.ids["aqua"], env.ids["blue"]
    request = ms.create_request(env.db, aqua, blue, rules=ms.RequestRules(), note="hi")
    slot = ms.common_free_slots(env.db, aqua, blue)[4]
    at = signed_in(env, "blue@example.org")
    open_page(at, "requests")
    assert not contact_visible(shown(at), "aqua@example.org")
    assert "- Shared sectors: Water management" in shown(at)
    at.selectbox(key=f"p.req.slot.{request['id']}.en").set_value(slot["id"])
    at.button(key=f"p.req.accept.{request['id']}").click().run()
    assert "Accepted: the meeting is in your agenda." in shown(at)
    meeting = storage.live_meetings(env.db)[0]
    assert meeting["slot_id"] == slot["id"] and meeting["status"] == "confirmed"
    open_page(at, "agenda")
    mine = shown(at)
    assert "**10:50–11:10** · table **T01**" in mine and "Aqua Sûre" in mine
    assert "aqua@example.org" in mine and PHONES[0] in mine  # confirmed: contact shown
    startup = signed_in(env, "aqua@example.org")
    open_page(startup, "agenda")
    theirs = shown(startup)
    assert "**10:50–11:10** · table **T01**" in theirs and "Blue Seed Fund" in theirs
    assert "blue@example.org" in theirs
    download = startup.get("download_button")[0]
    assert download.proto.label == "Download my agenda (.ics)"
    startup.toggle(key="p.agenda.print").set_value(True).run()
    table = " ".join(startup.table[0].value.astype(str).values.ravel())
    assert "10:50–11:10" in table and "Blue Seed Fund (investor)" in table
    assert not startup.main.button  # a clean list to print


def test_contact_details_stay_hidden_until_the_meeting_is_confirmed(env):
    aqua, blue = env.ids["aqua"], env.ids["blue"]
    slot = storage.list_slots(env.db, kind="meeting")[0]["id"]
    meeting = storage.book_meeting(env.db, aqua, blue, slot,
                                   storage.list_tables(env.db)[0]["id"], status="proposed",
                                   source="scheduler")
    startup, investor = signed_in(env, "aqua@example.org"), signed_in(env, "blue@example.org")
    for at, other in ((startup, "blue@example.org"), (investor, "aqua@example.org")):
        for name in PAGES:
            open_page(at, name)
            assert not contact_visible(shown(at), other), name
        open_page(at, "agenda")
        assert "Contact details appear here once the meeting is confirmed." in shown(at)
    # both accept the organisers' suggestion
    open_page(startup, "requests")
    startup.button(key=f"p.prop.accept.{meeting}").click().run()
    assert "It is confirmed as soon as the other side accepts too." in shown(startup)
    open_page(startup, "agenda")
    assert not contact_visible(shown(startup), "blue@example.org")
    open_page(investor, "requests")
    investor.button(key=f"p.prop.accept.{meeting}").click().run()
    assert "Both sides accepted: the meeting is confirmed." in shown(investor)
    open_page(investor, "agenda")
    assert "aqua@example.org" in shown(investor)
    open_page(startup, "agenda")
    assert "blue@example.org" in shown(startup) and PHONES[1] in shown(startup)
    # still never on the other pages
    for name in ("recommendations", "requests", "profile", "availability", "feedback"):
        open_page(startup, name)
        assert not contact_visible(shown(startup), "blue@example.org"), name


def test_decline_with_a_reason_and_withdraw(env):
    aqua, blue, regie = env.ids["aqua"], env.ids["blue"], env.ids["regie"]
    first = ms.create_request(env.db, aqua, blue, rules=ms.RequestRules())
    second = ms.create_request(env.db, aqua, regie, rules=ms.RequestRules())
    investor = signed_in(env, "blue@example.org")
    open_page(investor, "requests")
    investor.text_input(key=f"p.req.reason.{first['id']}").input("outside our thesis")
    investor.button(key=f"p.req.decline.{first['id']}").click().run()
    assert "Request declined." in shown(investor)
    startup = signed_in(env, "aqua@example.org")
    open_page(startup, "requests")
    startup.button(key=f"p.req.withdraw.{second['id']}").click().run()
    assert "Request withdrawn." in shown(startup)
    history = startup.dataframe[0].value
    assert set(history["status"]) == {"declined", "withdrawn"}
    assert "outside our thesis" in set(history["reason"])
    startup.radio(key="lang").set_value("fr").run()
    assert set(startup.dataframe[0].value["état"]) == {"refusée", "retirée"}


def test_declining_an_organiser_suggestion(env):
    aqua, regie = env.ids["aqua"], env.ids["regie"]
    slot = storage.list_slots(env.db, kind="meeting")[3]["id"]
    meeting = storage.book_meeting(env.db, aqua, regie, slot,
                                   storage.list_tables(env.db)[2]["id"], status="proposed")
    at = signed_in(env, "regie@example.org")
    open_page(at, "requests")
    assert "Suggested by the organisers (1)" in [tab.label for tab in at.tabs]
    at.text_input(key=f"p.prop.reason.{meeting}").input("not our topic")
    at.button(key=f"p.prop.decline.{meeting}").click().run()
    assert "Suggestion declined." in shown(at)
    row = list(env.db.query("SELECT status, reason FROM meetings WHERE id = ?", [meeting]))[0]
    assert row == {"status": "declined", "reason": "not our topic"}


# --- profile, availability, feedback ------------------------------------------------------------

def test_profile_edits_are_validated_and_only_changed_texts_embedded(env, monkeypatch):
    from matchmaking.ui import cache

    encoder = FakeEncoder()
    monkeypatch.setattr(cache, "encoder", lambda model: encoder)
    at = signed_in(env, "aqua@example.org")
    open_page(at, "profile")
    at.text_input[0].input("plenty")  # amount sought, from
    at.button[0].click().run()
    assert "Not an amount: write it like 150000, 150k or 1.5M." in [e.value for e in at.error]
    assert "Nothing was saved: correct the fields above." in [e.value for e in at.error]
    assert ps.get_participant_by_id(env.db, env.ids["aqua"])["ticket_min"] == 150000
    assert encoder.calls == 0

    new = "A water utility for a pilot in Rabat."
    at.text_input[0].input("200k")
    at.text_area[1].input(new)  # what we look for
    at.multiselect[0].select("drones")  # a free tag of our own
    at.button[0].click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Saved: What we look for, Sectors and themes, Amount sought, from (€)."]
    stored = ps.get_participant_by_id(env.db, env.ids["aqua"])
    assert (stored["looking_for"], stored["ticket_min"]) == (new, 200_000)
    assert stored["sectors"] == ["water", "iot", "drones"]
    assert encoder.texts_seen == [new]
    at.button[0].click().run()  # saving again changes nothing
    assert "Nothing changed." in [i.value for i in at.info]


def test_request_settings_on_the_profile(env):
    at = signed_in(env, "blue@example.org")
    open_page(at, "profile")
    at.toggle[0].set_value(False)
    at.slider[0].set_value(0.5)
    at.button[1].click().run()
    assert "Saved." in [s.value for s in at.success]
    assert ps.request_settings_of(env.db, [env.ids["blue"]]) == {
        env.ids["blue"]: {"accepting_requests": False, "min_request_score": 0.5}}
    startup = signed_in(env, "aqua@example.org")
    open_page(startup, "profile")
    assert not startup.slider  # a minimum fit is for investors and partners


def test_availability_blocks_slots_and_warns_about_a_meeting(env):
    aqua, blue = env.ids["aqua"], env.ids["blue"]
    slots = storage.list_slots(env.db, kind="meeting")
    storage.book_meeting(env.db, aqua, blue, slots[1]["id"], storage.list_tables(env.db)[0]["id"])
    at = signed_in(env, "aqua@example.org")
    open_page(at, "availability")
    assert "Breaks: 11:10–11:30 Coffee break / Pause café" in shown(at)
    assert "Your meetings: 09:50 Blue Seed Fund" in shown(at)
    at.pills(key="p.avail.day.2024-06-05").set_value([slots[0]["id"], slots[1]["id"]])
    at.button[0].click().run()
    text = shown(at)
    assert "Saved: 2 slots blocked." in text
    assert "Wed 5 Jun 09:50: you already have a meeting with Blue Seed Fund then." in text
    assert ps.blocked_slots(env.db, aqua) == {slots[0]["id"], slots[1]["id"]}


def test_feedback_on_a_past_meeting_is_saved_and_updated(env):
    aqua, blue = env.ids["aqua"], env.ids["blue"]
    at = signed_in(env, "aqua@example.org")
    open_page(at, "feedback")
    assert "Your meetings appear here once they have begun." in shown(at)
    slot = storage.list_slots(env.db, kind="meeting")[0]["id"]  # June 2024: in the past
    meeting = storage.book_meeting(env.db, aqua, blue, slot, storage.list_tables(env.db)[0]["id"])
    open_page(at, "feedback")
    at.radio(key=f"p.fb.took.{meeting}.en").set_value(True)
    at.feedback(key=f"p.fb.rating.{meeting}").set_value(4)  # the fifth star
    at.selectbox(key=f"p.fb.follow.{meeting}.en").set_value("investment")
    at.text_area(key=f"p.fb.comment.{meeting}").input("Term sheet next month")
    at.button[0].click().run()
    assert "Thank you: feedback saved." in shown(at)
    row = ps.feedback_of(env.db, aqua)[meeting]
    assert (row["rating"], row["took_place"], row["follow_up"], row["comment"]) == (
        5, 1, "investment", "Term sheet next month")
    assert (aqua, blue, 1) in storage.labelled_pairs(env.db)
    open_page(at, "feedback")
    assert "You have given feedback: saving again updates it." in shown(at)
    at.feedback(key=f"p.fb.rating.{meeting}").set_value(1)
    at.button[0].click().run()
    assert ps.feedback_of(env.db, aqua)[meeting]["rating"] == 2
    assert len(list(env.db.query("SELECT 1 FROM feedback"))) == 1


def test_user_text_never_becomes_markup(env):
    evil = "[Blue](https://evil.example) <img src=x onerror=alert(1)> **loud**"
    with storage.write_transaction(env.db):
        env.db.execute("UPDATE participants SET organisation = ?, about = ?, updated_at = "
                       "'2099-01-01T00:00:00Z' WHERE id = ?",
                       [evil, "<script>alert(1)</script> [link](javascript:alert(1))",
                        env.ids["blue"]])
    ms.create_request(env.db, env.ids["blue"], env.ids["aqua"], rules=ms.RequestRules(),
                      note="![x](https://evil.example/pixel.png)")
    at = signed_in(env, "aqua@example.org")
    for name in ("recommendations", "requests", "agenda"):
        open_page(at, name)
        markdown = "\n".join(m.value for m in [*at.markdown, *at.caption])
        assert r"evil\.example" in markdown or name == "agenda"  # shown, as plain text
        for raw in ("[Blue]", "<img", "<script", "![x]", "[link]"):  # unescaped, it would act
            assert not re.search(r"(?<!\\)" + re.escape(raw), markdown), (name, raw)
        assert all("<style>" in h.proto.body for h in at.get("html"))  # static CSS only


def test_another_time_is_proposed_on_the_agenda_and_moves_once_accepted(env):
    aqua, blue = env.ids["aqua"], env.ids["blue"]
    slots = ms.common_free_slots(env.db, aqua, blue)
    meeting_id = storage.book_meeting(env.db, aqua, blue, slots[4]["id"],
                                      storage.list_tables(env.db)[0]["id"])
    startup = signed_in(env, "aqua@example.org")
    open_page(startup, "agenda")
    assert any(p.proto.popover.label == "Propose another time" for p in startup.get("popover"))
    target = slots[6]
    startup.selectbox(key=f"p.move.slot.{meeting_id}.en").set_value(target["id"])
    startup.text_input(key=f"p.move.note.{meeting_id}").input("Our CTO lands at noon")
    startup.button(key=f"p.move.send.{meeting_id}").click().run()
    page = shown(startup)
    assert "Proposal sent: the meeting moves once they accept." in page
    assert "You proposed" in page and "**10:50–11:10**" in page  # still where it was
    investor = signed_in(env, "blue@example.org")
    open_page(investor, "agenda")
    page = shown(investor)
    assert "They propose to move this meeting to" in page and "Our CTO lands at noon" in page
    investor.button(key=next(b.key for b in investor.button
                             if str(b.key).startswith("p.move.accept."))).click().run()
    page = shown(investor)
    assert "Moved: your agenda and calendar show the new time." in page
    assert "**11:50–12:10**" in page and "**10:50–11:10**" not in page  # after the break
    assert storage.row_by_id(env.db, "meetings", meeting_id)["slot_id"] == target["id"]


def test_a_card_shows_the_organisations_logo_when_it_has_one(env):
    import io

    from PIL import Image

    from matchmaking.services import images

    picture = io.BytesIO()
    Image.new("RGB", (600, 300), (20, 120, 200)).save(picture, format="PNG")
    images.set_participant_image(env.db, env.ids["blue"], picture.getvalue(), name="logo.png")
    at = signed_in(env, "aqua@example.org")
    assert len(at.image) == 1  # Blue Seed Fund's; the Régie has none
    (url,) = at.image[0].value
    assert url  # served by the app's media endpoint
