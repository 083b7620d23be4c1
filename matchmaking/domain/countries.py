"""Country names as people type them (``Maroc``, ``Morocco``, ``MA``, ``المغرب``) → ISO codes.

Investors also name regions (``Africa``, ``MENA``, ``Europe``, ``Global``); those are kept
as region codes so that geography fit can use them.
"""

from __future__ import annotations

import gettext
from functools import cache

from matchmaking.domain.text import clean, fold

REGIONS: dict[str, str] = {
    "africa": "AFRICA", "afrique": "AFRICA", "africa subsaharan": "AFRICA",
    "mena": "MENA", "middle east": "MENA", "moyen orient": "MENA", "north africa": "MENA",
    "afrique du nord": "MENA", "maghreb": "MENA",
    "europe": "EUROPE", "eu": "EUROPE",
    "global": "GLOBAL", "world": "GLOBAL", "monde": "GLOBAL", "international": "GLOBAL",
}

# Which regions a country belongs to (used by geography fit; small on purpose).
MENA = {"MA", "DZ", "TN", "LY", "EG", "MR", "AE", "SA", "QA", "KW", "BH", "OM", "JO", "LB", "IQ"}
EUROPE = {"FR", "ES", "PT", "IT", "DE", "BE", "NL", "GB", "IE", "CH", "LU", "AT", "SE", "DK",
          "NO", "FI", "PL"}
AFRICA = set(
    "DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY "
    "MG MW ML MR MU MA MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG TN UG EH ZM ZW".split())


@cache
def _index() -> dict[str, str]:
    import pycountry  # imported lazily: only imports need it

    index: dict[str, str] = {}
    translations = [gettext.NullTranslations()]
    for lang in ("fr", "es", "ar"):
        try:
            translations.append(
                gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]))
        except OSError:
            pass
    for country in pycountry.countries:
        names = {country.alpha_2, country.alpha_3, country.name,
                 getattr(country, "common_name", ""), getattr(country, "official_name", "")}
        for name in list(names):
            if name:
                names.update(t.gettext(name) for t in translations)
        for name in names:
            if name:
                index.setdefault(fold(name), country.alpha_2)
    # Everyday spellings that ISO lists do not carry.
    index.update({fold(k): v for k, v in {
        "USA": "US", "UK": "GB", "Angleterre": "GB", "England": "GB", "UAE": "AE",
        "EAU": "AE", "Emirats": "AE", "Ivory Coast": "CI", "Cote d'Ivoire": "CI",
        "Turkey": "TR", "Russia": "RU", "South Korea": "KR", "Maroc": "MA",
    }.items()})
    return index


def normalise_country(value: str) -> str | None:
    """ISO 3166 alpha-2 code or region code for a name, or None if unknown."""
    key = fold(value)
    if not key:
        return None
    if key in REGIONS:
        return REGIONS[key]
    return _index().get(key)


def regions_of(code: str) -> set[str]:
    """The region codes a country code falls in (every country is in GLOBAL)."""
    regions = {"GLOBAL"}
    if code in MENA:
        regions.add("MENA")
    if code in EUROPE:
        regions.add("EUROPE")
    if code in AFRICA:
        regions.add("AFRICA")
    return regions


def display_country(code: str, lang: str = "en") -> str:
    """A readable name for a code, in English or French (the code itself if unknown)."""
    if code in REGIONS.values():
        names = {"AFRICA": ("Africa", "Afrique"), "MENA": ("MENA", "MENA"),
                 "EUROPE": ("Europe", "Europe"), "GLOBAL": ("Global", "International")}
        return names[code][lang == "fr"]
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    name = clean(getattr(country, "common_name", None) or country.name)
    if lang == "fr":
        return _translation("fr").gettext(country.name)
    return name


@cache
def _translation(lang: str) -> gettext.NullTranslations:
    import pycountry

    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return gettext.NullTranslations()
