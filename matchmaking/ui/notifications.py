"""The unread-notifications count in a signed-in participant's sidebar, refreshed on its own
(a fragment), so another participant's request shows without a reload.

Not a page: the pages are listed in ``navigation.PAGES``.
"""

from __future__ import annotations

import streamlit as st

from matchmaking.services import mail
from matchmaking.ui.common import database
from matchmaking.ui.i18n import t

REFRESH = "10s"
PAGE = "matchmaking/ui/notifications_page.py"


@st.fragment(run_every=REFRESH)
def unread_badge(participant_id: int) -> None:
    with database() as db:
        count = mail.unread_count(db, participant_id)  # one COUNT on an index
    if count:
        st.page_link(PAGE, label=t("n.unread", count=count), icon=":material/notifications:")


def sidebar_badge(user: dict | None) -> None:
    if user is not None and user["role"] == "participant" and user.get("id"):
        with st.sidebar:
            unread_badge(user["id"])
