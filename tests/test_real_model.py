"""Through the real bundled model (all-MiniLM-L6-v2, offline): embeddings are normalised and
cached, and French-only profiles that fit rank above an unrelated pair."""

from __future__ import annotations

import numpy as np
import pytest

from matchmaking import storage
from matchmaking.matching.embedding import DEFAULT_MODEL, SentenceTransformerEncoder
from matchmaking.services import event as services
from matchmaking.services import matching

from .test_matching import write_people


@pytest.fixture(scope="session")
def real_encoder() -> SentenceTransformerEncoder:
    encoder = SentenceTransformerEncoder(DEFAULT_MODEL)
    encoder.encode(["warm-up"])
    return encoder


FRENCH = [
    dict(kind="startup", organisation="Goutte Sûre", email="goutte@example.org", languages="fr",
         sectors="", stages="", country="", ticket_min="", ticket_max="",
         about="Nous fabriquons des capteurs qui détectent les fuites dans les réseaux d'eau "
               "potable des quartiers denses.",
         looking_for="Nous cherchons une régie de distribution d'eau pour un pilote de "
                     "détection de fuites.",
         offering="Des capteurs acoustiques et des alertes de fuite en temps réel."),
    dict(kind="partner", organisation="Régie Eau Métropole", email="regie@example.org",
         languages="fr", sectors="", stages="", country="", ticket_min="", ticket_max="",
         about="Régie publique de distribution d'eau potable de la métropole.",
         looking_for="Des solutions pour détecter les fuites et réduire les pertes d'eau dans "
                     "notre réseau.",
         offering="Des sites pilotes sur notre réseau d'eau et l'accès à nos données."),
    dict(kind="partner", organisation="Boutique Mode Paris", email="mode@example.org",
         languages="fr", sectors="", stages="", country="", ticket_min="", ticket_max="",
         about="Chaîne de boutiques de vêtements et de chaussures pour adolescents.",
         looking_for="Des influenceurs de mode et des créateurs de vêtements tendance.",
         offering="Des vitrines dans nos magasins et des remises sur nos collections."),
]


def test_real_model_vectors_are_normalised_and_cached(db, tmp_path, real_encoder):
    services.import_registrations(db, write_people(tmp_path / "fr.csv", FRENCH))
    first = matching.refresh_embeddings(db, real_encoder)
    assert first.fields_embedded == 9
    vectors = storage.load_embeddings(db, real_encoder.name)
    for matrix in vectors.values():
        assert matrix.shape[1] == 384
        assert np.allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-4)
    calls = real_encoder.calls
    assert matching.refresh_embeddings(db, real_encoder).fields_embedded == 0
    assert real_encoder.calls == calls


def test_french_pair_that_fits_ranks_above_an_unrelated_one(db, tmp_path, real_encoder):
    # No sectors, stages or countries: only the French texts can tell the two apart.
    services.import_registrations(db, write_people(tmp_path / "fr.csv", FRENCH))
    matching.refresh_embeddings(db, real_encoder)
    result = matching.match_event(db, real_encoder.name)
    people = {p["email"]: p["id"] for p in storage.list_participants(db)}
    ranking = [c.other for c in result.result.candidates(people["goutte@example.org"])]
    assert ranking == [people["regie@example.org"], people["mode@example.org"]]
    fit = {c.other: c.score for c in result.result.candidates(people["goutte@example.org"])}
    assert fit[people["regie@example.org"]] > fit[people["mode@example.org"]] + 0.1
    reasons = matching.explain_pair(result, people["goutte@example.org"],
                                    people["regie@example.org"])["reasons"]["fr"]
    assert reasons[0].startswith("Vous cherchez “Nous cherchons une régie de distribution")
    quoted = reasons[0].split("ils disent ")[1].strip("“”")
    assert quoted in (FRENCH[1]["about"], FRENCH[1]["offering"])
