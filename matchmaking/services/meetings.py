"""Meeting use cases shared by the CLI and the app: requests, the organiser's scheduler,
live re-planning, meeting lists and agenda exports.

The scheduler itself (``matchmaking.scheduling``) is pure: this module turns the database
into a ``SchedulingProblem`` and the answer back into meetings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from matchmaking import storage
from matchmaking.documents.exporting import to_csv
from matchmaking.domain.settings import EventSettings
from matchmaking.domain.text import one_line
from matchmaking.domain.timezones import from_utc_text, local, to_utc_text
from matchmaking.domain.vocabulary import (ACCEPTED, CANCELLED, CONFIRMED, DECLINED,
                                           ENDED_MEETING_STATUSES, NO_SHOW, PROPOSED)
from matchmaking.scheduling.bound import upper_bound
from matchmaking.scheduling.constraints import validate_schedule
from matchmaking.scheduling.model import (PRIORITY_MUTUAL, PRIORITY_RECOMMENDED, PRIORITY_REQUESTED,
                                          Candidate, Meeting, SchedulingProblem)
from matchmaking.scheduling.replan import WalkIn, replan
from matchmaking.scheduling.solver import schedule
from matchmaking.services.matching import EventMatching, pair_scores
from matchmaking.storage import Database
from matchmaking.storage import changes
from matchmaking.storage import meetings as ms
from matchmaking.storage.schema import LIVE_MEETING_STATUSES

CANDIDATES_PER_PARTICIPANT = 40


class SchedulingError(storage.StorageError):
    pass


def _settings(db: Database) -> dict[str, Any]:
    event = storage.get_event(db)
    if event is None:
        raise storage.StorageError("no event is set up: run 'matchmaking init --event FILE'")
    return event


# --- requests ------------------------------------------------------------------------------

def request_meeting(db: Database, requester_email: str, recipient_email: str, *,
                    note: str = "",
                    matching: EventMatching | Callable[[], EventMatching] | None = None,
                    slot_id: int | None = None, now: datetime | None = None
                    ) -> dict[str, Any]:
    """Request a meeting (at the time ``slot_id`` if given); a request the other side had
    already sent is accepted instead.

    ``matching`` gives the pair's fit, which a recipient's minimum fit is checked against; a
    function is called only for a recipient who set one (scoring the event takes seconds).
    """
    event = _settings(db)
    requester = storage.get_participant(db, requester_email)
    recipient = storage.get_participant(db, recipient_email)
    if callable(matching):
        matching = matching() if recipient.get("min_request_score") is not None else None
    fit = None
    if matching is not None:
        fit = float(pair_scores(matching, [(requester["id"], recipient["id"])])[0])
    request = ms.create_request(db, requester["id"], recipient["id"], note=note,
                                rules=ms.RequestRules.from_settings(event["settings"]),
                                fit_score=fit, slot_id=slot_id, now=now)
    if request["mutual"]:  # both asked: that is a yes from both sides, at the time the
        # first asked for (both were free then), else at the one picked now
        meeting = accept_request(db, request["id"], by=requester["id"], now=now,
                                 slot_id=None if request["slot_id"] else slot_id)
        return {**request, "status": ACCEPTED, "meeting_id": meeting["id"]}
    return request


# The answers, one route each for the participants' pages, the console and the CLI. ``by`` is
# the participant answering; the CLI leaves it out and answers for the side whose answer it
# is (the recipient accepts or declines, the requester withdraws).

def accept_request(db: Database, request_id: int, *, by: int | None = None,
                   slot_id: int | None = None, now: datetime | None = None,
                   actor: str | None = None) -> dict[str, Any]:
    """Accept a request: books the chosen (or the earliest common) free slot at a free
    table; returns the meeting."""
    by = ms.get_request(db, request_id)["recipient_id"] if by is None else by
    return ms.accept_request(db, request_id, by, slot_id=slot_id, now=now, actor=actor)


def decline_request(db: Database, request_id: int, *, by: int | None = None, reason: str = "",
                    now: datetime | None = None, actor: str | None = None) -> dict[str, Any]:
    by = ms.get_request(db, request_id)["recipient_id"] if by is None else by
    return ms.answer_request(db, request_id, by, DECLINED, reason=reason, now=now, actor=actor)


def withdraw_request(db: Database, request_id: int, *, by: int | None = None,
                     reason: str = "", now: datetime | None = None,
                     actor: str | None = None) -> dict[str, Any]:
    by = ms.get_request(db, request_id)["requester_id"] if by is None else by
    return ms.answer_request(db, request_id, by, CANCELLED, reason=reason, now=now, actor=actor)


def accept_proposal(db: Database, meeting_id: int, *, by: int,
                    now: datetime | None = None) -> dict[str, Any]:
    """One side's yes to a proposed meeting; with both yeses it is confirmed."""
    return ms.accept_proposal(db, meeting_id, by, now=now)


def set_meeting_status(db: Database, meeting_id: int, status: str, *, by: int | None = None,
                       reason: str = "", now: datetime | None = None,
                       actor: str | None = None) -> dict[str, Any]:
    """Confirm, cancel, decline (a proposal), complete or mark a no-show, as the vocabulary's
    transitions allow: ``by`` one of its sides, or None for the organiser."""
    return ms.set_meeting_status(db, meeting_id, status, by=by, reason=reason, now=now,
                                 actor=actor)


def propose_new_time(db: Database, meeting_id: int, *, by: int, slot_id: int, note: str = "",
                     now: datetime | None = None) -> dict[str, Any]:
    """Either side of a confirmed meeting proposes another slot; nothing moves yet."""
    return changes.propose_time(db, meeting_id, by, slot_id, note=note, now=now)


def answer_new_time(db: Database, change_id: int, *, by: int, accept: bool, reason: str = "",
                    now: datetime | None = None) -> dict[str, Any]:
    """The other side accepts (the meeting moves, if both are still free then) or declines."""
    return changes.answer_time(db, change_id, by, accept=accept, reason=reason, now=now)


def withdraw_new_time(db: Database, change_id: int, *, by: int,
                      now: datetime | None = None) -> dict[str, Any]:
    return changes.withdraw_time(db, change_id, by, now=now)


RequestRefused = ms.RequestRefused  # the rules' refusals, raised through these answers


# --- the scheduler -----------------------------------------------------------------------------

@dataclass
class ProblemContext:
    problem: SchedulingProblem
    replaced_proposals: list[int]  # unlocked, unaccepted proposals a new run replaces
    kinds: dict[int, str]


def _oriented(kinds: dict[int, str], a: int, b: int) -> tuple[int, int]:
    """(start-up, other) order for the scheduler."""
    return (a, b) if kinds.get(a) == "startup" else (b, a)


def build_problem(db: Database, matching: EventMatching, *, slots_after: str | None = None,
                  keep_proposals: bool = False, all_pairs_for: Iterable[int] = ()
                  ) -> ProblemContext:
    """The scheduling problem of the event as it stands. Candidates are everyone's best
    counterparts and the pairs people asked for; for ``all_pairs_for`` (the people a
    re-plan is for), every counterpart they may meet."""
    event = _settings(db)
    settings = EventSettings.from_dict(event["settings"])
    people = storage.list_participants(db)
    kinds = {p["id"]: p["kind"] for p in people}
    startups = tuple(p["id"] for p in people if p["kind"] == "startup")
    others = tuple(p["id"] for p in people if p["kind"] != "startup")
    slots = [s for s in storage.list_slots(db, kind="meeting")
             if slots_after is None or s["start_utc"] >= slots_after]
    tables = tuple(t["id"] for t in storage.list_tables(db) if t["active"])

    # Candidates: everyone's best counterparts, plus every pair someone asked for.
    pairs: dict[tuple[int, int], int] = {}
    for person in people:
        for c in matching.result.candidates(person["id"])[:CANDIDATES_PER_PARTICIPANT]:
            pairs.setdefault(_oriented(kinds, c.participant, c.other), PRIORITY_RECOMMENDED)
    for pid in set(all_pairs_for) & set(kinds):
        for other in kinds:
            if other != pid:
                pairs.setdefault(_oriented(kinds, pid, other), PRIORITY_RECOMMENDED)
    must: dict[tuple[int, int], set[int]] = {}
    no_thanks: set[tuple[int, int]] = set()
    for mark in storage.list_preferences(db):
        key = _oriented(kinds, mark["participant_id"], mark["target_id"])
        if mark["mark"] == "must_meet":
            must.setdefault(key, set()).add(mark["participant_id"])
        elif mark["mark"] == "no_thanks":
            no_thanks.add(key)
    for key, who in must.items():
        pairs[key] = PRIORITY_MUTUAL if len(who) == 2 else PRIORITY_REQUESTED
    asked_by = {key: set(who) for key, who in must.items()}
    for requester, recipient in storage.pending_request_pairs(db):
        key = _oriented(kinds, requester, recipient)
        pairs[key] = max(pairs.get(key, 0), PRIORITY_REQUESTED)
        asked_by.setdefault(key, set()).add(requester)
    # Someone who did not consent to be listed is never proposed to anyone they did not ask
    # for themselves: the other side would see their name, reasons and, once published,
    # their contacts.
    private = {p["id"] for p in people if not p["consent"]}
    pairs = {k: v for k, v in pairs.items()
             if all(p not in private or p in asked_by.get(k, ()) for p in k)}
    allowed = {tuple(p) for p in matching.settings.allowed_pairs}
    pairs = {k: v for k, v in pairs.items() if k not in no_thanks and k[0] in kinds
             and k[1] in kinds and ((kinds[k[0]], kinds[k[1]]) in allowed
                                    or (kinds[k[1]], kinds[k[0]]) in allowed)
             and kinds[k[0]] == "startup"}
    keys = list(pairs)
    scores = pair_scores(matching, keys)
    candidates = {k: Candidate(float(min(max(s, 0.0), 1.0)), pairs[k])
                  for k, s in zip(keys, scores)}

    meetings = storage.all_meetings(db)
    replaced = [m["id"] for m in meetings if m["status"] == PROPOSED and not m["locked"]
                and not (m["a_accepted"] or m["b_accepted"]) and not keep_proposals]
    slot_ids = {s["id"] for s in slots}
    fixed, held, forbidden = [], {}, set()
    for m in meetings:
        key = _oriented(kinds, m["participant_a"], m["participant_b"])
        if m["status"] in LIVE_MEETING_STATUSES and m["id"] not in replaced:
            if m["slot_id"] in slot_ids:
                fixed.append(Meeting(key[0], key[1], m["slot_id"], m["table_id"]))
            else:  # earlier in the event: counts toward caps and fairness
                for p in key:
                    held[p] = held.get(p, 0) + 1
            forbidden.add(key)
        elif m["status"] in ENDED_MEETING_STATUSES and not m["superseded"]:
            forbidden.add(key)  # someone said no, or it did not happen: don't propose again
    forbidden -= {(f.startup, f.other) for f in fixed}
    unavailable = storage.unavailable_slots(db)
    problem = SchedulingProblem(
        startups=startups, others=others, slots=tuple(s["id"] for s in slots),
        tables=tables, candidates=candidates,
        slot_day={s["id"]: s["day"] for s in slots},
        unavailable=frozenset(u for u in unavailable if u[1] in slot_ids),
        max_meetings={p["id"]: p["max_meetings"] for p in people
                      if p["max_meetings"] is not None},
        default_max_meetings=settings.max_meetings_default,
        other_cap=settings.investor_cap,
        fixed=tuple(fixed), forbidden_pairs=frozenset(forbidden),
        min_per_startup=settings.min_meetings_per_startup,
        held=held)
    return ProblemContext(problem, replaced, kinds)


def _write_meetings(db: Database, meetings: Iterable[Meeting], *, status: str, run_id: int,
                    source: str, now: str) -> tuple[list[int], list[dict[str, Any]]]:
    """The run's meetings that are still valid at commit time, and those left out, why."""
    return ms.place_meetings(db, [(m.startup, m.other, m.slot, m.table) for m in meetings],
                             status=status, source=source, now=now, run_id=run_id)


def run_scheduler(db: Database, matching: EventMatching, *, time_limit: float = 10.0,
                  seed: int = 0, actor: str = "organiser", dry_run: bool = False,
                  progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Propose meetings for the remaining capacity; accepted and locked meetings stay.

    Per the event setting ``scheduler_publishes``, proposals wait for both sides' yes
    (double opt-in, the default) or are published as confirmed meetings.

    ``progress`` is told each step as it starts ("solve", "bound", "write"); it may raise to
    stop the run, which then writes nothing (every step it sees comes before the commit).
    """
    step = progress or (lambda name: None)
    event = _settings(db)
    context = build_problem(db, matching)
    step("solve")
    result = schedule(context.problem, time_limit=time_limit, seed=seed)
    violations = validate_schedule(context.problem, result.all_meetings)
    if violations:  # never write a schedule that breaks a rule
        raise SchedulingError("the scheduler produced an invalid schedule: "
                              + "; ".join(v.message for v in violations[:3]))
    report = dict(result.report, meetings_added=len(result.meetings),
                  proposals_replaced=len(context.replaced_proposals),
                  valid=True, dry_run=dry_run)
    # Fairness comes first, so the total is best judged against schedules at least as fair:
    # the plain bound's extra is the price of fairness, not a shortfall of the solver.
    step("bound")
    try:
        fair = upper_bound(context.problem, at_fairness=report["startups_reaching"],
                           time_limit=max(1.0, time_limit / 2)).value
        report["bound_at_fairness"] = round(fair, 6)
        report["gap_at_fairness"] = round((fair - report["objective"]) / fair, 6) if fair else 0.0
    except RuntimeError:  # HiGHS did not finish in time: the plain bound stands alone
        report["bound_at_fairness"] = None
    if dry_run:
        return report
    status = CONFIRMED if EventSettings.from_dict(event["settings"]).scheduler_publishes \
        else PROPOSED
    now = storage.utc_now()
    step("write")
    # The solve worked on a snapshot; the commit re-reads under the write lock and keeps
    # only what is still valid: an answer given meanwhile wins over the run.
    with storage.write_transaction(db):
        run_id = ms.insert_run(db, "schedule", report, actor)
        unanswered = ms.still_unanswered(db, context.replaced_proposals)
        for meeting_id in unanswered:
            storage.change_status(db, meeting_id, CANCELLED, now=now, only_from=(PROPOSED,),
                                  reason=f"replaced by scheduler run {run_id}", superseded=True)
        written, skipped = _write_meetings(db, result.meetings, status=status, run_id=run_id,
                                           source="scheduler", now=now)
        report.update(meetings_added=len(written), meetings_skipped=skipped,
                      proposals_replaced=len(unanswered),
                      proposals_answered_meanwhile=len(context.replaced_proposals)
                      - len(unanswered))
        ms.update_run_report(db, run_id, report)
        storage.audit(db, actor, "scheduler.published", "scheduler_run", run_id,
                      {"meetings": len(written), "skipped": len(skipped), "status": status})
    report["run_id"] = run_id
    report["status_of_new_meetings"] = status
    return report


# --- live re-planning --------------------------------------------------------------------------

def current_slot(db: Database, now: datetime) -> dict[str, Any]:
    """The meeting slot under way at ``now`` (or the last one started)."""
    now_text = to_utc_text(now)
    started = [s for s in storage.list_slots(db, kind="meeting") if s["start_utc"] <= now_text]
    if not started:
        raise SchedulingError("the event has not started yet: use the scheduler instead")
    return started[-1]


def _losing_a_meeting(db: Database, slot: dict[str, Any], no_shows: Iterable[str],
                      cancelled: Iterable[int]) -> set[int]:
    """Who a re-plan is for: the people of the cancelled meetings, and those meeting a
    no-show later that day."""
    absent = {storage.get_participant(db, e)["id"] for e in no_shows}
    wanted = set(cancelled)
    later = {s["id"] for s in storage.list_slots(db, kind="meeting")
             if s["day"] == slot["day"] and s["start_utc"] >= slot["start_utc"]}
    out: set[int] = set()
    for m in storage.all_meetings(db):
        later_today = m["status"] in LIVE_MEETING_STATUSES and m["slot_id"] in later
        pair = {m["participant_a"], m["participant_b"]}
        if m["id"] in wanted or (later_today and pair & absent):
            out |= pair
    return out - absent


def replan_now(db: Database, matching: EventMatching, *, now: datetime,
               no_shows: Iterable[str] = (), cancelled: Iterable[int] = (),
               walk_ins: Iterable[str] = (), time_limit: float = 5.0, seed: int = 0,
               actor: str = "organiser", progress: Callable[[str], None] | None = None
               ) -> dict[str, Any]:
    """Re-plan the rest of the day after no-shows, cancellations and walk-ins, moving no
    meeting that stays: only freed or new capacity is filled. Says what changed.

    ``progress`` is told each step ("solve", "write") and may raise to stop the re-plan
    before anything is written, as in ``run_scheduler``."""
    step = progress or (lambda name: None)
    event = _settings(db)
    slot = current_slot(db, now)
    context = build_problem(db, matching, keep_proposals=True,
                            all_pairs_for=_losing_a_meeting(db, slot, no_shows, cancelled))
    problem = context.problem
    kinds = context.kinds
    absent = [storage.get_participant(db, e)["id"] for e in no_shows]
    rows = {m["id"]: m for m in storage.all_meetings(db)}
    cancel_rows = [rows[i] for i in cancelled if i in rows]
    missing = [i for i in cancelled if i not in rows]
    if missing:
        raise storage.NotFound(f"no meeting {missing[0]}")

    def as_meeting(row: dict[str, Any]) -> Meeting:
        a, b = _oriented(kinds, row["participant_a"], row["participant_b"])
        return Meeting(a, b, row["slot_id"], row["table_id"])

    # Walk-ins are registered on site (imported like everyone): they are taken out of the
    # problem and come back as walk-ins, so the re-plan looks for meetings for them.
    walk_in_items = []
    for email in walk_ins:
        person = storage.get_participant(db, email)
        others = {c.other: Candidate(min(max(c.score, 0.0), 1.0), PRIORITY_RECOMMENDED)
                  for c in matching.result.candidates(person["id"])[:CANDIDATES_PER_PARTICIPANT]
                  if c.other in kinds and person["consent"]}  # see build_problem
        walk_in_items.append(WalkIn(person["id"], person["kind"] == "startup", others,
                                    person["max_meetings"]))
    arriving = {w.participant for w in walk_in_items}
    if arriving:
        if any(arriving & set(m.people) for m in problem.fixed):
            raise SchedulingError("a walk-in already has meetings: re-plan without --walk-in")
        problem = problem.with_changes(
            startups=tuple(p for p in problem.startups if p not in arriving),
            others=tuple(p for p in problem.others if p not in arriving),
            candidates={k: v for k, v in problem.candidates.items()
                        if not arriving & set(k)})
    # meetings cancelled a moment ago are no longer live: put them back as the schedule
    # being changed, so that their people count as affected and get re-planned
    current = list(problem.fixed) + [as_meeting(r) for r in cancel_rows
                                     if r["status"] not in LIVE_MEETING_STATUSES]
    step("solve")
    result = replan(problem, current, now_slot=slot["id"],
                    cancelled=[as_meeting(r) for r in cancel_rows], no_shows=absent,
                    walk_ins=walk_in_items, time_limit=time_limit, seed=seed,
                    tentative=[as_meeting(r) for r in rows.values()
                               if r["status"] == PROPOSED])
    by_key = {(*_oriented(kinds, r["participant_a"], r["participant_b"]), r["slot_id"],
               r["table_id"]): r for r in rows.values()
              if r["status"] in LIVE_MEETING_STATUSES}
    status = CONFIRMED if EventSettings.from_dict(event["settings"]).scheduler_publishes \
        else PROPOSED
    report = dict(result.report, meetings_added=len(result.added))
    now_text = storage.utc_now()
    removed = []
    step("write")
    with storage.write_transaction(db):
        run_id = ms.insert_run(db, "replan", report, actor)
        for meeting, reason in result.removed:
            row = by_key.get((meeting.startup, meeting.other, meeting.slot, meeting.table))
            if row is None:
                continue
            new_status = NO_SHOW if row["slot_id"] == slot["id"] and any(
                p in absent for p in meeting.people) else CANCELLED
            # re-read under the lock: a meeting answered or ended since the snapshot is left
            # as people made it
            if storage.change_status(db, row["id"], new_status, reason=reason, now=now_text,
                                     only_from=(row["status"],),
                                     superseded=new_status == CANCELLED) != row["status"]:
                continue
            removed.append({"meeting": row["id"], "status": new_status, "reason": reason})
        # the no-shows' meeting of the current slot did not take place either
        for row in rows.values():
            if row["slot_id"] == slot["id"] and row["status"] in (CONFIRMED, PROPOSED) and \
                    (row["participant_a"] in absent or row["participant_b"] in absent):
                if storage.change_status(db, row["id"], NO_SHOW, reason="no-show",
                                         now=now_text, only_from=(CONFIRMED, PROPOSED)) \
                        not in (CONFIRMED, PROPOSED):
                    continue
                removed.append({"meeting": row["id"], "status": NO_SHOW,
                                "reason": "did not show up"})
        added, skipped = _write_meetings(db, result.added, status=status, run_id=run_id,
                                         source="walk_in" if walk_in_items else "scheduler",
                                         now=now_text)
        report.update(meetings_added=len(added), meetings_skipped=skipped)
        ms.update_run_report(db, run_id, report)
        storage.audit(db, actor, "scheduler.replanned", "scheduler_run", run_id,
                      {"added": added, "removed": removed})
    return {"run_id": run_id, "slot": slot["id"], "added": added, "removed": removed,
            "unfilled": result.report["unfilled"], "report": report}


# --- meetings, agendas -------------------------------------------------------------------------

def meetings_list(db: Database, email: str | None = None, *, live_only: bool = False
                  ) -> list[dict[str, Any]]:
    """Meetings with local start and end (ISO 8601 with offset), table and both sides."""
    event = _settings(db)
    who = storage.get_participant(db, email)["id"] if email else None
    out = []
    for m in ms.meetings_view(db, who, live_only=live_only):
        out.append({
            "id": m["id"], "status": m["status"], "source": m["source"],
            "locked": bool(m["locked"]),
            "start": local(m["start_utc"], event["timezone"]).isoformat(),
            "end": local(m["end_utc"], event["timezone"]).isoformat(),
            "table": m["table_name"], "location": m["table_location"],
            "participants": [m["a_email"], m["b_email"]],
            "organisations": [m["a_organisation"], m["b_organisation"]],
        })
    return out


def agenda_ics(db: Database, email: str | None = None, *, meeting_id: int | None = None
               ) -> bytes:
    """An iCalendar file of the meetings (one participant's, or all). Times in UTC; each
    meeting keeps one UID (its id and the event's own random id, never its name), so
    importing a newer export updates entries instead of adding copies; a meeting declined,
    cancelled or missed is sent as cancelled, with a higher SEQUENCE, so the stale entry
    leaves the calendar."""
    from icalendar import Calendar, Event

    event = _settings(db)
    who = storage.get_participant(db, email) if email else None
    calendar = Calendar()
    calendar.add("prodid", "-//matchmaking//smart-city start-up village//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", one_line(f"{event['name']} — {who['organisation']}" if who
                                           else event["name"]))
    domain = f"{event['uid']}.matchmaking"
    for m in ms.meetings_view(db, who["id"] if who else None):
        if meeting_id is not None and m["id"] != meeting_id:  # one meeting's (an e-mail's)
            continue
        item = Event()
        item.add("uid", f"meeting-{m['id']}@{domain}")
        item.add("dtstamp", from_utc_text(m["updated_at"]))
        item.add("dtstart", from_utc_text(m["start_utc"]))
        item.add("dtend", from_utc_text(m["end_utc"]))
        # SEQUENCE grows with every change, so calendars take the newest version
        changed = from_utc_text(m["updated_at"]) - from_utc_text(m["created_at"])
        item.add("sequence", int(changed.total_seconds()))
        if who:
            other = m["b_organisation"] if m["a_id"] == who["id"] else m["a_organisation"]
            item.add("summary", one_line(f"Meeting: {other}"))
        else:
            item.add("summary", one_line(f"Meeting: {m['a_organisation']} — "
                                          f"{m['b_organisation']}"))
        item.add("location", one_line(", ".join(x for x in (
            f"Table {m['table_name']}", m["table_location"], event["venue"]) if x)))
        item.add("status", {PROPOSED: "TENTATIVE", CANCELLED: "CANCELLED", DECLINED: "CANCELLED",
                            NO_SHOW: "CANCELLED"}.get(m["status"], "CONFIRMED"))
        item.add("description", one_line(f"{m['a_organisation']} ({m['a_kind']}) and "
                                          f"{m['b_organisation']} ({m['b_kind']}). "
                                          f"Status: {m['status']}."))
        calendar.add_component(item)
    return calendar.to_ical()


AGENDA_COLUMNS = ["day", "start", "end", "table", "location", "status", "organisation_a",
                  "email_a", "organisation_b", "email_b", "meeting_id"]


def agenda_csv(db: Database, email: str | None = None) -> str:
    """The agenda as CSV (local times), every cell safe to open in a spreadsheet."""
    event = _settings(db)
    who = storage.get_participant(db, email)["id"] if email else None
    rows = []
    for m in ms.meetings_view(db, who):
        start, end = local(m["start_utc"], event["timezone"]), local(m["end_utc"],
                                                                     event["timezone"])
        rows.append({"day": m["day"], "start": f"{start:%H:%M}", "end": f"{end:%H:%M}",
                     "table": m["table_name"], "location": m["table_location"],
                     "status": m["status"], "organisation_a": m["a_organisation"],
                     "email_a": m["a_email"], "organisation_b": m["b_organisation"],
                     "email_b": m["b_email"], "meeting_id": m["id"]})
    return to_csv(rows, AGENDA_COLUMNS)
