"""Reasons for a recommendation, in plain words, in English, French and Arabic.

Every reason comes from the same components the score is made of, so the words never
disagree with the number: shared sectors and related themes, stage, ticket, geography,
languages, and the best-matching sentence pair of the two profiles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from matchmaking.domain import formats
from matchmaking.domain.countries import display_country, regions_of
from matchmaking.domain.taxonomy import STAGE_LABELS, Taxonomy, default_taxonomy
from matchmaking.domain.text import fold

LANGUAGE_NAMES = {
    "fr": {"en": "French", "fr": "français"}, "en": {"en": "English", "fr": "anglais"},
    "ar": {"en": "Arabic", "fr": "arabe"}, "es": {"en": "Spanish", "fr": "espagnol"},
    "de": {"en": "German", "fr": "allemand"}, "it": {"en": "Italian", "fr": "italien"},
    "pt": {"en": "Portuguese", "fr": "portugais"}, "tzm": {"en": "Tamazight", "fr": "amazigh"},
    "wo": {"en": "Wolof", "fr": "wolof"}, "zh": {"en": "Chinese", "fr": "chinois"},
}
MIN_SENTENCE_SIMILARITY = 0.25  # below this, a "best sentence pair" is not worth showing
MIN_PORTFOLIO_SIMILARITY = 0.2  # lexical cosine: below this, a portfolio entry is no likeness


@dataclass(frozen=True)
class Reason:
    code: str  # sectors, themes, stage, ticket, geography, languages, they_offer, you_offer,
    # like_yours (like an entry of my portfolio), like_theirs (of theirs)
    en: str
    fr: str
    ar: str = ""

    def text(self, lang: str) -> str:
        if lang == "ar" and self.ar:
            return self.ar
        return self.fr if lang == "fr" else self.en


_ARABIC_REGIONS = {"AFRICA": "أفريقيا", "MENA": "الشرق الأوسط وشمال أفريقيا",
                   "EUROPE": "أوروبا", "GLOBAL": "العالم"}


def _country_ar(code: str) -> str:
    """A country or region in Arabic (CLDR's names), else as in English."""
    return _ARABIC_REGIONS.get(code) or formats.locale("ar").territories.get(code) or \
        display_country(code)


def _language_ar(code: str) -> str:
    return formats.locale("ar").languages.get(code) or code


def money(amount: int | None) -> str:
    if not amount:
        return "?"
    if amount >= 1_000_000:
        return f"€{amount / 1_000_000:.1f}M".replace(".0M", "M")
    return f"€{amount / 1000:.0f}k"


def money_range(low: int | None, high: int | None) -> str:
    """``€150k–€400k``; one amount when both are the same; empty when neither is known."""
    if not low and not high:
        return ""
    return money(low) if not high or low == high else f"{money(low)}–{money(high)}"


def _isolated(text: str) -> str:
    """A quote of another script inside an Arabic reason, laid out in its own direction
    (first-strong isolate), so its words and quotation marks do not change places."""
    return f"\u2068{text}\u2069"


def _quote(sentence: str, limit: int = 140) -> str:
    return f"“{sentence if len(sentence) <= limit else sentence[:limit - 1].rstrip() + '…'}”"


def best_sentence_pair(looking: Sequence[str], looking_vectors: np.ndarray,
                       offered: Sequence[str], offered_vectors: np.ndarray
                       ) -> tuple[str, str, float] | None:
    """The sentence of one profile's "looking for" closest to a sentence of the other's
    "about"/"offering" (cosine of normalised sentence vectors)."""
    if not len(looking) or not len(offered) or looking_vectors.size == 0 or \
            offered_vectors.size == 0:
        return None
    similarity = looking_vectors @ offered_vectors.T
    i, j = np.unravel_index(int(np.argmax(similarity)), similarity.shape)
    return looking[i], offered[j], float(similarity[i, j])


def best_sentence_pair_lexical(looking: Sequence[str], offered: Sequence[str]
                               ) -> tuple[str, str, float] | None:
    """The same, by shared words and character n-grams: for text the model reads poorly
    (another script than its training language)."""
    if not len(looking) or not len(offered):
        return None
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    matrix = vectorizer.fit_transform(list(looking) + list(offered))
    similarity = (matrix[: len(looking)] @ matrix[len(looking):].T).toarray()
    i, j = np.unravel_index(int(np.argmax(similarity)), similarity.shape)
    # char n-gram cosines run lower than the model's: put them on the same footing
    return looking[i], offered[j], float(similarity[i, j]) * 2


def reasons(me: Mapping[str, Any], other: Mapping[str, Any], parts: Mapping[str, float],
            *, they_offer: tuple[str, str, float] | None = None,
            you_offer: tuple[str, str, float] | None = None,
            like_yours: tuple[str, float] | None = None,
            like_theirs: tuple[str, float] | None = None,
            taxonomy: Taxonomy | None = None) -> list[Reason]:
    """Why ``other`` is recommended to ``me``, strongest reasons first. ``like_yours``: the
    entry of my portfolio closest to them (and its similarity); ``like_theirs``: the entry
    of theirs closest to me."""
    taxonomy = taxonomy or default_taxonomy()
    out: list[Reason] = []
    out += _quoting("they_offer", they_offer, "You look for {looked} — they say {said}",
                    "Vous cherchez {looked} — ils disent {said}",
                    "تبحث عن {looked} — ويقولون {said}")
    if like_yours and like_yours[1] >= MIN_PORTFOLIO_SIMILARITY:
        name = fold(other.get("organisation") or "")
        if name and name in fold(like_yours[0]):
            out.append(Reason("like_yours", f"In your portfolio: {_quote(like_yours[0])}",
                              f"Dans votre portefeuille : {_quote(like_yours[0])}",
                              f"ضمن محفظتك: {_isolated(_quote(like_yours[0]))}"))
        else:
            out.append(Reason("like_yours", f"Like {_quote(like_yours[0])} in your portfolio",
                              f"Comme {_quote(like_yours[0])} dans votre portefeuille",
                              f"مثل {_isolated(_quote(like_yours[0]))} في محفظتك"))
    mine_sectors, their_sectors = set(me.get("sectors") or []), set(other.get("sectors") or [])
    shared = [c for c in other.get("sectors") or [] if c in mine_sectors]
    out += _naming("sectors", shared, taxonomy, "Shared sectors: ", "Secteurs communs : ",
                   "قطاعات مشتركة: ")
    my_axes = {a for c in mine_sectors for a in taxonomy.axes_of(c)}
    their_axes = {a for c in their_sectors - set(shared) for a in taxonomy.axes_of(c)}
    related = sorted((my_axes & their_axes) - {a for c in shared for a in taxonomy.axes_of(c)})
    out += _naming("themes", related, taxonomy, "Related theme: ", "Thème voisin : ",
                   "محور قريب: ")
    out += _stage_reason(me, other, parts.get("stage", 0.5))
    out += _ticket_reason(me, other, parts.get("ticket", 0.5))
    out += _geography_reason(me, other, bool(parts.get("geography_hit", False)))
    common = [lang for lang in other.get("languages") or [] if lang in (me.get("languages")
                                                                          or [])]
    if common:
        names = [LANGUAGE_NAMES.get(c, {"en": c, "fr": c}) for c in common]
        out.append(Reason("languages", "You both speak " + ", ".join(n["en"] for n in names),
                          "Langues communes : " + ", ".join(n["fr"] for n in names),
                          "لغات مشتركة: " + "، ".join(_language_ar(c) for c in common)))
    out += _quoting("you_offer", you_offer, "They look for {looked} — you say {said}",
                    "Ils cherchent {looked} — vous dites {said}",
                    "يبحثون عن {looked} — وتقول {said}")
    if like_theirs and like_theirs[1] >= MIN_PORTFOLIO_SIMILARITY:
        out.append(Reason("like_theirs", f"You are like {_quote(like_theirs[0])} in their "
                                         "portfolio",
                          f"Vous ressemblez à {_quote(like_theirs[0])} dans leur portefeuille",
                          f"أنت مثل {_isolated(_quote(like_theirs[0]))} في محفظتهم"))
    if not out:  # never a score without a reason: say what little there is
        out.append(Reason("weak", "A weak fit overall: few shared sectors or words",
                          "Correspondance faible : peu de secteurs ou de mots en commun",
                          "توافق ضعيف إجمالاً: قليل من القطاعات أو الكلمات المشتركة"))
    return out


def _quoting(code: str, pair: tuple[str, str, float] | None, en: str, fr: str, ar: str
             ) -> list[Reason]:
    """A reason quoting what one side looks for and what the other says, when the two
    sentences are close enough; ``pair`` is (looked for, said, similarity)."""
    if not pair or pair[2] < MIN_SENTENCE_SIMILARITY:
        return []
    quoted = {"looked": _quote(pair[0]), "said": _quote(pair[1])}
    return [Reason(code, en.format(**quoted), fr.format(**quoted),
                   ar.format(**{name: _isolated(q) for name, q in quoted.items()}))]


def _naming(code: str, codes: Sequence[str], taxonomy: Taxonomy, en: str, fr: str, ar: str
            ) -> list[Reason]:
    """A reason naming sectors or themes, in each language's labels."""
    if not codes:
        return []
    return [Reason(code, en + ", ".join(taxonomy.label(c, "en") for c in codes),
                   fr + ", ".join(taxonomy.label(c, "fr") for c in codes),
                   ar + "، ".join(taxonomy.label(c, "ar") for c in codes))]


def _stage_reason(me: Mapping[str, Any], other: Mapping[str, Any], fit: float) -> list[Reason]:
    if fit < 0.5 or me["kind"] == other["kind"] or "startup" not in (me["kind"], other["kind"]):
        return []
    startup, backer = (me, other) if me["kind"] == "startup" else (other, me)
    stages, wanted = startup.get("stages") or [], backer.get("stages") or []
    if not stages or not wanted:
        return []
    label = STAGE_LABELS[stages[0]]
    investor = backer["kind"] == "investor"
    if fit >= 1.0 and me is startup:
        return [Reason("stage", f"{'Invests' if investor else 'Works'} at your stage "
                                f"({label['en']})",
                       f"{'Investit' if investor else 'Travaille'} à votre stade "
                       f"({label['fr']})",
                       f"{'يستثمر' if investor else 'يعمل'} في مرحلتك ({label['ar']})")]
    if fit >= 1.0:
        return [Reason("stage", f"At a stage you {'invest in' if investor else 'work with'} "
                                f"({label['en']})",
                       f"À un stade où vous {'investissez' if investor else 'intervenez'} "
                       f"({label['fr']})",
                       f"في مرحلة {'تستثمر فيها' if investor else 'تعمل معها'} "
                       f"({label['ar']})")]
    return [Reason("stage", f"Stage close to the target ({label['en']})",
                   f"Stade proche de la cible ({label['fr']})",
                   f"مرحلة قريبة من المستهدفة ({label['ar']})")]


def _ticket_reason(me: Mapping[str, Any], other: Mapping[str, Any], fit: float) -> list[Reason]:
    if me["kind"] == other["kind"] or fit < 0.5 or not (me.get("ticket_min") or
                                                        me.get("ticket_max")):
        return []
    if not (other.get("ticket_min") or other.get("ticket_max")):
        return []
    startup, investor = (me, other) if me["kind"] == "startup" else (other, me)
    low, high = startup.get("ticket_min"), startup.get("ticket_max")
    ticket_low, ticket_high = investor.get("ticket_min"), investor.get("ticket_max")

    def ask(lang: str) -> str:
        return formats.amount_range(low, high, lang)

    def ticket(lang: str) -> str:
        return formats.amount_range(ticket_low, ticket_high, lang)

    fits = fit >= 1.0
    return [Reason("ticket", f"Ticket {ticket('en')} {'fits' if fits else 'is close to'} the "
                             f"{ask('en')} sought",
                   f"Ticket {ticket('fr')} {'correspond à' if fits else 'est proche de'} la "
                   f"levée de {ask('fr')}",
                   f"حجم الاستثمار {ticket('ar')} {'يوافق' if fits else 'قريب من'} المبلغ "
                   f"المطلوب {ask('ar')}")]


def _geography_reason(me: Mapping[str, Any], other: Mapping[str, Any], hit: bool
                      ) -> list[Reason]:
    if not hit:
        return []
    mine, theirs = me.get("country") or [], other.get("country") or []
    if not mine or not theirs:
        return []
    city = (me.get("city") or "").strip()
    if city and fold(city) == fold(other.get("city") or ""):
        return [Reason("geography", f"Based in your city: {city}",
                       f"Dans votre ville : {city}", f"في مدينتك: {city}")]
    home = mine[0]
    if home in theirs:
        place = home
    else:
        overlap = sorted(regions_of(home) & set(theirs)) or sorted(set(mine) & {theirs[0]})
        place = overlap[0] if overlap else theirs[0]
    return [Reason("geography", f"Active where you are: {display_country(place)}",
                   f"Présent là où vous êtes : {display_country(place, 'fr')}",
                   f"حاضر حيث توجد: {_country_ar(place)}")]
