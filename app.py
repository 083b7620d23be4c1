"""The Streamlit entry point: page set-up, who is signed in, and navigation. Nothing else."""

import streamlit as st

from matchmaking.ui import navigation, notifications, session
from matchmaking.ui.common import apply_style
from matchmaking.ui.i18n import language_picker, settle_language, t

st.set_page_config(page_title=t("app.title"), page_icon="🤝", layout="wide")
session.ensure_organiser_code()
session.sign_in_from_cookie()
session.sign_in_problem_from_route()
session.sign_in_from_link()
session.sign_in_from_oidc()
user = session.user()
settle_language(user)  # the participant's language once signed in, unless they picked one
apply_style()

pages: dict[str, list] = {}
for number, page in enumerate(navigation.pages_for(user and user["role"])):
    # no sections before signing in; the first page of a role is where its users land
    section = t(page.section) if user is not None and page.section else ""
    pages.setdefault(section, []).append(st.Page(page.script, title=t(page.title),
                                                 icon=page.icon, default=number == 0))

language_picker()
if user is not None:
    # the organiser's role is named in the page's language, not the one of their sign-in
    name = t("session.organiser") if user["role"] == "organiser" else user["name"]
    st.sidebar.caption(t("session.signed_in_as", name=name))
    if st.session_state.get("user_from_cookie"):  # the cookie is cleared by the server
        session.sign_out_link()
    else:
        keep = session.keep_signed_in_link()
        if keep:
            st.sidebar.link_button(t("session.keep_signed_in"), keep,
                                   help=t("session.keep_signed_in_help"))
        if st.sidebar.button(t("session.sign_out")):
            session.sign_out()
            st.rerun()
navigation_menu = st.navigation(pages)
notifications.sidebar_badge(user)  # after the menu: it links to one of its pages
navigation_menu.run()
