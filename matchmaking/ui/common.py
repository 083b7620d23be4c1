"""What every page needs: the database of this run, and the taxonomy labels."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from matchmaking.storage import Database

from matchmaking import storage
from matchmaking.paths import database_path


@contextmanager
def database() -> Iterator[Database]:
    """A connection for this script run only: connections are never shared between the
    threads Streamlit runs sessions in (a shared one double-booked under load)."""
    try:
        db = storage.open_database(database_path(), create=False)
    except storage.StorageError as error:
        st.error(str(error))
        st.stop()
    try:
        yield db
    finally:
        db.close()


_MARKDOWN_SPECIALS = str.maketrans({c: f"\\{c}" for c in "\\`*_{}[]()#+-.!|<>~$:"})


def plain(text: object) -> str:
    """User text made safe to place inside markdown: no links, images, HTML or formatting
    can be smuggled in through a profile."""
    return str(text).translate(_MARKDOWN_SPECIALS)
