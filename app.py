"""The Streamlit entry point: page set-up, who is signed in, and navigation. Nothing else."""

import streamlit as st

from matchmaking.ui import organiser_pages, participant_pages, session
from matchmaking.ui.common import apply_style
from matchmaking.ui.i18n import language_picker, t

st.set_page_config(page_title=t("app.title"), page_icon="🤝", layout="wide")
apply_style()
session.sign_in_from_link()
session.sign_in_from_oidc()
user = session.user()

if user is None:
    entries = [("", "matchmaking/ui/signin_page.py", t("nav.signin"), ":material/login:"),
               ("", "matchmaking/ui/event_page.py", t("nav.event"), ":material/event:")]
else:
    registry = participant_pages.PAGES if user["role"] == "participant" else \
        organiser_pages.PAGES
    entries = [(t(section), path, t(title), icon) for section, path, title, icon in registry]
    event = t("nav.section.event")
    entries.append((event, "matchmaking/ui/event_page.py", t("nav.event"),
                    ":material/event:"))
    if user["role"] == "organiser":
        entries += [(event, "matchmaking/ui/participants_page.py", t("nav.participants"),
                     ":material/groups:"),
                    (event, "matchmaking/ui/matching_page.py", t("nav.matching"),
                     ":material/hub:")]
pages: dict[str, list] = {}
for number, (section, path, title, icon) in enumerate(entries):
    # the first page of a role is where its users land
    pages.setdefault(section, []).append(st.Page(path, title=title, icon=icon,
                                                 default=number == 0))

language_picker()
if user is not None:
    st.sidebar.caption(t("session.signed_in_as", name=user["name"]))
    if st.sidebar.button(t("session.sign_out")):
        session.sign_out()
        st.rerun()
st.navigation(pages).run()
