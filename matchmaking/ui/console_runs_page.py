"""Matching and scheduling runs: embed what changed, score every pair, schedule the
remaining capacity, as a background job (leaving the page does not stop it; every organiser
sees its progress); then the report (objective, bound and gap, fairness, unused capacity)
and publishing the proposals."""

from __future__ import annotations

import streamlit as st

from matchmaking.domain import formats
from matchmaking.domain.timezones import local
from matchmaking.domain.vocabulary import CONFIRMED, PROPOSED
from matchmaking.matching.embedding import configured_model
from matchmaking.services import console as osv
from matchmaking.services import event as services
from matchmaking.services.jobs import MATCHING, SCHEDULE
from matchmaking.services.matching import embedding_progress
from matchmaking.ui import jobs, session
from matchmaking.ui.cache import encoder
from matchmaking.ui.common import database, plain
from matchmaking.ui.i18n import language, t

session.require("organiser")
model = configured_model()
st.title(t("o.runs.title"))
st.caption(t("matching.model", model=model))


def show_report(report: dict) -> None:
    """A scheduler report, as figures."""
    columns = st.columns(4)
    columns[0].metric(t("o.runs.added"), report.get("meetings_added", report.get("meetings")))
    lang = language()
    columns[1].metric(t("o.runs.objective"), formats.number(report["objective"], lang))
    columns[2].metric(t("o.runs.bound"), "—" if report.get("bound") is None
                      else formats.number(report["bound"], lang))
    columns[3].metric(t("o.runs.gap"), "—" if report.get("gap") is None
                      else formats.percent(report["gap"], lang, digits=2))
    fair = report.get("per_startup", {})
    columns = st.columns(4)
    columns[0].metric(t("o.runs.per_startup"), f"{fair.get('min', 0)} / {fair.get('median', 0)}"
                                               f" / {fair.get('max', 0)}")
    columns[1].metric(t("o.runs.without"), report.get("startups_without_meeting", 0))
    columns[2].metric(t("o.runs.under_minimum", minimum=report.get("min_per_startup", 0)),
                      report.get("startups_under_minimum", 0))
    columns[3].metric(t("o.runs.unused"), report.get("unused_table_slots", 0))
    priority = report.get("by_priority", {})
    st.caption(t("o.runs.details", mutual=priority.get("mutual", 0),
                 requested=priority.get("requested", 0),
                 recommended=priority.get("recommended", 0),
                 fixed=report.get("fixed_meetings", 0),
                 replaced=report.get("proposals_replaced", 0),
                 seconds=report.get("seconds", 0)))
    reaching = report.get("startups_reaching") or []
    if reaching:
        st.caption(t("o.runs.reaching") + " " + " · ".join(
            t("o.runs.reach", k=k, count=n) for k, n in enumerate(reaching, 1)))
    if report.get("time_limit_hit"):
        st.caption(t("o.runs.time_limit_hit"))


with database() as db:
    event = services.get_event(db)
    embedded, fields = embedding_progress(db, encoder(model).name)
    statuses = osv.meeting_status_counts(db)
    runs = osv.scheduler_runs(db, limit=8)
if event is None:
    st.info(t("event.no_event"))
    st.stop()

if "o.runs.flash" in st.session_state:
    st.success(st.session_state.pop("o.runs.flash"), icon=":material/check_circle:")
publishes = osv.settings_of(event)["scheduler_publishes"]
st.info(t("o.runs.mode.organiser") if publishes else t("o.runs.mode.double"),
        icon=":material/rule:")
columns = st.columns(3)
columns[0].metric(t("o.runs.embedded"), f"{embedded} / {fields}")
columns[1].metric(t("status.proposed").capitalize(), statuses.get(PROPOSED, 0))
columns[2].metric(t("status.confirmed").capitalize(), statuses.get(CONFIRMED, 0))

with st.form("o.runs.form"):
    left, middle, right = st.columns(3)
    time_limit = left.number_input(t("o.runs.time_limit"), min_value=1, max_value=600,
                                   value=10, help=t("o.runs.time_limit_help"))
    seed = middle.number_input(t("o.runs.seed"), min_value=0, value=0,
                               help=t("o.runs.seed_help"))
    dry_run = right.checkbox(t("o.runs.dry_run"), help=t("o.runs.dry_run_help"))
    go = st.form_submit_button(t("o.runs.go"), type="primary", icon=":material/play_arrow:")

if go:
    job = jobs.submit(SCHEDULE, {"time_limit": float(time_limit), "seed": int(seed),
                                 "dry_run": bool(dry_run)})
    if job:
        st.session_state["o.runs.flash"] = t("o.jobs.submitted", id=job["id"])
        st.rerun()
if st.button(t("o.jobs.matching_go"), help=t("o.jobs.matching_help"),
             icon=":material/hub:"):
    job = jobs.submit(MATCHING, {})
    if job:
        st.session_state["o.runs.flash"] = t("o.jobs.submitted", id=job["id"])
        st.rerun()

# the active run, seen live by every organiser session; then the last one's outcome
jobs.job_panel((SCHEDULE, MATCHING), event["timezone"], "o.runs.jobs")
matched = jobs.latest_ended(MATCHING)
if matched and jobs.show_outcome(matched, event["timezone"]):
    st.caption(t("o.jobs.matching_done", summary=plain(matched["result"]["embedding"])))
last = jobs.latest_ended(SCHEDULE)
if last and jobs.show_outcome(last, event["timezone"]):
    report = last["result"]["report"]
    st.subheader(t("o.runs.dry_report") if report.get("dry_run") else t("o.runs.report"))
    st.caption(plain(last["result"]["embedding"]))
    if not report.get("dry_run"):
        st.success(t("o.runs.written", count=report["meetings_added"],
                     status=t(f"status.{report['status_of_new_meetings']}")))
    show_report(report)
elif runs:
    latest = next((r for r in runs if r["kind"] == "schedule"), None)
    if latest:
        when = local(latest["started_at"], event["timezone"])
        st.subheader(t("o.runs.latest", at=formats.moment_short(when, language()),
                       actor=latest["actor"]))
        show_report(latest["report"])

st.divider()
st.subheader(t("o.runs.publish_title"))
with database() as db:
    proposed = osv.meeting_status_counts(db)[PROPOSED]
st.caption(t("o.runs.publish_help"))
if st.button(t("o.runs.publish", count=proposed), disabled=not proposed,
             icon=":material/publish:"):
    with database() as db:
        count = osv.publish_proposals(db)
    st.session_state["o.runs.flash"] = t("o.runs.published", count=count)
    st.rerun()

if runs:
    with st.expander(t("o.runs.history")):
        st.dataframe([{"run": r["id"], "at": r["started_at"], "kind": r["kind"],
                       "actor": r["actor"],
                       t("o.runs.added"): r["report"].get("meetings_added"),
                       t("o.runs.objective"): r["report"].get("objective"),
                       t("o.runs.gap"): r["report"].get("gap")} for r in runs],
                     hide_index=True, width="stretch")
