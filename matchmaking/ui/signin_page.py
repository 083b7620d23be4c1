"""Sign in: with the personal code of the invitation link, as organiser, or through the
configured OpenID Connect provider."""

from __future__ import annotations

import streamlit as st

from matchmaking.ui import session
from matchmaking.ui.i18n import t

st.title(t("signin.title"))
st.write(t("signin.intro"))
with st.form("participant_code"):
    code = st.text_input(t("signin.code"), type="password")
    if st.form_submit_button(t("signin.submit"), type="primary") and session.try_code(code):
        st.rerun()

if session.oidc_configured() and st.button(t("signin.oidc")):
    st.login()

if session.organiser_sign_in_possible():
    with st.expander(t("signin.organiser")):
        with st.form("organiser_code"):
            code = st.text_input(t("signin.organiser"), type="password")
            if st.form_submit_button(t("signin.organiser_submit")) and \
                    session.try_organiser(code):
                st.rerun()
