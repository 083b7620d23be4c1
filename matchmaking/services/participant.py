"""The participant's use cases: browse recommendations, request and answer meetings, the
agenda, the profile, availability and feedback. The pages are thin over these.

Nothing here imports streamlit, and SQLite is reached only through the storage modules.
Messages are returned as text keys with values (``Outcome``), so each page says them in
the participant's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cache
from typing import Any, Literal

import numpy as np

from matchmaking import storage
from matchmaking.domain import formats
from matchmaking.domain.countries import REGIONS, display_country, regions_of
from matchmaking.domain.profiles import CANONICAL_FIELDS, validate_record
from matchmaking.domain.settings import EventSettings
from matchmaking.domain.taxonomy import STAGE_LABELS, STAGES, default_taxonomy
from matchmaking.domain.text import fold
from matchmaking.domain.timezones import local, to_utc_text
from matchmaking.domain.vocabulary import (ACCEPTED, CONFIRMED, DECLINED, LIVE_MEETING_STATUSES,
                                           PENDING, PROPOSED)
from matchmaking.matching.embedding import EMBEDDED_FIELDS, Encoder, ModelUnavailable, Progress
# re-exported: the pages name languages and format amounts through this module
from matchmaking.matching.explain import LANGUAGE_NAMES, money, money_range  # noqa: F401
from matchmaking.matching.scoring import MatchingSettings, components, two_way
from matchmaking.services import meetings
from matchmaking.services.matching import (EmbedReport, EventMatching, explain_pair,
                                           refresh_embeddings)
from matchmaking.storage import Database, changes
from matchmaking.storage import meetings as ms
from matchmaking.storage import participants as ps

FOLLOW_UPS: tuple[str, ...] = ("none", "call", "second_meeting", "investment", "pilot")
Show = Literal["recommended", "shortlist", "must_meet", "no_thanks"]


def now_utc_text(now: datetime | None = None) -> str:
    return to_utc_text(now or datetime.now(timezone.utc))


# --- what a page says: a text key and its values ------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    """The result of an action, to be said with ``t(key, **values)``. Values named
    ``organisation`` are user text (escape before markdown); ``status`` and ``rstatus`` are
    meeting and request status codes."""

    ok: bool
    key: str
    values: dict[str, Any] = field(default_factory=dict)


# The English messages of RequestRefused / SlotTaken, mapped to text keys, so a refusal is
# said in the participant's language (anything unknown is shown as it is).
def refusal(error: Exception) -> Outcome:
    """A refusal from the rules as an outcome the page says in the participant's language:
    ``p.refused.<code>`` with the error's values (the English message only when the error
    has no code)."""
    code = getattr(error, "code", None)
    if code:
        return Outcome(False, f"p.refused.{code}", dict(getattr(error, "values", {})))
    return Outcome(False, "p.refused.other", {"message": str(error)})


# --- labels -------------------------------------------------------------------------------------

_REGION_LABELS = {"AFRICA": {"en": "Africa", "fr": "Afrique", "ar": "أفريقيا"},
                  "MENA": {"en": "MENA", "fr": "Afrique du Nord et Moyen-Orient",
                           "ar": "الشرق الأوسط وشمال أفريقيا"},
                  "EUROPE": {"en": "Europe", "fr": "Europe", "ar": "أوروبا"},
                  "GLOBAL": {"en": "Global", "fr": "Monde", "ar": "العالم"}}


@cache
def _french_country_names() -> Any:
    import gettext

    import pycountry

    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    except OSError:
        return gettext.NullTranslations()


@cache
def country_label(code: str, lang: str = "en") -> str:
    if code in _REGION_LABELS:
        return _REGION_LABELS[code].get(lang, _REGION_LABELS[code]["en"])
    if lang == "ar":  # CLDR's Arabic country names (pycountry has no Arabic catalogue)
        return formats.locale("ar").territories.get(code.upper()) or display_country(code)
    name = display_country(code)
    return _french_country_names().gettext(name) if lang == "fr" else name


def language_label(code: str, lang: str = "en") -> str:
    if lang == "ar":
        return formats.locale("ar").languages.get(code) or code
    return LANGUAGE_NAMES.get(code, {}).get("fr" if lang == "fr" else "en", code)


def stage_label(code: str, lang: str = "en") -> str:
    labels = STAGE_LABELS.get(code, {})
    return labels.get(lang) or labels.get("en", code)


def amount_range(low: int | None, high: int | None, lang: str = "en",
                 currency: str = "EUR") -> str:
    """``150 k €–400 k €`` as ``lang`` writes amounts; empty when neither is known."""
    return formats.amount_range(low, high, lang, currency)


def slot_label(start_utc: str, end_utc: str, tz: str, lang: str = "en") -> str:
    """``Wed 5 Jun 09:30–09:50`` (``mer. 5 juin``, ``الأربعاء 5 يونيو``) in the event's
    local time."""
    return formats.slot_span(local(start_utc, tz), local(end_utc, tz), lang)


def moment_label(utc_text: str | None, tz: str, lang: str = "en") -> str:
    """``Wed 5 Jun 09:30`` in the event's local time."""
    if not utc_text:
        return ""
    return formats.moment_short(local(utc_text, tz), lang)


def day_label(iso_date: str, lang: str = "en") -> str:
    """``Wed 5 Jun``, ``mer. 5 juin``, ``الأربعاء 5 يونيو``."""
    return formats.day_short(iso_date, lang)


def interface_language_order(db: Database) -> tuple[str, ...]:
    """The event's interface languages by preference (``interface_language_order``)."""
    event = storage.get_event(db)
    return EventSettings.from_dict(event["settings"] if event else None).interface_language_order


def interface_language(db: Database, spoken: Any) -> str:
    """The language a participant's pages open in: the first of the event's order they
    speak."""
    return formats.preferred_language(spoken, interface_language_order(db))


def interface_language_of(db: Database, participant_id: int) -> str:
    """The language participant ``participant_id``'s pages open in (their profile's
    languages, by the event's order)."""
    try:
        spoken = ps.get_participant_by_id(db, participant_id).get("languages")
    except storage.NotFound:
        spoken = ()
    return interface_language(db, spoken)


# --- recommendations ----------------------------------------------------------------------------

def counterpart_kinds(settings: MatchingSettings, kind: str) -> list[str]:
    """The kinds a participant of ``kind`` may meet at this event."""
    out: list[str] = []
    for a, b in settings.allowed_pairs:
        for mine, theirs in ((a, b), (b, a)):
            if mine == kind and theirs not in out:
                out.append(theirs)
    return out


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    sector: str | None = None  # a sector or a thematic axis
    stage: str | None = None
    country: str | None = None
    language: str | None = None
    search: str = ""
    show: Show = "recommended"


@dataclass(frozen=True)
class Counterpart:
    id: int
    score: float  # two-way
    fit_for_you: float
    fit_for_them: float
    mark: str | None  # my mark on them
    state: str | None  # request_sent / request_received / meeting_proposed / meeting_booked


@dataclass
class Browse:
    eligible: int  # everybody this participant may meet
    items: list[Counterpart]  # after filters, best first


@dataclass
class _Directory:
    """Per scored event: what filtering needs, computed once (not per page view)."""

    index: dict[int, int]
    search: list[str]  # folded organisation, city, texts and sector labels
    sectors: list[frozenset[str]]  # each profile's sectors and their thematic axes


def _directory(matching: EventMatching) -> _Directory:
    """The scored event's directory, built on first use and kept on the event itself (two
    sessions building it at once build the same thing; the last one is kept)."""
    held = matching.derived.get("directory")
    if held is not None:
        return held
    taxonomy = default_taxonomy()
    search, sectors = [], []
    for p in matching.profiles:
        codes = p.get("sectors") or []
        labels = " ".join(f"{taxonomy.label(c, 'en')} {taxonomy.label(c, 'fr')}" for c in codes)
        search.append(fold(" ".join(str(p.get(k) or "") for k in (
            "organisation", "city", "about", "looking_for", "offering", "portfolio"))
                           + " " + labels))
        sectors.append(frozenset(codes) | {a for c in codes for a in taxonomy.axes_of(c)})
    directory = matching.derived["directory"] = _Directory(matching.features.index(), search,
                                                           sectors)
    return directory


def eligible_counterparts(matching: EventMatching, me_id: int
                          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Rows of everybody ``me`` may meet, with two-way score, fit for me, fit for them:
    the same components, weights and hard filters as the event's scoring."""
    features = matching.features
    directory = _directory(matching)
    i = directory.index[me_id]
    kinds = counterpart_kinds(matching.settings, str(features.kinds[i]))
    mask = features.listed & np.isin(features.kinds, kinds) & \
        (features.organisations != features.organisations[i])
    mask[i] = False
    rows = np.flatnonzero(mask)
    if not len(rows):
        empty = np.zeros(0, np.float32)
        return rows, empty, empty, empty
    me = np.full(len(rows), i)
    parts = components(features, me, rows, outer=False)
    score, forward, backward = two_way(features, me, rows, parts, matching.weights.weights,
                                       outer=False)
    if not matching.settings.interpreters:
        keep = parts["languages_ok"]
        rows, score, forward, backward = rows[keep], score[keep], forward[keep], backward[keep]
    return rows, score, forward, backward


def browse(matching: EventMatching, me_id: int, filters: Filters, *,
           marks: Mapping[int, str], declined_me: Iterable[int] = (),
           states: Mapping[int, str] | None = None) -> Browse:
    """Everybody ``me`` may meet, ranked by two-way score less the counterpart's congestion
    price (as the event's lists are: nobody is everybody's first choice beyond what they
    can take), after the filters and the marks made since the event was scored (who said
    "no thanks" to me is never shown)."""
    directory = _directory(matching)
    if me_id not in directory.index:
        return Browse(0, [])
    rows, score, forward, backward = eligible_counterparts(matching, me_id)
    hidden = set(declined_me)
    states = states or {}
    query = fold(filters.search) if filters.search.strip() else ""
    # a country also matches those active in a region it is in (Africa, MENA, Global...)
    countries = ({filters.country} | (regions_of(filters.country) if filters.country not in
                                      _REGION_LABELS else set())) if filters.country else set()
    items = []
    rank: dict[int, float] = {}
    my_kind = str(matching.features.kinds[directory.index[me_id]])
    prices = (matching.result.prices or {}).get(my_kind)
    eligible = 0
    for row, s, f, b in zip(rows.tolist(), score.tolist(), forward.tolist(), backward.tolist()):
        person = matching.profiles[row]
        pid = person["id"]
        if pid in hidden:
            continue
        eligible += 1
        mark = marks.get(pid)
        if filters.show == "recommended" and mark == "no_thanks":
            continue
        if filters.show != "recommended" and mark != filters.show:
            continue
        if filters.kind and person["kind"] != filters.kind:
            continue
        if filters.sector and filters.sector not in directory.sectors[row]:
            continue
        if filters.stage and filters.stage not in (person.get("stages") or []):
            continue
        if countries and not countries & set(person.get("country") or []):
            continue
        if filters.language and filters.language not in (person.get("languages") or []):
            continue
        if query and query not in directory.search[row]:
            continue
        items.append(Counterpart(pid, round(s, 4), round(f, 4), round(b, 4), mark,
                                 states.get(pid)))
        rank[pid] = s - (float(prices[row]) if prices is not None else 0.0)
    items.sort(key=lambda c: (-rank[c.id], c.id))
    return Browse(eligible, items)


def browse_now(db: Database, matching: EventMatching, me_id: int, filters: Filters) -> Browse:
    """``browse`` with the marks, refusals, requests and meetings the database holds now."""
    return browse(matching, me_id, filters, marks=ps.marks_by(db, me_id),
                  declined_me=ps.declined_by_others(db, me_id),
                  states=counterpart_states(db, me_id))


def profile(matching: EventMatching, participant_id: int) -> dict[str, Any]:
    """A scored participant's profile (as the event was scored)."""
    return matching.profiles[_directory(matching).index[participant_id]]


@dataclass
class FilterOptions:
    kinds: list[str]
    sectors: list[str]  # thematic axes first, then sectors, as taxonomy codes
    stages: list[str]
    countries: list[str]
    languages: list[str]


def filter_options(matching: EventMatching, me_id: int) -> FilterOptions:
    """The values worth offering in the filters: those the eligible counterparts have."""
    directory = _directory(matching)
    if me_id not in directory.index:
        return FilterOptions([], [], [], [], [])
    rows = eligible_counterparts(matching, me_id)[0]
    people = [matching.profiles[r] for r in rows.tolist()]
    taxonomy = default_taxonomy()
    codes = {c for r in rows.tolist() for c in directory.sectors[r]}
    axes = [a.code for a in taxonomy.axes if a.code in codes]
    sectors = [c for c in taxonomy.sectors if c in codes and c not in axes]
    me = matching.profiles[directory.index[me_id]]
    return FilterOptions(
        kinds=[k for k in counterpart_kinds(matching.settings, me["kind"])
               if any(p["kind"] == k for p in people)],
        sectors=axes + sectors,
        stages=[s for s in STAGES if any(s in (p.get("stages") or []) for p in people)],
        countries=sorted({c for p in people for c in p.get("country") or []}),
        languages=sorted({c for p in people for c in p.get("languages") or []}))


def counterpart_states(db: Database, me_id: int) -> dict[int, str]:
    """other -> request_sent / request_received / meeting_proposed / meeting_booked / full
    (their agreed meetings reached their cap), as the database says now (the cached scores
    do not change on requests and meetings)."""
    states = {other: "request_sent" if direction == "out" else "request_received"
              for other, direction in ps.pending_counterparts(db, me_id).items()}
    for other, status in ps.live_counterparts(db, me_id).items():
        states[other] = "meeting_proposed" if status == PROPOSED else "meeting_booked"
    for other in ms.full_participants(db):  # no new request can be sent or accepted
        states.setdefault(other, "full")
    return states


MAX_EXPLANATIONS_KEPT = 50_000  # pairs (about 2 kB each)


def why(matching: EventMatching | None, me_id: int, other_id: int) -> dict[str, Any] | None:
    """Score and reasons (EN/FR) of a pair, or None if one of them is not scored. Read
    only: the same dictionary is handed to everyone who asks."""
    if matching is None:
        return None
    index = _directory(matching).index
    if me_id not in index or other_id not in index:
        return None
    # Kept on the scored event (immutable: a change makes a new one): every render of a
    # page explains the same cards again, and explaining is most of a page's cost.
    explained = matching.derived.setdefault("explanations", {})
    found = explained.get((me_id, other_id))
    if found is None:
        if len(explained) >= MAX_EXPLANATIONS_KEPT:
            explained.clear()
        found = explained[(me_id, other_id)] = explain_pair(matching, me_id, other_id)
    return found


def request_settings(db: Database, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """id -> whether they take requests now, and from what fit (not part of the scores, so
    read fresh rather than from the cached event)."""
    return ps.request_settings_of(db, list(ids))


def set_mark(db: Database, me_id: int, other_id: int, mark: str | None) -> None:
    storage.set_preference(db, me_id, other_id, mark, actor=f"participant:{me_id}")


def request_meeting(db: Database, me_email: str, other_email: str, *, note: str = "",
                    matching: EventMatching | None = None, slot_id: int | None = None,
                    now: datetime | None = None) -> Outcome:
    try:
        result = meetings.request_meeting(db, me_email, other_email, note=note,
                                          matching=matching, slot_id=slot_id, now=now)
    except (ms.RequestRefused, storage.SlotTaken) as error:
        return refusal(error)
    if result["status"] == ACCEPTED:
        return Outcome(True, "p.req.mutual")
    return Outcome(True, "p.req.already_sent" if result.get("retry") else "p.req.sent")


# --- requests and proposals ---------------------------------------------------------------------

@dataclass
class Requests:
    inbox: list[dict[str, Any]]  # pending, to me
    outbox: list[dict[str, Any]]  # pending, from me
    history: list[dict[str, Any]]  # answered, withdrawn, expired
    proposals: list[dict[str, Any]]  # the organisers' suggested meetings


def requests_overview(db: Database, me_id: int, now: datetime | None = None) -> Requests:
    ms.expire_requests(db, now_utc_text(now))
    rows = ms.requests_of(db, me_id)
    pending = [r for r in rows if r["status"] == PENDING]
    return Requests(inbox=[r for r in pending if r["direction"] == "in"],
                    outbox=[r for r in pending if r["direction"] == "out"],
                    history=[r for r in rows if r["status"] != PENDING],
                    proposals=ps.proposals_of(db, me_id))


def free_slots(db: Database, request: Mapping[str, Any], now: datetime | None = None
               ) -> list[dict[str, Any]]:
    """The slots an accepted request could take: both free, a table free (and, during the
    event, not yet begun)."""
    now_text = now_utc_text(now)
    after = now_text if ms.event_is_live(db, now_text) else None
    return ms.common_free_slots(db, request["requester_id"], request["recipient_id"],
                                after=after)


def accept_request(db: Database, me_id: int, request_id: int, slot_id: int | None = None,
                   now: datetime | None = None) -> Outcome:
    try:
        meeting = meetings.accept_request(db, request_id, by=me_id, slot_id=slot_id, now=now)
    except (ms.RequestRefused, storage.SlotTaken) as error:
        return refusal(error)
    return Outcome(True, "p.req.accepted", {"meeting": meeting["id"]})


def decline_request(db: Database, me_id: int, request_id: int, reason: str = "",
                    now: datetime | None = None) -> Outcome:
    try:
        meetings.decline_request(db, request_id, by=me_id, reason=reason, now=now)
    except ms.RequestRefused as error:
        return refusal(error)
    return Outcome(True, "p.req.declined")


def withdraw_request(db: Database, me_id: int, request_id: int, now: datetime | None = None
                     ) -> Outcome:
    try:
        meetings.withdraw_request(db, request_id, by=me_id, now=now)
    except ms.RequestRefused as error:
        return refusal(error)
    return Outcome(True, "p.req.withdrawn")


def accept_proposal(db: Database, me_id: int, meeting_id: int) -> Outcome:
    try:
        meeting = meetings.accept_proposal(db, meeting_id, by=me_id)
    except ms.RequestRefused as error:
        return refusal(error)
    return Outcome(True, "p.prop.confirmed" if meeting["status"] == CONFIRMED
                   else "p.prop.waiting")


def decline_proposal(db: Database, me_id: int, meeting_id: int, reason: str = "") -> Outcome:
    try:
        meetings.set_meeting_status(db, meeting_id, DECLINED, by=me_id, reason=reason)
    except ms.RequestRefused as error:
        return refusal(error)
    return Outcome(True, "p.prop.declined")


# --- another time for a confirmed meeting -------------------------------------------------------

def times_to_propose(db: Database, me_id: int, meeting_id: int, now: datetime | None = None
                     ) -> list[dict[str, Any]]:
    """Where one of my confirmed meetings could move: both free, a table free."""
    meeting = storage.row_by_id(db, "meetings", meeting_id)
    if me_id not in (meeting["participant_a"], meeting["participant_b"]):
        return []
    return changes.times_for(db, meeting, now_utc_text(now))


def propose_new_time(db: Database, me_id: int, meeting_id: int, slot_id: int, note: str = "",
                     now: datetime | None = None) -> Outcome:
    try:
        meetings.propose_new_time(db, meeting_id, by=me_id, slot_id=slot_id, note=note,
                                  now=now)
    except (ms.RequestRefused, storage.SlotTaken) as error:
        return refusal(error)
    return Outcome(True, "p.move.sent")


def answer_new_time(db: Database, me_id: int, change_id: int, accept: bool, reason: str = "",
                    now: datetime | None = None) -> Outcome:
    try:
        meetings.answer_new_time(db, change_id, by=me_id, accept=accept, reason=reason,
                                 now=now)
    except (ms.RequestRefused, storage.SlotTaken) as error:
        return refusal(error)
    return Outcome(True, "p.move.moved" if accept else "p.move.declined")


def withdraw_new_time(db: Database, me_id: int, change_id: int) -> Outcome:
    try:
        meetings.withdraw_new_time(db, change_id, by=me_id)
    except ms.RequestRefused as error:
        return refusal(error)
    return Outcome(True, "p.move.withdrawn")


# --- agenda -------------------------------------------------------------------------------------

@dataclass
class AgendaItem:
    meeting_id: int
    day: str
    start: datetime  # local
    end: datetime
    table: str
    location: str
    status: str
    source: str
    reason: str
    other_id: int
    other_organisation: str
    other_kind: str
    contact: dict[str, str] | None  # only once the meeting is confirmed
    new_time: dict[str, Any] | None = None  # another time proposed, waiting for an answer


def _other(row: Mapping[str, Any], me_id: int) -> tuple[int, str, str]:
    side = "b" if row["a_id"] == me_id else "a"
    return row[f"{side}_id"], row[f"{side}_organisation"], row[f"{side}_kind"]


def agenda(db: Database, me_id: int, tz: str) -> tuple[list[AgendaItem], list[AgendaItem]]:
    """(live meetings in time order, meetings called off) with local times; the other
    side's contact details only where the meeting is confirmed."""
    live, off = [], []
    proposed = changes.waiting_changes(db, me_id)
    for row in ms.meetings_view(db, me_id):
        other_id, organisation, kind = _other(row, me_id)
        item = AgendaItem(row["id"], row["day"], local(row["start_utc"], tz),
                          local(row["end_utc"], tz), row["table_name"], row["table_location"],
                          row["status"], row["source"], row["reason"], other_id, organisation,
                          kind, None)
        if row["status"] in LIVE_MEETING_STATUSES:
            item.contact = ms.contact_details(db, me_id, other_id)
            item.new_time = proposed.get(row["id"])
            live.append(item)
        elif row["status"] != DECLINED:
            off.append(item)
    return live, off


def agenda_ics(db: Database, me_email: str) -> bytes:
    return meetings.agenda_ics(db, me_email)


def calendar_feed_url(db: Database, me_email: str, base_url: str) -> str | None:
    """The participant's own calendar-feed address (``serve.py`` serves it), or None when
    the event has no access-code secret yet (no links were made)."""
    from matchmaking.services import event as services

    path = storage.database_file(db)
    try:
        token = services.calendar_token_of(db, path, me_email) if path else None
    except (storage.StorageError, StopIteration):
        return None
    if token is None:
        return None
    return f"{base_url.rstrip('/')}/calendar/{token}.ics"


# --- availability -------------------------------------------------------------------------------

@dataclass
class SlotView:
    id: int
    day: str
    start: datetime  # local
    end: datetime
    kind: str  # meeting / break
    label: str
    blocked: bool
    meeting_with: str | None  # the organisation of my live meeting in this slot


def availability(db: Database, me_id: int, tz: str) -> dict[str, list[SlotView]]:
    """Each day's slots (breaks included), with what I blocked and my meetings."""
    blocked = ps.blocked_slots(db, me_id)
    busy = {}
    for row in ms.meetings_view(db, me_id, live_only=True):
        busy[row["slot_id"]] = _other(row, me_id)[1]
    days: dict[str, list[SlotView]] = {}
    for slot in storage.list_slots(db):
        days.setdefault(slot["day"], []).append(SlotView(
            slot["id"], slot["day"], local(slot["start_utc"], tz), local(slot["end_utc"], tz),
            slot["kind"], slot["label"], slot["id"] in blocked, busy.get(slot["id"])))
    return days


def save_availability(db: Database, me_id: int, blocked: set[int], tz: str
                      ) -> tuple[bool, list[SlotView]]:
    """Save the blocked meeting slots (written only if they changed). Returns (changed,
    blocked slots that already hold one of my meetings: to be sorted out)."""
    slots = {s.id: s for day in availability(db, me_id, tz).values() for s in day}
    wanted = {s for s in blocked if s in slots and slots[s].kind == "meeting"}
    changed = wanted != ps.blocked_slots(db, me_id)
    if changed:
        ms.set_availability(db, me_id, wanted)
    return changed, [slots[s] for s in sorted(wanted, key=lambda s: slots[s].start)
                     if slots[s].meeting_with]


# --- feedback -----------------------------------------------------------------------------------

def feedback_items(db: Database, me_id: int, tz: str, now: datetime | None = None
                   ) -> list[tuple[AgendaItem, dict[str, Any] | None]]:
    """My meetings that have begun (or were marked no-show), each with my feedback so far."""
    now_text = now_utc_text(now)
    given = ps.feedback_of(db, me_id)
    out = []
    for row in ms.meetings_view(db, me_id):
        if row["status"] not in ps.FEEDBACK_STATUSES or row["start_utc"] > now_text:
            continue
        other_id, organisation, kind = _other(row, me_id)
        item = AgendaItem(row["id"], row["day"], local(row["start_utc"], tz),
                          local(row["end_utc"], tz), row["table_name"], row["table_location"],
                          row["status"], row["source"], row["reason"], other_id, organisation,
                          kind, None)
        out.append((item, given.get(row["id"])))
    return out


def save_feedback(db: Database, me_id: int, meeting_id: int, *, rating: int | None,
                  took_place: bool | None, follow_up: str, comment: str) -> Outcome:
    if follow_up not in FOLLOW_UPS:
        raise ValueError(f"unknown follow-up {follow_up!r}")
    try:
        ps.save_feedback(db, meeting_id, me_id, rating=rating, took_place=took_place,
                         follow_up=follow_up, comment=comment)
    except storage.StorageError as error:
        return refusal(error)
    return Outcome(True, "p.fb.saved")


# --- profile ------------------------------------------------------------------------------------

def my_profile(db: Database, me_id: int) -> dict[str, Any]:
    """The participant's stored profile, request settings included (read fresh)."""
    return ps.get_participant_by_id(db, me_id)


@dataclass
class ProfileCheck:
    values: dict[str, Any]  # the editable columns, normalised as an import would
    problems: dict[str, list[str]]  # column -> messages
    warnings: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_profile(person: Mapping[str, Any], form: Mapping[str, Any]) -> ProfileCheck:
    """Validate the edited fields with the import's rules (``profiles.validate_record``),
    the fields not on the form keeping their stored values."""
    raw = {c: person.get(c) for c in CANONICAL_FIELDS}
    raw.update({k: v for k, v in form.items() if k in ps.EDITABLE_COLUMNS})
    participant, problems, warnings = validate_record(raw)
    by_column: dict[str, list[str]] = {}
    for problem in problems:
        by_column.setdefault(problem.column, []).append(problem.message)
    values = {c: getattr(participant, c) for c in ps.EDITABLE_COLUMNS} if not problems else {}
    return ProfileCheck(values, by_column, warnings)


@dataclass
class SaveReport:
    changed: list[str]
    embedded: EmbedReport | None = None
    embed_error: str | None = None


def save_profile(db: Database, me_id: int, check: ProfileCheck, *,
                 encoder: Callable[[], Encoder] | None = None,
                 progress: Progress | None = None) -> SaveReport:
    """Write what changed; if a text that is embedded changed, embed the changed texts only
    (a model that cannot load leaves the profile saved, to be embedded later)."""
    if not check.ok:
        raise ValueError("a profile with problems is not saved")
    changed = ps.update_profile(db, me_id, check.values)
    report = SaveReport(changed)
    if encoder is not None and set(changed) & set(EMBEDDED_FIELDS):
        try:
            report.embedded = refresh_embeddings(db, encoder(), progress=progress)
        except ModelUnavailable as error:
            report.embed_error = str(error)
    return report


def save_request_settings(db: Database, me_id: int, *, accepting: bool,
                          min_score: float | None) -> bool:
    return ps.set_request_settings(db, me_id, accepting=accepting, min_score=min_score)


@cache
def all_country_codes() -> tuple[str, ...]:
    """Every ISO country code, and the regions investors name (Africa, MENA, ...)."""
    import pycountry

    return (*sorted(set(REGIONS.values())), *sorted(c.alpha_2 for c in pycountry.countries))
