"""Two-way scores between participants, with their reasons.

For a pair (A, B) every component is a number in [0, 1]:

- ``semantic``: A's *looking for* against B's *about + offering* (sentence embeddings),
  and the reverse; directional.
- ``lexical``: the same texts compared with TF-IDF over words and character n-grams, which
  also works for French and Arabic where the English-first model is weak; directional.
- ``sector``: overlap of sectors through the taxonomy (same sector counts fully, sectors of
  the same thematic axis count partly, free tags match as text).
- ``stage``, ``ticket``, ``geography``: does the start-up's stage, ask and country fit the
  investor's stages, ticket range and countries; unknown values are neutral (0.5).

A direction's score is a weighted sum; the pair's score is the harmonic mean of the two
directions (as reciprocal recommenders do), so a pair only ranks high when both sides
want it. Hard filters: kinds that may not meet, the same organisation, inactive or
opted-out participants, "no thanks" from either side, and no shared language (unless the
event provides interpreters).

Everything is computed on whole blocks of pairs with numpy (5,500 x 3,300 pairs in a few
seconds, once the embeddings and lexical vectors are cached); the same component code
scores single pairs for explanations and learning.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from .countries import regions_of
from .embedding import latin_share
from .taxonomy import STAGES, Taxonomy, default_taxonomy
from .text import fold

COMPONENTS: tuple[str, ...] = ("semantic", "lexical", "sector", "stage", "ticket", "geography")
DIRECTIONAL: tuple[str, ...] = ("semantic", "lexical")
NEUTRAL = 0.5
RELATED_THEME_CREDIT = 0.5  # a sector of the same thematic axis counts half
# How similar two texts must be to count as a fit: cosines of unrelated profiles sit near
# 0.05 (model) and 0.0 (TF-IDF); closely matching ones reach 0.6 and 0.35.
SEMANTIC_RANGE = (0.05, 0.60)
LEXICAL_RANGE = (0.0, 0.35)
LEXICAL_DIMENSIONS = 128
LSA_SAMPLE = 4000


@dataclass(frozen=True)
class Weights:
    """Weight of each component in a direction's score (normalised to sum to 1)."""

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


DEFAULT_ALLOWED_PAIRS: tuple[tuple[str, str], ...] = (("startup", "investor"),
                                                       ("startup", "partner"))


@dataclass(frozen=True)
class MatchingSettings:
    """Event settings that change who may meet whom."""

    allowed_pairs: tuple[tuple[str, str], ...] = DEFAULT_ALLOWED_PAIRS
    interpreters: bool = False  # True: a shared language is not required

    @classmethod
    def from_event(cls, settings: Mapping[str, Any] | None) -> MatchingSettings:
        settings = settings or {}
        pairs = settings.get("allowed_pairs") or DEFAULT_ALLOWED_PAIRS
        return cls(allowed_pairs=tuple(tuple(p) for p in pairs),
                   interpreters=bool(settings.get("interpreters", False)))


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
    lexical_looking_for: np.ndarray  # (n, k) normalised lexical vectors
    lexical_offer: np.ndarray
    sectors: np.ndarray  # (n, t) normalised sector vectors with partial axis credit
    stage_onehot: np.ndarray  # (n, 6)
    stage_compat: np.ndarray  # (n, 6): how well each stage fits the participant's stages
    has_stage: np.ndarray
    ticket_low: np.ndarray  # log10 of amounts, NaN if unknown
    ticket_high: np.ndarray
    location: np.ndarray  # (n, g) where the participant is (countries and their regions)
    coverage: np.ndarray  # (n, g) where it invests or operates
    has_geography: np.ndarray
    languages: np.ndarray  # (n, l) one-hot
    has_languages: np.ndarray
    model_trust: np.ndarray  # (n,) how far the embedding model can be trusted on the texts
    sector_codes: list[str] = field(default_factory=list)

    def index(self) -> dict[int, int]:
        """Participant id -> row (computed once: explanations ask for it per pair)."""
        cached = self.__dict__.get("_index")
        if cached is None:
            cached = {int(pid): i for i, pid in enumerate(self.ids)}
            self.__dict__["_index"] = cached
        return cached


def _text(profile: Mapping[str, Any], *names: str) -> str:
    return " ".join(str(profile.get(n) or "") for n in names).strip()


def lexical_vectors(texts_a: Sequence[str], texts_b: Sequence[str],
                    dimensions: int = LEXICAL_DIMENSIONS) -> tuple[np.ndarray, np.ndarray]:
    """TF-IDF over words and character n-grams (accent- and script-agnostic, so French,
    English and Arabic all work), reduced with LSA to dense vectors for fast products."""
    from scipy.sparse import hstack
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    corpus = list(texts_a) + list(texts_b)
    if not any(t.strip() for t in corpus):
        zeros = np.zeros((len(texts_a), 1), np.float32)
        return zeros, np.zeros((len(texts_b), 1), np.float32)
    words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True,
                            strip_accents="unicode", min_df=1, dtype=np.float32)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                            strip_accents="unicode", min_df=2 if len(corpus) > 50 else 1,
                            max_features=200_000, dtype=np.float32)
    matrix = normalize(hstack([words.fit_transform(corpus), chars.fit_transform(corpus)])
                       .tocsr())
    if matrix.shape[1] > dimensions and matrix.shape[0] > dimensions:
        # The basis is learnt from a fixed sample of texts (plenty to find the main word
        # and n-gram directions) and applied to all: 4x cheaper at Slush scale.
        sample = np.random.default_rng(0).permutation(matrix.shape[0])[:LSA_SAMPLE]
        svd = TruncatedSVD(n_components=dimensions, algorithm="randomized", n_iter=2,
                           random_state=0).fit(matrix[np.sort(sample)])
        dense = svd.transform(matrix).astype(np.float32)
    else:
        dense = matrix.toarray().astype(np.float32)
    dense = normalize(dense)
    return dense[: len(texts_a)], dense[len(texts_a):]


def lexical_corpus(profiles: Sequence[Mapping[str, Any]]) -> tuple[list[str], list[str]]:
    """The texts the lexical component compares: each "looking for", each "about + offer"."""
    return ([_text(p, "looking_for") for p in profiles],
            [_text(p, "about", "offering") for p in profiles])


def build_features(profiles: Sequence[Mapping[str, Any]],
                   vectors: Mapping[tuple[int, str], np.ndarray], dimension: int,
                   taxonomy: Taxonomy | None = None, *, english_first_model: bool = True,
                   lexical: tuple[np.ndarray, np.ndarray] | None = None) -> ProfileFeatures:
    """Feature arrays for participants (storage dicts) and their field vectors
    (``vectors[(id, "looking_for")]`` and ``vectors[(id, "offer")]``; missing → zeros).

    With an English-first model, the semantic component of a profile written in another
    script is replaced by its lexical one, in proportion (``model_trust``). ``lexical``:
    the lexical vectors when already computed (they are cached like embeddings)."""
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

    lexical_lf, lexical_offer = lexical or lexical_vectors(*lexical_corpus(profiles))

    # Sectors: one column per code or free tag, plus one per thematic axis at half credit.
    codes = sorted({c for p in profiles for c in p.get("sectors") or []} |
                   {a.code for a in taxonomy.axes})
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

    places = sorted({c for p in profiles for c in p.get("country") or []} |
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
    languages_seen = sorted({lang for p in profiles for lang in p.get("languages") or []})
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
        lexical_looking_for=lexical_lf, lexical_offer=lexical_offer,
        sectors=sectors, stage_onehot=stage_onehot, stage_compat=stage_compat,
        has_stage=stage_onehot.any(axis=1),
        ticket_low=np.array([_log_amount(p.get("ticket_min")) for p in profiles], np.float32),
        ticket_high=np.array([_log_amount(p.get("ticket_max") or p.get("ticket_min"))
                              for p in profiles], np.float32),
        location=location, coverage=coverage,
        has_geography=np.array([bool(p.get("country")) for p in profiles]),
        languages=languages, has_languages=languages.any(axis=1),
        model_trust=np.array([latin_share(_text(p, "looking_for", "about", "offering"))
                              if english_first_model else 1.0 for p in profiles], np.float32),
        sector_codes=codes,
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
    for) and ``x_ba``; ``languages_ok`` is the shared-language filter."""
    f = features
    out: dict[str, np.ndarray] = {
        "lexical_ab": _rescale(_dot(f.lexical_looking_for[a], f.lexical_offer[b], outer),
                               LEXICAL_RANGE),
        "lexical_ba": _rescale(_dot(f.lexical_offer[a], f.lexical_looking_for[b], outer),
                               LEXICAL_RANGE),
    }
    trust_a, trust_b = _pair(f.model_trust[a], f.model_trust[b], outer)
    trust = trust_a * trust_b
    for direction, (x, y) in {"ab": (f.looking_for[a], f.offer[b]),
                              "ba": (f.offer[a], f.looking_for[b])}.items():
        semantic = _rescale(_dot(x, y, outer), SEMANTIC_RANGE)
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
    out["geography"] = np.where(geo_a & geo_b, np.where(hit, 1.0, 0.2), NEUTRAL
                                ).astype(np.float32)

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


def harmonic(forward: np.ndarray, backward: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        both = 2.0 * forward * backward / (forward + backward)
    return np.nan_to_num(both, nan=0.0).astype(np.float32)


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


def score_all(features: ProfileFeatures, *, weights: Weights | None = None,
              settings: MatchingSettings | None = None, top_k: int = 20,
              excluded_pairs: Iterable[tuple[int, int]] = ()) -> ScoreResult:
    """Score every allowed pair and keep each participant's ``top_k``.

    ``excluded_pairs`` are (id, id) pairs that must never be recommended ("no thanks",
    already met, ...), in either order.
    """
    weights = weights or Weights()
    settings = settings or MatchingSettings()
    index = features.index()
    excluded = [(index[a], index[b]) for a, b in excluded_pairs if a in index and b in index]
    n = len(features.ids)
    blocks = _kind_blocks(settings)
    width = top_k * max(1, 2 * len(blocks))
    pool = [np.full((n, width), fill, dtype) for fill, dtype in
            ((-1, np.int64), (-1.0, np.float32), (0.0, np.float32), (0.0, np.float32))]
    used = np.zeros(n, np.int64)  # columns of the pool filled so far, per participant
    pairs_scored = 0
    for kind_a, kind_b in blocks:
        rows = np.flatnonzero((features.kinds == kind_a) & features.active)
        cols = np.flatnonzero((features.kinds == kind_b) & features.active)
        if not len(rows) or not len(cols):
            continue
        parts = components(features, rows, cols, outer=True)
        forward, backward = direction_scores(parts, weights)
        score = harmonic(forward, backward)
        allowed = features.organisations[rows][:, None] != features.organisations[cols][None, :]
        if not settings.interpreters:
            allowed &= parts["languages_ok"]
        del parts
        if kind_a == kind_b:
            allowed &= rows[:, None] != cols[None, :]
        row_pos = {r: i for i, r in enumerate(rows)}
        col_pos = {c: j for j, c in enumerate(cols)}
        for x, y in excluded:
            for p, q in ((x, y), (y, x)):
                if p in row_pos and q in col_pos:
                    allowed[row_pos[p], col_pos[q]] = False
        score = np.where(allowed, score, -1.0).astype(np.float32)
        pairs_scored += int(allowed.sum()) // (2 if kind_a == kind_b else 1)
        # Each row participant sees the listed columns; each column participant the listed rows.
        _keep_top(pool, used, rows, cols, score, forward, backward, features.listed[cols],
                  top_k)
        if kind_a != kind_b:  # a same-kind block already gave every row its list
            _keep_top(pool, used, cols, rows, score.T, backward.T, forward.T,
                      features.listed[rows], top_k)
    index_pool, score_pool, forward_pool, backward_pool = pool
    order = np.lexsort((index_pool, -score_pool), axis=1)[:, :top_k]  # best first, then stable
    top_index = np.take_along_axis(index_pool, order, axis=1)
    top_score = np.take_along_axis(score_pool, order, axis=1)
    top_index[top_score < 0] = -1
    return ScoreResult(ids=features.ids, top_index=top_index, top_score=top_score,
                       top_forward=np.take_along_axis(forward_pool, order, axis=1),
                       top_backward=np.take_along_axis(backward_pool, order, axis=1),
                       pairs_scored=pairs_scored)


def _keep_top(pool: list[np.ndarray], used: np.ndarray, rows: np.ndarray, cols: np.ndarray,
              score: np.ndarray, forward: np.ndarray, backward: np.ndarray,
              visible: np.ndarray, k: int) -> None:
    """Put each row's best ``k`` (among visible columns) into its pool."""
    masked = np.where(visible[None, :], score, -1.0)
    k = min(k, masked.shape[1])
    if k == 0:
        return
    picks = np.argpartition(-masked, k - 1, axis=1)[:, :k]
    start = used[rows[0]]  # rows of one kind fill their pools in step
    window = slice(start, start + k)
    pool[0][rows, window] = cols[picks]
    pool[1][rows, window] = np.take_along_axis(masked, picks, axis=1)
    pool[2][rows, window] = np.take_along_axis(forward, picks, axis=1)
    pool[3][rows, window] = np.take_along_axis(backward, picks, axis=1)
    used[rows] += k
