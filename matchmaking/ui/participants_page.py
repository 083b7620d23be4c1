"""Who is here: the participants who agreed to be listed (no contact details)."""

from __future__ import annotations

import streamlit as st

from matchmaking.domain.taxonomy import default_taxonomy
from matchmaking.domain.vocabulary import KINDS
from matchmaking.services import event as services
from matchmaking.ui import session
from matchmaking.ui.common import database
from matchmaking.ui.i18n import language, t

session.require("organiser")
taxonomy = default_taxonomy()
lang = language()
st.title(t("participants.title"))

left, middle, right = st.columns([1, 1, 2])
kind = left.selectbox(t("common.kind"), ["all", *KINDS],
                      format_func=lambda k: t(f"kind.{k}"))
sector = middle.selectbox(t("common.sector"), ["all", *taxonomy.sectors],
                          format_func=lambda c: t("kind.all") if c == "all"
                          else taxonomy.label(c, lang))
search = right.text_input(t("common.search"), placeholder=t("participants.search_hint"))

with database() as db:
    people = services.list_participants(db, kind=None if kind == "all" else kind,
                                       sector=None if sector == "all" else sector,
                                       search=search or None)

listed = [p for p in people if p["consent"]]
st.caption(t("participants.count", count=len(listed)))
# st.dataframe renders text, never HTML: profile text is safe to show here.
st.dataframe(
    [{"kind": t(f"kind.{p['kind']}"), "organisation": p["organisation"], "city": p["city"],
      "sectors": ", ".join(taxonomy.label(c, lang) for c in p["sectors"]),
      "stages": ", ".join(p["stages"]), "about": p["about"]} for p in listed],
    hide_index=True, width="stretch")
