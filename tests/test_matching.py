"""Matching: cached embeddings, two-way scores, hard filters, explanations, learning."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from matchmaking import storage
from matchmaking.matching.learning import MIN_LABELLED_PAIRS, learn_weights
from matchmaking.matching.scoring import COMPONENTS, Weights
from matchmaking.services import event as services
from matchmaking.services import matching

from .fakes import FakeEncoder

PEOPLE = [
    # kind, organisation, email, languages, sectors, stages, tickets, country, texts
    dict(kind="startup", organisation="Aqua Sûre", email="aqua@example.org",
         languages="fr;ar", sectors="water;iot", stages="seed", ticket_min=150000,
         ticket_max=400000, country="Maroc",
         about="Smart water meters detect leaks in Casablanca neighbourhoods.",
         looking_for="A seed investor in water and climate. A pilot with a water utility.",
         offering="Leak detection data and smart meters for utilities."),
    dict(kind="investor", organisation="Blue Seed Fund", email="blue@example.org",
         languages="fr;en", sectors="water;cleantech", stages="pre-seed;seed",
         ticket_min=100000, ticket_max=500000, country="Maroc;Africa",
         about="Seed fund for water and climate start-ups in North Africa.",
         looking_for="Water start-ups with smart meters and leak detection at seed stage.",
         offering="Seed tickets for water and climate start-ups, and a network of utilities."),
    dict(kind="investor", organisation="Growth Capital Partners", email="growth@example.org",
         languages="en", sectors="fintech", stages="growth", ticket_min=10000000,
         ticket_max=30000000, country="United Kingdom",
         about="Late-stage fund for payment companies in Europe.",
         looking_for="Payment platforms with 50 million in revenue.",
         offering="Large growth rounds and board experience."),
    dict(kind="partner", organisation="Régie de l'Eau (fictive)", email="regie@example.org",
         languages="fr;ar", sectors="water", stages="", ticket_min="", ticket_max="",
         country="Maroc",
         about="Public water utility serving the metropolis.",
         looking_for="Leak detection and smart meters to pilot in our network.",
         offering="Pilot sites, network data and a first public client for water start-ups."),
    dict(kind="startup", organisation="PayLink", email="paylink@example.org",
         languages="en", sectors="fintech", stages="growth", ticket_min=12000000,
         ticket_max=20000000, country="United Kingdom",
         about="Payment platform for merchants with 60 million in revenue.",
         looking_for="Growth rounds from payment investors.",
         offering="Payment platforms for merchants in Europe."),
]
COLUMNS = ["kind", "organisation", "email", "languages", "sectors", "stages", "ticket_min",
           "ticket_max", "country", "about", "looking_for", "offering", "consent"]


def write_people(path: Path, people: list[dict]) -> Path:
    from matchmaking.documents.exporting import to_csv

    path.write_text(to_csv([{**{"consent": "yes"}, **p} for p in people], COLUMNS),
                    encoding="utf-8")
    return path


@pytest.fixture
def event(db, tmp_path):
    services.import_registrations(db, write_people(tmp_path / "people.csv", PEOPLE))
    encoder = FakeEncoder()
    matching.refresh_embeddings(db, encoder)
    return db, encoder


def ids(db) -> dict[str, int]:
    return {p["email"].split("@")[0]: p["id"] for p in storage.list_participants(db)}


def recommended(db, model, who: str, **kwargs) -> list[str]:
    result = matching.match_event(db, model, **kwargs)
    people = {p["id"]: p["email"].split("@")[0] for p in storage.list_participants(
        db, include_inactive=True)}
    return [people[c.other] for c in result.result.candidates(ids(db)[who])]


# --- the embedding cache --------------------------------------------------------------------

def test_unchanged_profiles_are_never_embedded_again(event):
    db, encoder = event
    assert len(storage.embedding_hashes(db, encoder.name)) == len(PEOPLE) * 3
    calls = encoder.calls
    report = matching.refresh_embeddings(db, encoder)
    assert report.fields_embedded == 0 and report.sentences_embedded == 0
    assert encoder.calls == calls  # not even an empty model call


def test_a_changed_field_is_the_only_one_embedded_again(event, tmp_path):
    db, encoder = event
    changed = [{**PEOPLE[0], "looking_for": "A corporate partner for water pilots."}]
    path = write_people(tmp_path / "change.csv", changed)
    services.import_registrations(db, path)
    encoder.texts_seen.clear()
    report = matching.refresh_embeddings(db, encoder)
    assert report.fields_embedded == 1
    assert encoder.texts_seen == ["A corporate partner for water pilots."]


def test_changing_the_model_embeds_everything_for_that_model(event):
    db, encoder = event
    other = FakeEncoder(name="another-model")
    report = matching.refresh_embeddings(db, other)
    assert report.fields_embedded == len(PEOPLE) * 3
    assert matching.refresh_embeddings(db, encoder).fields_embedded == 0  # both kept


# --- scores ----------------------------------------------------------------------------------

def test_two_way_scores_are_reciprocal(event):
    db, encoder = event
    result = matching.match_event(db, encoder.name)
    people = ids(db)
    aqua = {c.other: c for c in result.result.candidates(people["aqua"])}
    blue = {c.other: c for c in result.result.candidates(people["blue"])}
    there, back = aqua[people["blue"]], blue[people["aqua"]]
    assert there.score == pytest.approx(back.score, abs=1e-6)
    assert there.fit_for_you == pytest.approx(back.fit_for_them, abs=1e-6)
    assert there.fit_for_them == pytest.approx(back.fit_for_you, abs=1e-6)
    # harmonic mean: high only when both sides want it
    assert min(there.fit_for_you, there.fit_for_them) <= there.score <= max(
        there.fit_for_you, there.fit_for_them)


def test_the_fitting_investor_ranks_above_the_off_thesis_one(event):
    db, encoder = event
    with storage.write_transaction(db):  # let everyone meet, so only fit decides
        db.execute("UPDATE event SET settings = json_set(settings, '$.interpreters', json('true'))")
    ranking = recommended(db, encoder.name, "aqua")
    assert ranking.index("blue") < ranking.index("growth")
    assert recommended(db, encoder.name, "blue")[0] == "aqua"


def test_kinds_that_may_not_meet_are_never_recommended(event):
    db, encoder = event
    assert set(recommended(db, encoder.name, "blue")) <= {"aqua", "paylink"}  # no investor
    assert "paylink" not in recommended(db, encoder.name, "aqua")  # start-ups: off by default
    with storage.write_transaction(db):
        db.execute("UPDATE event SET settings = json_set(settings, '$.allowed_pairs', "
                   "json('[[\"startup\",\"investor\"],[\"startup\",\"partner\"],"
                   "[\"startup\",\"startup\"]]'))")
    assert "paylink" not in recommended(db, encoder.name, "aqua")  # still: no shared language
    with storage.write_transaction(db):
        db.execute("UPDATE event SET settings = json_set(settings, '$.interpreters', json('true'))")
    assert "paylink" in recommended(db, encoder.name, "aqua")


def test_no_shared_language_is_a_hard_filter_unless_interpreters(event):
    db, encoder = event
    assert "growth" not in recommended(db, encoder.name, "aqua")  # fr/ar vs en only
    assert "growth" in recommended(db, encoder.name, "paylink")
    with storage.write_transaction(db):
        db.execute("UPDATE event SET settings = json_set(settings, '$.interpreters', json('true'))")
    assert "growth" in recommended(db, encoder.name, "aqua")


def test_same_organisation_is_excluded(event, tmp_path):
    db, encoder = event
    twin = {**PEOPLE[1], "email": "colleague@example.org", "kind": "startup",
            "organisation": "BLUE SEED FUND", "stages": "seed"}
    services.import_registrations(db, write_people(tmp_path / "twin.csv", [twin]))
    matching.refresh_embeddings(db, encoder)
    assert "blue" not in recommended(db, encoder.name, "colleague")
    assert "regie" in recommended(db, encoder.name, "colleague")


def test_no_thanks_from_either_side_excludes_the_pair(event):
    db, encoder = event
    people = ids(db)
    storage.set_preference(db, people["blue"], people["aqua"], "no_thanks")
    assert "blue" not in recommended(db, encoder.name, "aqua")
    assert "aqua" not in recommended(db, encoder.name, "blue")


def test_opted_out_participants_are_not_recommended_but_get_recommendations(event):
    db, encoder = event
    with storage.write_transaction(db):
        db.execute("UPDATE participants SET consent = 0 WHERE email = 'blue@example.org'")
    assert "blue" not in recommended(db, encoder.name, "aqua")
    assert "aqua" in recommended(db, encoder.name, "blue")


def test_inactive_participants_disappear(event):
    db, encoder = event
    with storage.write_transaction(db):
        db.execute("UPDATE participants SET active = 0 WHERE email = 'blue@example.org'")
    assert "blue" not in recommended(db, encoder.name, "aqua")


# --- explanations ------------------------------------------------------------------------------

def test_explanations_name_the_real_shared_sectors_and_sentences(event):
    db, encoder = event
    result = matching.match_event(db, encoder.name)
    people = ids(db)
    item = matching.explain_pair(result, people["aqua"], people["regie"])
    en, fr = item["reasons"]["en"], item["reasons"]["fr"]
    assert "Shared sectors: Water management" in en
    assert "Secteurs communs : Gestion de l'eau" in fr
    assert en[0].startswith("You look for “A pilot with a water utility.”")
    assert "Public water utility serving the metropolis." in en[0] or \
        "first public client for water start-ups" in en[0]
    assert any(r.startswith("They look for “Leak detection and smart meters to pilot in our "
                            "network.”") for r in en)
    assert "You both speak French, Arabic" in en
    assert len(en) == len(fr)
    investor = matching.explain_pair(result, people["aqua"], people["blue"])
    assert "Invests at your stage (Seed)" in investor["reasons"]["en"]
    assert "Ticket €100k–€500k fits the €150k–€400k sought" in investor["reasons"]["en"]
    assert set(item["components"]["for_you"]) == set(COMPONENTS)


def test_every_recommendation_has_reasons(event):
    db, encoder = event
    result = matching.match_event(db, encoder.name)
    for person in storage.list_participants(db):
        for item in matching.recommendations_for(result, person["id"]):
            assert item["reasons"]["en"] and item["reasons"]["fr"]


# --- learning from feedback ---------------------------------------------------------------------

def test_too_little_feedback_keeps_the_shipped_default_weights():
    from matchmaking.matching.scoring import shipped_defaults

    in_use = learn_weights(np.random.default_rng(0).random((10, len(COMPONENTS))),
                           np.array([0, 1] * 5))
    assert in_use.source == "default" and in_use.weights == shipped_defaults().weights
    # the shipped weights are the fitted file's, not the hand-set ones
    assert shipped_defaults().weights != Weights()
    assert "fitted" in shipped_defaults().source


def test_weights_learned_from_synthetic_feedback_move_the_right_way():
    rng = np.random.default_rng(7)
    x = rng.random((400, len(COMPONENTS)))
    # People accepted meetings when sectors matched, whatever the text said.
    y = (x[:, COMPONENTS.index("sector")] + 0.1 * rng.standard_normal(400) > 0.5).astype(int)
    in_use = learn_weights(x, y)
    assert in_use.source == "learned"
    learned, default = in_use.weights.as_dict(), Weights().normalised().as_dict()
    assert learned["sector"] > default["sector"]
    assert learned["sector"] == max(learned.values())
    assert learned["semantic"] < default["semantic"]
    again = learn_weights(x, y)
    assert again.weights == in_use.weights  # deterministic


def test_learned_weights_come_from_what_people_did(event):
    db, encoder = event
    people = ids(db)
    marks = [("aqua", "blue", "must_meet"), ("aqua", "growth", "no_thanks"),
             ("regie", "aqua", "must_meet"), ("paylink", "growth", "must_meet"),
             ("paylink", "blue", "no_thanks"), ("growth", "aqua", "no_thanks")]
    for a, b, mark in marks:
        storage.set_preference(db, people[a], people[b], mark)
    assert storage.labelled_pairs(db)
    in_use = matching.match_event(db, encoder.name).weights
    assert in_use.source == "default" and in_use.labelled_pairs == len(marks) < \
        MIN_LABELLED_PAIRS


# --- the CLI ------------------------------------------------------------------------------------

def test_recommend_json_shape(event, event_db_path, monkeypatch, capsys):
    db, encoder = event
    monkeypatch.setattr("matchmaking.cli._encoder", lambda model: encoder)
    from matchmaking.cli import main

    assert main(["--db", str(event_db_path), "recommend", "--participant", "AQUA@example.org",
                 "--top", "2", "--format", "json"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    record = json.loads(out[0])
    assert record["participant"] == "aqua@example.org"
    assert record["weights"]["source"] == "default"
    assert len(record["recommendations"]) == 2
    first = record["recommendations"][0]
    assert set(first) >= {"email", "organisation", "kind", "score", "fit_for_you",
                          "fit_for_them", "components", "reasons"}
    assert set(first["components"]) == {"for_you", "for_them"}
    assert first["reasons"]["en"] and first["reasons"]["fr"]

    assert main(["--db", str(event_db_path), "recommend", "--all", "--top", "3",
                 "--format", "json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.strip().splitlines()]
    assert {r["participant"] for r in lines} == {p["email"] for p in PEOPLE}
    assert all(len(r["recommendations"]) <= 3 for r in lines)


def test_recommend_needs_one_target(capsys, event_db_path):
    from matchmaking.cli import main

    assert main(["--db", str(event_db_path), "recommend"]) == 2
    assert "either --participant EMAIL or --all" in capsys.readouterr().err


def test_lexical_terms_are_cached_until_a_text_changes(event, tmp_path, monkeypatch):
    db, encoder = event
    first = matching.match_event(db, encoder.name)
    from matchmaking.matching import lexical

    def analyse(*args, **kwargs):
        raise AssertionError("a text analysed again although it did not change")

    monkeypatch.setattr(lexical, "text_terms", analyse)
    again = matching.match_event(db, encoder.name)
    assert (again.features.lexical_offer != first.features.lexical_offer).nnz == 0
    monkeypatch.undo()
    changed = [{**PEOPLE[1], "offering": "Seed tickets and a network of water utilities."}]
    services.import_registrations(db, write_people(tmp_path / "c.csv", changed))
    analysed = []
    original = lexical.text_terms
    monkeypatch.setattr(lexical, "text_terms",
                        lambda text, *a, **k: analysed.append(text) or original(text, *a, **k))
    after = matching.match_event(db, encoder.name)
    # only the changed participant's three texts ("looking for", "about + offering",
    # "portfolio")
    assert len(analysed) == 3 and any("water utilities" in t for t in analysed)
    assert (after.features.lexical_offer != first.features.lexical_offer).nnz > 0


# --- re-scoring in place after a profile change ------------------------------------------------

@pytest.fixture
def demo_event(demo_db_path):
    db = storage.open_database(demo_db_path)
    encoder = FakeEncoder()
    matching.refresh_embeddings(db, encoder)
    yield db, encoder
    db.close()


def edit(db, encoder, person, **texts):
    from matchmaking.storage.participants import update_profile

    update_profile(db, person["id"], texts)
    matching.refresh_embeddings(db, encoder)


@pytest.mark.parametrize("who", ["Qatra Meter", "Casa Propreté Métropole", "PayLocal"])
def test_an_edit_rescores_in_place_exactly_the_lists_it_touches(demo_event, who):
    from matchmaking.matching import scoring

    db, encoder = demo_event
    latest = matching.LatestMatching(encoder.name)
    before = latest.get(db)
    person = next(p for p in before.profiles if p["organisation"] == who)
    edit(db, encoder, person, looking_for="Des régies de l'eau et des fonds d'impact pour "
                                          "des compteurs prépayés dans les quartiers.",
         about=person["about"] + " We now also sort household waste.")
    after = latest.get(db)
    assert (latest.full_runs, latest.incremental_runs) == (1, 1)
    row = after.features.index()[person["id"]]
    assert "compteurs" in after.profiles[row]["looking_for"]
    # Every list equals the one scored from scratch with the same features and prices:
    # the lists left alone did not need scoring again.
    everyone = np.arange(len(after.features.ids))
    scratch = scoring.relist(after.result, after.features, everyone,
                             weights=after.weights.weights, settings=after.settings,
                             excluded=scoring._excluded_rows(after.features, []),
                             prices=after.result.prices)
    assert np.array_equal(scratch.top_index, after.result.top_index)
    assert np.allclose(scratch.top_score, after.result.top_score, atol=1e-6)
    # ...and they stay close to a whole new scoring (which also refreshes idf and prices).
    full = matching.match_event(db, encoder.name)
    overlap = np.mean([len({c.other for c in full.result.candidates(p["id"])[:10]} &
                           {c.other for c in after.result.candidates(p["id"])[:10]}) / 10
                       for p in after.profiles])
    assert overlap > 0.8


def test_imports_and_settings_changes_score_the_whole_event_again(demo_event, tmp_path):
    db, encoder = demo_event
    latest = matching.LatestMatching(encoder.name)
    latest.get(db)
    assert latest.get(db) is latest.get(db)  # nothing changed: the same snapshot
    services.import_registrations(db, write_people(tmp_path / "more.csv", PEOPLE))
    matching.refresh_embeddings(db, encoder)
    latest.get(db)
    assert latest.full_runs == 2 and latest.incremental_runs == 0


def test_recommendations_respect_capacity(demo_event):
    from matchmaking.matching import scoring

    db, encoder = demo_event
    event = matching.match_event(db, encoder.name, top_k=10)
    capacity = scoring.capacities(event.features, event.settings)
    unpriced = scoring.score_all(event.features, weights=event.weights.weights,
                                 settings=scoring.MatchingSettings(exposure_multiple=None),
                                 top_k=10)
    before = scoring.exposure_report(unpriced, capacity)
    after = scoring.exposure_report(event.result, capacity)
    assert after["max_exposure_per_capacity"] < before["max_exposure_per_capacity"]
    assert after["gini"] < before["gini"]
    # scores shown are still the two-way scores, only the order changes
    assert set(np.round(event.result.top_score[event.result.top_index >= 0], 5)) <= \
        set(np.round(scoring.score_all(event.features, weights=event.weights.weights,
                                       settings=scoring.MatchingSettings(exposure_multiple=None),
                                       top_k=60).top_score.ravel(), 5))


def test_an_opted_out_participant_s_list_follows_an_edit_in_place(event):
    """Opted-out participants are never listed but still get lists: an edit of someone
    in (or now belonging in) such a list rescores it as a full run would."""
    from matchmaking.storage import console as organiser_storage
    from matchmaking.storage.participants import update_profile

    db, encoder = event
    people = ids(db)
    organiser_storage.update_participant(db, people["blue"], {"consent": False})
    latest = matching.LatestMatching(encoder.name)
    before_score = {c.other: c.score for c in latest.get(db).result.candidates(
        people["blue"])}.get(people["paylink"], -1.0)
    update_profile(db, people["paylink"], {"about": "Smart water meters and leak detection "
                                                    "for utilities, at seed stage."})
    matching.refresh_embeddings(db, encoder)
    after = latest.get(db)
    assert latest.incremental_runs == 1
    full = matching.match_event(db, encoder.name)

    def listed(result):
        return {c.other: c.score for c in result.result.candidates(people["blue"])}

    # the list scored again, exactly as scoring everything with the same features would
    from matchmaking.matching import scoring

    row = after.features.index()[people["blue"]]
    scratch = scoring.relist(after.result, after.features, np.array([row]),
                             weights=after.weights.weights, settings=after.settings,
                             excluded=scoring._excluded_rows(after.features, []),
                             prices=after.result.prices)
    assert np.array_equal(scratch.top_index[row], after.result.top_index[row])
    assert np.allclose(scratch.top_score[row], after.result.top_score[row], atol=1e-6)
    assert listed(after)[people["paylink"]] != pytest.approx(before_score, abs=1e-4)
    # and it holds the same people as a whole new scoring (which also refreshes idf)
    assert listed(after).keys() == listed(full).keys() and people["paylink"] in listed(full)
