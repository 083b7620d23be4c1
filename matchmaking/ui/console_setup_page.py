"""Event set-up: days, opening hours, breaks and slot length; tables and meeting points;
the rules of the event (who may meet whom, double opt-in, limits, interpreters)."""

from __future__ import annotations

from datetime import date, time

import pandas as pd
import streamlit as st

from matchmaking.domain.event import InvalidEvent
from matchmaking.domain.settings import EventSettings, InvalidSetting
from matchmaking.services import console as osv
from matchmaking.services import event as services
from matchmaking.ui import session
from matchmaking.ui.common import database, plain
from matchmaking.ui.console_common import show_error
from matchmaking.ui.i18n import t
from matchmaking.ui.settings_form import settings_controls

session.require("organiser")
st.title(t("o.setup.title"))

with database() as db:
    event = services.get_event(db)
    meeting_count = osv.meeting_count(db)
    tables = osv.table_rows(db)
    slots = services.list_slots(db, kind="meeting")
if event is None:
    st.info(t("event.no_event"))
    st.stop()

days_tab, tables_tab, rules_tab = st.tabs([t("o.setup.tab.days"), t("o.setup.tab.tables"),
                                           t("o.setup.tab.rules")])

# --- days, hours, breaks, slot length ------------------------------------------------------
with days_tab:
    if meeting_count:
        st.warning(t("o.setup.slots_locked", count=meeting_count), icon=":material/lock:")
    st.caption(" · ".join(t("o.setup.day_slots", day=d, count=sum(s["day"] == d for s in slots))
                          for d in sorted({s["day"] for s in slots})) or t("o.setup.no_slots"))
    with st.form("o.setup.event"):
        name = st.text_input(t("o.setup.name"), event["name"])
        left, middle, right = st.columns([2, 1, 1])
        venue = left.text_input(t("o.setup.venue"), event["venue"])
        city = middle.text_input(t("o.setup.city"), event["city"])
        minutes = right.number_input(t("o.setup.slot_minutes"), min_value=5, max_value=240,
                                     value=int(event["slot_minutes"]), step=5)
        st.caption(t("o.setup.days_help"))
        days_frame = pd.DataFrame(
            [{"date": date.fromisoformat(d["date"]), "opens": time.fromisoformat(d["opens"]),
              "closes": time.fromisoformat(d["closes"]),
              "breaks": osv.breaks_text(d["breaks"])} for d in event["days"]],
            columns=["date", "opens", "closes", "breaks"])
        edited = st.data_editor(
            days_frame, key="o.setup.days", num_rows="dynamic", hide_index=True,
            width="stretch",
            column_config={
                "date": st.column_config.DateColumn(t("o.setup.col.date"), required=True,
                                                    format="YYYY-MM-DD"),
                "opens": st.column_config.TimeColumn(t("o.setup.col.opens"), required=True,
                                                     format="HH:mm", step=300),
                "closes": st.column_config.TimeColumn(t("o.setup.col.closes"), required=True,
                                                      format="HH:mm", step=300),
                "breaks": st.column_config.TextColumn(t("o.setup.col.breaks"), width="large"),
            })
        save_event = st.form_submit_button(t("o.setup.save_event"), type="primary")
    if save_event:
        try:
            days = []
            for row in edited.to_dict("records"):
                if pd.isna(row["date"]) or pd.isna(row["opens"]) or pd.isna(row["closes"]):
                    continue
                day = pd.Timestamp(row["date"]).date().isoformat()
                days.append({"date": day, "opens": row["opens"].strftime("%H:%M"),
                             "closes": row["closes"].strftime("%H:%M"),
                             "breaks": osv.parse_breaks("" if pd.isna(row["breaks"])
                                                        else str(row["breaks"]), where=day)})
            with database() as db:
                config = osv.save_event_setup(db, name=name, venue=venue, city=city,
                                              slot_minutes=int(minutes),
                                              days=sorted(days, key=lambda d: d["date"]))
                count = len(services.list_slots(db, kind="meeting"))
            st.success(t("o.setup.event_saved", days=len(config.days), slots=count))
        except InvalidEvent as error:
            st.error(t("o.setup.invalid", error=plain(error)))
        except services.StorageError as error:
            st.error(t("o.setup.refused", error=plain(error)), icon=":material/lock:")

# --- tables and meeting points ---------------------------------------------------------------
with tables_tab:
    st.caption(t("o.setup.tables_count", active=sum(bool(x["active"]) for x in tables),
                 total=len(tables)))
    with st.form("o.setup.add_tables"):
        names = st.text_input(t("o.setup.table_names"), placeholder="T31..T40",
                              help=t("o.setup.table_names_help"))
        left, right = st.columns(2)
        capacity = left.number_input(t("o.setup.capacity"), min_value=2, max_value=50, value=2)
        location = right.text_input(t("o.setup.location"))
        add = st.form_submit_button(t("o.setup.add_tables"))
    if add:
        try:
            wanted = osv.expand_table_names(names)
            if not wanted:
                raise ValueError(t("o.setup.no_table_names"))
            with database() as db:
                created, existing = osv.add_tables(db, wanted, capacity=int(capacity),
                                                   location=location)
            if created:
                st.success(t("o.setup.tables_added", count=len(created),
                             first=plain(created[0]), last=plain(created[-1])))
            if existing:
                st.info(t("o.setup.tables_existed", names=plain(", ".join(existing[:20]))))
            with database() as db:
                tables = osv.table_rows(db)
        except ValueError as error:
            st.error(plain(error))
        except services.StorageError as error:
            show_error(error)

    st.caption(t("o.setup.tables_edit_help"))
    frame = pd.DataFrame([{"name": x["name"], "capacity": x["capacity"],
                           "location": x["location"], "active": bool(x["active"]),
                           "live": x["live_meetings"]} for x in tables],
                         index=[x["id"] for x in tables],
                         columns=["name", "capacity", "location", "active", "live"])
    edited_tables = st.data_editor(
        frame, key=f"o.setup.tables.{len(tables)}", hide_index=True, width="stretch",
        disabled=["live"], height=min(38 + 35 * len(tables), 420),
        column_config={
            "name": st.column_config.TextColumn(t("o.setup.col.table"), required=True),
            "capacity": st.column_config.NumberColumn(t("o.setup.capacity"), min_value=2,
                                                      max_value=50, step=1),
            "location": st.column_config.TextColumn(t("o.setup.location")),
            "active": st.column_config.CheckboxColumn(t("o.setup.col.active")),
            "live": st.column_config.NumberColumn(t("o.setup.col.live")),
        })
    if st.button(t("o.setup.save_tables")):
        changed, problems = 0, []
        with database() as db:
            for table_id, row in edited_tables.iterrows():
                before = frame.loc[table_id]
                if all(before[c] == row[c] for c in ("name", "capacity", "location", "active")):
                    continue
                try:
                    changed += bool(osv.update_table(
                        db, int(table_id), name=str(row["name"]), capacity=int(row["capacity"]),
                        location=str(row["location"] or ""), active=bool(row["active"])))
                except services.StorageError as error:
                    problems.append(plain(f"{before['name']}: {error}"))
        if changed:
            st.success(t("o.setup.tables_saved", count=changed))
        for problem in problems:
            st.error(problem)
        if not changed and not problems:
            st.info(t("o.setup.nothing_changed"))

# --- the rules of the event -------------------------------------------------------------------
with rules_tab:
    with st.form("o.setup.rules"):
        edited = settings_controls(EventSettings.from_dict(event["settings"]))
        save_rules = st.form_submit_button(t("o.setup.save_rules"), type="primary")
    if save_rules:
        try:
            with database() as db:
                changed = osv.save_settings(db, edited)
        except InvalidSetting as error:  # nothing was written
            st.error(t("o.setup.no_pairs") if error.key == "allowed_pairs" and
                     not edited["allowed_pairs"] else str(error))
            st.stop()
        if changed:
            st.success(t("o.setup.rules_saved", keys=", ".join(changed)))
        else:
            st.info(t("o.setup.nothing_changed"))
