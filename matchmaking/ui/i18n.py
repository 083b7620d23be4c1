"""Labels and messages in English, French and Arabic: ``t("key", **values)`` in the
language of this browser session.

Which language: the one picked with the switch in this browser (this session, or an earlier
one: the pick is kept in the ``mm_lang`` cookie); else, for a signed-in
participant, the first language of the event's ``interface_language_order`` (fr > ar > en)
their profile lists; else the browser's (``Accept-Language``) when it is one of ours; else
French, the event's language."""

from __future__ import annotations

from typing import Any

import streamlit as st

from matchmaking.domain import formats
# TEXTS: for the pages and the tests
from matchmaking.texts import DEFAULT_LANGUAGE, TEXTS, translate  # noqa: F401

LANGUAGES = {"fr": "Français", "ar": "العربية", "en": "English"}
FALLBACK_LANGUAGE = "fr"  # before sign-in, for a browser that asks for none of ours
_PICKED = "lang_picked"   # set when the person used the switch: never overridden then
_AUTO = "lang_auto"       # (participant id, language) their profile chose, read once
PICKED_COOKIE = "mm_lang"  # the language this browser picked, written by the page's script


def browser_language() -> str:
    """The first of the browser's languages that is one of ours, else French."""
    wanted: list[str] = []
    try:
        wanted.append(st.context.headers.get("Accept-Language") or "")
    except (AttributeError, RuntimeError):  # no browser (tests, bare mode)
        pass
    try:
        wanted.append(st.context.locale or "")
    except (AttributeError, RuntimeError):
        pass
    return formats.browser_language(",".join(w for w in wanted if w), FALLBACK_LANGUAGE)


def language() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is None:
        return DEFAULT_LANGUAGE  # outside a page's run (a test reading widgets): no session
    chosen = st.session_state.get("lang")
    return chosen if chosen in LANGUAGES else browser_language()


def t(key: str, **values: object) -> str:
    """The text for ``key`` in the session's language, with ``values`` filled in."""
    return translate(key, language(), **values)


def _participant_language(user: dict[str, Any]) -> str:
    known = st.session_state.get(_AUTO)
    if known and known[0] == user.get("id"):
        return known[1]
    from matchmaking.services import participant as svc
    from matchmaking.ui.common import database

    with database() as db:
        lang = svc.interface_language_of(db, user["id"])
    st.session_state[_AUTO] = (user.get("id"), lang)
    return lang


def _cookie_pick() -> str | None:
    try:
        picked = st.context.cookies.get(PICKED_COOKIE)
    except (AttributeError, RuntimeError):  # no browser (tests, bare mode)
        return None
    return picked if picked in LANGUAGES else None


def picked_language() -> str | None:
    """The language the person picked in this browser, if they did."""
    if st.session_state.get(_PICKED) and st.session_state.get("lang") in LANGUAGES:
        return st.session_state["lang"]
    return None


def settle_language(user: dict[str, Any] | None) -> None:
    """The session's language before the page is drawn, unless the person picked one."""
    if picked_language():
        return
    earlier = _cookie_pick()
    if earlier:
        st.session_state["lang"] = earlier
        st.session_state[_PICKED] = True
        return
    if user is not None and user.get("role") == "participant" and user.get("id") is not None:
        st.session_state["lang"] = _participant_language(user)
    else:
        st.session_state["lang"] = browser_language()


def _picked() -> None:
    st.session_state[_PICKED] = True


def language_picker() -> None:
    """The language switch, in the sidebar of every page."""
    if st.session_state.get("lang") not in LANGUAGES:
        st.session_state["lang"] = browser_language()
    st.sidebar.radio(t("lang.label"), list(LANGUAGES), key="lang", horizontal=True,
                     format_func=LANGUAGES.get, on_change=_picked)


def is_rtl() -> bool:
    return formats.is_rtl(language())
