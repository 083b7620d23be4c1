"""Exports: the meetings as CSV (safe to open in a spreadsheet) and calendars (.ics),
printable PDF agendas per participant and per table, the post-event report, and name badges
with the QR code of each personal link (everyone's by a job, a selection when clicked). The whole
event's files are made by background jobs (leaving the page does not stop them) and offered
for download when ready; one participant's or one table's file is made when clicked."""

from __future__ import annotations

import streamlit as st

from matchmaking.domain.paths import database_path
from matchmaking.domain.timezones import local
from matchmaking.domain.vocabulary import ACTIVE_JOB_STATUSES, DONE
from matchmaking.services import badges
from matchmaking.services import console as osv
from matchmaking.services import event as services
from matchmaking.services import meetings
from matchmaking.services.jobs import EXPORT
from matchmaking.ui import jobs, session
from matchmaking.ui.common import base_url_guess, database, plain
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
zone = event["timezone"]
st.caption(t("o.exports.intro", count=live))

# Files of the whole event are made by background jobs (a large event's PDFs take a while):
# a click queues one, and every organiser session can download the file once it is ready.
MAKE = {"meetings_csv": ("o.exports.meetings_csv", ":material/table:"),
        "meetings_ics": ("o.exports.meetings_ics", ":material/calendar_month:"),
        "participants_csv": ("o.exports.participants_csv", ":material/groups:"),
        "agendas": ("o.exports.all_agendas", ":material/picture_as_pdf:"),
        "tables": ("o.exports.all_tables", ":material/table_restaurant:"),
        "report": ("o.exports.report_pdf", ":material/summarize:"),
        "badges": ("o.badges.download", ":material/badge:")}
FILE_NAMES = {"meetings_csv": "meetings.csv", "meetings_ics": "meetings.ics",
              "participants_csv": "participants.csv", "agendas": "agendas.pdf",
              "tables": "tables.pdf", "report": "report.pdf", "badges": "badges.pdf"}
MIME = {"csv": "text/csv", "ics": "text/calendar", "pdf": "application/pdf"}


def make_button(column, what: str, **kwargs) -> None:
    key, icon = MAKE[what]
    if column.button(t(key), key=f"o.exports.make.{what}", icon=icon, **kwargs):
        job = jobs.submit(EXPORT, {"what": what, "lang": lang})
        if job:
            st.session_state["o.exports.flash"] = t("o.jobs.submitted", id=job["id"])
            st.rerun()


if "o.exports.flash" in st.session_state:
    st.success(st.session_state.pop("o.exports.flash"), icon=":material/check_circle:")

# --- the whole event ------------------------------------------------------------------------
st.subheader(t("o.exports.event"))
st.caption(t("o.jobs.exports.help"))
left, middle, right = st.columns(3)
make_button(left, "meetings_csv")
make_button(middle, "meetings_ics")
make_button(right, "participants_csv")
st.caption(t("o.exports.csv_safe"))

# --- printable agendas ----------------------------------------------------------------------
st.subheader(t("o.exports.printable"))
st.caption(t("o.exports.printable_help"))
left, right = st.columns(2)
make_button(left, "agendas")
make_button(right, "tables")

# --- the report -----------------------------------------------------------------------------
st.subheader(t("o.exports.report"))
st.caption(t("o.exports.report_help"))
make_button(st, "report", type="primary")

# --- files made, and the one being made -----------------------------------------------------
st.subheader(t("o.jobs.exports.ready"))
jobs.job_panel((EXPORT,), zone, "o.exports.jobs")
made = jobs.recent_jobs(EXPORT)
ended = next((j for j in made if j["status"] not in ACTIVE_JOB_STATUSES), None)
if ended is not None and ended["status"] != DONE:
    jobs.show_outcome(ended, zone)
shown = set()
for job in made:  # the latest file of each kind
    what = job["params"].get("what")
    file = jobs.export_path(job) if job["status"] == DONE and what not in shown else None
    if file is None:
        continue
    shown.add(what)
    st.download_button(t("o.jobs.exports.download", what=t(MAKE[what][0]),
                         at=f"{local(job['finished_at'], zone):%H:%M}"),
                       on_click="ignore", data=file.read_bytes,  # read when clicked
                       mime=MIME[file.suffix.lstrip(".")], file_name=f"{stem}-{FILE_NAMES[what]}",
                       key=f"o.exports.file.{job['id']}", icon=":material/download:")

# --- badges ---------------------------------------------------------------------------------
st.subheader(t("o.badges.title"))
st.caption(t("o.badges.help"))
left, middle, right = st.columns(3)
badge_base = left.text_input(t("o.badges.base_url"), value=base_url_guess(),
                             key="o.badges.base_url")
# labels looked up once per run: format functions may be called after the language changed
layouts = {x: t(f"o.badges.layout.{x}") for x in badges.LAYOUTS}
languages = {badges.PARTICIPANT_LANGUAGE: t("o.badges.lang.participant"),
             lang: t("o.badges.lang.mine")}
layout = middle.radio(t("o.badges.layout"), list(layouts), key="o.badges.layout",
                      format_func=layouts.get)
badge_lang = right.radio(t("o.badges.lang"), list(languages), key=f"o.badges.lang.{lang}",
                         format_func=languages.get)
with database() as db:
    names = {p["id"]: f"{p['organisation']} ({kinds[p['kind']]})"
             for p in services.list_participants(db)}
chosen = st.multiselect(t("o.badges.who"), list(names), key="o.badges.who",
                        format_func=names.get)
if chosen:  # a few badges: made when clicked
    st.download_button(t("o.badges.download"), on_click="ignore", mime="application/pdf",
                       file_name=f"{stem}-badges-{layout}.pdf", icon=":material/badge:",
                       key="o.badges.download",
                       data=deferred(badges.badges_pdf, database_path(), badge_base,
                                     layout=layout, ids=list(chosen),
                                     lang=badge_lang))
elif st.button(t("o.badges.download"), key="o.exports.make.badges", icon=":material/badge:"):
    # everyone's: a background job, like the other files of the whole event
    job = jobs.submit(EXPORT, {"what": "badges", "lang": badge_lang, "base_url": badge_base,
                               "layout": layout})
    if job:
        st.session_state["o.exports.flash"] = t("o.jobs.submitted", id=job["id"])
        st.rerun()

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

# --- one table ------------------------------------------------------------------------------
st.subheader(t("o.exports.table"))
if tables:
    table = st.selectbox(t("o.exports.table"), tables, key="o.exports.table",
                         format_func=lambda x: " · ".join(v for v in (x["name"], x["location"])
                                                          if v))
    st.download_button(t("o.exports.table_pdf", name=plain(table["name"])), on_click="ignore",
                       mime="application/pdf", file_name=f"table-{file_stem(table['name'])}.pdf",
                       icon=":material/picture_as_pdf:",
                       data=deferred(osv.table_agenda_pdf, [table["id"]], lang=lang))
