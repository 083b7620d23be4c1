"""The server: the Streamlit app (``app.py``) with the HTTP routes beside it (calendar
feeds, unsubscribe links), the worker that runs the console's background jobs and the
one that sends e-mails. ``streamlit run serve.py`` serves all of it; ``streamlit run app.py``
serves the app alone (its console pages start the jobs' worker when they are opened; no
e-mail is sent)."""

from contextlib import asynccontextmanager

import streamlit as st

from matchmaking.domain.paths import database_path
from matchmaking.services.mail import MailWorker
from matchmaking.ui.jobs import ensure_worker
from matchmaking.ui.routes import ROUTES


@asynccontextmanager
async def lifespan(app):
    # the background jobs' worker starts with the server, not at an organiser's first visit:
    # jobs a stopped server left running are failed at once, and queued ones run
    ensure_worker()
    # the e-mail sender: what happened becomes notifications and e-mails, sent every few
    # seconds (several servers on one database claim each message once)
    mail_worker = MailWorker(database_path())
    mail_worker.start()
    yield
    mail_worker.stop()


app = st.App("app.py", routes=ROUTES, lifespan=lifespan)
