"""Glossing non-English profile text into English, and the sparse lexical terms built on it
(pure functions; small hand-made glossaries and dictionaries, plus the bundled ones)."""

from __future__ import annotations

import gzip

import numpy as np
import pytest

from matchmaking.matching import glossing, lexical
from matchmaking.matching.glossing import Glossary, detect_language


@pytest.mark.parametrize("text, language", [
    ("Nous cherchons des partenaires pour un pilote dans la ville.", "fr"),
    ("We are looking for partners to run a pilot in the city.", "en"),
    ("نبحث عن شركاء لتجربة في المدينة", "ar"),
    ("Buscamos socios para un piloto en la ciudad.", "es"),
    ("Régie de l'eau", "fr"),  # a short French phrase: told by its accents and articles
    ("", "en"),
])
def test_language_of_a_text(text, language):
    assert detect_language(text) == language


def small_glossary() -> Glossary:
    g = Glossary()
    g.add_phrase("fr", "compteur intelligent|compteurs intelligents".split("|")[1],
                 "smart meter")
    g.add_phrase("fr", "compteur intelligent", "smart meter")
    g.add_phrase("fr", "détection de fuites", "leak detection")
    g.add_phrase("ar", "موارد بشرية", "human resources")
    g.add_phrase("ar", "عداد", "meter")
    g.add_word("fr", "quartier", "neighbourhood")
    g.add_word("ar", "مدينة", "city")
    return g


def test_phrases_are_glossed_longest_first_and_inflections_found():
    g = small_glossary()
    gloss = g.gloss("Des compteurs intelligents et la détection de fuites pour les quartiers.",
                    "fr")
    assert gloss.split() == ["smart", "meter", "leak", "detection", "neighbourhood"]
    assert g.concepts("la détection de fuite", "fr") == ["leak detection"]  # singular too


def test_arabic_article_and_attached_prepositions_are_stripped():
    g = small_glossary()
    # "and in the city", "the human resources", "with the meters" (ال, و, ب prefixes)
    assert g.gloss("وبالمدينة", "ar") == "city"
    assert g.gloss("الموارد البشرية", "ar") == "human resources"
    assert g.gloss("بالعداد", "ar") == "meter"


def test_english_text_is_left_as_written():
    assert small_glossary().gloss("Smart meters for households.", "en") == \
        "Smart meters for households."


def test_unknown_words_names_and_numbers_are_kept():
    gloss = small_glossary().gloss("Pilote à Sidi Moumen avec 2300 compteurs intelligents", "fr")
    assert "sidi" in gloss and "moumen" in gloss and "2300" in gloss and "smart meter" in gloss


def write_freedict(path, entries):
    lines = []
    for head, senses in entries:
        lines.append(f"{head} /x/ <n>")
        lines += [f"{n}. {s}" for n, s in enumerate(senses, 1)]
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))


def test_freedict_sense_is_the_one_that_translates_back(tmp_path):
    write_freedict(tmp_path / "freedict-fra-eng.dict.dz",
                   [("abaisser", ["cry down, run down", "abase", "decrease, lower"]),
                    ("fuite", ["flight, escape", "leak"])])
    write_freedict(tmp_path / "freedict-eng-fra.dict.dz",
                   [("lower", ["abaisser"]), ("leak", ["fuite"])])
    g = glossing.load_glossary(tmp_path / "no-glossary", freedict_dirs=[tmp_path])
    assert g.gloss("abaisser les fuites", "fr") == "lower leak"
    assert set(g.sources) >= {"freedict-fra-eng", "freedict-eng-fra"}


def test_the_bundled_glossary_covers_the_event_vocabulary():
    g = glossing.default_glossary()
    assert g.version and g.sources
    french = g.gloss("Des compteurs intelligents prépayés pour réduire les pertes d'eau.", "fr")
    assert "meter" in french and "water" in french
    arabic = g.gloss("نبحث عن مستثمرين في الطاقة الشمسية", "ar")
    assert "investor" in arabic and "solar" in arabic


# --- lexical terms ----------------------------------------------------------------------------

def test_terms_of_translations_meet_in_english():
    g = small_glossary()
    french = set(lexical.text_terms("compteurs intelligents pour les quartiers", g))
    english = set(lexical.text_terms("smart meters for neighbourhoods", g))
    assert {"smart", "meter", "neighbourhood"} <= french & english
    assert lexical.CONCEPT_PREFIX + "smart meter" in french


def index_of(texts_looking, texts_offer, g=None):
    looking = lexical.term_counts([lexical.text_terms(t, g) for t in texts_looking])
    offer = lexical.term_counts([lexical.text_terms(t, g) for t in texts_offer])
    return lexical.LexicalIndex.build(looking, offer), looking, offer


def test_rare_exact_terms_outweigh_words_everybody_uses():
    looking = ["desalination plants in Agadir"] + ["investors for our platform"] * 20
    offer = ["we build desalination plants", "a platform for investors in Agadir"] + \
        ["a platform for investors"] * 19
    index, _, _ = index_of(looking, offer)
    similarity = lexical.similarity(index.looking_for[:1], index.offer, outer=True)[0]
    # a shared rare term (desalination, Agadir) beats sharing the words everybody writes
    assert min(similarity[0], similarity[1]) > 2 * similarity[2]


def test_a_generic_looking_for_has_little_specificity():
    looking = ["We look for investors.", "Leak detection and smart water meters in Agadir."] + \
        ["We look for investors."] * 10
    index, counts, _ = index_of(looking, ["investors"] * 12)
    mass = index.specificity_mass(counts)
    assert mass[0] < mass[1] / 5


def test_replacing_rows_keeps_document_frequencies_exact():
    looking = ["solar pumps", "waste sorting", "bus routes"]
    offer = ["solar panels", "recycling", "mobility data"]
    index, looking_counts, offer_counts = index_of(looking, offer)
    new_looking = lexical.term_counts([lexical.text_terms("waste and recycling data")])
    new_offer = lexical.term_counts([lexical.text_terms("bus routes")])
    rows = np.array([1])
    updated = index.replace_rows(rows, looking_counts[rows], offer_counts[rows], new_looking,
                                 new_offer)
    rebuilt, _, _ = index_of(["solar pumps", "waste and recycling data", "bus routes"],
                             ["solar panels", "bus routes", "mobility data"])
    assert np.array_equal(updated.document_frequency, rebuilt.document_frequency)
    assert updated.documents == rebuilt.documents
    assert abs(updated.looking_for[1] - rebuilt.looking_for[1]).max() < 0.05


def test_packed_rows_round_trip():
    counts = lexical.term_counts([lexical.text_terms("smart meters and leak detection"), []])
    back = lexical.unpack([lexical.pack(counts[0]), lexical.pack(counts[1])])
    assert (back != counts).nnz == 0
