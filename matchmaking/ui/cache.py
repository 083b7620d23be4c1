"""What the server computes once and every session shares (read-only)."""

from __future__ import annotations

import streamlit as st

from matchmaking.domain.paths import database_path
from matchmaking.matching.embedding import SentenceTransformerEncoder, configured_model
from matchmaking.services import event as services
from matchmaking.services.matching import EventMatching, LatestMatching
from matchmaking.ui.common import database


@st.cache_resource(show_spinner=False)
def encoder(model: str) -> SentenceTransformerEncoder:
    """One model per server, shared by every session (its encode is serialised by a lock);
    loaded on first use only."""
    return SentenceTransformerEncoder(model)


@st.cache_resource(show_spinner=False, max_entries=4)
def _latest(db_path: str, model: str) -> LatestMatching:
    return LatestMatching(model, top_k=20)


def event_matching() -> EventMatching:
    """Scores of the whole event, recomputed only when what they are computed from changes
    (``services.matching.matching_version``), and then only for the participants who changed when
    few did. Marks made since ("no thanks", requests, meetings) are applied by the pages
    when they show recommendations."""
    # Vectors are stored under the encoder's name (model and back-end), not the model's.
    key = encoder(configured_model()).name
    with database() as db:
        return _latest(str(database_path()), key).get(db)


def matching_of(db_path: str, db: services.Database) -> EventMatching:
    """The event's scores, as ``event_matching`` gives them, from any thread: the jobs'
    worker shares the pages' cache, so a run scores the event once for everyone."""
    return _latest(db_path, encoder(configured_model()).name).get(db)
