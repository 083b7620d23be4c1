"""The Streamlit entry point: page set-up and navigation, nothing else."""

import streamlit as st

st.set_page_config(page_title="Matchmaking — Start-up Village", page_icon="🤝", layout="wide")

st.navigation([
    st.Page("matchmaking/ui/event_page.py", title="Event", icon="🏛️", default=True),
    st.Page("matchmaking/ui/participants_page.py", title="Participants", icon="👥"),
    st.Page("matchmaking/ui/matching_page.py", title="Matching", icon="🧭"),
]).run()
