"""Two-way scores between participants, with their reasons.

For a pair (A, B) every component is a number in [0, 1]:

- ``semantic``: A's *looking for* against B's *about + offering* (sentence embeddings),
  and the reverse; directional.
- ``lexical``: the same texts compared term by term: BM25-weighted sparse vectors of their
  English gloss and glossary concepts (``lexical.py``), so exact and rare terms count and a
  French "compteurs" meets an English "meters"; directional.
- ``sector``: overlap of sectors through the taxonomy (same sector counts fully, sectors of
  the same thematic axis count partly, free tags match as text).
- ``stage``, ``ticket``, ``geography``: does the start-up's stage, ask and country fit the
  investor's stages, ticket range and countries; unknown values are neutral (0.5).

A direction's score is a weighted sum; the pair's score is a weighted harmonic mean of the
two directions (as reciprocal recommenders do), so a pair only ranks high when both sides
want it. Each direction weighs by how specific the looking side's text is: "we look for
investors" says little, so it cannot drown a strong fit in the other direction, but it
still counts (``direction_floor``). Hard filters: kinds that may not meet, the same organisation, inactive or
opted-out participants, "no thanks" from either side, and no shared language (unless the
event provides interpreters).

Everything is computed on whole blocks of pairs with numpy (5,500 x 3,300 pairs in a few
seconds, once the embeddings and lexical vectors are cached); the same component code
scores single pairs for explanations and learning.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import cache
from typing import Any

import numpy as np
from scipy import sparse

from matchmaking.domain.countries import regions_of
from matchmaking.domain.paths import DATA_DIR
from matchmaking.domain.settings import EventSettings
from matchmaking.domain.taxonomy import STAGES, Taxonomy, default_taxonomy
from matchmaking.domain.text import fold
from matchmaking.matching import lexical as lexical_terms
from matchmaking.matching.embedding import latin_share

COMPONENTS: tuple[str, ...] = ("semantic", "lexical", "sector", "stage", "ticket", "geography")
DIRECTIONAL: tuple[str, ...] = ("semantic", "lexical")
NEUTRAL = 0.5
RELATED_THEME_CREDIT = 0.5  # a sector of the same thematic axis counts half
DEFAULTS_FILE = DATA_DIR / "matching_defaults.json"


@dataclass(frozen=True)
class Weights:
    """Weight of each component in a direction's score (normalised to sum to 1).

    ``Weights()`` are hand-set; the product's defaults are ``shipped_defaults().weights``,
    fitted on public data (``data/matching_defaults.json``)."""

    semantic: float = 0.35
    lexical: float = 0.15
    sector: float = 0.20
    stage: float = 0.10
    ticket: float = 0.10
    geography: float = 0.10

    def normalised(self) -> Weights:
        total = sum(self.as_dict().values())
        if total <= 0:
            raise ValueError("at least one weight must be positive")
        return Weights(**{k: v / total for k, v in self.as_dict().items()})

    def as_dict(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Calibration:
    """How raw similarities become components and directions combine (fitted, shipped).

    ``semantic_range`` / ``lexical_range``: cosines mapped linearly onto [0, 1] (unrelated
    profiles sit at the low end, close fits at the high end). ``specificity_scale``: the
    summed idf of a *looking for* text at which it counts as 63 % specific.
    ``direction_floor``: the least weight a direction keeps in the two-way mean.
    ``portfolio_share``: how much of the lexical fit of what a participant looks for comes
    from its portfolio ("more like these"), when it gave one. ``other_city``: the geography
    fit of a counterpart active where one is, but in another city (same city: 1)."""

    semantic_range: tuple[float, float] = (0.05, 0.60)
    lexical_range: tuple[float, float] = (0.0, 0.35)
    specificity_scale: float = 12.0
    direction_floor: float = 0.25
    portfolio_share: float = 0.5
    other_city: float = 1.0


@dataclass(frozen=True)
class MatchingDefaults:
    weights: Weights
    calibration: Calibration
    source: str  # how they were obtained (shown by ``matchmaking weights``)


@cache
def shipped_defaults() -> MatchingDefaults:
    """The weights and calibration fitted on public development data and shipped with the
    product (``data/matching_defaults.json`` says how); hand-set values if it is absent."""
    if not DEFAULTS_FILE.is_file():
        return MatchingDefaults(Weights(), Calibration(), "hand-set (no defaults file)")
    payload = json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
    calibration = payload.get("calibration", {})
    return MatchingDefaults(
        weights=Weights(**payload["weights"]),
        calibration=Calibration(**{k: tuple(v) if isinstance(v, list) else v
                                   for k, v in calibration.items()}),
        source=payload.get("fitted", {}).get("summary", "shipped defaults"))


@dataclass(frozen=True)
class MatchingSettings:
    """Event settings that change who may meet whom, and who is recommended to how many."""

    allowed_pairs: tuple[tuple[str, str], ...] = EventSettings.allowed_pairs
    interpreters: bool = EventSettings.interpreters
    # meetings a participant can take when it set no maximum
    default_capacity: int = EventSettings.max_meetings_default
    # A participant appears in at most this many times its capacity of others' top 10
    # (congestion pricing, see ``congestion_prices``); None: rank by score alone.
    exposure_multiple: float | None = EventSettings.exposure_multiple

    @classmethod
    def from_event(cls, settings: Mapping[str, Any] | None) -> MatchingSettings:
        event = EventSettings.from_dict(settings)
        return cls(allowed_pairs=event.allowed_pairs, interpreters=event.interpreters,
                   default_capacity=event.max_meetings_default,
                   exposure_multiple=event.exposure_multiple)


# --- features -----------------------------------------------------------------------------

def _stage_kernel() -> np.ndarray:
    """Stage compatibility: same stage 1, one step apart 0.5, else 0."""
    n = len(STAGES)
    kernel = np.zeros((n, n), np.float32)
    for i in range(n):
        for j in range(n):
            kernel[i, j] = {0: 1.0, 1: 0.5}.get(abs(i - j), 0.0)
    return kernel


def _log_amount(value: Any) -> float:
    return math.log10(value) if value else math.nan


@dataclass
class ProfileFeatures:
    """Everything scoring reads, as arrays aligned with ``ids`` (one row per participant)."""

    ids: np.ndarray
    kinds: np.ndarray
    organisations: np.ndarray  # folded names: the same organisation never meets itself
    active: np.ndarray
    listed: np.ndarray  # active and consented to be listed: may be recommended to others
    looking_for: np.ndarray  # (n, d) normalised embedding of "looking for"
    offer: np.ndarray  # (n, d) normalised embedding of "about" + "offering"
    lexical_looking_for: sparse.csr_matrix  # (n, F) BM25-weighted, normalised term vectors
    lexical_offer: sparse.csr_matrix
    lexical_index: lexical_terms.LexicalIndex
    looking_counts: sparse.csr_matrix  # (n, F) raw term counts (for incremental updates)
    offer_counts: sparse.csr_matrix
    # The portfolio's terms, weighted with the event's frequencies but not counted in them
    # (one investor's long list must not make its sectors look common).
    lexical_portfolio: sparse.csr_matrix
    portfolio_counts: sparse.csr_matrix
    has_portfolio: np.ndarray
    specificity: np.ndarray  # (n,) how specific each "looking for" is, in [0, 1)
    sectors: np.ndarray  # (n, t) normalised sector vectors with partial axis credit
    stage_onehot: np.ndarray  # (n, 6)
    stage_compat: np.ndarray  # (n, 6): how well each stage fits the participant's stages
    has_stage: np.ndarray
    ticket_low: np.ndarray  # log10 of amounts, NaN if unknown
    ticket_high: np.ndarray
    location: np.ndarray  # (n, g) where the participant is (countries and their regions)
    coverage: np.ndarray  # (n, g) where it invests or operates
    has_geography: np.ndarray
    cities: np.ndarray  # (n,) int64 key of the folded city name (0: not given)
    languages: np.ndarray  # (n, l) one-hot
    has_languages: np.ndarray
    model_trust: np.ndarray  # (n,) how far the embedding model can be trusted on the texts
    capacity: np.ndarray  # (n,) the participant's own maximum of meetings, 0 if none set
    calibration: Calibration = field(default_factory=Calibration)
    sector_codes: list[str] = field(default_factory=list)
    place_codes: list[str] = field(default_factory=list)
    language_codes: list[str] = field(default_factory=list)

    def fits_layout(self, profiles: Sequence[Mapping[str, Any]]) -> bool:
        """Whether these profiles' sectors, places and languages all have columns here."""
        sectors, places, languages = set(self.sector_codes), set(self.place_codes), \
            set(self.language_codes)
        return all(set(p.get("sectors") or []) <= sectors and set(p.get("country") or [])
                   <= places and set(p.get("languages") or []) <= languages for p in profiles)

    def with_rows(self, rows: np.ndarray, new: ProfileFeatures) -> ProfileFeatures:
        """A copy with ``rows`` replaced by the rows of ``new`` (built with this layout);
        the lexical index's document frequencies follow the new texts exactly."""
        from dataclasses import replace as copy_with

        index = self.lexical_index.replace_rows(rows, self.looking_counts[rows],
                                                self.offer_counts[rows], new.looking_counts,
                                                new.offer_counts)
        changes: dict[str, Any] = {}
        for f in fields(self):
            old, fresh = getattr(self, f.name), getattr(new, f.name)
            if isinstance(old, np.ndarray) and old.shape[:1] == self.ids.shape:
                copy = old.copy()
                copy[rows] = fresh
                changes[f.name] = copy
        changes.update(
            lexical_index=index, lexical_looking_for=index.looking_for,
            lexical_offer=index.offer,
            looking_counts=lexical_terms.set_rows(self.looking_counts, rows, new.looking_counts),
            offer_counts=lexical_terms.set_rows(self.offer_counts, rows, new.offer_counts))
        if new.portfolio_counts.nnz or self.portfolio_counts[rows].nnz:  # most edits: none
            changes.update(
                lexical_portfolio=lexical_terms.set_rows(self.lexical_portfolio, rows,
                                                         index.weigh(new.portfolio_counts)),
                portfolio_counts=lexical_terms.set_rows(self.portfolio_counts, rows,
                                                        new.portfolio_counts))
        changes["specificity"][rows] = specificity(index, new.looking_counts,
                                                   self.calibration.specificity_scale)
        updated = copy_with(self, **changes)
        updated.__dict__.pop("_index", None)
        return updated

    def index(self) -> dict[int, int]:
        """Participant id -> row (computed once: explanations ask for it per pair)."""
        cached = self.__dict__.get("_index")
        if cached is None:
            cached = {int(pid): i for i, pid in enumerate(self.ids)}
            self.__dict__["_index"] = cached
        return cached


def city_key(city: Any) -> int:
    """A number standing for a city name (folded, so "Casablanca" and "casablanca " are one
    city; 0 when none is given): hashed, so it needs no event-wide table."""
    name = fold(str(city or ""))
    if not name:
        return 0
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True) or 1


def _text(profile: Mapping[str, Any], *names: str) -> str:
    return " ".join(str(profile.get(n) or "") for n in names).strip()


@dataclass
class TextTerms:
    """The lexical side of participants' texts, aligned with a list of profiles: term counts
    of each *looking for* and *about + offering* (``lexical.text_terms``, cached by the
    matching layer like embeddings) and how far the embedding model reads them."""

    looking_for: sparse.csr_matrix
    offer: sparse.csr_matrix
    portfolio: sparse.csr_matrix
    model_readable: np.ndarray  # (n,) share of the terms in Latin script after glossing


# The texts whose terms are read, in ``TextTerms`` order, and the profile columns of each.
# What a participant is includes its name: an investor's portfolio lists companies by name,
# so a start-up it lists matches that line however the start-up describes itself.
TERM_TEXTS: dict[str, tuple[str, ...]] = {"looking_for": ("looking_for",),
                                          "offer": ("organisation", "about", "offering"),
                                          "portfolio": ("portfolio",)}


def analyse_texts(profiles: Sequence[Mapping[str, Any]], glossary: Any = None) -> TextTerms:
    """Terms of every profile's texts (glossed into English first)."""
    looking, offer, portfolio = (
        [lexical_terms.text_terms(_text(p, *columns), glossary) for p in profiles]
        for columns in TERM_TEXTS.values())
    return TextTerms(lexical_terms.term_counts(looking), lexical_terms.term_counts(offer),
                     lexical_terms.term_counts(portfolio),
                     np.array([readable_share(a + b) for a, b in zip(looking, offer)],
                              np.float32))


def readable_share(terms: Sequence[str]) -> float:
    """Share of a text's single-word terms the English-first model can read (Latin script
    after glossing): Arabic words that no glossary knew stay Arabic, and lower it."""
    words = [t for t in terms if " " not in t and not t.startswith(lexical_terms.CONCEPT_PREFIX)]
    return latin_share(" ".join(words)) if words else 1.0


def specificity(index: lexical_terms.LexicalIndex, looking_counts: sparse.csr_matrix,
                scale: float) -> np.ndarray:
    """How specific each *looking for* text is, in [0, 1): 1 − exp(−summed idf / scale)."""
    mass = index.specificity_mass(looking_counts)
    return (1.0 - np.exp(-mass / max(scale, 1e-6))).astype(np.float32)


def build_features(profiles: Sequence[Mapping[str, Any]],
                   vectors: Mapping[tuple[int, str], np.ndarray], dimension: int,
                   taxonomy: Taxonomy | None = None, *, english_first_model: bool = True,
                   lexical: TextTerms | None = None,
                   calibration: Calibration | None = None,
                   layout: ProfileFeatures | None = None) -> ProfileFeatures:
    """Feature arrays for participants (storage dicts) and their field vectors
    (``vectors[(id, "looking_for")]`` and ``vectors[(id, "offer")]``; missing → zeros).

    With an English-first model, the semantic component of a text it still cannot read
    after glossing (Arabic words no glossary knew) leans on the lexical one, in proportion
    (``model_trust``). ``lexical``: the texts' terms when already computed (cached like
    embeddings). ``layout``: the features of the whole event, when these profiles replace
    some of its rows (same sector, place and language columns, same lexical index)."""
    taxonomy = taxonomy or default_taxonomy()
    n = len(profiles)
    ids = np.array([p["id"] for p in profiles], dtype=np.int64)

    def stack(name: str) -> np.ndarray:
        out = np.zeros((n, dimension), np.float32)
        for i, p in enumerate(profiles):
            vector = vectors.get((p["id"], name))
            if vector is not None and vector.size:
                out[i] = vector
        return out

    calibration = calibration or shipped_defaults().calibration
    terms = lexical or analyse_texts(profiles)
    index = layout.lexical_index if layout is not None else \
        lexical_terms.LexicalIndex.build(terms.looking_for, terms.offer)

    # Sectors: one column per code or free tag, plus one per thematic axis at half credit.
    codes = layout.sector_codes if layout is not None else \
        sorted({c for p in profiles for c in p.get("sectors") or []} | {a.code for a in taxonomy.axes})
    column = {c: i for i, c in enumerate(codes)}
    sectors = np.zeros((n, len(codes)), np.float32)
    for i, p in enumerate(profiles):
        for code in p.get("sectors") or []:
            sectors[i, column[code]] = 1.0
            for axis in taxonomy.axes_of(code):
                if axis != code:
                    sectors[i, column[axis]] = max(sectors[i, column[axis]],
                                                   RELATED_THEME_CREDIT)
    norms = np.linalg.norm(sectors, axis=1, keepdims=True)
    sectors = np.divide(sectors, norms, out=np.zeros_like(sectors), where=norms > 0)

    kernel = _stage_kernel()
    stage_onehot = np.zeros((n, len(STAGES)), np.float32)
    for i, p in enumerate(profiles):
        for stage in p.get("stages") or []:
            if stage in STAGES:
                stage_onehot[i, STAGES.index(stage)] = 1.0
    stage_compat = np.zeros_like(stage_onehot)
    for s in range(len(STAGES)):
        stage_compat = np.maximum(stage_compat, stage_onehot[:, s:s + 1] * kernel[s][None, :])

    places = layout.place_codes if layout is not None else \
        sorted({c for p in profiles for c in p.get("country") or []} |
               {"GLOBAL", "AFRICA", "MENA", "EUROPE"})
    place = {c: i for i, c in enumerate(places)}
    location = np.zeros((n, len(places)), np.float32)
    coverage = np.zeros((n, len(places)), np.float32)
    for i, p in enumerate(profiles):
        countries = p.get("country") or []
        if countries:  # the first country is where the participant is based
            for code in {countries[0], *regions_of(countries[0])}:
                location[i, place[code]] = 1.0
        for code in countries:
            coverage[i, place[code]] = 1.0
    languages_seen = layout.language_codes if layout is not None else \
        sorted({lang for p in profiles for lang in p.get("languages") or []})
    lang_index = {c: i for i, c in enumerate(languages_seen)}
    languages = np.zeros((n, max(1, len(languages_seen))), np.float32)
    for i, p in enumerate(profiles):
        for lang in p.get("languages") or []:
            languages[i, lang_index[lang]] = 1.0

    return ProfileFeatures(
        ids=ids,
        kinds=np.array([p["kind"] for p in profiles]),
        organisations=np.array([fold(p.get("organisation", "")) for p in profiles]),
        active=np.array([bool(p.get("active", True)) for p in profiles]),
        listed=np.array([bool(p.get("consent", True)) and bool(p.get("active", True))
                         for p in profiles]),
        looking_for=stack("looking_for"), offer=stack("offer"),
        lexical_looking_for=index.weigh(terms.looking_for) if layout is not None
        else index.looking_for,
        lexical_offer=index.weigh(terms.offer) if layout is not None else index.offer,
        lexical_index=index,
        looking_counts=terms.looking_for, offer_counts=terms.offer,
        lexical_portfolio=index.weigh(terms.portfolio), portfolio_counts=terms.portfolio,
        has_portfolio=np.diff(terms.portfolio.tocsr().indptr) > 0,
        specificity=specificity(index, terms.looking_for, calibration.specificity_scale),
        sectors=sectors, stage_onehot=stage_onehot, stage_compat=stage_compat,
        has_stage=stage_onehot.any(axis=1),
        ticket_low=np.array([_log_amount(p.get("ticket_min")) for p in profiles], np.float32),
        ticket_high=np.array([_log_amount(p.get("ticket_max") or p.get("ticket_min"))
                              for p in profiles], np.float32),
        location=location, coverage=coverage,
        has_geography=np.array([bool(p.get("country")) for p in profiles]),
        cities=np.array([city_key(p.get("city")) for p in profiles], np.int64),
        languages=languages, has_languages=languages.any(axis=1),
        model_trust=terms.model_readable if english_first_model else np.ones(n, np.float32),
        capacity=np.array([int(p.get("max_meetings") or 0) for p in profiles], np.int64),
        calibration=calibration,
        sector_codes=codes, place_codes=places, language_codes=languages_seen,
    )


# --- components: one code path for blocks of pairs (outer) and lists of pairs -------------

def _dot(x: np.ndarray, y: np.ndarray, outer: bool) -> np.ndarray:
    return x @ y.T if outer else np.einsum("ij,ij->i", x, y)


def _pair(x: np.ndarray, y: np.ndarray, outer: bool) -> tuple[np.ndarray, np.ndarray]:
    return (x[:, None], y[None, :]) if outer else (x, y)


def _rescale(values: np.ndarray, bounds: tuple[float, float]) -> np.ndarray:
    low, high = bounds
    return np.clip((values - low) / (high - low), 0.0, 1.0, dtype=np.float32)


def components(features: ProfileFeatures, a: np.ndarray, b: np.ndarray, *,
               outer: bool) -> dict[str, np.ndarray]:
    """Every component for pairs of row indices: all (a x b) pairs if ``outer``, else the
    pairs (a[i], b[i]). Directional components come as ``x_ab`` (does b fit what a looks
    for) and ``x_ba``; ``languages_ok`` is the shared-language filter and ``geography_hit``
    whether either is active where the other is (not components: nothing weighs them)."""
    f = features
    lexical_range, semantic_range = f.calibration.lexical_range, f.calibration.semantic_range
    out: dict[str, np.ndarray] = {
        "lexical_ab": _rescale(lexical_terms.similarity(
            f.lexical_looking_for[a], f.lexical_offer[b], outer=outer), lexical_range),
        "lexical_ba": _rescale(lexical_terms.similarity(
            f.lexical_offer[a], f.lexical_looking_for[b], outer=outer), lexical_range),
    }
    # What a participant looks for is also "more like the portfolio it lists", when it does.
    share = f.calibration.portfolio_share
    has_a, has_b = _pair(f.has_portfolio[a], f.has_portfolio[b], outer)
    # direction: (whose portfolio, has one, a's side, b's side)
    for direction, (owners, has, left, right) in {
            "ab": (a, has_a, f.lexical_portfolio, f.lexical_offer),
            "ba": (b, has_b, f.lexical_offer, f.lexical_portfolio)}.items():
        if share <= 0 or not f.has_portfolio[owners].any():
            continue
        like = _rescale(lexical_terms.similarity(left[a], right[b], outer=outer), lexical_range)
        key = f"lexical_{direction}"
        out[key] = np.where(has, (1 - share) * out[key] + share * like, out[key]
                            ).astype(np.float32)
    trust_a, trust_b = _pair(f.model_trust[a], f.model_trust[b], outer)
    trust = trust_a * trust_b
    for direction, (x, y) in {"ab": (f.looking_for[a], f.offer[b]),
                              "ba": (f.offer[a], f.looking_for[b])}.items():
        semantic = _rescale(_dot(x, y, outer), semantic_range)
        if np.any(trust < 1.0):
            semantic = trust * semantic + (1.0 - trust) * out[f"lexical_{direction}"]
        out[f"semantic_{direction}"] = semantic.astype(np.float32)
    sector = _dot(f.sectors[a], f.sectors[b], outer)
    known_a, known_b = _pair(f.sectors[a].any(axis=1), f.sectors[b].any(axis=1), outer)
    out["sector"] = np.where(known_a & known_b, sector, NEUTRAL).astype(np.float32)

    if outer and f.stage_onehot[a].sum(axis=1).max(initial=0) <= 1:
        # one stage per row (start-ups give their own): the max is a plain product
        stage = f.stage_onehot[a] @ f.stage_compat[b].T
    elif outer:
        stage = np.zeros((len(a), len(b)), np.float32)
        for s in range(len(STAGES)):
            stage = np.maximum(stage, f.stage_onehot[a, s][:, None] * f.stage_compat[b, s][None])
    else:
        stage = (f.stage_onehot[a] * f.stage_compat[b]).max(axis=1)
    has_a, has_b = _pair(f.has_stage[a], f.has_stage[b], outer)
    out["stage"] = np.where(has_a & has_b, stage, NEUTRAL).astype(np.float32)

    low_a, low_b = _pair(f.ticket_low[a], f.ticket_low[b], outer)
    high_a, high_b = _pair(f.ticket_high[a], f.ticket_high[b], outer)
    with np.errstate(invalid="ignore"):
        gap = np.subtract(low_a, high_b)  # in powers of ten; in place from here: big arrays
        np.maximum(gap, low_b - high_a, out=gap)
        np.subtract(1.0, gap, out=gap)
        ticket = np.clip(gap, 0.0, 1.0, out=gap)  # an order of magnitude apart: no fit
    ticket[np.isnan(ticket)] = NEUTRAL
    out["ticket"] = ticket.astype(np.float32, copy=False)

    hit = (_dot(f.location[a], f.coverage[b], outer) > 0) | \
          (_dot(f.coverage[a], f.location[b], outer) > 0)
    geo_a, geo_b = _pair(f.has_geography[a], f.has_geography[b], outer)
    city_a, city_b = _pair(f.cities[a], f.cities[b], outer)
    near = np.where((city_a == city_b) & (city_a != 0), 1.0, f.calibration.other_city)
    out["geography"] = np.where(geo_a & geo_b, np.where(hit, near, 0.2), NEUTRAL
                                ).astype(np.float32)
    out["geography_hit"] = geo_a & geo_b & hit

    lang_a, lang_b = _pair(f.has_languages[a], f.has_languages[b], outer)
    out["languages_ok"] = (_dot(f.languages[a], f.languages[b], outer) > 0) | ~lang_a | ~lang_b
    return out


def direction_scores(parts: Mapping[str, np.ndarray], weights: Weights
                     ) -> tuple[np.ndarray, np.ndarray]:
    """(how well b fits what a looks for, how well a fits what b looks for)."""
    w = weights.normalised()
    shared = (w.sector * parts["sector"] + w.stage * parts["stage"] + w.ticket * parts["ticket"]
              + w.geography * parts["geography"])
    forward = shared + w.semantic * parts["semantic_ab"] + w.lexical * parts["lexical_ab"]
    backward = shared + w.semantic * parts["semantic_ba"] + w.lexical * parts["lexical_ba"]
    return forward.astype(np.float32), backward.astype(np.float32)


def harmonic(forward: np.ndarray, backward: np.ndarray, weight_forward: Any = 1.0,
             weight_backward: Any = 1.0) -> np.ndarray:
    """Weighted harmonic mean of the two directions (plain with equal weights): low when
    either side does not want the meeting."""
    with np.errstate(invalid="ignore", divide="ignore"):
        both = (weight_forward + weight_backward) / (weight_forward / forward
                                                     + weight_backward / backward)
    return np.nan_to_num(both, nan=0.0, posinf=0.0, neginf=0.0).astype(np.float32)


def direction_weights(features: ProfileFeatures, a: np.ndarray, b: np.ndarray, *,
                      outer: bool) -> tuple[np.ndarray, np.ndarray]:
    """How much each direction counts: the specificity of the looking side's text, never
    below the floor (so "both sides must want it" still holds)."""
    floor = features.calibration.direction_floor
    spec_a, spec_b = _pair(features.specificity[a], features.specificity[b], outer)
    return floor + (1.0 - floor) * spec_a, floor + (1.0 - floor) * spec_b


def two_way(features: ProfileFeatures, a: np.ndarray, b: np.ndarray,
            parts: Mapping[str, np.ndarray], weights: Weights, *, outer: bool
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(pair score, forward, backward) for pairs of rows, from their components."""
    forward, backward = direction_scores(parts, weights)
    weight_a, weight_b = direction_weights(features, a, b, outer=outer)
    return harmonic(forward, backward, weight_a, weight_b), forward, backward


def symmetric_components(parts: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """One value per component for a pair (directional ones averaged): learning features."""
    return {c: (parts[f"{c}_ab"] + parts[f"{c}_ba"]) / 2 if c in DIRECTIONAL else parts[c]
            for c in COMPONENTS}


# --- whole-event scoring --------------------------------------------------------------------

@dataclass
class Candidate:
    """One recommended counterpart, from the point of view of ``participant``."""

    participant: int
    other: int
    score: float  # two-way
    fit_for_you: float  # how well the other fits what you look for
    fit_for_them: float  # how well you fit what they look for


@dataclass
class ScoreResult:
    """Each participant's best counterparts, as arrays aligned with ``ids``."""

    ids: np.ndarray
    top_index: np.ndarray  # (n, k) row indices of the counterparts, best first; -1: none
    top_score: np.ndarray  # (n, k) two-way scores
    top_forward: np.ndarray  # how well the counterpart fits what the participant looks for
    top_backward: np.ndarray  # how well the participant fits what the counterpart looks for
    pairs_scored: int
    # per viewing kind, (n,) congestion price of each participant as its recommendation
    # (0: not over-exposed)
    prices: dict[str, np.ndarray] | None = None
    top_rank: np.ndarray | None = None  # (n, k) the order key: score less the price

    def candidates(self, participant: int) -> list[Candidate]:
        positions = np.flatnonzero(self.ids == participant)
        if not len(positions):
            return []
        i = int(positions[0])
        return [Candidate(participant, int(self.ids[j]), float(s), float(f), float(b))
                for j, s, f, b in zip(self.top_index[i], self.top_score[i],
                                      self.top_forward[i], self.top_backward[i]) if j >= 0]

    def participants(self) -> list[int]:
        return [int(pid) for pid, row in zip(self.ids, self.top_index) if (row >= 0).any()]


def _kind_blocks(settings: MatchingSettings) -> list[tuple[str, str]]:
    """The allowed kind pairs, each unordered pair once."""
    blocks: list[tuple[str, str]] = []
    for kind_a, kind_b in settings.allowed_pairs:
        if (kind_a, kind_b) not in blocks and (kind_b, kind_a) not in blocks:
            blocks.append((kind_a, kind_b))
    return blocks


def _pair_block(features: ProfileFeatures, rows: np.ndarray, cols: np.ndarray,
                weights: Weights, settings: MatchingSettings,
                excluded: set[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(two-way score, forward, backward) of every (row, column) pair, with the hard filters
    applied: a pair that may not meet scores -1."""
    parts = components(features, rows, cols, outer=True)
    score, forward, backward = two_way(features, rows, cols, parts, weights, outer=True)
    allowed = features.organisations[rows][:, None] != features.organisations[cols][None, :]
    allowed &= features.active[rows][:, None] & features.active[cols][None, :]
    if not settings.interpreters:
        allowed &= parts["languages_ok"]
    del parts
    allowed &= rows[:, None] != cols[None, :]
    if excluded:
        row_pos = {int(r): i for i, r in enumerate(rows)}
        col_pos = {int(c): j for j, c in enumerate(cols)}
        for x, y in excluded:
            if x in row_pos and y in col_pos:
                allowed[row_pos[x], col_pos[y]] = False
    return np.where(allowed, score, -1.0).astype(np.float32), forward, backward


def _excluded_rows(features: ProfileFeatures, excluded_pairs: Iterable[tuple[int, int]]
                   ) -> set[tuple[int, int]]:
    index = features.index()
    out: set[tuple[int, int]] = set()
    for a, b in excluded_pairs:
        if a in index and b in index:
            out |= {(index[a], index[b]), (index[b], index[a])}
    return out


def score_all(features: ProfileFeatures, *, weights: Weights | None = None,
              settings: MatchingSettings | None = None, top_k: int = 20,
              excluded_pairs: Iterable[tuple[int, int]] = ()) -> ScoreResult:
    """Score every allowed pair and keep each participant's ``top_k``.

    ``excluded_pairs`` are (id, id) pairs that must never be recommended ("no thanks",
    already met, ...), in either order. Lists are ordered by score less each
    counterpart's congestion price (``congestion_prices``), so that nobody is everybody's
    first choice beyond what they can take.
    """
    weights = weights or shipped_defaults().weights
    settings = settings or MatchingSettings()
    excluded = _excluded_rows(features, excluded_pairs)
    n = len(features.ids)
    blocks = _kind_blocks(settings)
    width = top_k * max(1, len({k for pair in blocks for k in pair}))
    # index, score, forward, backward, and the rank key (score less the congestion price)
    pool = [np.full((n, width), fill, dtype) for fill, dtype in
            ((-1, np.int64), (-1.0, np.float32), (0.0, np.float32), (0.0, np.float32),
             (-np.inf, np.float32))]
    capacity = capacities(features, settings)
    used = np.zeros(n, np.int64)  # columns of the pool filled so far, per participant
    pairs_scored = 0
    # Per viewing kind, the blocks of everyone it may be recommended: congestion prices
    # are set on the whole list a participant sees, across counterpart kinds.
    seen: dict[str, list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]]] = {}
    for kind_a, kind_b in blocks:
        rows = np.flatnonzero((features.kinds == kind_a) & features.active)
        cols = np.flatnonzero((features.kinds == kind_b) & features.active)
        if not len(rows) or not len(cols):
            continue
        score, forward, backward = _pair_block(features, rows, cols, weights, settings,
                                               excluded)
        pairs_scored += int((score >= 0).sum()) // (2 if kind_a == kind_b else 1)
        seen.setdefault(kind_a, []).append((rows, cols, score, forward, backward))
        if kind_a != kind_b:  # a same-kind block already gives every row its list
            seen.setdefault(kind_b, []).append((cols, rows, score.T, backward.T, forward.T))
    prices: dict[str, np.ndarray] = {}
    for kind, parts in seen.items():
        rows = parts[0][0]
        cols = np.concatenate([p[1] for p in parts])
        score = np.hstack([p[2] for p in parts])
        visible = np.where(features.listed[cols][None, :], score, -1.0)
        price = np.zeros(n, np.float32)
        price[cols] = congestion_prices(visible, capacity[cols],
                                        multiple=settings.exposure_multiple)
        prices[kind] = price
        _keep_top(pool, used, rows, cols, visible, np.hstack([p[3] for p in parts]),
                  np.hstack([p[4] for p in parts]), price[cols], top_k)
    index_pool, score_pool, forward_pool, backward_pool, rank_pool = pool
    order = np.lexsort((index_pool, -rank_pool), axis=1)[:, :top_k]  # best first, then stable
    top_index = np.take_along_axis(index_pool, order, axis=1)
    top_score = np.take_along_axis(score_pool, order, axis=1)
    top_index[top_score < 0] = -1
    return ScoreResult(ids=features.ids, top_index=top_index, top_score=top_score,
                       top_forward=np.take_along_axis(forward_pool, order, axis=1),
                       top_backward=np.take_along_axis(backward_pool, order, axis=1),
                       pairs_scored=pairs_scored, prices=prices,
                       top_rank=np.take_along_axis(rank_pool, order, axis=1))


def capacities(features: ProfileFeatures, settings: MatchingSettings) -> np.ndarray:
    """Each participant's meeting capacity: its own maximum, else the event's default."""
    return np.where(features.capacity > 0, features.capacity,
                    settings.default_capacity).astype(np.float32)


def counterpart_rows(features: ProfileFeatures, settings: MatchingSettings, kind: str, *,
                     listed_only: bool = True) -> np.ndarray:
    """Rows a participant of ``kind`` may be recommended (active, listed, allowed kinds);
    with ``listed_only=False``, every row of the allowed kinds: those who get lists with
    ``kind`` in them, opted-out participants included."""
    kinds = {b for a, b in settings.allowed_pairs if a == kind} | \
        {a for a, b in settings.allowed_pairs if b == kind}
    allowed = np.isin(features.kinds, sorted(kinds))
    return np.flatnonzero(allowed & features.listed if listed_only else allowed)


def update_scores(result: ScoreResult, features: ProfileFeatures, changed_rows: np.ndarray, *,
                  weights: Weights, settings: MatchingSettings,
                  excluded_pairs: Iterable[tuple[int, int]] = ()) -> ScoreResult:
    """``result`` after the participants in ``changed_rows`` changed (``features`` already
    has their new rows): their own lists are scored again, and so is the list of everyone
    whose list held one of them or would now take one of them in. Congestion prices stay
    those of the last full scoring (one profile moves them very little)."""
    excluded = _excluded_rows(features, excluded_pairs)
    top_k = result.top_index.shape[1]
    prices = result.prices or {}
    zero = np.zeros(len(features.ids), np.float32)
    affected = set(int(r) for r in changed_rows)
    for c in changed_rows:
        c = int(c)
        # Who gets lists where ``c`` may appear: opted-out participants get lists too.
        viewers = counterpart_rows(features, settings, str(features.kinds[c]), listed_only=False)
        viewers = viewers[features.active[viewers] & (viewers != c)]
        if not len(viewers):
            continue
        held = (result.top_index[viewers] == c).any(axis=1)
        if features.listed[c] and features.active[c]:
            score = _pair_block(features, viewers, np.array([c]), weights, settings,
                                excluded)[0][:, 0]
            price = np.array([prices.get(str(k), zero)[c] for k in features.kinds[viewers]])
            rank = np.where(score >= 0, score - price, -np.inf)
            filled = (result.top_index[viewers] >= 0).sum(axis=1)
            worst = np.where(filled >= top_k, result.top_rank[viewers].min(axis=1), -np.inf)
            enters = rank > worst
        else:
            enters = np.zeros(len(viewers), bool)
        affected |= set(int(v) for v in viewers[held | enters])
    return relist(result, features, np.array(sorted(affected), np.int64), weights=weights,
                  settings=settings, excluded=excluded, prices=prices)


def relist(result: ScoreResult, features: ProfileFeatures, viewers: np.ndarray, *,
           weights: Weights, settings: MatchingSettings, excluded: set[tuple[int, int]],
           prices: Mapping[str, np.ndarray]) -> ScoreResult:
    """A copy of ``result`` with the lists of ``viewers`` computed afresh."""
    top_k = result.top_index.shape[1]
    arrays = {name: getattr(result, name).copy() for name in
              ("top_index", "top_score", "top_forward", "top_backward", "top_rank")}
    for kind in sorted(set(features.kinds[viewers].tolist())):
        rows = viewers[(features.kinds[viewers] == kind) & features.active[viewers]]
        arrays["top_index"][viewers[features.kinds[viewers] == kind]] = -1
        arrays["top_score"][viewers[features.kinds[viewers] == kind]] = -1.0
        cols = counterpart_rows(features, settings, kind)
        if not len(rows) or not len(cols):
            continue
        score, forward, backward = _pair_block(features, rows, cols, weights, settings,
                                               excluded)
        price = prices.get(kind, np.zeros(len(features.ids), np.float32))[cols]
        visible = features.listed[cols][None, :]
        score = np.where(visible, score, -1.0).astype(np.float32)
        rank = np.where(score >= 0, score - price[None, :], -np.inf)
        k = min(top_k, len(cols))
        picks = np.argpartition(-rank, k - 1, axis=1)[:, :k]
        order = np.lexsort((cols[picks], -np.take_along_axis(rank, picks, axis=1)), axis=1)
        picks = np.take_along_axis(picks, order, axis=1)
        for name, values in (("top_score", score), ("top_forward", forward),
                             ("top_backward", backward), ("top_rank", rank)):
            arrays[name][rows, :k] = np.take_along_axis(values, picks, axis=1)
        chosen = cols[picks]
        chosen[arrays["top_score"][rows, :k] < 0] = -1
        arrays["top_index"][rows, :k] = chosen
        arrays["top_index"][rows, k:] = -1
    from dataclasses import replace as copy_with

    return copy_with(result, **arrays)


EXPOSURE_LIST = 10  # the list whose exposure is balanced: what a participant sees first


def congestion_prices(score: np.ndarray, capacity: np.ndarray, *, multiple: float | None,
                      list_length: int = EXPOSURE_LIST, iterations: int = 16) -> np.ndarray:
    """A price per column (recommended participant) such that, ranking each row's columns by
    score minus price, no column is in more than ``multiple`` x its capacity of the rows'
    top ``list_length``: an investor with 12 slots is not the first choice of 150 start-ups.

    An auction: each round, an over-exposed column's price rises just enough that only its
    target number of rows (those that prefer it by the widest margin over their next
    choice) keep it; a priced column that fell below its target gives back
    price by a tenth. Only the order changes: the scores shown stay the two-way scores."""
    n_rows, n_cols = score.shape
    k = min(list_length, n_cols - 1)
    prices = np.zeros(n_cols, np.float32)
    if multiple is None or k <= 0 or n_rows == 0:
        return prices
    target = np.maximum(np.floor(multiple * capacity.astype(np.float32)), 1).astype(np.int64)
    valid = score >= 0
    rows = np.repeat(np.arange(n_rows), k)
    for _ in range(iterations):
        adjusted = np.where(valid, score - prices[None, :], -np.inf)
        best = np.argpartition(-adjusted, k, axis=1)[:, :k + 1]
        values = np.take_along_axis(adjusted, best, axis=1)
        order = np.argsort(-values, axis=1)
        best = np.take_along_axis(best, order, axis=1)
        values = np.take_along_axis(values, order, axis=1)
        threshold = values[:, k]  # what a column must beat to enter a row's list
        with np.errstate(invalid="ignore"):  # rows with fewer valid columns: -inf - -inf
            margins = (values[:, :k] - threshold[:, None]).ravel()
        picks = best[:, :k].ravel()
        keep = np.isfinite(margins) & valid[rows, picks]
        picks, margins = picks[keep], margins[keep]
        exposure = np.bincount(picks, minlength=n_cols)
        over = exposure > target
        if not over.any() and not (prices > 0).any():
            break
        raise_by = np.zeros(n_cols, np.float32)
        if over.any():
            # per column, margins from widest to narrowest; the target-th one is the price
            # rise that leaves exactly ``target`` rows choosing it
            by_column = np.lexsort((-margins, picks))
            cols_sorted, margins_sorted = picks[by_column], margins[by_column]
            starts = np.searchsorted(cols_sorted, np.arange(n_cols))
            over_cols = np.flatnonzero(over)
            at = starts[over_cols] + target[over_cols]
            raise_by[over_cols] = margins_sorted[at] + 1e-6
        under = (exposure < target) & (prices > 0)
        prices = np.where(over, prices + raise_by, np.where(under, prices * 0.97, prices))
    return prices.astype(np.float32)


def exposure_report(result: ScoreResult, capacity: np.ndarray, list_length: int = EXPOSURE_LIST
                    ) -> dict[str, float]:
    """How evenly recommendations are spread: the Gini coefficient of the times each
    participant appears in others' top ``list_length``, and the largest ratio of those
    times to the participant's capacity."""
    top = result.top_index[:, :list_length]
    exposure = np.bincount(top[top >= 0], minlength=len(result.ids)).astype(np.float64)
    sorted_exposure = np.sort(exposure)
    n = len(sorted_exposure)
    gini = float((2 * np.arange(1, n + 1) - n - 1) @ sorted_exposure /
                 (n * sorted_exposure.sum())) if sorted_exposure.sum() else 0.0
    ratio = exposure / np.maximum(capacity.astype(np.float64), 1.0)
    return {"gini": gini, "max_exposure_per_capacity": float(ratio.max(initial=0.0)),
            "max_exposure": float(exposure.max(initial=0.0))}


def _keep_top(pool: list[np.ndarray], used: np.ndarray, rows: np.ndarray, cols: np.ndarray,
              score: np.ndarray, forward: np.ndarray, backward: np.ndarray,
              prices: np.ndarray, k: int) -> None:
    """Put each row's best ``k`` (by score less price; invisible columns scored -1) into
    its pool."""
    masked = score
    rank = np.where(masked >= 0, masked - prices[None, :], -np.inf)
    k = min(k, masked.shape[1])
    if k == 0:
        return
    picks = np.argpartition(-rank, k - 1, axis=1)[:, :k]
    start = used[rows[0]]  # rows of one kind fill their pools in step
    window = slice(start, start + k)
    pool[0][rows, window] = cols[picks]
    pool[1][rows, window] = np.take_along_axis(masked, picks, axis=1)
    pool[2][rows, window] = np.take_along_axis(forward, picks, axis=1)
    pool[3][rows, window] = np.take_along_axis(backward, picks, axis=1)
    pool[4][rows, window] = np.take_along_axis(rank, picks, axis=1)
    used[rows] += k
