"""Matching: the embedding cache, the weights in use, and any participant's recommendations
with their reasons."""

from __future__ import annotations

import streamlit as st

from matchmaking.matching.embedding import configured_model
from matchmaking.services.matching import (embedding_progress, recommendations_for,
                                           refresh_embeddings)
from matchmaking.ui import session
from matchmaking.ui.cache import encoder, event_matching
from matchmaking.ui.common import database, plain
from matchmaking.ui.i18n import language, t

session.require("organiser")
model = configured_model()
st.title(t("matching.title"))
st.caption(t("matching.model", model=model))

with database() as db:
    embedded, total = embedding_progress(db, encoder(model).name)
    if st.button(t("matching.update"), help=t("matching.update_help")):
        bar = st.progress(0.0, text=t("matching.embedding", done=0, total="…"))
        report = refresh_embeddings(db, encoder(model), progress=lambda done, all_: bar.progress(
            done / max(all_, 1), text=t("matching.embedding", done=done, total=all_)))
        bar.empty()
        st.success(report.summary())
        embedded, total = embedding_progress(db, encoder(model).name)

st.progress(min(embedded / max(total, 1), 1.0),
            text=t("matching.embedded", done=embedded, total=total))
with st.spinner(t("matching.scoring")):
    matching = event_matching()

with st.expander(t("matching.weights", source=matching.weights.source)):
    st.caption(matching.weights.note)
    st.dataframe([{"component": k, "weight": round(v, 3)}
                  for k, v in matching.weights.weights.normalised().as_dict().items()],
                 hide_index=True)

people = sorted(matching.profiles, key=lambda p: (p["kind"], p["organisation"].casefold()))
who = st.selectbox(t("matching.for"), people,
                   format_func=lambda p: f"{p['organisation']} ({t('kind.' + p['kind'])})")
lang = language()
for rank, item in enumerate(recommendations_for(matching, who["id"], top=10), 1):
    with st.container(border=True):
        st.markdown(f"**{rank}. {plain(item['organisation'])}** · {t('kind.' + item['kind'])}")
        st.caption(t("matching.score_line", score=item["score"], you=item["fit_for_you"],
                     them=item["fit_for_them"]))
        for reason in item["reasons"][lang]:
            st.text(f"• {reason}")
