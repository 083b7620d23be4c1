"""The meeting grid: tables x slots of a day, who meets whom, coloured by status. Pick a
cell (in the grid or with the selectors) to confirm, lock, cancel or mark a no-show, move
a meeting or swap two; then re-plan the rest of the day around no-shows and cancellations
and see what changed."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from matchmaking.domain.vocabulary import (CANCELLED, COMPLETED, CONFIRMED, MEETING_STATUS_COLOURS,
                                           NO_SHOW, PROPOSED)
from matchmaking.services import console as osv
from matchmaking.services import event as services
from matchmaking.services import meetings
from matchmaking.services.jobs import REPLAN
from matchmaking.ui import jobs, session
from matchmaking.ui.common import database, plain
from matchmaking.ui.console_common import (LOCK_MARK, day_grid, event_and_days, kind_labels, legend,
                                           path, show_error, slot_label, status_label, version)
from matchmaking.ui.i18n import t

session.require("organiser")
state = st.session_state
kinds = kind_labels()
st.title(t("o.grid.title"))

event, days = event_and_days()
zone = event["timezone"]
if "o.grid.flash" in state:
    kind, text = state.pop("o.grid.flash")
    (st.success if kind == "ok" else st.error)(text)

today = osv.local_now_day(zone)
day = st.segmented_control(t("o.grid.day"), days, default=today if today in days else days[0],
                           key="o.grid.day", required=True) or days[0]
grid = day_grid(path(), version(), day)

# --- the grid ---------------------------------------------------------------------------------
statuses = [s for row in grid.status for s in row]
columns = st.columns(4)
columns[0].metric(t("o.grid.filled"), f"{grid.filled} / {len(grid.tables) * len(grid.times)}")
columns[1].metric(t("status.confirmed").capitalize(), statuses.count(CONFIRMED)
                  + statuses.count(COMPLETED))
columns[2].metric(t("status.proposed").capitalize(), statuses.count(PROPOSED))
columns[3].metric(t("status.no_show").capitalize(), statuses.count(NO_SHOW))

left, right = st.columns([2, 1])
find = left.text_input(t("o.grid.find"), placeholder=t("o.grid.find_hint"), key="o.grid.find")
zones = sorted({z for z in grid.locations if z})
zone_filter = right.selectbox(t("o.grid.zone"), ["", *zones], key="o.grid.zone",
                              format_func=lambda z: z or kinds["all"])
rows = [i for i in range(len(grid.tables))
        if (not zone_filter or grid.locations[i] == zone_filter)
        and (not find or any(find.casefold() in cell.casefold() for cell in grid.text[i]))]
state["o.grid.rows"] = [grid.table_ids[i] for i in rows]
legend()

prefix = f"o.grid.{day}"


def _picked() -> None:
    """A cell clicked in the grid becomes the selected cell of the pickers below."""
    selection = state.get(f"{prefix}.cells")
    cells = selection.selection.cells if selection else []
    if not cells:
        return
    row, column = cells[0]
    visible = state.get("o.grid.rows", [])
    if 0 <= row < len(visible) and column in grid.times:
        state[f"{prefix}.a.table"] = visible[row]
        state[f"{prefix}.a.slot"] = grid.slot_ids[grid.times.index(column)]


if rows:
    text = pd.DataFrame([grid.text[i] for i in rows], columns=grid.times,
                        index=pd.Index([grid.tables[i] for i in rows], name=t("o.grid.table")))
    colours = pd.DataFrame(
        [[f"background-color: {MEETING_STATUS_COLOURS[s].cell}; color: #1f1f1f" if s else ""
          for s in grid.status[i]] for i in rows], columns=grid.times, index=text.index)
    st.dataframe(text.style.apply(lambda _: colours, axis=None), key=f"{prefix}.cells",
                 on_select=_picked, selection_mode="single-cell",
                 height=min(38 + 35 * len(rows), 640), width="stretch",
                 column_config={c: st.column_config.TextColumn(c, width="medium")
                                for c in grid.times})
else:
    st.info(t("o.grid.nothing_found"))

# --- picking cells ------------------------------------------------------------------------
slot_time = dict(zip(grid.slot_ids, grid.times))
table_name = dict(zip(grid.table_ids, grid.tables))


def cell_picker(which: str, label: str) -> tuple[int, int, dict | None]:
    left, right = st.columns(2)
    slot_id = left.selectbox(f"{label} · {t('o.grid.time')}", grid.slot_ids,
                             format_func=slot_time.get, key=f"{prefix}.{which}.slot")
    table_id = right.selectbox(f"{label} · {t('o.grid.table')}", grid.table_ids,
                               format_func=table_name.get, key=f"{prefix}.{which}.table")
    with database() as db:
        meeting = osv.meeting_at(db, slot_id, table_id)
    if meeting:
        st.caption(t("o.grid.cell", a=plain(meeting["a_organisation"]),
                     b=plain(meeting["b_organisation"]),
                     status=status_label(meeting["status"]))
                   + (f" · {LOCK_MARK} {t('o.grid.locked')}" if meeting["locked"] else ""))
    else:
        st.caption(t("o.grid.free_cell"))
    return slot_id, table_id, meeting


def done(message: str) -> None:
    state["o.grid.flash"] = ("ok", message)
    st.rerun()


if not grid.slot_ids or not grid.table_ids:
    st.stop()

st.subheader(t("o.grid.selected"))
a_slot, a_table, selected = cell_picker("a", t("o.grid.cell_a"))
meeting_tab, move_tab, replan_tab = st.tabs([t("o.grid.tab.meeting"), t("o.grid.tab.move"),
                                             t("o.grid.tab.replan")])

with meeting_tab:
    if selected is None:
        st.caption(t("o.grid.pick_meeting"))
    else:
        reason = st.text_input(t("o.grid.reason"), key=f"{prefix}.reason")
        buttons = st.columns(4)
        try:
            if selected["status"] == PROPOSED and buttons[0].button(
                    t("o.grid.confirm"), icon=":material/check:"):
                with database() as db:
                    meetings.set_meeting_status(db, selected["id"], CONFIRMED, actor="organiser")
                done(t("o.grid.confirmed"))
            locked = bool(selected["locked"])
            if buttons[1].button(t("o.grid.unlock") if locked else t("o.grid.lock"),
                                 icon=":material/lock_open:" if locked else ":material/lock:"):
                with database() as db:
                    osv.set_locked(db, selected["id"], not locked)
                done(t("o.grid.unlocked") if locked else t("o.grid.locked_done"))
            if buttons[2].button(t("o.grid.cancel"), icon=":material/event_busy:"):
                with database() as db:
                    meetings.set_meeting_status(db, selected["id"], CANCELLED,
                                          reason=reason or "cancelled by the organisers",
                                          actor="organiser")
                done(t("o.grid.cancelled"))
            if selected["status"] == CONFIRMED and buttons[3].button(
                    t("o.grid.no_show"), icon=":material/person_off:"):
                with database() as db:
                    meetings.set_meeting_status(db, selected["id"], NO_SHOW,
                                          reason=reason or "no-show", actor="organiser")
                done(t("o.grid.no_show_done"))
        except services.StorageError as error:
            show_error(error)

with move_tab:
    b_slot, b_table, target = cell_picker("b", t("o.grid.cell_b"))
    left, right = st.columns(2)
    try:
        if left.button(t("o.grid.move"), disabled=selected is None or target is not None,
                       icon=":material/open_with:"):
            with database() as db:
                osv.move_meeting(db, selected["id"], b_slot, b_table)
            done(t("o.grid.moved", time=slot_time[b_slot], table=plain(table_name[b_table])))
        if right.button(t("o.grid.swap"), disabled=selected is None or target is None,
                        icon=":material/swap_horiz:"):
            with database() as db:
                osv.swap_meetings(db, selected["id"], target["id"])
            done(t("o.grid.swapped"))
    except services.StorageError as error:
        show_error(error)

with replan_tab:
    st.caption(t("o.grid.replan_help"))
    with database() as db:
        slots = osv.day_slots(db, day)
        default = osv.suggested_slot(slots, osv.now())
        arrived = {pid for pid, _ in osv.arrivals(db, day)}
    now_slot = st.selectbox(t("o.grid.now_slot"), [s["id"] for s in slots], index=default,
                            format_func=lambda s: slot_label(next(x for x in slots
                                                                  if x["id"] == s), zone),
                            key=f"{prefix}.now")
    with database() as db:
        day_rows = osv.meeting_rows(db, day=day)
        cancelled_default = osv.cancelled_to_replan(db, now_slot)
    in_slot = [m for m in day_rows
               if m["slot_id"] == now_slot and m["status"] in (PROPOSED, CONFIRMED)]
    cancelled_rows = {m["id"]: m for m in day_rows if m["status"] == CANCELLED}
    people = {}
    for m in in_slot:
        people[m["a_email"]] = (m["participant_a"], m["a_organisation"], m["a_kind"])
        people[m["b_email"]] = (m["participant_b"], m["b_organisation"], m["b_kind"])
    missing = sorted(e for e, (pid, _, _) in people.items() if pid not in arrived)
    no_show_key = f"{prefix}.noshow.{now_slot}"

    def _select_missing() -> None:
        state[no_show_key] = missing

    no_shows = st.multiselect(t("o.grid.no_shows"), sorted(people, key=lambda e: people[e][1]),
                              key=no_show_key, placeholder=t("o.grid.no_shows_hint"),
                              format_func=lambda e: f"{people[e][1]} ({kinds[people[e][2]]})")
    if people:
        st.button(t("o.grid.select_missing", count=len(missing)), on_click=_select_missing,
                  disabled=not missing)
    cancelled = st.multiselect(
        t("o.grid.also_cancelled"), sorted(cancelled_rows), default=cancelled_default,
        key=f"{prefix}.cancelled.{now_slot}",
        format_func=lambda i: f"{slot_time.get(cancelled_rows[i]['slot_id'], '')} "
                              f"{cancelled_rows[i]['a_organisation']} ↔ "
                              f"{cancelled_rows[i]['b_organisation']}")
    limit = st.number_input(t("o.runs.time_limit"), min_value=1, max_value=120, value=5,
                            key=f"{prefix}.limit")
    if st.button(t("o.grid.replan"), type="primary", icon=":material/autorenew:"):
        # no message at the top of the page: it would move the tabs, and the browser would
        # show the first one again; the panel below says the job is under way
        jobs.submit(REPLAN, {"slot_id": now_slot, "no_shows": no_shows,
                             "called_off": cancelled, "time_limit": float(limit)})

    # the re-plan under way, seen live by every organiser session; then the last outcome
    jobs.job_panel((REPLAN,), zone, "o.grid.jobs")
    last = jobs.latest_ended(REPLAN)
    result = last["result"] if last and jobs.show_outcome(last, zone) else None
    if result:
        st.success(t("o.grid.replanned", time=result["time"], day=result["day"],
                     added=len(result["added"]), removed=len(result["removed"])))
        if result["added"]:
            st.markdown(f"**{t('o.grid.added')}**")
            st.dataframe([{t("o.grid.time"): r["time"], t("o.grid.table"): r["table"],
                           "A": r["a"], "B": r["b"],
                           t("o.grid.status"): status_label(r["status"])}
                          for r in result["added"]], hide_index=True, width="stretch")
        if result.get("unfilled"):
            st.markdown(f"**{t('o.grid.unfilled', count=len(result['unfilled']))}**")
            st.dataframe([{t("o.grid.who"): r["who"], t("o.grid.time"): r["time"],
                           t("o.grid.reason"): r["reason"],
                           t("o.grid.suggestion"): r["suggestion"]}
                          for r in result["unfilled"]], hide_index=True, width="stretch")
        if result["removed"]:
            st.markdown(f"**{t('o.grid.removed')}**")
            st.dataframe([{t("o.grid.time"): r["time"], t("o.grid.table"): r["table"],
                           "A": r["a"], "B": r["b"],
                           t("o.grid.status"): status_label(r["status"]),
                           t("o.grid.reason"): r["reason"]} for r in result["removed"]],
                         hide_index=True, width="stretch")
