"""Who is using this browser session: a participant (signed in with a personal code, or
an OpenID Connect account where configured), the organiser, or nobody yet.

Each Streamlit session has its own ``st.session_state``: what one participant signs in to
is never visible to another session.
"""

from __future__ import annotations

import html
import os
from typing import Any

import streamlit as st

from matchmaking.domain.access import (ORGANISER_CODE_ENV_VAR, code_from_text,
                                       stored_organiser_key)
from matchmaking.domain.paths import database_path
from matchmaking.services import event as services
from matchmaking.ui.common import database
from matchmaking.ui.i18n import t


def user() -> dict[str, Any] | None:
    return st.session_state.get("user")


def _cookie() -> str | None:
    try:
        token = st.context.cookies.get(services.SESSION_COOKIE)
    except (AttributeError, RuntimeError):  # no browser (tests, bare mode)
        return None
    return token if isinstance(token, str) and token else None


def sign_in_from_cookie() -> None:
    """A browser signed in through ``/signin`` (or handed over to a cookie) stays signed in
    across reloads, new tabs and a phone's sleep: its cookie names a server-side session."""
    if user() is not None and not st.session_state.get("user_from_cookie"):
        return
    token = _cookie()
    if not token:
        if st.session_state.pop("user_from_cookie", None):  # signed out in another tab
            st.session_state.pop("user", None)
        return
    with database() as db:
        found = services.browser_session_user(db, token)
    if found is None:
        if st.session_state.pop("user_from_cookie", None):
            st.session_state.pop("user", None)
        return
    if found["role"] == "organiser":
        st.session_state["user"] = {"role": "organiser", "name": t("session.organiser")}
    else:
        _start(found["participant"])
    st.session_state["user_from_cookie"] = True


def sign_in_problem_from_route() -> None:
    """``/signin`` sends a failed attempt back here: say why, then clean the address."""
    problem = st.query_params.get("signin")
    if problem:
        st.error(t({"slow": "signin.too_many_link", "stale": "signin.expired"}.get(
            problem, "signin.wrong_code"), seconds=60))
        del st.query_params["signin"]


def keep_signed_in_link() -> str | None:
    """For a sign-in made on a page (organiser code, pasted code): a short-lived, one-use
    address that turns it into a cookie, so that this browser stays signed in."""
    import time

    current = user()
    if current is None or st.session_state.get("user_from_cookie"):
        return None
    made = st.session_state.get("keep_link")
    if made is None or time.monotonic() - made[1] > services.ONE_TIME_SECONDS / 2:
        with database() as db:
            token, _ = services.open_browser_session(
                db, current["role"], current.get("id"), seconds=services.ONE_TIME_SECONDS)
        made = st.session_state["keep_link"] = (f"/session/{token}", time.monotonic())
    return made[0]


def _secret(name: str) -> Any:
    try:
        return st.secrets.get(name)
    except (FileNotFoundError, KeyError, AttributeError, Exception):  # no secrets file
        return None


def organiser_code() -> str | None:
    """The organiser code an operator chose (Streamlit secrets or the environment); None:
    the database's own random one, kept beside it, is used."""
    return _secret("organiser_code") or os.environ.get(ORGANISER_CODE_ENV_VAR) or None


def ensure_organiser_code() -> None:
    """On the first start with a database and no chosen code, make the database's random
    organiser code and print it, once, in the server's terminal."""
    path = database_path()
    if organiser_code() or not path.parent.is_dir():
        return
    code = services.ensure_organiser_code(path)
    if code:
        print(f"Organiser code for {path}: {code}\n(shown once; "
              f"`matchmaking organiser-code --rotate` makes a new one)", flush=True)


def organiser_sign_in_possible() -> bool:
    return bool(organiser_code() or stored_organiser_key(database_path()))


def oidc_configured() -> bool:
    auth = _secret("auth")
    return bool(auth)


def client_keys() -> list[str]:
    """What sign-in attempts from here count against: the network address (every local
    tab shares "local", so a reload starts nothing afresh) and the browser session."""
    try:
        address = st.context.ip_address
    except AttributeError:
        address = None
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    return [f"address:{address if isinstance(address, str) and address else 'local'}",
            f"session:{context.session_id if context else 'unknown'}"]


def _start(person: dict[str, Any]) -> None:
    st.session_state["user"] = {"role": "participant", "id": person["id"],
                                "email": person["email"], "kind": person["kind"],
                                "organisation": person["organisation"],
                                "name": person["contact_name"] or person["organisation"]}


def try_code(code: str) -> bool:
    """Sign in with a participant code (or the whole link it came in); shows the reason
    when it fails."""
    code = code_from_text(code)
    with database() as db:
        try:
            person = services.sign_in(db, code, client_keys())
        except services.TooManyAttempts as error:
            st.error(t("signin.too_many", seconds=int(error.seconds) + 1))
            return False
    if person is None:
        st.error(t("signin.wrong_code"))
        return False
    _start(person)
    return True


def try_organiser(code: str) -> bool:
    with database() as db:
        try:
            opened = services.sign_in_organiser(db, code, organiser_code(), client_keys(),
                                                db_path=database_path())
        except services.TooManyAttempts as error:
            st.error(t("signin.too_many", seconds=int(error.seconds) + 1))
            return False
    if not opened:
        st.error(t("signin.wrong_code"))
        return False
    st.session_state["user"] = {"role": "organiser", "name": t("session.organiser")}
    return True


def sign_in_from_link() -> None:
    """A ``?code=...`` link signs the session in, then the code leaves the address bar."""
    code = st.query_params.get("code")
    if code and user() is None:
        try_code(code)
    if code:
        del st.query_params["code"]


def sign_in_from_oidc() -> None:
    """Where an OpenID Connect provider is configured, its account's e-mail signs in."""
    if user() is not None or not oidc_configured():
        return
    try:
        logged_in = st.user.is_logged_in
    except AttributeError:
        return
    if not logged_in:
        return
    email = str(st.user.get("email") or "")
    organisers = _secret("organiser_emails") or []
    if email.casefold() in {e.casefold() for e in organisers}:
        st.session_state["user"] = {"role": "organiser", "name": email}
        return
    with database() as db:
        try:
            _start(services.get_participant(db, email))
        except services.NotFound:
            st.error(t("signin.oidc_unknown", email=email))


def sign_out_link() -> None:
    """Sign out through the server (it revokes the session and clears the HttpOnly cookie),
    in this tab: a static link, the only HTML the app writes itself."""
    st.sidebar.markdown(f'<a href="/signout" target="_self" class="mm-sign-out">'
                        f'{html.escape(t("session.sign_out"))}</a>', unsafe_allow_html=True)


def sign_out() -> None:
    for key in ("user", "user_from_cookie", "keep_link"):
        st.session_state.pop(key, None)
    if oidc_configured():
        try:
            st.logout()
        except Exception:  # not logged in through the provider
            pass


def require(role: str) -> dict[str, Any]:
    """The signed-in user if they have ``role``; otherwise stop the page. Pages check this
    themselves too: navigation alone is not a permission."""
    current = user()
    if current is None or current["role"] != role:
        st.error(t("session.not_allowed", role=t(f"role.{role}")))
        st.stop()
    return current
