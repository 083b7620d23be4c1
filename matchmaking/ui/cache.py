"""What the server computes once and every session shares (read-only)."""

from __future__ import annotations

import streamlit as st

from matchmaking import storage
from matchmaking.embedding import SentenceTransformerEncoder, configured_model
from matchmaking.matching import EventMatching, match_event
from matchmaking.paths import database_path
from matchmaking.ui.common import database


@st.cache_resource(show_spinner=False)
def encoder(model: str) -> SentenceTransformerEncoder:
    """One model per server, shared by every session (its encode is serialised by a lock);
    loaded on first use only."""
    return SentenceTransformerEncoder(model)


@st.cache_resource(show_spinner=False, max_entries=4)
def _event_matching(db_path: str, model: str, version: int) -> EventMatching:
    with database() as db:
        return match_event(db, model, top_k=20)


def event_matching() -> EventMatching:
    """Scores of the whole event, recomputed only when what they are computed from changes
    (``storage.matching_version``). Marks made since ("no thanks", requests, meetings) are
    applied by the pages when they show recommendations."""
    with database() as db:
        version = storage.matching_version(db)
    model = configured_model()
    return _event_matching(str(database_path()), model, version)
