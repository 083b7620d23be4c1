"""Portfolios ("more like the start-ups we backed") and city-level geography, from the
import to the score and its reasons."""

from __future__ import annotations

import numpy as np
import pytest

from matchmaking import storage
from matchmaking.domain.importing import parse_registrations
from matchmaking.matching.scoring import Calibration, build_features, components, shipped_defaults
from matchmaking.services import event as services
from matchmaking.services import matching
from matchmaking.storage import participants as participant_storage

from .fakes import FakeEncoder
from .test_matching import PEOPLE, write_people

WATER_PORTFOLIO = ("Qatra Meter, prepaid water meters for under-served neighbourhoods, "
                   "Casablanca\n- LeakSense, acoustic leak detection for water networks, Rabat\n"
                   "3) SunPump, solar irrigation pumps, Agadir")


def profile(pid: int, kind: str, organisation: str, **values) -> dict:
    base = dict(id=pid, kind=kind, organisation=organisation, email=f"{pid}@example.org",
                country=["MA"], city="", languages=["fr"], sectors=[], stages=[],
                ticket_min=None, ticket_max=None, about="", looking_for="", offering="",
                portfolio="", active=True, consent=True)
    return {**base, **values}


def startups() -> list[dict]:
    return [
        profile(2, "startup", "AquaCount", city="Casablanca",
                about="Prepaid water meters and leak alerts for neighbourhood networks."),
        profile(3, "startup", "PayFlow", city="Rabat",
                about="Payment terminals for small shops and merchants."),
        profile(4, "startup", "SoilSense", city="Agadir",
                about="Soil moisture sensors for farms and solar irrigation."),
    ]


def features_of(people: list[dict], calibration: Calibration | None = None):
    return build_features(people, {}, 8, calibration=calibration or Calibration())


def test_a_portfolio_column_is_imported_under_its_usual_names(tmp_path):
    for header in ("portfolio", "Portefeuille", "Past investments", "Participations"):
        path = tmp_path / "people.csv"
        path.write_text(f"kind,organisation,email,{header}\n"
                        f"investor,Fonds Atlas,atlas@example.org,\"{WATER_PORTFOLIO}\"\n",
                        encoding="utf-8")
        parsed = parse_registrations(path.read_bytes(), path.name)
        assert parsed.participants[0].portfolio == WATER_PORTFOLIO.strip(), header


def test_a_portfolio_is_stored_edited_and_read_back(db, tmp_path):
    people = [{**PEOPLE[1], "portfolio": WATER_PORTFOLIO}]
    path = tmp_path / "people.csv"
    path.write_text("kind,organisation,email,portfolio\n"
                    f"investor,{people[0]['organisation']},{people[0]['email']},"
                    f"\"{WATER_PORTFOLIO}\"\n", encoding="utf-8")
    services.import_registrations(db, path)
    stored = storage.list_participants(db)[0]
    assert stored["portfolio"] == WATER_PORTFOLIO
    participant_storage.update_profile(db, stored["id"], {"portfolio": "GreenGrid, Tanger"})
    assert storage.list_participants(db)[0]["portfolio"] == "GreenGrid, Tanger"


def test_a_portfolio_pulls_up_start_ups_like_the_ones_listed():
    investor = profile(1, "investor", "Fonds Atlas", looking_for="Start-ups in Morocco.",
                       portfolio=WATER_PORTFOLIO)
    bare = {**investor, "portfolio": ""}
    for calibration in (Calibration(portfolio_share=0.5), Calibration(portfolio_share=0.0)):
        with_list = features_of([investor, *startups()], calibration)
        without = features_of([bare, *startups()], calibration)
        cols = np.arange(1, 4)
        like = components(with_list, np.array([0]), cols, outer=True)["lexical_ab"][0]
        plain = components(without, np.array([0]), cols, outer=True)["lexical_ab"][0]
        if calibration.portfolio_share == 0:
            np.testing.assert_allclose(like, plain)  # the share is what turns it on
            continue
        # the water-meter start-up and the irrigation one gain, the payments one does not
        assert like[0] > plain[0] and like[2] > plain[2]
        assert like[1] == pytest.approx(plain[1], abs=1e-6)
        assert like[0] > like[1] and like[2] > like[1]


def test_the_portfolio_also_counts_when_the_start_up_is_the_one_looking():
    investor = profile(1, "investor", "Fonds Atlas", portfolio=WATER_PORTFOLIO)
    features = features_of([investor, *startups()], Calibration(portfolio_share=0.5))
    # rows are start-ups, column the investor: "does the investor fit what I look for" is
    # untouched (start-ups have no portfolio), "do I fit the investor" reads its portfolio
    parts = components(features, np.arange(1, 4), np.array([0]), outer=True)
    forward = components(features, np.array([0]), np.arange(1, 4), outer=True)
    np.testing.assert_allclose(parts["lexical_ba"][:, 0], forward["lexical_ab"][0], atol=1e-6)


def test_a_start_up_the_portfolio_names_matches_its_line_whatever_its_texts_say():
    # the investor listed "Qatra Meter"; the start-up of that name describes itself in
    # words of its own (no name in its texts), and a namesake-free twin says the same
    investor = profile(1, "investor", "Fonds Atlas", looking_for="Start-ups in Morocco.",
                       portfolio="Qatra Meter\nLeakSense\nSunPump")
    same_words = "Prepaid water meters for neighbourhood networks."
    people = [investor, profile(2, "startup", "Qatra Meter", about=same_words),
              profile(3, "startup", "Other Co", about=same_words)]
    for calibration in (Calibration(portfolio_share=0.5), Calibration(portfolio_share=0.0)):
        parts = components(features_of(people, calibration), np.array([0]), np.arange(1, 3),
                           outer=True)
        named, twin = parts["lexical_ab"][0]
        if calibration.portfolio_share:
            assert named > twin  # its name is what the portfolio says of it
        else:
            assert named == pytest.approx(twin, abs=1e-6)


def test_portfolio_terms_do_not_change_the_event_s_term_frequencies():
    investor = profile(1, "investor", "Fonds Atlas", portfolio=WATER_PORTFOLIO * 20)
    with_list = features_of([investor, *startups()])
    without = features_of([{**investor, "portfolio": ""}, *startups()])
    np.testing.assert_array_equal(with_list.lexical_index.document_frequency,
                                  without.lexical_index.document_frequency)
    assert with_list.has_portfolio.tolist() == [True, False, False, False]


def test_same_city_is_the_best_geography_and_the_names_are_folded():
    calibration = Calibration(other_city=0.6)
    people = [profile(1, "investor", "Fonds Atlas", city=" CASABLANCA "),
              profile(2, "startup", "A", city="Casablanca"),
              profile(3, "startup", "B", city="Rabat"),
              profile(4, "startup", "C", city=""),
              profile(5, "startup", "D", city="Casablanca", country=["FR"])]
    geography = components(features_of(people, calibration), np.array([0]), np.arange(1, 5),
                           outer=True)["geography"][0]
    assert geography.tolist() == pytest.approx([1.0, 0.6, 0.6, 0.2])
    shipped = shipped_defaults().calibration
    assert 0.0 <= shipped.other_city <= 1.0 and 0.0 <= shipped.portfolio_share <= 1.0


@pytest.fixture
def portfolio_event(db, tmp_path):
    people = [{**p, "city": "Casablanca" if p["organisation"] in ("Aqua Sûre",
                                                                  "Blue Seed Fund") else "Rabat"}
              for p in PEOPLE]
    people[1]["portfolio"] = WATER_PORTFOLIO
    path = tmp_path / "people.csv"
    from matchmaking.documents.exporting import to_csv

    columns = ["kind", "organisation", "email", "languages", "sectors", "stages", "ticket_min",
               "ticket_max", "country", "city", "about", "looking_for", "offering",
               "portfolio", "consent"]
    path.write_text(to_csv([{"consent": "yes", "portfolio": "", **p} for p in people],
                           columns), encoding="utf-8")
    services.import_registrations(db, path)
    encoder = FakeEncoder()
    matching.refresh_embeddings(db, encoder)
    return db, encoder


def test_reasons_quote_the_portfolio_entry_and_the_shared_city(portfolio_event):
    db, encoder = portfolio_event
    event = matching.match_event(db, encoder.name)
    ids = {p["email"].split("@")[0]: p["id"] for p in storage.list_participants(db)}
    seen_by_investor = matching.explain_pair(event, ids["blue"], ids["aqua"])
    english = " | ".join(seen_by_investor["reasons"]["en"])
    assert "in your portfolio" in english and "Qatra Meter" in english, english
    assert "Based in your city: Casablanca" in english, english
    assert any("portefeuille" in r for r in seen_by_investor["reasons"]["fr"])
    seen_by_startup = matching.explain_pair(event, ids["aqua"], ids["blue"])
    assert any("in their portfolio" in r for r in seen_by_startup["reasons"]["en"])
    # another city of a covered country is still a reason, said at the country's level
    other_city = " | ".join(matching.explain_pair(event, ids["aqua"], ids["regie"])["reasons"]["en"])
    assert "Active where you are: Morocco" in other_city and "your city" not in other_city
    # a start-up unlike every entry gets no portfolio reason
    payments = matching.explain_pair(event, ids["blue"], ids["paylink"])
    assert not any("portfolio" in r for r in payments["reasons"]["en"])


def test_a_portfolio_edit_rescores_in_place_as_a_full_run_would(portfolio_event):
    db, encoder = portfolio_event
    ids = {p["email"].split("@")[0]: p["id"] for p in storage.list_participants(db)}
    before = matching.match_event(db, encoder.name)
    participant_storage.update_profile(db, ids["regie"], {
        "portfolio": "AquaCount, prepaid water meters and leak detection, Casablanca"})
    changed = {ids["regie"]}
    updated = matching.update_event(db, before, changed)
    full = matching.match_event(db, encoder.name)
    assert updated is not None  # in place: no sector, country or participant was added
    for who in ids.values():
        got = [(c.other, round(c.score, 5)) for c in updated.result.candidates(who)]
        want = [(c.other, round(c.score, 5)) for c in full.result.candidates(who)]
        assert got == want, who
