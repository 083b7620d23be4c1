"""HTTP routes served beside the Streamlit app (``serve.py`` mounts them with ``st.App``).

- ``/signin?code=...``: a personal link signs the browser in. The session lives in an
  HttpOnly, SameSite cookie (its token's hash in the database), and the browser is sent to
  a clean address, so a reload, a new tab or a phone waking up is still signed in, and the
  code never stays in the address bar or the history.
- ``/session/<token>``: a page hands a sign-in made on it (the organiser code, a pasted
  code) over to such a cookie; the token works once, for a minute.
- ``/signout``: the session is revoked on the server and the cookie removed; Back then
  shows the sign-in page.
- ``/mail/unsubscribe/<token>``: the link of every notification e-mail, to stop them.
- ``/calendar/<token>.ics``: a participant's calendar feed, which calendar applications
  poll on their own, so a moved or cancelled meeting reaches their calendar without anyone
  downloading a file again."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from matchmaking.domain.access import code_from_text
from matchmaking.domain.paths import database_path
from matchmaking.services import event as services


def _feed(token: str) -> bytes | None:
    path = database_path()
    db = services.open_database(path, create=False)
    try:
        return services.calendar_feed(db, path, token)
    finally:
        db.close()


async def calendar(request: Request) -> Response:
    """``/calendar/<token>.ics``: the participant's agenda as iCalendar, current at each
    fetch (stable UIDs, SEQUENCE growing on change, cancelled meetings as CANCELLED)."""
    body = await run_in_threadpool(_feed, request.path_params["token"])
    if body is None:
        return PlainTextResponse("No such calendar (the link may have been revoked).",
                                 status_code=404)
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"Cache-Control": "no-store",
                             "Content-Disposition": 'inline; filename="agenda.ics"'})


def _with_db(work):
    db = services.open_database(database_path(), create=False)
    try:
        return work(db)
    finally:
        db.close()


def _signed_in(request: Request, token: str, seconds: float) -> Response:
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(services.SESSION_COOKIE, token, max_age=int(seconds), path="/",
                        httponly=True, samesite="lax", secure=request.url.scheme == "https")
    response.headers["Cache-Control"] = "no-store"
    return response


async def signin(request: Request) -> Response:
    code = code_from_text(request.query_params.get("code", ""))
    address = f"address:{request.client.host if request.client else 'local'}"

    def work(db):
        try:
            person = services.sign_in(db, code, [address])
        except services.TooManyAttempts:
            return None, "slow"
        if person is None:
            return None, "wrong"
        return services.open_browser_session(db, "participant", person["id"]), None

    done, problem = await run_in_threadpool(_with_db, work)
    if done is None:
        return RedirectResponse(f"/?signin={problem}", status_code=303)
    return _signed_in(request, *done)


async def session(request: Request) -> Response:
    def work(db):
        found = services.browser_session_user(db, request.path_params["token"])
        services.close_browser_session(db, request.path_params["token"])  # once only
        if found is None:
            return None
        person = found["participant"]
        return services.open_browser_session(db, found["role"], person and person["id"])

    done = await run_in_threadpool(_with_db, work)
    if done is None:
        return RedirectResponse("/?signin=stale", status_code=303)
    return _signed_in(request, *done)


async def signout(request: Request) -> Response:
    token = request.cookies.get(services.SESSION_COOKIE)
    await run_in_threadpool(_with_db, lambda db: services.close_browser_session(db, token))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(services.SESSION_COOKIE, path="/")
    response.headers["Cache-Control"] = "no-store"
    return response


def _unsubscribe_page(lang: str, title: str, body: str, form: str = "") -> str:
    from html import escape

    direction = "rtl" if lang == "ar" else "ltr"
    return (f'<!DOCTYPE html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title></head><body style=\"font-family: sans-serif; "
            f'max-width: 36em; margin: 2em auto; padding: 0 1em"><h1>{escape(title)}</h1>'
            f"<p>{escape(body)}</p>{form}</body></html>")


async def unsubscribe(request: Request) -> Response:
    """``/mail/unsubscribe/<token>``, the link of every notification e-mail's
    List-Unsubscribe header: GET asks (a link checker opening it changes nothing), POST
    (the button, or a mail program's one-click unsubscribe) turns notification e-mails
    off."""
    from html import escape

    from matchmaking.services import mail
    from matchmaking.texts import translate

    token, path = request.path_params["token"], database_path()

    def work(db):
        if request.method == "POST":
            return mail.unsubscribe(db, path, token)
        return mail.unsubscribe_target(db, path, token)

    found = await run_in_threadpool(_with_db, work)
    if found is None:
        text = translate("mail.unsub.unknown", "fr")
        return HTMLResponse(_unsubscribe_page("fr", translate("mail.unsub.title", "fr"), text),
                            status_code=404, headers={"Cache-Control": "no-store"})
    person, lang = found
    title = translate("mail.unsub.title", lang)
    if request.method == "POST":
        page = _unsubscribe_page(lang, title, translate("mail.unsub.done", lang,
                                                        email=person["email"]))
    else:
        button = escape(translate("mail.unsub.button", lang))
        page = _unsubscribe_page(lang, title, translate("mail.unsub.confirm", lang,
                                                        email=person["email"]),
                                 f'<form method="post"><button type="submit">{button}'
                                 "</button></form>")
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})


ROUTES = [Route("/calendar/{token}.ics", calendar, methods=["GET"]),
          Route("/signin", signin, methods=["GET"]),
          Route("/session/{token}", session, methods=["GET"]),
          Route("/signout", signout, methods=["GET", "POST"]),
          Route("/mail/unsubscribe/{token}", unsubscribe, methods=["GET", "POST"])]
