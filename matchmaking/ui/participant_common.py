"""What the participant's pages share: one look for a counterpart, its reasons, and the
messages of an action.

Not a page: the pages are listed in ``navigation.PAGES``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from matchmaking.texts import TEXTS, translate
from matchmaking.ui.common import plain
from matchmaking.ui.i18n import t

def text_in(lang: str, key: str) -> str:
    """``t(key)`` in a given language: for option labels (``format_func``), which Streamlit
    may call outside the page's run, where the session's language is not at hand."""
    return translate(key, lang)


def say(outcome: Any) -> None:
    """Show the message of a ``services.participant.Outcome`` in the session's language;
    organisation names are user text, so they are escaped before markdown sees them."""
    values = dict(outcome.values)
    for name, value in values.items():
        prefix = {"status": "status.", "rstatus": "request."}.get(name)
        if prefix and f"{prefix}{value}" in TEXTS:
            values[name] = t(f"{prefix}{value}")
        else:
            values[name] = plain(value if value is not None else "")
    (st.success if outcome.ok else st.error)(t(outcome.key, **values))


def flash(key: str, outcome: Any) -> None:
    """Keep an action's outcome for the run that follows (callbacks run before it)."""
    st.session_state[f"p.flash.{key}"] = outcome


def show_flash(key: str) -> None:
    outcome = st.session_state.pop(f"p.flash.{key}", None)
    if outcome is not None:
        say(outcome)


def reasons_in(explained: Mapping[str, Any], lang: str) -> list[str]:
    """A pair's reasons in ``lang``, else in English (the language every reason has)."""
    return explained["reasons"].get(lang) or explained["reasons"]["en"]


def reasons(explained: Mapping[str, Any] | None, lang: str, *, top: int | None = None) -> None:
    """The two-way score with its reasons (the first ``top`` of them), never a score alone."""
    if explained is None:
        return
    st.caption(t("p.rec.score_line", score=explained["score"], you=explained["fit_for_you"],
                 them=explained["fit_for_them"]))
    st.markdown("\n".join(f"- {plain(r)}" for r in reasons_in(explained, lang)[:top]))


def who(organisation: str, kind: str) -> str:
    """``**Organisation** · kind`` for markdown, the organisation escaped. The line starts
    with a left-to-right mark: a name in Arabic reads right to left within it, but the line
    stays aligned with the interface (profile texts take their own direction)."""
    return f"\u200e**{plain(organisation)}** · {t('kind.' + kind)}"
