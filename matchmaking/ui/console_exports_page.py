"""Exports: the meetings as CSV (safe to open in a spreadsheet) and calendars (.ics),
printable PDF agendas per participant and per table, and the post-event report. Files are
made when their button is clicked, so the page stays fast on a large event."""

from __future__ import annotations

import streamlit as st

from matchmaking.domain.taxonomy import default_taxonomy
from matchmaking.services import console as osv
from matchmaking.services import event as services
from matchmaking.services import meetings
from matchmaking.ui import session
from matchmaking.ui.common import database, plain
from matchmaking.ui.console_common import deferred, file_stem, kind_labels
from matchmaking.ui.i18n import language, t

session.require("organiser")
st.title(t("o.exports.title"))
lang = language()
kinds = kind_labels()

with database() as db:
    event = services.get_event(db)
    tables = [x for x in osv.table_rows(db) if x["active"]]
    live = osv.live_meeting_count(db)
if event is None:
    st.info(t("event.no_event"))
    st.stop()
stem = file_stem(event["name"])
st.caption(t("o.exports.intro", count=live))

# --- the whole event ------------------------------------------------------------------------
st.subheader(t("o.exports.event"))
left, middle, right = st.columns(3)
left.download_button(t("o.exports.meetings_csv"), on_click="ignore", mime="text/csv",
                     file_name=f"{stem}-meetings.csv", icon=":material/table:",
                     data=deferred(lambda db: meetings.agenda_csv(db).encode("utf-8-sig")))
middle.download_button(t("o.exports.meetings_ics"), on_click="ignore", mime="text/calendar",
                       file_name=f"{stem}-meetings.ics", icon=":material/calendar_month:",
                       data=deferred(lambda db: meetings.agenda_ics(db)))
right.download_button(t("o.exports.participants_csv"), on_click="ignore", mime="text/csv",
                      file_name=f"{stem}-participants.csv", icon=":material/groups:",
                      data=deferred(lambda db: services.export_participants(db, "csv")
                                    .encode("utf-8-sig")))
st.caption(t("o.exports.csv_safe"))

# --- one participant ------------------------------------------------------------------------
st.subheader(t("o.exports.participant"))
search = st.text_input(t("common.search"), placeholder=t("o.reg.search_hint"),
                       key="o.exports.search")
with database() as db:
    people = services.list_participants(db, search=search or None)[:200]
person = st.selectbox(t("o.exports.who"), people, index=None, key="o.exports.who",
                      placeholder=t("o.reg.pick_hint"),
                      format_func=lambda p: f"{p['organisation']} ({kinds[p['kind']]})")
if person is not None:
    name = file_stem(person["organisation"])
    left, right = st.columns(2)
    left.download_button(t("o.exports.ics"), on_click="ignore", mime="text/calendar",
                         file_name=f"{name}.ics", icon=":material/event:",
                         data=deferred(meetings.agenda_ics, person["email"]))
    right.download_button(t("o.exports.agenda_pdf"), on_click="ignore",
                          mime="application/pdf", file_name=f"{name}-agenda.pdf",
                          icon=":material/picture_as_pdf:",
                          data=deferred(osv.participant_agenda_pdf, [person["id"]], lang=lang))

# --- printable agendas ----------------------------------------------------------------------
st.subheader(t("o.exports.printable"))
st.caption(t("o.exports.printable_help"))
left, right = st.columns(2)
left.download_button(t("o.exports.all_agendas"), on_click="ignore", mime="application/pdf",
                     file_name=f"{stem}-agendas.pdf", icon=":material/picture_as_pdf:",
                     data=deferred(osv.participant_agenda_pdf, None, lang=lang))
right.download_button(t("o.exports.all_tables"), on_click="ignore", mime="application/pdf",
                      file_name=f"{stem}-tables.pdf", icon=":material/table_restaurant:",
                      data=deferred(osv.table_agenda_pdf, None, lang=lang))
if tables:
    table = st.selectbox(t("o.exports.table"), tables, key="o.exports.table",
                         format_func=lambda x: " · ".join(v for v in (x["name"], x["location"])
                                                          if v))
    st.download_button(t("o.exports.table_pdf", name=plain(table["name"])), on_click="ignore",
                       mime="application/pdf", file_name=f"table-{file_stem(table['name'])}.pdf",
                       icon=":material/picture_as_pdf:",
                       data=deferred(osv.table_agenda_pdf, [table["id"]], lang=lang))

# --- the report -----------------------------------------------------------------------------
st.subheader(t("o.exports.report"))
st.caption(t("o.exports.report_help"))
st.download_button(t("o.exports.report_pdf"), on_click="ignore", mime="application/pdf",
                   file_name=f"{stem}-report.pdf", type="primary", icon=":material/summarize:",
                   data=deferred(osv.report_pdf, default_taxonomy(), lang=lang))
