"""Who is here: the participants who agreed to be listed (no contact details)."""

from __future__ import annotations

import streamlit as st

from matchmaking import storage
from matchmaking.taxonomy import default_taxonomy
from matchmaking.ui.common import database

taxonomy = default_taxonomy()
st.title("Participants")

left, middle, right = st.columns([1, 1, 2])
kind = left.selectbox("Kind", ["all", "startup", "investor", "partner"])
sector = middle.selectbox("Sector", ["all", *taxonomy.sectors],
                          format_func=lambda c: "all" if c == "all" else taxonomy.label(c))
search = right.text_input("Search", placeholder="name, sector, words of a profile")

with database() as db:
    people = storage.list_participants(db, kind=None if kind == "all" else kind,
                                       sector=None if sector == "all" else sector,
                                       search=search or None)

listed = [p for p in people if p["consent"]]
st.caption(f"{len(listed)} participants listed")
# st.dataframe renders text, never HTML: profile text is safe to show here.
st.dataframe(
    [{"kind": p["kind"], "organisation": p["organisation"], "city": p["city"],
      "sectors": ", ".join(taxonomy.label(c) for c in p["sectors"]),
      "stages": ", ".join(p["stages"]), "about": p["about"]} for p in listed],
    hide_index=True, width="stretch")
