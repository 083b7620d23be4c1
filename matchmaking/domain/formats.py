"""Numbers, amounts, dates and plural forms as readers of each interface language write
them, through babel's CLDR data: pure functions taking the language code (``en``, ``fr``,
``ar``) of the page or document.

The languages are read with Morocco's conventions, this event's country: French as in
``fr_MA`` (``0,78``, ``2,5 M €``, ``mercredi 5 juin``) and Arabic as in ``ar_MA``, which
writes Western digits with a decimal comma (``0,78``) and Morocco's month names (``ماي``,
``يوليوز``, ``غشت``): Moroccan administrations, banks and the press print Latin digits, not the
Eastern Arabic ones (``٠٫٧٨``) of CLDR's plain ``ar`` with its default numbering. English is
``en_GB`` (``Wed 5 Jun``, day before month, as the event's other languages).
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import cache

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

LOCALES: dict[str, str] = {"en": "en_GB", "fr": "fr_MA", "ar": "ar_MA"}
INTERFACE_LANGUAGES: tuple[str, ...] = tuple(LOCALES)
RIGHT_TO_LEFT: frozenset[str] = frozenset({"ar"})
PLURAL_CATEGORIES: tuple[str, ...] = ("zero", "one", "two", "few", "many", "other")


@cache
def locale(lang: str) -> Locale:
    """The babel locale of an interface language; any other code is an error naming it."""
    if lang not in LOCALES:
        raise ValueError(f"no interface language {lang!r} (expected one of "
                         f"{', '.join(LOCALES)})")
    return Locale.parse(LOCALES[lang])


def is_rtl(lang: str) -> bool:
    return lang in RIGHT_TO_LEFT


# --- numbers ------------------------------------------------------------------------------

def number(value: float, lang: str, digits: int = 2) -> str:
    """``0.78`` → ``0,78`` in French and Arabic: exactly ``digits`` decimals, grouped
    thousands (``1 234,50``)."""
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return babel_numbers.format_decimal(value, format=pattern, locale=locale(lang))


def decimal(value: float, lang: str, max_digits: int = 2) -> str:
    """Up to ``max_digits`` decimals, none written when they are zero (``497,8``, ``12``)."""
    pattern = "#,##0" + ("." + "#" * max_digits if max_digits > 0 else "")
    return babel_numbers.format_decimal(value, format=pattern, locale=locale(lang))


def whole(value: int, lang: str) -> str:
    """A count: ``12``, ``1 234`` in French."""
    return babel_numbers.format_decimal(int(value), format="#,##0", locale=locale(lang))


def percent(share: float, lang: str, digits: int = 0) -> str:
    """A share of 1 as a percentage: ``0.345`` → ``34 %`` in French, ``34%`` in English."""
    pattern = locale(lang).percent_formats[None].pattern  # "#,##0 %" in French
    if digits > 0:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * digits, 1)
    return babel_numbers.format_percent(share, format=pattern, locale=locale(lang))


# --- amounts ------------------------------------------------------------------------------

def amount(value: float | None, lang: str, currency: str = "EUR") -> str:
    """A ticket or an ask, short: ``2,5 M €``, ``150 k €`` (``€2.5m``, ``€150k`` in British
    English); ``?`` when unknown."""
    if not value:
        return "?"
    return babel_numbers.format_compact_currency(value, currency, locale=locale(lang),
                                                 fraction_digits=1)


def amount_range(low: float | None, high: float | None, lang: str,
                 currency: str = "EUR") -> str:
    """``150 k €–400 k €``; one amount when both are the same or only one is known;
    empty when neither is."""
    if not low and not high:
        return ""
    if not high or low == high:
        return amount(low, lang, currency)
    if not low:
        return amount(high, lang, currency)
    return f"{amount(low, lang, currency)}–{amount(high, lang, currency)}"


# --- dates and times ----------------------------------------------------------------------

def _as_date(day: date | datetime | str) -> date:
    if isinstance(day, datetime):
        return day.date()
    if isinstance(day, date):
        return day
    return date.fromisoformat(day)


def day_name(day: date | datetime | str, lang: str) -> str:
    """In full, for headings: ``mercredi 5 juin``, ``Wednesday 5 June``,
    ``الأربعاء 5 يونيو``."""
    return babel_dates.format_date(_as_date(day), "EEEE d MMMM", locale=locale(lang))


# Short dates: English abbreviates the month (``Jun``); French keeps it whole, as
# ``fr_MA``'s abbreviations are ambiguous (``jui.`` for both June and July); Arabic has no
# shorter day or month names.
_SHORT_DAY = {"en": "EEE d MMM", "fr": "EEE d MMMM", "ar": "EEEE d MMMM"}


def day_short(day: date | datetime | str, lang: str) -> str:
    """For lists and tables: ``Wed 5 Jun``, ``mer. 5 juin``, ``الأربعاء 5 يونيو``."""
    return babel_dates.format_date(_as_date(day), _SHORT_DAY[locale(lang).language],
                                   locale=locale(lang))


def clock(moment: time | datetime, lang: str) -> str:
    """``09:30``: the 24-hour clock of all three languages at this event."""
    return babel_dates.format_time(moment, "HH:mm", locale=locale(lang))


def moment_short(moment: datetime, lang: str) -> str:
    """``mer. 5 juin 09:30``, ``Wed 5 Jun 09:30`` (a local time)."""
    return f"{day_short(moment, lang)} {clock(moment, lang)}"


def slot_span(start: datetime, end: datetime, lang: str) -> str:
    """``mer. 5 juin 09:30–09:50`` (local times)."""
    return f"{day_short(start, lang)} {clock(start, lang)}–{clock(end, lang)}"


# --- plural forms -------------------------------------------------------------------------

def plural_category(count: float, lang: str) -> str:
    """The CLDR plural category of ``count`` in ``lang``: ``one``/``other`` in English,
    ``one`` for 0 and 1 in French, ``zero/one/two/few/many/other`` in Arabic."""
    return locale(lang).plural_form(abs(count))


def plural(forms: dict[str, str], count: float, lang: str) -> str:
    """The form of ``forms`` (CLDR category → text) for ``count``; ``other`` when the
    category has no form of its own."""
    if "other" not in forms:
        raise KeyError(f"plural forms without 'other': {sorted(forms)}")
    return forms.get(plural_category(count, lang), forms["other"])


# --- which language a page opens in -------------------------------------------------------

DEFAULT_LANGUAGE_ORDER: tuple[str, ...] = ("fr", "ar", "en")


def preferred_language(spoken: object, order: tuple[str, ...] | list[str] = DEFAULT_LANGUAGE_ORDER
                       ) -> str:
    """The interface language of a participant who speaks ``spoken`` (ISO codes of their
    profile): the first of ``order`` they speak, else the first of ``order``."""
    codes = {str(code).strip().lower() for code in spoken or ()} \
        if not isinstance(spoken, str) else {spoken.strip().lower()}
    for lang in order:
        if lang in codes:
            return lang
    return order[0] if order else "fr"


def browser_language(accept_language: str | None, fallback: str = "fr") -> str:
    """The first of a browser's languages (an ``Accept-Language`` header such as
    ``ar-MA,ar;q=0.9,en;q=0.8``, or one tag such as ``en-US``) that is an interface language;
    ``fallback`` when none is."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.strip().replace("_", "-").split("-")[0].lower()
        if primary and quality > 0:
            ranked.append((-quality, position, primary))
    for _, _, primary in sorted(ranked):
        if primary in LOCALES:
            return primary
    return fallback
