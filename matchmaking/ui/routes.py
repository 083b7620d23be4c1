"""HTTP routes served beside the Streamlit app (``serve.py`` mounts them with ``st.App``):
a participant's calendar feed, which calendar applications poll on their own, so a moved
or cancelled meeting reaches their calendar without anyone downloading a file again."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

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


ROUTES = [Route("/calendar/{token}.ics", calendar, methods=["GET"])]
