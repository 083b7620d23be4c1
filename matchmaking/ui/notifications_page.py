"""My notifications: new requests, answers, suggested meetings, new times, moves,
cancellations and reminders, newest first, each opening the page concerned; mark as read;
whether they are e-mailed too. The list refreshes on its own."""

from __future__ import annotations

import streamlit as st

from matchmaking.services import mail
from matchmaking.ui import session
from matchmaking.ui.common import database, plain
from matchmaking.ui.i18n import language, t

me = session.require("participant")
lang = language()
st.title(t("n.title"))

with database() as db:
    mail.take_changes(db)  # without the server's worker (``streamlit run app.py``) too
    emails_on = mail.emails_on(db, me["id"])

wanted = st.toggle(t("n.email"), value=emails_on, help=t("n.email_help"),
                   key=f"n.email.{emails_on}")
if wanted != emails_on:
    with database() as db:
        mail.set_emails_on(db, me["id"], wanted)
    st.toast(t("n.email_saved"))


@st.fragment(run_every="10s")
def listing() -> None:
    with database() as db:
        items = mail.notifications(db, me["id"], lang)
    if not items:
        st.info(t("n.none"))
        return
    if any(item.unread for item in items) and st.button(t("n.mark_all"), key="n.mark_all"):
        with database() as db:
            mail.mark_read(db, me["id"])
        st.rerun()
    for item in items:
        with st.container(border=True, key=f"n-item-{item.id}"):
            title, go, read = st.columns([5, 1, 2], vertical_alignment="center")
            new = f":blue-badge[{t('n.new')}] " if item.unread else ""
            bold = "**" if item.unread else ""
            title.markdown(f"{new}{bold}{plain(item.title)}{bold}  \n:small[{item.at}]")
            go.page_link(f"matchmaking/ui/{item.page}_page.py", label=t("n.go"),
                         icon=":material/arrow_forward:")
            if item.unread and read.button(t("n.mark_read"), key=f"n.read.{item.id}"):
                with database() as db:
                    mail.mark_read(db, me["id"], [item.id])
                st.rerun()  # the sidebar count too


listing()
