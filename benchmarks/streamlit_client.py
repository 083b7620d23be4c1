"""A light client of a Streamlit server, speaking its own websocket protocol as the browser
does, without a browser: what the load benchmark (and its test) drive the real server with.

- ``sign_in(base_url, link)``: follows a personal link's ``/signin?code=...`` by hand and
  returns the HttpOnly session cookie the server sets (the route redirects to ``/``).
- ``Session``: one browser tab. It opens ``/_stcore/stream`` with the ``streamlit``
  subprotocol and the cookie, then each ``run`` sends a ``BackMsg.rerun_script``
  (``ClientState``: page, widget states, the browser context) and reads ``ForwardMsg`` until
  that run's ``script_finished``. The elements of the run (from its deltas) are kept, so the
  next interaction can find a widget's id (a button by its key), as the browser does; a run
  that ends early for a rerun (``st.rerun()``, a callback) is followed to the end.

Only what the benchmark needs: no forward-message cache (no ``cached_message_hashes`` is
sent, so every element arrives whole), no file uploads; fragments only as the timed reruns
(``run_every``) a tab sends on its own.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

SESSION_COOKIE = "mm_session"
TIMEZONE = "Africa/Casablanca"


async def http_get(url: str, cookie: str | None = None, timeout: float = 60
                   ) -> tuple[int, list[tuple[str, str]], bytes]:
    """One HTTP/1.1 GET, redirects not followed: (status, headers, body)."""
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection(parts.hostname, parts.port or 80), timeout)
    try:
        lines = [f"GET {target} HTTP/1.1", f"Host: {parts.netloc}", "Connection: close",
                 "User-Agent: matchmaking-load-benchmark", "Accept: */*"]
        if cookie:
            lines.append(f"Cookie: {cookie}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = [tuple(p.strip() for p in line.split(":", 1)) for line in header_lines
               if ":" in line]
    return int(status_line.split()[1]), headers, body


async def sign_in(link: str, base_url: str | None = None) -> str:
    """Open a personal link (``.../signin?code=...``) and return the ``Cookie`` header value
    of the session it opens. ``base_url`` replaces the link's own address (links are made
    for one address; a proxy may serve them at another)."""
    if base_url:
        parts = urlsplit(link)
        link = base_url.rstrip("/") + parts.path + ("?" + parts.query if parts.query else "")
    status, headers, _ = await http_get(link)
    jar = SimpleCookie()
    for name, value in headers:
        if name.lower() == "set-cookie":
            jar.load(value)
    if status not in (302, 303, 307) or SESSION_COOKIE not in jar:
        location = dict((k.lower(), v) for k, v in headers).get("location")
        raise SignInFailed(f"{link}: HTTP {status}, location {location!r}, no session cookie")
    return f"{SESSION_COOKIE}={jar[SESSION_COOKIE].value}"


class SignInFailed(Exception):
    pass


class ProtocolError(Exception):
    pass


def _widget(element) -> tuple[str, object] | None:
    kind = element.WhichOneof("type")
    if kind is None:
        return None
    inner = getattr(element, kind)
    wid = getattr(inner, "id", "")
    return (wid, inner) if isinstance(wid, str) and wid else None


@dataclass
class RunResult:
    """What one interaction (a rerun request until its ``script_finished``) gave."""

    seconds: float
    status: str  # "ok", "compile_error", "timeout", "closed"
    exceptions: list[str] = field(default_factory=list)  # Exception elements: message
    errors: list[str] = field(default_factory=list)  # st.error alerts: text
    successes: list[str] = field(default_factory=list)  # st.success alerts: text
    page_not_found: bool = False
    runs: int = 0  # script runs it took (more than 1 after an st.rerun)

    @property
    def failed(self) -> bool:
        return self.status != "ok" or bool(self.exceptions) or bool(self.errors) \
            or self.page_not_found


class Session:
    """One browser tab on the app, signed in by ``cookie`` (may be None)."""

    def __init__(self, base_url: str, cookie: str | None = None, *, timeout: float = 120):
        self.base_url = base_url.rstrip("/")
        self.cookie = cookie
        self.timeout = timeout
        self.ws = None
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.page = ""  # url path of the page shown
        self.elements: dict[tuple[int, ...], object] = {}  # delta path -> Element
        self.widgets: dict[str, object] = {}  # widget id -> its proto (this run)
        self.values: dict[str, object] = {}  # widget id -> value this tab has set
        self.session_id = ""
        # fragments the page asked to be re-run on a timer (``st.fragment(run_every=...)``):
        # fragment id -> interval in seconds; a browser tab sends those reruns on its own
        self.auto_reruns: dict[str, float] = {}
        self._reader: asyncio.Task | None = None
        self._finished: asyncio.Queue = asyncio.Queue()
        self._run: RunResult | None = None
        self.protocol_errors: list[str] = []

    async def connect(self, resume: str | None = None) -> None:
        """Open the websocket; ``resume``: the id of a session of this tab to reconnect to
        (the browser does so after a dropped connection; the second entry of the
        subprotocol header is the XSRF token, which only matters for Streamlit's own
        OpenID cookies)."""
        parts = urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        headers = {"Cookie": self.cookie} if self.cookie else {}
        protocols = ["streamlit", "no-xsrf-token", resume] if resume else ["streamlit"]
        self.ws = await asyncio.wait_for(connect(
            f"{scheme}://{parts.netloc}/_stcore/stream", subprotocols=protocols,
            additional_headers=headers, max_size=None, compression=None,
            open_timeout=self.timeout, ping_interval=None), self.timeout)
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            self._reader.cancel()
            try:
                await self._reader
            except (asyncio.CancelledError, Exception):
                pass
        self.ws = self._reader = None
        self._finished = asyncio.Queue()

    async def __aenter__(self) -> Session:
        await self.connect()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    # --- reading ----------------------------------------------------------------------------
    async def _read(self) -> None:
        try:
            async for data in self.ws:
                if isinstance(data, bytes):
                    msg = ForwardMsg()
                    msg.ParseFromString(data)
                    try:
                        self._on_message(msg)
                    except Exception as error:  # a message this client misread
                        self.protocol_errors.append(f"{type(error).__name__}: {error}")
        except Exception:  # connection lost: the waiting run says so
            pass
        finally:
            self._finished.put_nowait("closed")

    def _on_message(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        run = self._run
        if kind == "new_session":
            self.session_id = msg.new_session.initialize.session_id or self.session_id
            self.elements.clear()
            self.widgets.clear()
        elif kind == "auto_rerun":
            self.auto_reruns[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            self.auto_reruns.pop(msg.stop_auto_rerun.fragment_id, None)
        elif kind == "delta":
            path = tuple(msg.metadata.delta_path)
            if msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                self.elements[path] = element
                found = _widget(element)
                if found:
                    self.widgets[found[0]] = found[1]
                if run is not None:
                    self._note(run, element)
        elif kind == "navigation":
            self.pages = {p.url_pathname: p.page_script_hash
                          for p in msg.navigation.app_pages}
            current = msg.navigation.page_script_hash
            self.page = next((u for u, h in self.pages.items() if h == current), self.page)
        elif kind == "page_not_found" and run is not None:
            run.page_not_found = True
        elif kind == "session_event" and run is not None:
            event = msg.session_event
            if event.WhichOneof("type") == "script_compilation_exception":
                run.exceptions.append(event.script_compilation_exception.message)
        elif kind == "script_finished":
            status = msg.script_finished
            if run is not None:
                run.runs += 1
            if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return  # another run of the same interaction follows
            self._finished.put_nowait(
                "compile_error" if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR else "ok")

    @staticmethod
    def _note(run: RunResult, element) -> None:
        kind = element.WhichOneof("type")
        if kind == "exception":
            run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif kind == "alert":
            if element.alert.format == Alert.ERROR:
                run.errors.append(element.alert.body)
            elif element.alert.format == Alert.SUCCESS:
                run.successes.append(element.alert.body)

    # --- interacting ------------------------------------------------------------------------
    def widget(self, key: str):
        """The id and proto of this run's widget with the user key ``key`` (Streamlit ends an
        element id with its key), or None."""
        for wid, proto in self.widgets.items():
            if wid.endswith("-" + key):
                return wid, proto
        return None

    def widgets_with_prefix(self, prefix: str) -> list[tuple[str, str, object]]:
        """(key, id, proto) of this run's widgets whose user key starts with ``prefix``."""
        found = []
        for wid, proto in self.widgets.items():
            at = wid.find("-" + prefix)
            if at >= 0:
                found.append((wid[at + 1:], wid, proto))
        return found

    def texts(self) -> list[str]:
        """The markdown, caption and alert texts of the page shown."""
        out = []
        for element in self.elements.values():
            kind = element.WhichOneof("type")
            if kind == "markdown":
                out.append(element.markdown.body)
            elif kind == "alert":
                out.append(element.alert.body)
        return out

    def _client_state(self, page: str | None, triggers: dict[str, object], query: str,
                      fragment_id: str = ""):
        back = BackMsg()
        state = back.rerun_script
        state.query_string = query
        if fragment_id:  # a timed rerun of one fragment, as the browser sends it
            state.fragment_id = fragment_id
            state.is_auto_rerun = True
        target = self.page if page is None else page
        state.page_name = target
        if target in self.pages:
            state.page_script_hash = self.pages[target]
        info = state.context_info
        info.timezone = TIMEZONE
        info.timezone_offset = 0
        info.locale = "en-GB"
        info.url = f"{self.base_url}/{target}"
        info.is_embedded = False
        info.color_scheme = "light"
        if page is None or page == self.page:  # the widgets of the page shown stay set
            values = {wid: v for wid, v in self.values.items() if wid in self.widgets}
        else:
            values = {}
        values.update(triggers)
        for wid, value in values.items():
            w = state.widget_states.widgets.add()
            w.id = wid
            if value is _TRIGGER:
                w.trigger_value = True
            elif isinstance(value, bool):
                w.bool_value = value
            elif isinstance(value, str):
                w.string_value = value
            elif isinstance(value, int):
                w.int_value = value
            elif isinstance(value, float):
                w.double_value = value
            else:
                raise TypeError(f"widget value {value!r}")
        return back

    async def run(self, page: str | None = None, *, set_values: dict[str, object] | None = None,
                  click: str | None = None, query: str = "", fragment_id: str = ""
                  ) -> RunResult:
        """One interaction: open ``page`` (a url path; None: the page shown, "" the default)
        after setting widget values (by id) and clicking a button (by id), and wait for the
        run to finish. The browser would send the same ``rerun_script``."""
        if set_values:
            self.values.update(set_values)
        triggers = {click: _TRIGGER} if click else {}
        back = self._client_state(page, triggers, query, fragment_id)
        if not fragment_id:  # a full run says again which fragments want timed reruns
            self.auto_reruns.clear()
        while not self._finished.empty():  # a stale end (e.g. the socket closed meanwhile)
            if self._finished.get_nowait() == "closed":
                return RunResult(0.0, "closed")
        run = self._run = RunResult(0.0, "ok")
        start = time.perf_counter()
        try:
            await self.ws.send(back.SerializeToString())
            status = await asyncio.wait_for(self._finished.get(), self.timeout)
        except asyncio.TimeoutError:
            status = "timeout"
        except Exception:
            status = "closed"
        run.seconds = time.perf_counter() - start
        run.status = status
        self._run = None
        if status == "closed":
            self._finished.put_nowait("closed")
        return run


_TRIGGER = object()
