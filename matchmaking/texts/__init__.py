"""Every label and message of the product, in English and French, one module per area:
the app's pages, the console, and the printed documents read the same tables, so a status
or a kind is worded the same everywhere. Pure data, plus the lookup."""

from __future__ import annotations

import importlib
import pkgutil

DEFAULT_LANGUAGE = "en"


def _load() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for module in pkgutil.iter_modules(__path__):
        part = importlib.import_module(f"{__name__}.{module.name}").TEXTS
        overlap = set(part) & set(merged)
        if overlap:
            raise KeyError(f"text keys defined twice: {sorted(overlap)[:5]}")
        merged.update(part)
    return merged


TEXTS: dict[str, dict[str, str]] = _load()


def translate(key: str, lang: str, **values: object) -> str:
    """The text for ``key`` in ``lang`` (English where it has no translation), with
    ``values`` filled in."""
    entry = TEXTS[key]
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text
