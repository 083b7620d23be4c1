"""Check-in at the desk: scan a badge (a USB scanner types its link; or a camera picture of
it) to check its holder in at once, or find a participant, mark them arrived for the day (or
undo it), see who is expected but not here yet (the likely no-shows for the re-plan), and
find a walk-in, or someone whose counterpart did not come, a good meeting free from the slot
under way."""

from __future__ import annotations

import streamlit as st

from matchmaking.domain.analytics import LIVE, slot_time
from matchmaking.domain.paths import database_path
from matchmaking.domain.timezones import local
from matchmaking.services import badges
from matchmaking.services import console as osv
from matchmaking.services import event as services
from matchmaking.services import suggestions
from matchmaking.ui import cache, session
from matchmaking.ui.common import database, plain
from matchmaking.ui.console_common import error_text, event_and_days, kind_label, show_error
from matchmaking.ui.i18n import t

session.require("organiser")
state = st.session_state
st.title(t("o.checkin.title"))

event, days = event_and_days()
zone = event["timezone"]
today = osv.local_now_day(zone)
day = st.segmented_control(t("o.grid.day"), days, default=today if today in days else days[0],
                           key="o.checkin.day", required=True) or days[0]

with database() as db:
    here = osv.arrivals(db, day)
    first: dict[int, tuple[str, str]] = {}
    for m in osv.meeting_rows(db, day=day):
        if m["status"] in LIVE:
            for pid in (m["participant_a"], m["participant_b"]):
                first.setdefault(pid, (slot_time(m["start_utc"], zone), m["table_name"]))
    people = {p["id"]: p for p in osv.participant_rows(db) if p["active"]}
arrived = {pid for pid, _ in here}
expected = [pid for pid in first if pid in people]
columns = st.columns(3)
columns[0].metric(t("o.checkin.expected"), len(expected))
columns[1].metric(t("o.checkin.arrived"), len(arrived))
columns[2].metric(t("o.checkin.missing"), sum(pid not in arrived for pid in expected))

if "o.checkin.flash" in state:
    st.success(state.pop("o.checkin.flash"), icon=":material/how_to_reg:")


def _book(person_id: int, other_id: int, slot_id: int, names: str) -> None:
    try:
        with database() as db:
            suggestions.book_at_the_desk(db, person_id, other_id, slot_id)
        state["o.checkin.flash"] = t("o.checkin.booked", names=plain(names))
    except services.StorageError as error:
        state["o.checkin.flash_error"] = str(error)


def free_now(person: dict) -> None:
    """Who this walk-in (or someone whose counterpart did not come) could meet from the slot
    under way: the participants' own free-slot suggestions, booked here at once."""
    start = st.selectbox(t("o.checkin.from"), list(by_id),
                         index=osv.suggested_slot(day_slots, osv.now()),
                         format_func=lambda i: slot_time(by_id[i]["start_utc"], zone),
                         key=f"o.checkin.from.{day}.{person['id']}")
    with database() as db:
        found = suggestions.free_slot_suggestions(db, cache.event_matching(), person["id"],
                                                  from_slot=start, limit=5)
    if not found:
        st.caption(t("o.checkin.free_none"))
    for s in found:
        line, button = st.columns([4, 1], vertical_alignment="center")
        line.markdown(t("o.checkin.free_line", organisation=plain(s.organisation),
                        kind=kind_label(s.kind), time=slot_time(s.start_utc, zone),
                        table=plain(s.table_name), score=s.score))
        button.button(t("o.checkin.book"), key=f"o.checkin.book.{person['id']}.{s.other_id}",
                      type="primary", on_click=_book,
                      args=(person["id"], s.other_id, s.slot_id,
                            f"{person['organisation']} — {s.organisation}"))


# --- a badge scanned: checked in at once -----------------------------------------------------
# A USB scanner types the badge's link followed by Enter into the focused field; the field is
# emptied after each scan so the next badge can follow at once.


def _scanned(text: str) -> None:
    if not text.strip():
        return
    try:
        with database() as db:
            done = badges.check_in_scan(db, database_path(), text, day)
    except services.StorageError as error:
        state["o.checkin.scan_result"] = ("error", error_text(error))
        return
    person = done.participant
    values = {"name": plain(person["contact_name"] or person["email"]),
              "organisation": plain(person["organisation"]), "kind": kind_label(person["kind"])}
    if done.already:
        values["at"] = f"{local(done.since, zone):%H:%M}" if done.since else "?"
    lines = [t("o.checkin.scanned_again" if done.already else "o.checkin.scanned", **values)]
    nxt = done.next_meeting
    lines.append(t("o.checkin.scan_next", time=nxt["time"], table=plain(nxt["table"]),
                   other=plain(nxt["with"])) if nxt else t("o.checkin.scan_no_next"))
    state["o.checkin.scan_result"] = ("warning" if done.already else "success",
                                      "  \n".join(lines))


def _scan_typed() -> None:
    text = state.get("o.checkin.scan", "")
    state["o.checkin.scan"] = ""
    _scanned(text)


st.text_input(t("o.checkin.scan"), key="o.checkin.scan", on_change=_scan_typed,
              help=t("o.checkin.scan_help"), placeholder="http://…/signin?code=…")
with st.expander(t("o.checkin.camera"), icon=":material/photo_camera:"):
    picture = st.camera_input(t("o.checkin.camera"), key="o.checkin.camera",
                              label_visibility="collapsed")
    if picture is not None and state.get("o.checkin.camera_seen") != picture.file_id:
        state["o.checkin.camera_seen"] = picture.file_id  # each picture checks in once
        found = badges.decode_qr(picture.getvalue())
        if found:
            _scanned(found[0])
        else:
            state["o.checkin.scan_result"] = ("error", t("o.checkin.camera_none"))
        st.rerun()  # the counts above include the new arrival
if "o.checkin.scan_result" in state:
    kind, message = state.pop("o.checkin.scan_result")
    {"success": st.success, "warning": st.warning, "error": st.error}[kind](
        message, icon={"success": ":material/how_to_reg:", "warning": ":material/info:",
                       "error": ":material/error:"}[kind])

with database() as db:
    day_slots = osv.day_slots(db, day)
by_id = {s["id"]: s for s in day_slots}
if "o.checkin.flash_error" in state:
    st.error(plain(state.pop("o.checkin.flash_error")))
search = st.text_input(t("o.checkin.search"), placeholder=t("o.checkin.search_hint"),
                       key="o.checkin.search")
if search:
    needle = search.casefold()
    matches = [p for p in people.values() if needle in p["organisation"].casefold()
               or needle in (p["contact_name"] or "").casefold()
               or needle in p["email"].casefold()]
    matches.sort(key=lambda p: p["organisation"].casefold())
    if not matches:
        st.caption(t("o.checkin.nobody"))
    for p in matches[:25]:
        with st.container(border=True):
            left, middle, right = st.columns([3, 2, 1])
            left.text(f"{p['organisation']} ({kind_label(p['kind'])})")
            left.caption(plain(p["contact_name"] or p["email"]))
            when = first.get(p["id"])
            middle.caption(t("o.checkin.first", time=when[0], table=plain(when[1])) if when
                           else t("o.checkin.no_meeting"))
            is_here = p["id"] in arrived
            if is_here:
                since = local(here[(p["id"], day)], zone)
                middle.caption(t("o.checkin.here_since", at=f"{since:%H:%M}"))
            if st.toggle(t("o.checkin.free"), key=f"o.checkin.free.{p['id']}",
                         help=t("o.checkin.free_help")):
                free_now(p)
            if right.button(t("o.checkin.undo") if is_here else t("o.checkin.arrive"),
                            key=f"o.checkin.{day}.{p['id']}",
                            type="secondary" if is_here else "primary"):
                try:
                    with database() as db:
                        osv.set_arrival(db, p["id"], day, not is_here)
                    key = "o.checkin.undone" if is_here else "o.checkin.done"
                    state["o.checkin.flash"] = t(key, name=plain(p["organisation"]))
                    st.rerun()
                except services.StorageError as error:
                    show_error(error)
    if len(matches) > 25:
        st.caption(t("o.checkin.more", count=len(matches) - 25))

st.subheader(t("o.checkin.not_here"))
waiting = sorted((first[pid][0], people[pid]["organisation"], pid) for pid in expected
                 if pid not in arrived)
st.dataframe([{t("o.grid.time"): when, t("o.reg.col.organisation"): name,
               t("common.kind"): kind_label(people[pid]["kind"]),
               t("o.grid.table"): first[pid][1]} for when, name, pid in waiting],
             hide_index=True, width="stretch", height=min(38 + 35 * max(len(waiting), 1), 420))
