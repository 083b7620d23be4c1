"""E-mail: the mail server (an SMTP URL; the password is never shown back), the sender and
the app's address in links; a test message; the invitations; the outbox and what became of
each message."""

from __future__ import annotations

import streamlit as st

from matchmaking.services import mail
from matchmaking.ui import session
from matchmaking.ui.common import base_url_guess, database
from matchmaking.ui.i18n import language, t

session.require("organiser")
lang = language()
st.title(t("mail.console.title"))
st.caption(t("mail.console.intro"))

with database() as db:
    shown = mail.mail_settings(db)
if shown["source"] == "environment":
    st.info(t("mail.console.from_env", url=shown["in_use"]))
elif shown["in_use"]:
    st.caption(t("mail.console.current", url=shown["in_use"]))

with st.form("mail.settings"):
    url = st.text_input(t("mail.console.url"), value=shown["smtp_url"],
                        help=t("mail.console.url_help"), placeholder="smtp://host:587")
    sender = st.text_input(t("mail.console.from"), value=shown["mail_from"],
                           placeholder="matchmaking@example.org")
    base = st.text_input(t("mail.console.base_url"), value=shown["base_url"] or base_url_guess())
    if st.form_submit_button(t("mail.console.save"), type="primary"):
        try:
            with database() as db:
                mail.save_mail_settings(db, smtp_url=url, mail_from=sender, base_url=base)
        except mail.MailError as error:
            st.error(error.text(lang))
        else:
            st.success(t("mail.console.saved"))

test_to, test_button = st.columns([3, 1], vertical_alignment="bottom")
address = test_to.text_input(t("mail.console.test_to"), key="mail.test_to")
if test_button.button(t("mail.console.test"), disabled=not address.strip()):
    try:
        with database() as db:
            mail.send_test(db, address)
    except mail.MailError as error:
        st.error(error.text(lang))
    else:
        st.success(t("mail.console.test_sent", address=address.strip()))

if st.button(t("mail.console.invite"), icon=":material/forward_to_inbox:"):
    with database() as db:
        st.success(t("mail.console.invited", count=mail.queue_invitations(db)))


@st.fragment(run_every="5s")
def outbox() -> None:
    with database() as db:
        counts = mail.outbox_counts(db)
        rows = mail.outbox_rows(db, limit=100)
    st.subheader(t("mail.console.outbox", **counts))
    if rows:
        st.dataframe([{"status": r["status"], "to": r["to_address"], "kind": r["kind"],
                       "attempts": r["attempts"], "next attempt": r["next_attempt_at"],
                       "sent": r["sent_at"] or "", "error": r["last_error"]} for r in rows],
                     hide_index=True, use_container_width=True)


outbox()
