"""Labels and messages in English and French: ``t("key", **values)`` in the language the
user picked (kept in the session)."""

from __future__ import annotations

import streamlit as st

from matchmaking.texts import DEFAULT_LANGUAGE, TEXTS, translate  # noqa: F401 (TEXTS: for pages and tests)

LANGUAGES = {"en": "English", "fr": "Français"}


def language() -> str:
    return st.session_state.get("lang", DEFAULT_LANGUAGE)


def t(key: str, **values: object) -> str:
    """The text for ``key`` in the session's language, with ``values`` filled in."""
    return translate(key, language(), **values)


def language_picker() -> None:
    """The language switch, in the sidebar of every page."""
    st.sidebar.radio(t("lang.label"), list(LANGUAGES), key="lang", horizontal=True,
                     format_func=LANGUAGES.get)
