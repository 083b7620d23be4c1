"""Every page of the app, listed once: its script, title, icon, place in the navigation and
who may open it. ``app.py`` builds the navigation from here, and the tests and benchmarks
walk the same list, so a new page is one entry here plus its script.

Navigation alone is not a permission: each script also calls ``session.require`` with the
role given here (a test holds the two together).
"""

from __future__ import annotations

from dataclasses import dataclass

ANONYMOUS, PARTICIPANT, ORGANISER = "anonymous", "participant", "organiser"
SIGNED_IN = frozenset({PARTICIPANT, ORGANISER})


@dataclass(frozen=True)
class Page:
    script: str  # from the project root, as st.Page takes it
    title: str  # text key
    icon: str
    section: str  # text key of its group in the sidebar once signed in ("" for none)
    roles: frozenset[str]

    @property
    def name(self) -> str:
        """The script's name without ``_page.py``: ``recommendations``, ``console_grid``."""
        return self.script.rsplit("/", 1)[1].removesuffix("_page.py")


def _page(name: str, title: str, icon: str, section: str, *roles: str) -> Page:
    return Page(f"matchmaking/ui/{name}_page.py", title, f":material/{icon}:", section,
                frozenset(roles))


_CONSOLE, _MEETINGS, _YOU, _EVENT = ("nav.section.console", "nav.section.meetings",
                                     "nav.section.you", "nav.section.event")

# In navigation order; within a role, the first page is where its users land.
PAGES: tuple[Page, ...] = (
    _page("signin", "nav.signin", "login", "", ANONYMOUS),
    _page("console_setup", "o.nav.setup", "settings", _CONSOLE, ORGANISER),
    _page("console_registrations", "o.nav.registrations", "group_add", _CONSOLE, ORGANISER),
    _page("console_runs", "o.nav.runs", "model_training", _CONSOLE, ORGANISER),
    _page("console_grid", "o.nav.grid", "grid_view", _CONSOLE, ORGANISER),
    _page("console_checkin", "o.nav.checkin", "how_to_reg", _CONSOLE, ORGANISER),
    _page("console_analytics", "o.nav.analytics", "insights", _CONSOLE, ORGANISER),
    _page("console_mail", "o.nav.mail", "mail", _CONSOLE, ORGANISER),
    _page("console_exports", "o.nav.exports", "download", _CONSOLE, ORGANISER),
    _page("recommendations", "p.nav.recommendations", "recommend", _MEETINGS, PARTICIPANT),
    _page("requests", "p.nav.requests", "move_to_inbox", _MEETINGS, PARTICIPANT),
    _page("agenda", "p.nav.agenda", "calendar_month", _MEETINGS, PARTICIPANT),
    _page("notifications", "p.nav.notifications", "notifications", _MEETINGS, PARTICIPANT),
    _page("feedback", "p.nav.feedback", "rate_review", _MEETINGS, PARTICIPANT),
    _page("profile", "p.nav.profile", "badge", _YOU, PARTICIPANT),
    _page("availability", "p.nav.availability", "event_busy", _YOU, PARTICIPANT),
    _page("event", "nav.event", "event", _EVENT, ANONYMOUS, PARTICIPANT, ORGANISER),
    _page("participants", "nav.participants", "groups", _EVENT, ORGANISER),
    _page("matching", "nav.matching", "hub", _EVENT, ORGANISER),
)


def pages_for(role: str | None) -> list[Page]:
    """The pages someone with ``role`` (None: not signed in) sees, in order."""
    return [page for page in PAGES if (role or ANONYMOUS) in page.roles]


def page_named(name: str) -> Page:
    return next(page for page in PAGES if page.name == name)
