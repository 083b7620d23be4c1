"""Matching: the embedding cache, the weights in use, and any participant's recommendations
with their reasons."""

from __future__ import annotations

import streamlit as st

from matchmaking import storage
from matchmaking.embedding import SentenceTransformerEncoder, configured_model
from matchmaking.matching import EventMatching, match_event, recommendations_for, \
    refresh_embeddings
from matchmaking.paths import database_path
from matchmaking.ui.common import database, plain


@st.cache_resource(show_spinner=False)
def encoder(model: str) -> SentenceTransformerEncoder:
    """One model per server, shared by every session (its encode is serialised by a lock)."""
    return SentenceTransformerEncoder(model)


@st.cache_resource(show_spinner="Scoring every pair…", max_entries=2)
def event_matching(db_path: str, model: str, version: int) -> EventMatching:
    """Scores for one data version; read-only, shared by every session."""
    with database() as db:
        return match_event(db, model, top_k=20)


model = configured_model()
st.title("Matching")
st.caption(f"Model: {model}")

with database() as db:
    total = storage.count_rows(db, "participants") * 3
    embedded = len(storage.embedding_hashes(db, model))
    if st.button("Update embeddings", help="Embeds only the profile texts that changed"):
        bar = st.progress(0.0, text="Embedding profile texts…")
        report = refresh_embeddings(db, encoder(model), progress=lambda done, all_: bar.progress(
            done / max(all_, 1), text=f"Embedding profile texts… {done}/{all_} sentences"))
        bar.empty()
        st.success(report.summary())
        embedded = len(storage.embedding_hashes(db, model))
    version = storage.data_version(db)

st.progress(min(embedded / max(total, 1), 1.0),
            text=f"{embedded} of {total} profile texts embedded with this model")
matching = event_matching(str(database_path()), model, version)

with st.expander(f"Weights in use ({matching.weights.source})"):
    st.caption(matching.weights.note)
    st.dataframe([{"component": k, "weight": round(v, 3)}
                  for k, v in matching.weights.weights.normalised().as_dict().items()],
                 hide_index=True)

people = sorted(matching.profiles, key=lambda p: (p["kind"], p["organisation"].casefold()))
left, right = st.columns([3, 1])
who = left.selectbox("Recommendations for", people,
                     format_func=lambda p: f"{p['organisation']} ({p['kind']})")
lang = right.radio("Reasons in", ["en", "fr"], horizontal=True,
                   format_func=lambda c: {"en": "English", "fr": "Français"}[c])
for rank, item in enumerate(recommendations_for(matching, who["id"], top=10), 1):
    with st.container(border=True):
        st.markdown(f"**{rank}. {plain(item['organisation'])}** · {item['kind']}")
        st.caption(f"score {item['score']:.2f} · fits what you look for {item['fit_for_you']:.2f}"
                   f" · you fit what they look for {item['fit_for_them']:.2f}")
        for reason in item["reasons"][lang]:
            st.text(f"• {reason}")
