"""The organiser console's use cases that ``services`` and ``meetings`` do not already
offer: the event set-up from a form, uploaded registrations (checked and previewed),
participant edits, re-planning from a chosen slot with its changes described, the data of
the analytics, and the documents (PDF agendas, the post-event report).

Each function takes a database and plain values, like ``services``; pages only read
widgets, call these, and render.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from matchmaking import storage
from matchmaking.documents import reports
from matchmaking.documents.exporting import to_csv
from matchmaking.domain import analytics, formats
from matchmaking.domain.event import EventConfig, InvalidEvent, build_slots
from matchmaking.domain.importing import (DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES, ColumnChoice,
                                          InvalidRegistrations, Problem, column_choices)
from matchmaking.domain.profiles import LIST_FIELDS, validate_record
from matchmaking.domain.settings import EventSettings
from matchmaking.domain.taxonomy import Taxonomy
from matchmaking.domain.timezones import from_utc_text, local, to_utc_text
from matchmaking.domain.vocabulary import (ACCEPTED, CANCELLED, CONFIRMED, DECLINED, EXPIRED,
                                           NO_SHOW, PENDING)
from matchmaking.services import event as services
from matchmaking.services import meetings
from matchmaking.services.matching import EventMatching
from matchmaking.storage import Database
from matchmaking.storage import console as org
from matchmaking.texts import translate

ACTOR = "organiser"
INVITATION_COLUMNS = ["email", "organisation", "contact_name", "kind", "link"]


# --- reads and edits with no rule of their own ---------------------------------------------

# What the console's pages read and change with no rule beyond the one storage enforces in
# the same transaction (a move's conflicts, a swap's, a table's meetings), re-exported so that
# the pages reach storage/ only through here.
table_rows = org.table_rows
participant_rows = org.participant_rows
meeting_rows = org.meeting_rows
meeting_at = org.meeting_at
arrivals = org.arrivals
scheduler_runs = org.scheduler_runs
meeting_status_counts = org.meeting_status_counts
live_meeting_count = org.live_meeting_count
save_settings = org.save_settings
add_tables = org.add_tables
update_table = org.update_table
set_participant_active = org.set_participant_active
set_arrival = org.set_arrival
move_meeting = org.move_meeting
swap_meetings = org.swap_meetings
set_locked = org.set_locked
publish_proposals = org.publish_proposals


def meeting_count(db: Database) -> int:
    """Meetings of any status: a set-up change that would orphan them is refused."""
    return storage.count_rows(db, "meetings")


# --- event set-up ----------------------------------------------------------------------------

_BREAK = re.compile(r"^\s*(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})\s*(.*)$")


def breaks_text(breaks: Iterable[dict[str, str]]) -> str:
    """Breaks as one line of text: ``11:10-11:30 Coffee; 13:10-14:30 Lunch``."""
    return "; ".join(f"{b['start']}-{b['end']} {b.get('label', '')}".strip() for b in breaks)


def parse_breaks(text: str, where: str = "breaks") -> list[dict[str, str]]:
    """The breaks of ``breaks_text`` back as dicts; InvalidEvent says which one is wrong."""
    out = []
    for number, part in enumerate((p for p in re.split(r"[;\n]", text or "") if p.strip()), 1):
        match = _BREAK.match(part)
        if not match:
            raise InvalidEvent(f"{where}, break {number}: expected 'HH:MM-HH:MM label', got "
                               f"{part.strip()!r}")
        start, end, name = match.groups()
        out.append({"start": start.zfill(5), "end": end.zfill(5),
                    "label": name.strip() or "Break"})
    return out


def tables_spec(db: Database) -> list[dict[str, Any]]:
    """The tables as the event document lists them (in creation order, as stored)."""
    return [{"name": t["name"], "capacity": t["capacity"], "location": t["location"]}
            for t in org.table_rows(db)]


def save_event_setup(db: Database, *, name: str, venue: str, city: str, slot_minutes: int,
                     days: Sequence[dict[str, Any]], actor: str = ACTOR) -> EventConfig:
    """Save the event's name, days, opening hours, breaks and slot length (tables and
    settings stay as they are). Raises InvalidEvent for a wrong set-up, and StorageError
    when meetings already exist and the slots would change."""
    event = storage.get_event(db) or {}
    data = {"name": name, "venue": venue, "city": city,
            "timezone": event.get("timezone", "Africa/Casablanca"),
            "slot_minutes": int(slot_minutes), "days": list(days),
            "tables": tables_spec(db), "settings": event.get("settings", {})}
    dates = [d["date"] for d in days]
    if len(set(dates)) != len(dates):
        raise InvalidEvent("set-up: days: each date may appear only once")
    config = EventConfig.from_dict(data, source="set-up")
    storage.save_event(db, config, build_slots(config), actor=actor)
    return config


def expand_table_names(text: str) -> list[str]:
    """``T31..T40`` (or ``T31-T40``) → T31 … T40, keeping the digits' width; a list separated
    by commas or new lines is taken as written."""
    names: list[str] = []
    for part in re.split(r"[,\n;]", text or ""):
        part = part.strip()
        if not part:
            continue
        match = re.fullmatch(r"(.*?)(\d+)\s*(?:\.\.|-|–|to|à)\s*\1?(\d+)", part)
        if match:
            prefix, first, last = match.group(1), match.group(2), match.group(3)
            low, high = int(first), int(last)
            if high < low:
                raise ValueError(f"{part!r}: the range goes backwards")
            if high - low >= 2000:
                raise ValueError(f"{part!r}: more than 2,000 tables at once")
            width = len(first) if first.startswith("0") else 0
            names += [f"{prefix}{n:0{width}d}" for n in range(low, high + 1)]
        else:
            names.append(part)
    return list(dict.fromkeys(names))


def settings_of(event: dict[str, Any] | None) -> dict[str, Any]:
    """The event's settings with their defaults filled in, as every part of the product
    reads them (``EventSettings``)."""
    return EventSettings.from_dict((event or {}).get("settings")).to_dict()


# --- registrations ---------------------------------------------------------------------------

def problem_rows(problems: Iterable[Problem]) -> list[dict[str, Any]]:
    """Problems as table rows: the row (or record) and column they are in, and what is
    wrong; a sheet other than the only one is named with the row."""
    return [{"row": p.row, "column": p.column or "",
             "problem": (f"{p.row_label.removesuffix(', row')}: " if p.row_label.startswith(
                 "sheet ") else "") + p.message} for p in problems]


def preview_rows(result: services.ImportResult, taxonomy: Taxonomy, lang: str
                 ) -> list[dict[str, Any]]:
    """What each row of a file becomes, before anything is written."""
    def short(text: str) -> str:
        return text if len(text) <= 80 else text[:79] + "…"
    return [{"row": row, "kind": p.kind, "organisation": p.organisation, "email": p.email,
             "contact": p.contact_name, "sectors": ", ".join(taxonomy.label(c, lang)
                                                             for c in p.sectors),
             "stages": ", ".join(p.stages), "languages": ", ".join(p.languages),
             "country": ", ".join(p.country), "about": short(p.about),
             "looking for": short(p.looking_for), "offering": short(p.offering),
             "listed": p.consent}
            for p, row in zip(result.participants, result.rows)]


def import_upload(db: Database, content: bytes, name: str, *, dry_run: bool,
                  max_bytes: int = DEFAULT_MAX_BYTES, actor: str = ACTOR
                  ) -> services.ImportResult:
    """The CLI's validated import of an uploaded file: checked on the server (size, type by
    content, encoding), every problem reported, all or nothing; ``dry_run`` says what
    would change and writes nothing."""
    safe_name = Path(name or "upload").name
    suffix = Path(safe_name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InvalidRegistrations([Problem(
            safe_name, f"unsupported file type {suffix or '(none)'!r}: use .csv, .xlsx or .json")])
    if len(content) > max_bytes:
        raise InvalidRegistrations([Problem(
            safe_name, f"file is {len(content) / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB "
                       "limit")])
    with tempfile.TemporaryDirectory(prefix="matchmaking-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        return services.import_registrations(db, path, dry_run=dry_run, max_bytes=max_bytes,
                                             actor=actor, display_name=safe_name)


def upload_columns(db: Database, content: bytes, name: str) -> list[ColumnChoice]:
    """The columns of an uploaded file and the field each would fill, with the event's
    remembered choices applied."""
    return column_choices(content, Path(name or "upload").name,
                          mapping=services.column_mapping(db))


def save_column_mapping(db: Database, chosen: dict[str, str | None],
                        actor: str = ACTOR) -> list[str]:
    """Remember the organiser's choice of field for columns (None: leave out), for this
    file and the next ones; the choices of other columns are kept."""
    return org.save_settings(db, {"column_mapping": {**services.column_mapping(db), **chosen}},
                             actor=actor)


EDITABLE_FIELDS: tuple[str, ...] = (
    "kind", "organisation", "contact_name", "phone", "city", "website", "booth", "country",
    "languages", "sectors", "stages", "ticket_min", "ticket_max", "max_meetings", "consent",
    "about", "looking_for", "offering", "portfolio")


class InvalidEdit(ValueError):
    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{c}: {m}" for c, m in problems))


def as_form_values(participant: dict[str, Any]) -> dict[str, Any]:
    """A participant (as ``storage.participant_from_row`` gives it) as editable text."""
    values = {}
    for name in EDITABLE_FIELDS:
        value = participant.get(name)
        if name in LIST_FIELDS:
            value = "; ".join(value or [])
        elif name == "consent":
            value = bool(value)
        elif value is None:
            value = ""
        values[name] = value if isinstance(value, bool) else str(value)
    return values


def edit_participant(db: Database, participant_id: int, form: dict[str, Any],
                     actor: str = ACTOR) -> list[str]:
    """Validate edited fields as an import would, then save what changed (returns the
    columns). InvalidEdit lists every problem with its column."""
    current = storage.participant_from_row(org.participant_row(db, participant_id))
    raw = {**as_form_values(current), **form, "email": current["email"]}
    raw["consent"] = "yes" if raw.get("consent") in (True, "yes") else "no"
    participant, problems, _ = validate_record(raw)
    if problems:
        raise InvalidEdit([(p.column, p.message) for p in problems])
    values = {k: getattr(participant, k) for k in EDITABLE_FIELDS}
    return org.update_participant(db, participant_id, values, actor)


def invitations_csv(db: Database, secret: bytes, base_url: str, *, actor: str = ACTOR) -> str:
    """Every active participant's personal link (codes created where missing), as CSV for a
    mail merge."""
    rows = services.invitation_links(db, secret, base_url, actor=actor)
    return to_csv(rows, INVITATION_COLUMNS)


# --- the grid and re-planning -------------------------------------------------------------------

def event_days(db: Database) -> list[str]:
    return org.event_days(db)


def day_slots(db: Database, day: str) -> list[dict[str, Any]]:
    return [s for s in storage.list_slots(db, kind="meeting") if s["day"] == day]


def day_grid(db: Database, day: str) -> analytics.Grid:
    event = storage.get_event(db)
    return analytics.grid(org.meeting_rows(db, day=day), day_slots(db, day),
                          org.table_rows(db), event["timezone"])


def suggested_slot(slots: Sequence[dict[str, Any]], now: datetime) -> int:
    """Position in ``slots`` of the slot under way at ``now`` (the last one started), or 0
    when ``now`` is not within them (the demo event is in the past)."""
    text = to_utc_text(now)
    started = [k for k, s in enumerate(slots) if s["start_utc"] <= text]
    if not started or text > slots[-1]["end_utc"]:
        return 0
    return started[-1]


def _describe(rows: dict[int, dict[str, Any]], zone: str, meeting_id: int
              ) -> dict[str, Any]:
    m = rows[meeting_id]
    return {"meeting": meeting_id, "day": m["day"],
            "time": analytics.slot_time(m["start_utc"], zone),
            "table": m["table_name"], "a": m["a_organisation"], "b": m["b_organisation"],
            "status": m["status"]}


def _readable(reason: str, names: dict[int, str]) -> str:
    return re.sub(r"participant (\d+)", lambda g: names.get(int(g.group(1)), g.group(0)), reason)


def replan_from(db: Database, matching: EventMatching, slot_id: int, *,
                no_shows: Sequence[str] = (), cancelled: Sequence[int] = (),
                time_limit: float = 5.0, actor: str = ACTOR,
                progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Re-plan the rest of the day from a chosen "current slot" (the demo event is in the
    past: the organiser says what time it is). Returns what changed, described:
    ``added`` and ``removed`` meetings (with reasons in words), every freed slot left empty
    (``unfilled``: why, and the best meeting an organiser could still book by hand) and the
    solver's report."""
    slot = org.slot_row(db, slot_id)
    event = storage.get_event(db)
    now = from_utc_text(slot["start_utc"])
    result = meetings.replan_now(db, matching, now=now, no_shows=no_shows,
                                 cancelled=cancelled, time_limit=time_limit, actor=actor,
                                 progress=progress)
    names = {p["id"]: p["organisation"] for p in org.participant_rows(db)}
    rows = {m["id"]: m for m in org.meeting_rows(db)}
    zone = event["timezone"]
    added = [_describe(rows, zone, i) for i in result["added"]]
    removed = [{**_describe(rows, zone, r["meeting"]), "status": r["status"],
                "reason": _readable(r["reason"], names)} for r in result["removed"]]
    slots = {s["id"]: s for s in storage.list_slots(db)}
    tables = {t["id"]: t["name"] for t in org.table_rows(db)}

    def manual(option: dict[str, Any] | None) -> str:
        if not option:
            return ""
        return (f"{names.get(option['other'], option['other'])}, "
                f"{analytics.slot_time(slots[option['slot']]['start_utc'], zone)}, table "
                f"{tables.get(option['table'], option['table'])} (fit {option['score']:.2f})")
    unfilled = [{"who": names.get(u["participant"], str(u["participant"])),
                 "time": analytics.slot_time(slots[u["slot"]]["start_utc"], zone),
                 "reason": _readable(u["reason"], names), "suggestion": manual(u["suggestion"]),
                 "option": u["suggestion"]} for u in result["unfilled"]]
    return {"run_id": result["run_id"], "slot": slot_id,
            "time": analytics.slot_time(slot["start_utc"], zone), "day": slot["day"],
            "added": added, "removed": removed, "unfilled": unfilled,
            "report": result["report"]}


def cancelled_to_replan(db: Database, slot_id: int) -> list[int]:
    """Meetings cancelled by hand since the last scheduler run, later that day: a re-plan
    from ``slot_id`` fills their places too."""
    slot = org.slot_row(db, slot_id)
    return org.cancelled_since_last_run(db, slot["day"], slot["start_utc"])


# --- analytics ---------------------------------------------------------------------------------

def console_data(db: Database) -> dict[str, Any]:
    """Every plain row the analytics and the report are computed from."""
    return {"event": storage.get_event(db), "slots": storage.list_slots(db),
            "tables": org.table_rows(db), "participants": org.participant_rows(db),
            "meetings": org.meeting_rows(db), "requests": org.request_rows(db),
            "feedback": org.feedback_rows(db),
            "runs": org.scheduler_runs(db, limit=1, kind="schedule")}


def profile_vectors(db: Database, model: str) -> dict[int, np.ndarray]:
    """One vector per active participant: the normalised mean of their profile texts'
    sentence vectors cached for ``model``."""
    active = {p["id"] for p in storage.list_participants(db)}
    owners, blocks = [], []
    for (pid, _field), matrix in storage.load_embeddings(db, model).items():
        if pid in active and matrix.ndim == 2 and matrix.size:
            owners.append(np.full(len(matrix), pid))
            blocks.append(matrix)
    if not blocks:
        return {}
    owner = np.concatenate(owners)
    order = np.argsort(owner, kind="stable")
    owner = owner[order]
    ids, starts = np.unique(owner, return_index=True)
    sums = np.add.reduceat(np.vstack(blocks)[order].astype(np.float64), starts, axis=0)
    norms = np.linalg.norm(sums, axis=1)
    return {int(pid): (vector / norm).astype(np.float32)
            for pid, vector, norm in zip(ids, sums, norms) if norm > 0}




def _say(key: str, lang: str, **values: Any) -> str:
    return translate(f"doc.report.{key}", lang, **values)


def _percent(value: float | None, lang: str = "en") -> str:
    return "—" if value is None else formats.percent(value, lang)


def _figure(value: Any, lang: str) -> str:
    """A number of the report as ``lang`` writes it (``497,8``); "—" when there is none."""
    if value is None or isinstance(value, str):
        return value or "—"
    if isinstance(value, int) and not isinstance(value, bool):
        return formats.whole(value, lang)
    return formats.decimal(value, lang)


def report_data(data: dict[str, Any], taxonomy: Taxonomy, lang: str = "en",
                now: datetime | None = None) -> dict[str, Any]:
    """The post-event report's figures and charts, from ``console_data``."""
    now_text = to_utc_text(now or datetime.now(timezone.utc))
    event, meetings_, people = data["event"], data["meetings"], data["participants"]
    zone = event["timezone"]
    headline = analytics.summary(meetings_, people, data["tables"], data["slots"])
    per_startup_rows, fairness = analytics.per_startup(meetings_, people)
    _, requests = analytics.request_stats(data["requests"], people)
    _, no_shows = analytics.no_show_stats(meetings_, now_text)
    ratings, rated = analytics.feedback_stats(data["feedback"])
    figures = {
        _say("startups", lang): _figure(headline["startups"], lang),
        _say("investors", lang): _figure(headline["investors"], lang),
        _say("partners", lang): _figure(headline["partners"], lang),
        _say("meetings", lang): _figure(headline["meetings"], lang),
        _say(CONFIRMED, lang): _figure(headline[CONFIRMED], lang),
        _say("capacity", lang): _figure(headline["capacity"], lang),
        _say("utilisation", lang): _percent(headline["utilisation"], lang),
        _say("without", lang): _figure(fairness["without"], lang),
        _say("median", lang): _figure(fairness["median"], lang),
        _say("requests", lang): _figure(requests["total"], lang),
        _say("acceptance", lang): _percent(requests["acceptance_rate"], lang),
        _say(NO_SHOW, lang): _percent(no_shows["rate"], lang),
        _say("rating", lang): _figure(rated["mean"], lang),
    }
    charts = []
    per_slot = analytics.meetings_per_slot(meetings_, data["slots"], zone)
    for day in sorted({r["day"] for r in per_slot}):
        totals: dict[str, int] = {}
        for r in per_slot:
            if r["day"] == day and r["status"] != NO_SHOW:
                totals[r["time"]] = totals.get(r["time"], 0) + r["meetings"]
        charts.append({"title": _say("per_slot", lang, day=formats.day_name(day, lang)),
                       "labels": list(totals),
                       "values": list(totals.values())})
    charts.append({"title": _say("per_startup", lang),
                   "labels": [r["meetings"] for r in per_startup_rows],
                   "values": [r["startups"] for r in per_startup_rows]})
    axes = [r for r in analytics.by_axis(meetings_, people, taxonomy) if r["kind"] == "startup"]
    charts.append({"title": _say("by_axis", lang), "horizontal": True,
                   "labels": [analytics.axis_label(r["axis"], taxonomy, lang, _say("other", lang))
                              for r in axes],
                   "values": [r["meetings"] for r in axes]})
    sectors = analytics.by_sector(meetings_, people, taxonomy, top=12)
    charts.append({"title": _say("by_sector", lang), "horizontal": True,
                   "labels": [taxonomy.label(r["sector"], lang) for r in sectors],
                   "values": [r["participants"] for r in sectors]})
    zones = analytics.utilisation_by_location(
        analytics.table_utilisation(meetings_, data["tables"], data["slots"]))
    charts.append({"title": _say("locations", lang), "horizontal": True, "percent": True,
                   "labels": [r["location"] for r in zones],
                   "values": [r["utilisation"] for r in zones]})
    statuses = [PENDING, ACCEPTED, DECLINED, EXPIRED, CANCELLED]
    charts.append({"title": _say("request_status", lang), "horizontal": True,
                   "labels": statuses, "values": [requests[s] for s in statuses]})
    histogram, _ = analytics.requests_per_investor(data["requests"], people)
    charts.append({"title": _say("per_investor", lang),
                   "labels": [r["requests"] for r in histogram],
                   "values": [r["investors"] for r in histogram]})
    charts.append({"title": _say("ratings", lang), "labels": [r["rating"] for r in ratings],
                   "values": [r["answers"] for r in ratings]})
    by_day, _ = analytics.no_show_stats(meetings_, now_text)
    charts.append({"title": _say("no_show_day", lang), "percent": True,
                   "labels": [formats.day_short(r["day"], lang) for r in by_day],
                   "values": [r["rate"] for r in by_day]})
    notes = []
    if data.get("runs"):
        report = data["runs"][0]["report"]
        notes.append(_say(
            "run", lang,
            meetings=_figure(report.get("meetings_added", report.get("meetings")), lang),
            objective=_figure(report.get("objective"), lang),
            bound=_figure(report.get("bound"), lang),
            gap="—" if report.get("gap") is None else formats.percent(report["gap"], lang, 2)))
    return {"figures": figures, "charts": charts, "notes": notes}


# --- documents ---------------------------------------------------------------------------------

def _agenda_entries(rows: Iterable[dict[str, Any]], zone: str, who: int) -> list[dict]:
    out = []
    for m in rows:
        if m["status"] not in analytics.LIVE:
            continue
        mine_a = m["participant_a"] == who
        out.append({"day": m["day"], "start": analytics.slot_time(m["start_utc"], zone),
                    "end": analytics.slot_time(m["end_utc"], zone), "table": m["table_name"],
                    "location": m["table_location"],
                    "with": m["b_organisation"] if mine_a else m["a_organisation"],
                    "with_kind": m["b_kind"] if mine_a else m["a_kind"],
                    "status": m["status"]})
    return out


def participant_agenda_pdf(db: Database, participant_ids: Sequence[int] | None = None, *,
                           lang: str = "en") -> bytes:
    """Printable agendas: of the given participants, or of everyone with a live meeting."""
    event = storage.get_event(db)
    zone = event["timezone"]
    rows = org.meeting_rows(db)
    by_person: dict[int, list[dict]] = {}
    for m in rows:
        for pid in (m["participant_a"], m["participant_b"]):
            by_person.setdefault(pid, []).append(m)
    people = {p["id"]: p for p in sorted(storage.list_participants(db, include_inactive=True),
                                         key=lambda p: p["organisation"])}
    if participant_ids is None:
        participant_ids = [pid for pid in people if any(
            m["status"] in analytics.LIVE for m in by_person.get(pid, []))]
    agendas = [{**people[pid], "meetings": _agenda_entries(by_person.get(pid, []), zone, pid)}
               for pid in participant_ids if pid in people]
    return reports.participant_agendas(event, agendas, lang)


def table_agenda_pdf(db: Database, table_ids: Sequence[int] | None = None, *,
                     lang: str = "en") -> bytes:
    """Printable schedules of the given tables (or every active one), a page per day."""
    event = storage.get_event(db)
    zone = event["timezone"]
    tables = [t for t in org.table_rows(db)
              if (table_ids is None and t["active"]) or (table_ids and t["id"] in table_ids)]
    live = {(m["table_id"], m["slot_id"]): m for m in org.meeting_rows(db)
            if m["status"] in analytics.LIVE}
    slots = storage.list_slots(db, kind="meeting")
    out = []
    for t in tables:
        days = []
        for day in sorted({s["day"] for s in slots}):
            entries = []
            for s in (s for s in slots if s["day"] == day):
                m = live.get((t["id"], s["id"]))
                entries.append({"start": analytics.slot_time(s["start_utc"], zone),
                                "end": analytics.slot_time(s["end_utc"], zone),
                                "meeting": f"{m['a_organisation']} — {m['b_organisation']}"
                                if m else "", "status": m["status"] if m else ""})
            days.append({"day": day, "slots": entries})
        out.append({"name": t["name"], "location": t["location"], "days": days})
    return reports.table_agendas(event, out, lang)


def report_pdf(db: Database, taxonomy: Taxonomy, *, lang: str = "en",
               now: datetime | None = None) -> bytes:
    data = console_data(db)
    return reports.event_report(data["event"], report_data(data, taxonomy, lang, now), lang)


def now() -> datetime:
    return datetime.now(timezone.utc)


def local_now_day(zone: str) -> str:
    """Today's date where the event is."""
    return local(now(), zone).date().isoformat()
