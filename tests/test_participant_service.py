"""The participant's use cases (participant_service, participant_storage): browsing with
filters and live marks, requests and their refusals in words, agenda and contact details,
profile edits (validated, only what changed, re-embedded), availability and feedback."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from matchmaking import storage
from matchmaking.documents.exporting import to_csv
from matchmaking.services import event as services
from matchmaking.services import matching, meetings
from matchmaking.services import participant as svc
from matchmaking.storage import meetings as ms
from matchmaking.storage import participants as ps

from .fakes import FakeEncoder
from .test_matching import PEOPLE

COLUMNS = ["kind", "organisation", "email", "contact_name", "phone", "website", "languages",
           "sectors", "stages", "ticket_min", "ticket_max", "country", "about", "looking_for",
           "offering", "consent"]
CONTACTS = {"aqua@example.org": dict(contact_name="Amina Benali", phone="+212 6 12 34 56 78",
                                     website="https://aqua.example.org"),
            "blue@example.org": dict(contact_name="Omar Tazi", phone="+212 5 22 00 00 00")}
ARABIC = dict(kind="startup", organisation="قطرة", email="qatra@example.org",
              contact_name="سلمى", languages="ar;fr", sectors="water;inclusion",
              stages="pre-seed", ticket_min=50000, ticket_max=150000, country="المغرب",
              about="تطبيق يساعد الأسر على كشف تسربات الماء في المنازل.",
              looking_for="نبحث عن شركة توزيع الماء لتجربة التطبيق.",
              offering="بيانات الاستهلاك المنزلي للماء.")
FOLLOWER = dict(kind="startup", organisation="Nadaa Irrigation", email="nadaa@example.org",
                languages="fr;en", sectors="agritech;water", stages="seed",
                ticket_min=200000, ticket_max=500000, country="Sénégal",
                about="Drip irrigation controllers for market gardens near Dakar.",
                looking_for="A seed investor in water and agriculture.",
                offering="Water savings data for farms.")
NOW = datetime(2024, 5, 20, 9, 0, tzinfo=timezone.utc)  # before the event


def people_rows() -> list[dict]:
    rows = [{**p, **CONTACTS.get(p["email"], {})} for p in PEOPLE] + [ARABIC, FOLLOWER]
    return [{"consent": "yes", **r} for r in rows]


def load_people(db, folder: Path, encoder: FakeEncoder | None = None) -> dict[str, int]:
    path = folder / "people.csv"
    path.write_text(to_csv(people_rows(), COLUMNS), encoding="utf-8")
    services.import_registrations(db, path)
    matching.refresh_embeddings(db, encoder or FakeEncoder())
    return {p["email"].split("@")[0]: p["id"] for p in storage.list_participants(db)}


@pytest.fixture
def people(db, tmp_path) -> dict[str, int]:
    return load_people(db, tmp_path)


def scored(db):
    return matching.match_event(db, FakeEncoder().name)


def view(db, who: int, filters: svc.Filters | None = None, event=None) -> svc.Browse:
    return svc.browse_now(db, event or scored(db), who, filters or svc.Filters())


def names(db, found: svc.Browse) -> list[str]:
    by_id = {p["id"]: p["organisation"] for p in storage.list_participants(db)}
    return [by_id[c.id] for c in found.items]


# --- browsing -----------------------------------------------------------------------------

def test_browsing_ranks_everybody_one_may_meet_as_the_event_scores_do(db, people):
    event = scored(db)
    found = view(db, people["aqua"], event=event)
    # investors and partners only, a shared language required (Growth speaks English only)
    assert set(names(db, found)) == {"Blue Seed Fund", "Régie de l'Eau (fictive)"}
    assert found.eligible == 2
    top = matching.recommendations_for(event, people["aqua"])
    assert [c.id for c in found.items] == [r["id"] for r in top]
    assert [c.score for c in found.items] == pytest.approx([r["score"] for r in top], abs=1e-3)
    investors = view(db, people["blue"], event=event)
    # start-ups only; PayLink shares English with the fund
    assert set(names(db, investors)) == {"Aqua Sûre", "قطرة", "Nadaa Irrigation", "PayLink"}
    assert all(c.fit_for_you >= 0 and c.fit_for_them >= 0 for c in investors.items)


def test_filters(db, people):
    event = scored(db)
    blue = people["blue"]

    def only(**kwargs) -> list[str]:
        return sorted(names(db, view(db, blue, svc.Filters(**kwargs), event)))

    assert only(search="irrigation") == ["Nadaa Irrigation"]
    assert only(search="SURE") == ["Aqua Sûre"]  # case and accents folded
    assert only(search="تسربات") == ["قطرة"]
    assert only(search="gestion de l'eau") == ["Aqua Sûre", "Nadaa Irrigation", "قطرة"]
    assert only(sector="agritech") == ["Nadaa Irrigation"]
    assert only(sector="resources") == ["Aqua Sûre", "Nadaa Irrigation", "قطرة"]  # an axis
    assert only(stage="pre-seed") == ["قطرة"]
    assert only(country="SN") == ["Nadaa Irrigation"]
    assert only(language="ar") == ["Aqua Sûre", "قطرة"]
    assert only(kind="startup", language="en") == ["Nadaa Irrigation", "PayLink"]
    assert only(sector="fintech") == ["PayLink"]
    # a start-up looking for someone active in Senegal finds the fund active in Africa
    aqua = sorted(names(db, view(db, people["aqua"], svc.Filters(country="SN"), event)))
    assert aqua == ["Blue Seed Fund"]


def test_marks_apply_at_once_without_rescoring(db, people):
    event = scored(db)  # scored once: marks come from the database at display time
    aqua, blue, regie = people["aqua"], people["blue"], people["regie"]
    svc.set_mark(db, aqua, regie, "no_thanks")
    svc.set_mark(db, aqua, blue, "must_meet")
    assert names(db, view(db, aqua, event=event)) == ["Blue Seed Fund"]
    assert view(db, aqua, event=event).items[0].mark == "must_meet"
    assert names(db, view(db, aqua, svc.Filters(show="no_thanks"), event)) == [
        "Régie de l'Eau (fictive)"]
    assert names(db, view(db, aqua, svc.Filters(show="shortlist"), event)) == []
    svc.set_mark(db, aqua, regie, None)
    assert len(view(db, aqua, event=event).items) == 2
    # who said "no thanks" to me is simply not there
    svc.set_mark(db, regie, aqua, "no_thanks")
    assert names(db, view(db, aqua, event=event)) == ["Blue Seed Fund"]
    assert view(db, aqua, event=event).eligible == 1
    audit = [r["action"] for r in db.query("SELECT action FROM audit_log")]
    assert audit.count("preference.set") == 4


def test_requests_and_meetings_show_as_states(db, people):
    event = scored(db)
    aqua, blue, regie = people["aqua"], people["blue"], people["regie"]
    outcome = svc.request_meeting(db, "aqua@example.org", "blue@example.org", note="Seed",
                                  matching=event, now=NOW)
    assert outcome == svc.Outcome(True, "p.req.sent")
    again = svc.request_meeting(db, "aqua@example.org", "blue@example.org", matching=event,
                                now=NOW)
    assert again.key == "p.req.already_sent"
    states = {c.id: c.state for c in view(db, aqua, event=event).items}
    assert states == {blue: "request_sent", regie: None}
    assert {c.id: c.state for c in view(db, blue, event=event).items}[aqua] == \
        "request_received"
    # the other side asking too is a yes: the meeting is booked at once
    assert svc.request_meeting(db, "blue@example.org", "aqua@example.org", matching=event,
                               now=NOW).key == "p.req.mutual"
    assert {c.id: c.state for c in view(db, aqua, event=event).items}[blue] == \
        "meeting_booked"


@pytest.mark.parametrize("case, key, values", [
    ("not taking", "p.refused.not_taking", {"organisation": "Blue Seed Fund"}),
    ("minimum fit", "p.refused.min_fit", {"organisation": "Blue Seed Fund",
                                          "minimum": "0.99"}),
    ("already meeting", "p.refused.already_meeting", {}),
    ("same kind", "p.refused.kinds", {}),
    ("too many pending", "p.refused.max_pending", {"pending": "1", "limit": "1"}),
])
def test_refusals_are_said_in_words_of_the_ui(db, people, case, key, values):
    event = scored(db)
    target = "blue@example.org"
    if case == "not taking":
        ps.set_request_settings(db, people["blue"], accepting=False, min_score=None)
    elif case == "minimum fit":
        ps.set_request_settings(db, people["blue"], accepting=True, min_score=0.99)
    elif case == "already meeting":
        request = ms.create_request(db, people["aqua"], people["blue"],
                                    rules=ms.RequestRules(), now=NOW)
        ms.accept_request(db, request["id"], people["blue"], now=NOW)
    elif case == "same kind":
        target = "paylink@example.org"
    elif case == "too many pending":
        with storage.write_transaction(db):
            db.execute("UPDATE event SET settings = json_set(settings, "
                       "'$.max_pending_requests', 1)")
        svc.request_meeting(db, "aqua@example.org", "regie@example.org", now=NOW)
    outcome = svc.request_meeting(db, "aqua@example.org", target, matching=event, now=NOW)
    assert outcome == svc.Outcome(False, key, values)


def test_an_unknown_refusal_is_shown_as_it_is():
    outcome = svc.refusal(ms.RequestRefused("something new"))
    assert outcome == svc.Outcome(False, "p.refused.other", {"message": "something new"})
    # the key comes from the error's code, never from its English words
    assert svc.refusal(storage.SlotTaken("reworded: nothing left", code="no_slot")
                       ).key == "p.refused.no_slot"
    assert svc.refusal(storage.SlotTaken("no common free slot with a free table is left")
                       ).key == "p.refused.other"


def test_every_refusal_code_the_rules_raise_is_said_in_every_language():
    import ast
    from pathlib import Path

    import matchmaking
    from matchmaking.texts.participant import TEXTS

    codes = set()
    package = Path(matchmaking.__file__).parent
    for path in (package / "storage").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in (
                    "RequestRefused", "SlotTaken", "NotYourMeeting", "StorageError"):
                codes |= {k.value.value for k in node.keywords
                          if k.arg == "code" and isinstance(k.value, ast.Constant)}
    assert len(codes) >= 13, codes
    for code in codes:
        assert set(TEXTS[f"p.refused.{code}"]) >= {"en", "fr"}, code


def test_answering_requests(db, people):
    aqua, blue, regie = people["aqua"], people["blue"], people["regie"]
    first = ms.create_request(db, aqua, blue, rules=ms.RequestRules(), note="hello", now=NOW)
    second = ms.create_request(db, aqua, regie, rules=ms.RequestRules(), now=NOW)
    overview = svc.requests_overview(db, blue, now=NOW)
    assert [r["other_organisation"] for r in overview.inbox] == ["Aqua Sûre"]
    assert overview.outbox == [] and overview.history == []
    slots = svc.free_slots(db, overview.inbox[0], now=NOW)
    assert len(slots) == 36
    assert svc.accept_request(db, aqua, first["id"], now=NOW).key == "p.refused.not_yours"
    outcome = svc.accept_request(db, blue, first["id"], slot_id=slots[3]["id"], now=NOW)
    assert outcome.ok and outcome.key == "p.req.accepted"
    assert storage.live_meetings(db)[0]["slot_id"] == slots[3]["id"]
    assert svc.decline_request(db, regie, second["id"], "not now", now=NOW).key == \
        "p.req.declined"
    assert svc.withdraw_request(db, aqua, second["id"], now=NOW) == svc.Outcome(
        False, "p.refused.request_state", {"rstatus": "declined"})
    history = svc.requests_overview(db, aqua, now=NOW).history
    assert {(r["other_organisation"], r["status"], r["reason"]) for r in history} == {
        ("Blue Seed Fund", "accepted", ""), ("Régie de l'Eau (fictive)", "declined", "not now")}


def test_organiser_proposals_need_both_yeses(db, people):
    aqua, blue, regie = people["aqua"], people["blue"], people["regie"]
    slot = storage.list_slots(db, kind="meeting")[0]["id"]
    table = storage.list_tables(db)[0]["id"]
    meeting = storage.book_meeting(db, aqua, blue, slot, table, status="proposed",
                                   source="scheduler")
    proposals = svc.requests_overview(db, aqua).proposals
    assert [(p["other_organisation"], p["mine_accepted"]) for p in proposals] == [
        ("Blue Seed Fund", 0)]
    assert svc.accept_proposal(db, aqua, meeting).key == "p.prop.waiting"
    assert svc.requests_overview(db, blue).proposals[0]["theirs_accepted"] == 1
    assert svc.accept_proposal(db, blue, meeting).key == "p.prop.confirmed"
    assert svc.accept_proposal(db, regie, meeting).key == "p.refused.not_yours"
    other = storage.book_meeting(db, aqua, regie, slot + 1, table, status="proposed")
    assert svc.decline_proposal(db, regie, other, "busy").key == "p.prop.declined"
    assert svc.requests_overview(db, aqua).proposals == []


def test_agenda_shows_contact_details_only_once_confirmed(db, people):
    aqua, blue = people["aqua"], people["blue"]
    slot = storage.list_slots(db, kind="meeting")[2]
    meeting = storage.book_meeting(db, aqua, blue, slot["id"], storage.list_tables(db)[4]["id"],
                                   status="proposed")
    live, off = svc.agenda(db, aqua, "Africa/Casablanca")
    assert [(i.other_organisation, i.status, i.contact) for i in live] == [
        ("Blue Seed Fund", "proposed", None)]
    assert f"{live[0].start:%H:%M}" == "10:10" and live[0].table == "T05"  # local time
    ms.accept_proposal(db, meeting, aqua)
    ms.accept_proposal(db, meeting, blue)
    live, _ = svc.agenda(db, aqua, "Africa/Casablanca")
    assert live[0].contact["email"] == "blue@example.org"
    assert live[0].contact["contact_name"] == "Omar Tazi"
    assert svc.agenda(db, blue, "Africa/Casablanca")[0][0].contact["phone"] == \
        "+212 6 12 34 56 78"
    ms.set_meeting_status(db, meeting, "cancelled", reason="flight delayed")
    live, off = svc.agenda(db, aqua, "Africa/Casablanca")
    assert live == [] and [(i.status, i.reason) for i in off] == [("cancelled",
                                                                   "flight delayed")]
    assert b"STATUS:CANCELLED" in svc.agenda_ics(db, "aqua@example.org")


# --- profile ----------------------------------------------------------------------------------

def test_profile_is_validated_like_an_import(db, people):
    aqua = ps.get_participant_by_id(db, people["aqua"])
    check = svc.check_profile(aqua, {"ticket_min": "lots", "ticket_max": "100k",
                                     "stages": ["seed", "series-a"], "languages": ["fr"]})
    assert not check.ok
    assert set(check.problems) == {"ticket_min", "stages"}
    assert "not a number" in check.problems["ticket_min"][0]
    order = svc.check_profile(aqua, {"ticket_min": "500k", "ticket_max": "100k"})
    assert "greater than ticket_max" in order.problems["ticket_min"][0]
    good = svc.check_profile(aqua, {"ticket_min": "1.5M", "ticket_max": "2 000 000",
                                    "sectors": ["water", "Gestion de l'eau", "drones"],
                                    "country": ["Maroc", "Sénégal"]})
    assert good.ok
    assert good.values["ticket_min"] == 1_500_000
    assert good.values["sectors"] == ["water", "drones"]  # labels to codes, free tags kept
    assert good.values["country"] == ["MA", "SN"]


def test_saving_a_profile_writes_and_embeds_only_what_changed(db, people):
    aqua = ps.get_participant_by_id(db, people["aqua"])
    unchanged = svc.check_profile(aqua, {"about": aqua["about"], "sectors": aqua["sectors"]})
    encoder = FakeEncoder()
    report = svc.save_profile(db, aqua["id"], unchanged, encoder=lambda: encoder)
    assert report.changed == [] and report.embedded is None and encoder.calls == 0
    before = storage.embedding_hashes(db, encoder.name)

    new_text = "A utility pilot on 5,000 smart meters in Rabat."
    check = svc.check_profile(aqua, {"looking_for": new_text, "ticket_max": "450k"})
    progress = []
    report = svc.save_profile(db, aqua["id"], check, encoder=lambda: encoder,
                              progress=lambda done, total: progress.append((done, total)))
    assert report.changed == ["looking_for", "ticket_max"]
    assert report.embedded.fields_embedded == 1
    assert encoder.texts_seen == [new_text]  # only the changed text went to the model
    assert progress and progress[-1][0] == progress[-1][1]
    hashes = storage.embedding_hashes(db, encoder.name)
    assert hashes[(aqua["id"], "looking_for")] != before[(aqua["id"], "looking_for")]
    assert hashes[(aqua["id"], "about")] == before[(aqua["id"], "about")]
    stored = ps.get_participant_by_id(db, aqua["id"])
    assert (stored["looking_for"], stored["ticket_max"]) == (new_text, 450_000)
    entry = list(db.query("SELECT actor, details FROM audit_log WHERE action = "
                          "'participant.profile_updated'"))
    assert [(e["actor"], json.loads(e["details"])) for e in entry] == [
        (f"participant:{aqua['id']}", {"changed": ["looking_for", "ticket_max"]})]
    with pytest.raises(ValueError, match="not editable"):
        ps.update_profile(db, aqua["id"], {"email": "x@example.org"})


def test_a_model_that_cannot_load_leaves_the_profile_saved(db, people):
    from matchmaking.matching.embedding import ModelUnavailable

    def broken():
        raise ModelUnavailable("no model here")

    aqua = ps.get_participant_by_id(db, people["aqua"])
    report = svc.save_profile(db, aqua["id"], svc.check_profile(aqua, {"about": "New."}),
                              encoder=broken)
    assert report.changed == ["about"] and report.embed_error == "no model here"


def test_request_settings_are_saved_once(db, people):
    blue = people["blue"]
    assert svc.save_request_settings(db, blue, accepting=True, min_score=0.4)
    assert not svc.save_request_settings(db, blue, accepting=True, min_score=0.4)
    assert svc.request_settings(db, [blue]) == {blue: {"accepting_requests": True,
                                                       "min_request_score": 0.4}}
    with pytest.raises(ValueError):
        svc.save_request_settings(db, blue, accepting=True, min_score=1.5)


# --- availability and feedback ----------------------------------------------------------------

def test_availability_saves_blocked_slots_and_warns_about_meetings(db, people):
    aqua, blue = people["aqua"], people["blue"]
    tz = "Africa/Casablanca"
    days = svc.availability(db, aqua, tz)
    assert list(days) == ["2024-06-05", "2024-06-06"]
    first_day = days["2024-06-05"]
    assert [s.label for s in first_day if s.kind == "break"] == [
        "Coffee break / Pause café", "Lunch / Déjeuner", "Coffee break / Pause café"]
    meetings_slots = [s for s in first_day if s.kind == "meeting"]
    storage.book_meeting(db, aqua, blue, meetings_slots[1].id, storage.list_tables(db)[0]["id"])
    breaks = [s.id for s in first_day if s.kind == "break"]
    changed, conflicts = svc.save_availability(
        db, aqua, {meetings_slots[0].id, meetings_slots[1].id, *breaks}, tz)
    assert changed
    assert [(f"{s.start:%H:%M}", s.meeting_with) for s in conflicts] == [("09:50",
                                                                          "Blue Seed Fund")]
    assert ps.blocked_slots(db, aqua) == {meetings_slots[0].id, meetings_slots[1].id}
    assert svc.save_availability(db, aqua, {meetings_slots[0].id, meetings_slots[1].id},
                                 tz)[0] is False  # nothing to write
    assert [r["action"] for r in db.query("SELECT action FROM audit_log WHERE action = "
                                          "'availability.set'")] == ["availability.set"]
    assert ms.common_free_slots(db, aqua, people["regie"])[0]["id"] == meetings_slots[2].id


def test_feedback_is_one_row_per_meeting_and_person_and_teaches_the_weights(db, people):
    aqua, blue, regie = people["aqua"], people["blue"], people["regie"]
    slot = storage.list_slots(db, kind="meeting")[0]["id"]
    meeting = storage.book_meeting(db, aqua, blue, slot, storage.list_tables(db)[0]["id"])
    items = svc.feedback_items(db, aqua, "Africa/Casablanca", now=NOW)
    assert items == []  # not begun yet
    later = datetime(2024, 6, 5, 12, 0, tzinfo=timezone.utc)
    items = svc.feedback_items(db, aqua, "Africa/Casablanca", now=later)
    assert [(i.other_organisation, given) for i, given in items] == [("Blue Seed Fund", None)]
    assert svc.save_feedback(db, aqua, meeting, rating=5, took_place=True, follow_up="pilot",
                             comment="Great").key == "p.fb.saved"
    assert (aqua, blue, 1) in storage.labelled_pairs(db)
    svc.save_feedback(db, aqua, meeting, rating=2, took_place=True, follow_up="none",
                      comment="")
    svc.save_feedback(db, aqua, meeting, rating=2, took_place=True, follow_up="none",
                      comment="")  # the same again: nothing written
    rows = list(db.query("SELECT * FROM feedback"))
    assert [(r["rating"], r["follow_up"]) for r in rows] == [(2, "none")]
    assert (aqua, blue, 0) in storage.labelled_pairs(db)
    assert len(list(db.query("SELECT 1 FROM audit_log WHERE action = 'feedback.saved'"))) == 2
    given = svc.feedback_items(db, aqua, "Africa/Casablanca", now=later)[0][1]
    assert given["rating"] == 2
    assert svc.save_feedback(db, regie, meeting, rating=4, took_place=True, follow_up="none",
                             comment="").key == "p.refused.not_yours"
    with pytest.raises(ValueError):
        svc.save_feedback(db, aqua, meeting, rating=4, took_place=True, follow_up="lunch",
                          comment="")


# --- labels -----------------------------------------------------------------------------------

def test_labels_in_both_languages():
    assert svc.country_label("MA", "fr") == "Maroc"
    assert svc.country_label("SN", "en") == "Senegal"
    assert svc.country_label("AFRICA", "fr") == "Afrique"
    assert svc.language_label("ar", "fr") == "arabe"
    assert svc.stage_label("series-a", "fr") == "Série A"
    assert svc.money_range(150_000, 1_500_000) == "€150k–€1.5M"
    assert svc.day_label("2024-06-05", "fr") == "mer. 5 juin"
    assert svc.slot_label("2024-06-05T08:30:00Z", "2024-06-05T08:50:00Z",
                          "Africa/Casablanca") == "Wed 5 Jun 09:30–09:50"
    assert svc.counterpart_kinds(matching.MatchingSettings(), "investor") == ["startup"]
    assert svc.counterpart_kinds(matching.MatchingSettings(), "startup") == ["investor",
                                                                             "partner"]


def test_meetings_module_is_what_requests_go_through():
    # the page's request is the shared use case, with its rules and audit
    assert svc.meetings.request_meeting is meetings.request_meeting


def test_explanations_are_made_once_per_scored_event_and_anew_after_a_change(db, people):
    """A page explains the same cards at every render: the first explanation of a pair is
    kept on the scored event; a profile change makes a new scored event, explained anew."""
    latest = matching.LatestMatching(FakeEncoder().name)
    event = latest.get(db)
    first = svc.why(event, people["blue"], people["aqua"])
    assert svc.why(event, people["blue"], people["aqua"]) is first
    assert first == matching.explain_pair(event, people["blue"], people["aqua"])
    assert svc.why(event, people["aqua"], people["blue"]) is not first  # each direction

    aqua = ps.get_participant_by_id(db, people["aqua"])
    check = svc.check_profile(aqua, {"about": "Solar pumps for date palm oases."})
    svc.save_profile(db, aqua["id"], check, encoder=lambda: FakeEncoder())
    changed = latest.get(db)
    assert changed is not event
    again = svc.why(changed, people["blue"], people["aqua"])
    assert again is not first
    assert again == matching.explain_pair(changed, people["blue"], people["aqua"])
    assert svc.why(event, people["blue"], people["aqua"]) is first  # the old one unchanged
