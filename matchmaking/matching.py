"""The matching use cases: refresh embeddings, score the event, explain recommendations.

Shared by the CLI and the app, so both show the same recommendations for the same data.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from .storage import Database

from . import storage
from .embedding import EMBEDDED_FIELDS, Encoder, Progress, content_hash, field_vector, \
    is_english_first, split_sentences
from .explain import best_sentence_pair, best_sentence_pair_lexical, reasons
from .learning import WeightsInUse, learn_weights
from .scoring import (COMPONENTS, MatchingSettings, ProfileFeatures, ScoreResult,
                      build_features, components, direction_scores, harmonic, score_all,
                      symmetric_components)


@dataclass
class EmbedReport:
    model: str
    fields_total: int
    fields_embedded: int
    sentences_embedded: int
    seconds: float

    def summary(self) -> str:
        if not self.fields_embedded:
            return f"{self.model}: all {self.fields_total} profile texts already embedded"
        return (f"{self.model}: embedded {self.fields_embedded} of {self.fields_total} profile "
                f"texts ({self.sentences_embedded} sentences) in {self.seconds:.1f} s")


def refresh_embeddings(db: Database, encoder: Encoder, progress: Progress | None = None
                       ) -> EmbedReport:
    """Embed the profile texts whose content changed since they were last embedded with
    this model; a profile that did not change is never embedded again."""
    started = time.perf_counter()
    cached = storage.embedding_hashes(db, encoder.name)
    todo: list[tuple[int, str, str, list[str]]] = []
    total = 0
    for person in storage.list_participants(db, include_inactive=True):
        for name in EMBEDDED_FIELDS:
            total += 1
            text = person.get(name) or ""
            digest = content_hash(encoder.name, name, text)
            if cached.get((person["id"], name)) != digest:
                todo.append((person["id"], name, digest, split_sentences(text)))
    unique = list(dict.fromkeys(s for *_, sentences in todo for s in sentences))
    vectors = encoder.encode(unique, progress=progress) if unique else None
    position = {s: i for i, s in enumerate(unique)}
    rows = []
    for pid, name, digest, sentences in todo:
        matrix = vectors[[position[s] for s in sentences]] if sentences else \
            np.zeros((0, 0), np.float32)
        rows.append((pid, name, digest, matrix))
    storage.save_embeddings(db, encoder.name, rows)
    return EmbedReport(encoder.name, total, len(todo), len(unique),
                       time.perf_counter() - started)


@dataclass
class EventMatching:
    """Everything needed to recommend and explain, computed once per data version."""

    profiles: list[dict[str, Any]]
    features: ProfileFeatures
    result: ScoreResult
    weights: WeightsInUse
    settings: MatchingSettings
    model: str
    sentences: dict[tuple[int, str], np.ndarray] = field(repr=False, default_factory=dict)

    def profile(self, participant_id: int) -> dict[str, Any]:
        return self.profiles[self.features.index()[participant_id]]


def field_vectors(sentences: dict[tuple[int, str], np.ndarray]
                   ) -> tuple[dict[tuple[int, str], np.ndarray], int]:
    dimension = next((m.shape[1] for m in sentences.values() if m.ndim == 2 and m.size), 0)
    vectors: dict[tuple[int, str], np.ndarray] = {}
    for pid in {pid for pid, _ in sentences}:
        looking = sentences.get((pid, "looking_for"))
        if looking is not None and looking.size:
            vectors[(pid, "looking_for")] = field_vector(looking)
        offer = [m for f in ("about", "offering") if (m := sentences.get((pid, f))) is not None
                 and m.size]
        if offer:
            vectors[(pid, "offer")] = field_vector(np.vstack(offer))
    return vectors, dimension or 1


LEXICAL_FIELD = "lexical"


def cached_lexical_vectors(db: Database, profiles: Sequence[dict[str, Any]]
                           ) -> tuple[np.ndarray, np.ndarray]:
    """The lexical vectors of the event's texts, from the cache when the texts have not
    changed. TF-IDF and its LSA basis are fitted on the whole corpus, so any change of a
    text refits them (0.1 s at Casablanca scale, tens of seconds at Slush scale): that cost
    is paid once per change, like embedding, not on every scoring."""
    import hashlib

    from .scoring import LEXICAL_DIMENSIONS, lexical_corpus, lexical_vectors

    looking, offer = lexical_corpus(profiles)
    digest = hashlib.sha256("\0".join(f"{p['id']}\1{a}\1{b}" for p, a, b in
                                      zip(profiles, looking, offer)).encode()).hexdigest()[:24]
    key = f"lexical-lsa{LEXICAL_DIMENSIONS}"
    cached = storage.embedding_hashes(db, key)
    ids = [p["id"] for p in profiles]
    if ids and all(cached.get((pid, LEXICAL_FIELD)) == digest for pid in ids):
        rows = storage.load_embeddings(db, key, ids)
        pairs = [rows[(pid, LEXICAL_FIELD)] for pid in ids]
        return (np.stack([m[0] for m in pairs]), np.stack([m[1] for m in pairs]))
    lexical = lexical_vectors(looking, offer)
    storage.save_embeddings(db, key, [(pid, LEXICAL_FIELD, digest, np.stack([a, b]))
                                      for pid, a, b in zip(ids, *lexical)], replace_all=True)
    return lexical


def pair_features(features: ProfileFeatures, pairs: Sequence[tuple[int, int]]) -> np.ndarray:
    """(n_pairs x components) values, the learning features of labelled pairs."""
    index = features.index()
    known = [(index[a], index[b]) for a, b in pairs if a in index and b in index]
    if not known:
        return np.zeros((0, len(COMPONENTS)), np.float32)
    a, b = (np.array(x) for x in zip(*known))
    values = symmetric_components(components(features, a, b, outer=False))
    return np.column_stack([values[c] for c in COMPONENTS])


def weights_in_use(db: Database, features: ProfileFeatures) -> WeightsInUse:
    index = features.index()
    labelled = [(a, b, y) for a, b, y in storage.labelled_pairs(db) if a in index and b in index]
    x = pair_features(features, [(a, b) for a, b, _ in labelled])
    return learn_weights(x, np.array([y for *_, y in labelled], dtype=int))


def match_event(db: Database, model: str, *, top_k: int = 20) -> EventMatching:
    """Score the whole event with the cached embeddings of ``model``."""
    profiles = storage.list_participants(db)
    sentences = storage.load_embeddings(db, model, [p["id"] for p in profiles])
    vectors, dimension = field_vectors(sentences)
    features = build_features(profiles, vectors, dimension,
                              english_first_model=is_english_first(model),
                              lexical=cached_lexical_vectors(db, profiles))
    event = storage.get_event(db)
    settings = MatchingSettings.from_event(event["settings"] if event else None)
    weights = weights_in_use(db, features)
    excluded = [(p["participant_id"], p["target_id"]) for p in storage.list_preferences(db)
                if p["mark"] == "no_thanks"]
    # Pairs who already have a confirmed meeting need no recommendation; proposals do not
    # count, so a new scheduler run can still choose among all good pairs.
    excluded += [(m["participant_a"], m["participant_b"]) for m in storage.live_meetings(db)
                 if m["status"] != "proposed"]
    result = score_all(features, weights=weights.weights, settings=settings, top_k=top_k,
                       excluded_pairs=excluded)
    return EventMatching(profiles, features, result, weights, settings, model, sentences)


def explain_pair(matching: EventMatching, me_id: int, other_id: int) -> dict[str, Any]:
    """One recommendation of ``other`` to ``me``: score, components and reasons (EN/FR)."""
    index = matching.features.index()
    i, j = index[me_id], index[other_id]
    parts = components(matching.features, np.array([i]), np.array([j]), outer=False)
    forward, backward = direction_scores(parts, matching.weights.weights)
    me, other = matching.profiles[i], matching.profiles[j]

    def sentences_of(pid: int, *names: str) -> tuple[list[str], np.ndarray]:
        texts, blocks = [], []
        for name in names:
            matrix = matching.sentences.get((pid, name))
            split = split_sentences(matching.profile(pid).get(name) or "")
            if matrix is not None and matrix.size and len(split) == len(matrix):
                texts += split
                blocks.append(matrix)
        return texts, np.vstack(blocks) if blocks else np.zeros((0, 0), np.float32)

    if matching.features.model_trust[i] * matching.features.model_trust[j] >= 0.5:
        they_offer = best_sentence_pair(*sentences_of(me_id, "looking_for"),
                                        *sentences_of(other_id, "about", "offering"))
        you_offer = best_sentence_pair(*sentences_of(other_id, "looking_for"),
                                       *sentences_of(me_id, "about", "offering"))
    else:
        they_offer = best_sentence_pair_lexical(sentences_of(me_id, "looking_for")[0],
                                                sentences_of(other_id, "about", "offering")[0])
        you_offer = best_sentence_pair_lexical(sentences_of(other_id, "looking_for")[0],
                                               sentences_of(me_id, "about", "offering")[0])
    scalar = {k: float(v[0]) for k, v in parts.items()}
    found = reasons(me, other, scalar, they_offer=they_offer, you_offer=you_offer)
    return {
        "id": other["id"], "email": other["email"], "organisation": other["organisation"],
        "kind": other["kind"],
        "score": round(float(harmonic(forward, backward)[0]), 4),
        "fit_for_you": round(float(forward[0]), 4),
        "fit_for_them": round(float(backward[0]), 4),
        "components": {"for_you": {c: round(scalar[f"{c}_ab"] if f"{c}_ab" in scalar else
                                            scalar[c], 4) for c in COMPONENTS},
                       "for_them": {c: round(scalar[f"{c}_ba"] if f"{c}_ba" in scalar else
                                             scalar[c], 4) for c in COMPONENTS}},
        "reasons": {"en": [r.en for r in found], "fr": [r.fr for r in found]},
        "reason_codes": [r.code for r in found],
    }


def recommendations_for(matching: EventMatching, participant_id: int, top: int = 10
                        ) -> list[dict[str, Any]]:
    return [explain_pair(matching, participant_id, c.other)
            for c in matching.result.candidates(participant_id)[:top]]


def pair_scores(matching: EventMatching, pairs: Sequence[tuple[int, int]]) -> np.ndarray:
    """Two-way scores of given (id, id) pairs, computed as in ``score_all`` (0 if unknown)."""
    index = matching.features.index()
    out = np.zeros(len(pairs), np.float32)
    known = [k for k, (a, b) in enumerate(pairs) if a in index and b in index]
    if known:
        a = np.array([index[pairs[k][0]] for k in known])
        b = np.array([index[pairs[k][1]] for k in known])
        parts = components(matching.features, a, b, outer=False)
        out[known] = harmonic(*direction_scores(parts, matching.weights.weights))
    return out
