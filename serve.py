"""The server: the Streamlit app (``app.py``) with the HTTP routes beside it (calendar
feeds). ``streamlit run serve.py`` serves both; ``streamlit run app.py`` serves the app alone."""

import streamlit as st

from matchmaking.ui.routes import ROUTES

app = st.App("app.py", routes=ROUTES)
