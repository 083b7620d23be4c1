"""What the organiser console's pages share: messages in the organiser's language, the
read-only data every page caches (keyed by the database's version, so any change shows at
once), status colours, and downloads generated only when clicked.

Not a page: the pages are listed in ``navigation.PAGES``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from matchmaking.domain import analytics
from matchmaking.domain.paths import database_path
from matchmaking.domain.vocabulary import KINDS, MEETING_STATUS_COLOURS
from matchmaking.services import console as osv
from matchmaking.services import event as services
from matchmaking.texts import TEXTS
from matchmaking.ui.common import database, plain
from matchmaking.ui.i18n import t

LOCK_MARK = analytics.LOCK_MARK


def error_text(error: Exception) -> str:
    """A storage error in the organiser's language when the console knows it, else as
    raised (in English); safe to show as markdown (names in it are escaped)."""
    code = getattr(error, "code", None)
    key = f"o.err.{code}"
    if code and key in TEXTS:
        try:
            return t(key, **{k: plain(v) for k, v in getattr(error, "values", {}).items()})
        except (KeyError, IndexError):
            pass
    return plain(error)


def show_error(error: Exception) -> None:
    st.error(error_text(error), icon=":material/error:")


def status_label(status: str) -> str:
    return t(f"status.{status}")


def kind_label(kind: str) -> str:
    return t(f"kind.{kind}") if f"kind.{kind}" in TEXTS else kind


def kind_labels() -> dict[str, str]:
    """The kinds in the session's language, looked up once per run: widgets' format
    functions use this, so they give the same labels whenever they are called."""
    return {k: t(f"kind.{k}") for k in (*KINDS, "all")}


def path() -> str:
    return str(database_path())


def version() -> int:
    with database() as db:
        return services.data_version(db)


def _open(db_path: str) -> services.Database:
    return services.open_database(db_path, create=False)


@st.cache_resource(show_spinner=False, max_entries=4)
def console_data(db_path: str, data_version: int) -> dict[str, Any]:
    """Every row of the analytics, read once per version of the database and shared by the
    organisers' sessions without a copy (20,000 meetings would take 0.4 s to copy on every
    render): read-only, never change what it returns."""
    db = _open(db_path)
    try:
        return osv.console_data(db)
    finally:
        db.close()


@st.cache_resource(show_spinner=False, max_entries=8)
def day_grid(db_path: str, data_version: int, day: str) -> analytics.Grid:
    """A day of the grid, per version of the database (read-only, shared)."""
    db = _open(db_path)
    try:
        return osv.day_grid(db, day)
    finally:
        db.close()


@st.cache_data(show_spinner=False, max_entries=4)
def profile_map(db_path: str, matching_version: str, model: str
                ) -> dict[int, tuple[float, float]]:
    db = _open(db_path)
    try:
        return analytics.profile_map(osv.profile_vectors(db, model))
    finally:
        db.close()


def deferred(make: Callable[..., bytes | str], *args: Any, **kwargs: Any
             ) -> Callable[[], bytes | str]:
    """A download's content, made only when the button is clicked (Streamlit calls it
    outside the page's run, so it opens its own connection)."""
    db_path = path()

    def run() -> bytes | str:
        db = _open(db_path)
        try:
            return make(db, *args, **kwargs)
        finally:
            db.close()

    return run


def legend() -> None:
    """The grid's colours, in words (static texts only: safe as markdown)."""
    st.caption("  ".join(f":{colours.named}-background[{status_label(s)}]"
                         for s, colours in MEETING_STATUS_COLOURS.items())
               + f"  · {LOCK_MARK} {t('o.grid.locked')}")


def slot_label(slot: dict[str, Any], zone: str) -> str:
    start, end = (analytics.slot_time(slot[k], zone) for k in ("start_utc", "end_utc"))
    return f"{start}–{end}"


def file_stem(text: str) -> str:
    """A safe file name part."""
    import re

    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "export"



def event_and_days() -> tuple[dict[str, Any], list[str]]:
    """The event and its days, or a message and the end of the page when none is set up."""
    with database() as db:
        event = services.get_event(db)
        days = osv.event_days(db)
    if event is None or not days:
        st.info(t("event.no_event"))
        st.stop()
    return event, days
