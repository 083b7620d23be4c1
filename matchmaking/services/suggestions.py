"""Free-slot suggestions during the day: "Casa Eau is free at 14:20, table T07, 0.92 fit —
request this slot?".

A suggestion is a counterpart among someone's best fits who is free, allowed, not yet met
and taking requests, with a meeting slot in the next hours where both are free and a table
is free too. Participants see their own on their home page and request that exact slot in
one click (the other side still has to say yes); organisers see the same for a walk-in, or
for someone whose counterpart did not come, and book it at the desk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from matchmaking import storage
from matchmaking.domain.timezones import from_utc_text, to_utc_text
from matchmaking.domain.vocabulary import CONFIRMED
from matchmaking.services import participant as svc
from matchmaking.services.matching import EventMatching
from matchmaking.storage import Database
from matchmaking.storage import meetings as ms

HOURS_AHEAD = 3.0  # "in the next hours": what someone can still plan for today
BEST_FITS = 20  # only among one's best fits: a free slot is no reason to meet a poor one
SHOWN = 3


@dataclass(frozen=True)
class Suggestion:
    other_id: int
    organisation: str
    kind: str
    email: str
    score: float  # the two-way fit, as recommendations show it
    slot_id: int
    start_utc: str
    end_utc: str
    table_name: str
    table_location: str


def window(db: Database, now: datetime | None = None, *, hours: float = HOURS_AHEAD,
           from_slot: int | None = None) -> tuple[str, str] | None:
    """The stretch of time suggestions look at: ``hours`` from the start of ``from_slot``
    (an organiser's choice, as for a re-plan), else from the next meeting slot to begin
    (after the evening, that is tomorrow morning's); None once the last has begun."""
    if from_slot is not None:
        start = ms.slot_start(db, from_slot)
    else:
        start = ms.next_slot_start(db, to_utc_text(now or datetime.now(timezone.utc)))
        if start is None:
            return None
    return start, to_utc_text(from_utc_text(start) + timedelta(hours=hours))


def free_slot_suggestions(db: Database, matching: EventMatching, me_id: int, *,
                          now: datetime | None = None, from_slot: int | None = None,
                          hours: float = HOURS_AHEAD, limit: int = SHOWN) -> list[Suggestion]:
    """Up to ``limit`` counterparts among ``me``'s best fits, best first, each with the
    earliest slot in the window where both are free and a table is free."""
    span = window(db, now, hours=hours, from_slot=from_slot)
    if span is None or ms.is_full(db, me_id):
        return []
    # ranked as recommendations are, with requests, meetings, marks and caps as they are now
    ranked = svc.browse_now(db, matching, me_id, svc.Filters()).items
    candidates = [c for c in ranked if c.state is None and c.mark != "no_thanks"][:BEST_FITS]
    if not candidates:
        return []
    rules = svc.request_settings(db, [c.id for c in candidates])
    places = [s for s in ms.open_slots(db, *span) if s["table_id"] is not None]
    busy = ms.busy_in(db, [s["id"] for s in places])
    mine = [s for s in places if me_id not in busy[s["id"]]]
    out = []
    for candidate in candidates:
        rule = rules.get(candidate.id, {})
        minimum = rule.get("min_request_score")
        if not rule.get("accepting_requests", True) or (
                minimum is not None and candidate.score < minimum):
            continue
        slot = next((s for s in mine if candidate.id not in busy[s["id"]]), None)
        if slot is None:
            continue
        person = svc.profile(matching, candidate.id)
        out.append(Suggestion(candidate.id, person["organisation"], person["kind"],
                              person["email"], candidate.score, slot["id"], slot["start_utc"],
                              slot["end_utc"], slot["table_name"], slot["table_location"]))
        if len(out) == limit:
            break
    return out


def book_at_the_desk(db: Database, participant_id: int, other_id: int, slot_id: int, *,
                     actor: str = "organiser") -> int:
    """An organiser books a suggestion for a walk-in (or someone whose counterpart did not
    come), having asked both: confirmed at once, at the first table free then. Raises
    SlotTaken, naming what is taken, when someone or every table got busy meanwhile."""
    table = ms.free_table(db, slot_id)
    if table is None:
        raise storage.SlotTaken(f"no table is free in slot {slot_id} any more", code="no_table")
    return storage.book_meeting(db, participant_id, other_id, slot_id, table,
                                status=CONFIRMED, source="walk_in", actor=actor)
