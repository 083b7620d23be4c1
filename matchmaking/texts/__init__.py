"""Every label and message of the product, in English, French and Arabic, one module per
area: the app's pages, the console, and the printed documents read the same tables, so a
status or a kind is worded the same everywhere. Pure data, plus the lookup.

A text is a string with ``{placeholders}``, or, where it counts something, its plural
forms by CLDR category: ``{"one": ..., "other": ...}`` in English and French,
``{"zero": ..., "one": ..., "two": ..., "few": ..., "many": ..., "other": ...}`` in Arabic
(a missing category falls back to ``other``). The form is chosen by the value ``count``,
or by the value named under ``"by"`` (``{"by": "pending", "one": ..., "other": ...}``)
where the message's number has another name.

Numbers filled in are written as the language writes them (``0,78`` in French and
Arabic, see ``matchmaking.domain.formats``): ``{score:.2f}`` gives two decimals, ``{share:%}``
a percentage, a bare ``{count}`` a grouped whole number."""

from __future__ import annotations

import importlib
import pkgutil
import re
import string
from typing import Any

from matchmaking.domain import formats

DEFAULT_LANGUAGE = "en"
# Identifiers written as they are, never grouped like quantities ("job 1234", not "1 234").
_VERBATIM = frozenset({"id", "job"})
_FIXED = re.compile(r"^\.(\d+)f$")


def _load() -> dict[str, dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for module in pkgutil.iter_modules(__path__):
        part = importlib.import_module(f"{__name__}.{module.name}").TEXTS
        overlap = set(part) & set(merged)
        if overlap:
            raise KeyError(f"text keys defined twice: {sorted(overlap)[:5]}")
        merged.update(part)
    return merged


TEXTS: dict[str, dict[str, Any]] = _load()


class _LocaleFormatter(string.Formatter):
    """``str.format`` that writes numbers in the language's way."""

    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value: Any, spec: str) -> str:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return super().format_field(value, spec)
        fixed = _FIXED.match(spec)
        if fixed:
            return formats.number(value, self.lang, int(fixed.group(1)))
        if spec in ("%", ".0%"):
            return formats.percent(value, self.lang)
        if spec in ("", "d", "g", ","):
            if isinstance(value, int) or float(value).is_integer() and spec != "g":
                return formats.whole(int(value), self.lang)
            return formats.decimal(value, self.lang, 2)
        return super().format_field(value, spec)


def _form(key: str, text: Any, lang: str, values: dict[str, object]) -> str:
    if isinstance(text, str):
        return text
    by = text.get("by", "count")
    if by not in values:
        raise KeyError(f"text {key!r} has plural forms chosen by {by!r}: pass {by}=")
    forms = {category: form for category, form in text.items() if category != "by"}
    number = values[by]
    if isinstance(number, bool) or not isinstance(number, (int, float)):
        return forms["other"]  # "—" or a number already written out: no agreement to make
    return formats.plural(forms, float(number), lang)


def translate(key: str, lang: str, **values: object) -> str:
    """The text for ``key`` in ``lang`` (English where it has no translation), with
    ``values`` filled in, numbers written as ``lang`` writes them."""
    entry = TEXTS[key]
    if lang not in formats.LOCALES:
        lang = DEFAULT_LANGUAGE
    text = _form(key, entry.get(lang) or entry[DEFAULT_LANGUAGE], lang, values)
    if not values:
        return text
    values = {name: str(value) if name in _VERBATIM else value
              for name, value in values.items()}
    return _LocaleFormatter(lang).format(text, **values)
