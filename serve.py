"""The server: the Streamlit app (``app.py``) with the HTTP routes beside it (calendar
feeds), and the worker that runs the console's background jobs. ``streamlit run serve.py``
serves both; ``streamlit run app.py`` serves the app alone (its console pages start the
worker when they are opened)."""

from contextlib import asynccontextmanager

import streamlit as st

from matchmaking.ui.jobs import ensure_worker
from matchmaking.ui.routes import ROUTES


@asynccontextmanager
async def lifespan(app):
    # the background jobs' worker starts with the server, not at an organiser's first visit:
    # jobs a stopped server left running are failed at once, and queued ones run
    ensure_worker()
    yield


app = st.App("app.py", routes=ROUTES, lifespan=lifespan)
