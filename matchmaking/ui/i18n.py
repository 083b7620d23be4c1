"""Labels and messages in English and French: ``t("key", **values)`` in the language the
user picked (kept in the session)."""

from __future__ import annotations

import importlib
import pkgutil

import streamlit as st

from matchmaking.ui import texts

LANGUAGES = {"en": "English", "fr": "Français"}
DEFAULT_LANGUAGE = "en"


def _load() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for module in pkgutil.iter_modules(texts.__path__):
        part = importlib.import_module(f"{texts.__name__}.{module.name}").TEXTS
        overlap = set(part) & set(merged)
        if overlap:
            raise KeyError(f"text keys defined twice: {sorted(overlap)[:5]}")
        merged.update(part)
    return merged


TEXTS = _load()


def language() -> str:
    return st.session_state.get("lang", DEFAULT_LANGUAGE)


def t(key: str, **values: object) -> str:
    """The text for ``key`` in the session's language, with ``values`` filled in."""
    entry = TEXTS[key]
    text = entry.get(language()) or entry["en"]
    return text.format(**values) if values else text


def language_picker() -> None:
    """The language switch, in the sidebar of every page."""
    st.sidebar.radio(t("lang.label"), list(LANGUAGES), key="lang", horizontal=True,
                     format_func=LANGUAGES.get)
