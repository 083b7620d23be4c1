"""Analytics, as charts: meetings per slot and day, table utilisation, the fairness
histogram, themes and sectors, requests (acceptance, how many each investor receives),
feedback and no-shows, and a map of every profile with the meetings drawn on it."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from matchmaking.domain import analytics, formats
from matchmaking.domain.taxonomy import default_taxonomy
from matchmaking.domain.timezones import to_utc_text
from matchmaking.domain.vocabulary import (ACCEPTED, COMPLETED, CONFIRMED, DECLINED, EXPIRED,
                                           MEETING_STATUS_COLOURS, NO_SHOW, PENDING, PROPOSED)
from matchmaking.matching.embedding import configured_model
from matchmaking.services import console as osv
from matchmaking.services.matching import matching_version
from matchmaking.ui import cache, session
from matchmaking.ui.common import database
from matchmaking.ui.console_common import (console_data, kind_label, path, profile_map,
                                           status_label, version)
from matchmaking.ui.i18n import language, t

session.require("organiser")
st.title(t("o.analytics.title"))
lang = language()
taxonomy = default_taxonomy()
data = console_data(path(), version())
event = data["event"]
if event is None:
    st.info(t("event.no_event"))
    st.stop()
zone = event["timezone"]
people, meetings, slots, tables = (data["participants"], data["meetings"], data["slots"],
                                   data["tables"])
now_text = to_utc_text(osv.now())
other = t("o.analytics.other")


def chart(spec: alt.Chart) -> None:
    st.altair_chart(spec, width="stretch")


def counts_chart(rows: list, value: str, count: str, title: str, colour: str,
                 value_title: str, count_title: str) -> None:
    """Bars of how many (``count``) have each ``value``, such as investors per number of
    requests received."""
    chart(alt.Chart(pd.DataFrame(rows, columns=[value, count]), title=title)
          .mark_bar(color=colour).encode(
              x=alt.X(f"{value}:O", title=value_title), y=alt.Y(f"{count}:Q", title=count_title),
              tooltip=[f"{value}:O", f"{count}:Q"]).properties(height=220))


def status_scale(statuses: list[str]) -> alt.Scale:
    return alt.Scale(domain=[status_label(s) for s in statuses],
                     range=[MEETING_STATUS_COLOURS[s].chart for s in statuses])


# --- headline figures ------------------------------------------------------------------------
figures = analytics.summary(meetings, people, tables, slots)
fairness_rows, fairness = analytics.per_startup(meetings, people)
request_rows, requests = analytics.request_stats(data["requests"], people)
rating_rows, ratings = analytics.feedback_stats(data["feedback"])
no_show_rows, no_shows = analytics.no_show_stats(meetings, now_text)
columns = st.columns(4)
columns[0].metric(t("event.startups"), figures["startups"])
columns[1].metric(t("event.investors"), figures["investors"])
columns[2].metric(t("event.partners"), figures["partners"])
columns[3].metric(t("o.analytics.meetings"), figures["meetings"])
columns = st.columns(4)
columns[0].metric(t("o.analytics.utilisation"), formats.percent(figures["utilisation"], lang))
columns[1].metric(t("o.analytics.acceptance"), "—" if requests["acceptance_rate"] is None
                  else formats.percent(requests["acceptance_rate"], lang))
columns[2].metric(t("o.analytics.no_show_rate"), "—" if no_shows["rate"] is None
                  else f"{formats.percent(no_shows['rate'], lang)} "
                       f"({no_shows[NO_SHOW]}/{no_shows['due']})")
columns[3].metric(t("o.analytics.rating"), "—" if ratings["mean"] is None
                  else formats.decimal(ratings["mean"], lang))

# --- meetings per slot and day ------------------------------------------------------------------
st.subheader(t("o.analytics.per_slot"))
per_slot = pd.DataFrame(analytics.meetings_per_slot(meetings, slots, zone),
                        columns=["day", "time", "status", "meetings"])
shown = [PROPOSED, CONFIRMED, COMPLETED, NO_SHOW]
per_slot["label"] = per_slot["status"].map(status_label)
days = sorted(per_slot["day"].unique())
for column, day in zip(st.columns(max(len(days), 1)), days):
    with column:
        chart(alt.Chart(per_slot[per_slot["day"] == day], title=day).mark_bar().encode(
            x=alt.X("time:O", title=t("o.grid.time")),
            y=alt.Y("sum(meetings):Q", title=t("o.analytics.meetings")),
            color=alt.Color("label:N", scale=status_scale(shown), title=None,
                            legend=alt.Legend(orient="bottom")),
            order=alt.Order("status:N"),
            tooltip=["time:O", "label:N", "meetings:Q"]).properties(height=300))

# --- tables ---------------------------------------------------------------------------------
st.subheader(t("o.analytics.tables"))
usage = pd.DataFrame(analytics.table_utilisation(meetings, tables, slots),
                     columns=["table", "location", "meetings", "slots", "utilisation"])
left, right = st.columns(2)
with left:
    zones = pd.DataFrame(analytics.utilisation_by_location(usage.to_dict("records")),
                         columns=["location", "meetings", "capacity", "utilisation"])
    chart(alt.Chart(zones, title=t("o.analytics.by_zone")).mark_bar().encode(
        y=alt.Y("location:N", title=None, sort="-x"),
        x=alt.X("utilisation:Q", axis=alt.Axis(format="%"), title=t("o.analytics.utilisation"),
                scale=alt.Scale(domain=[0, 1])),
        tooltip=["location:N", "meetings:Q", "capacity:Q",
                 alt.Tooltip("utilisation:Q", format=".0%")]).properties(height=220))
with right:
    if len(usage) <= 80:
        chart(alt.Chart(usage, title=t("o.analytics.by_table")).mark_bar().encode(
            x=alt.X("table:N", title=None, sort=None),
            y=alt.Y("utilisation:Q", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]),
                    title=t("o.analytics.utilisation")),
            color=alt.Color("location:N", title=None, legend=alt.Legend(orient="top")),
            tooltip=["table:N", "location:N", "meetings:Q",
                     alt.Tooltip("utilisation:Q", format=".0%")]).properties(height=260))
    else:
        chart(alt.Chart(usage, title=t("o.analytics.table_histogram")).mark_bar().encode(
            x=alt.X("utilisation:Q", bin=alt.Bin(maxbins=20), axis=alt.Axis(format="%"),
                    title=t("o.analytics.utilisation")),
            y=alt.Y("count():Q", title=t("o.analytics.tables_count"))).properties(height=220))

# --- fairness --------------------------------------------------------------------------------
st.subheader(t("o.analytics.fairness"))
minimum = osv.settings_of(event)["min_meetings_per_startup"]
histogram = pd.DataFrame(fairness_rows, columns=["meetings", "startups"])
bars = alt.Chart(histogram).mark_bar(color="#3b6fb6").encode(
    x=alt.X("meetings:O", title=t("o.analytics.meetings_each")),
    y=alt.Y("startups:Q", title=t("o.analytics.startups_count")),
    tooltip=["meetings:O", "startups:Q"])
rule = alt.Chart(pd.DataFrame({"meetings": [minimum]})).mark_rule(
    color="#d9534f", strokeDash=[4, 3]).encode(x="meetings:O")
chart((bars + rule).properties(height=240))
st.caption(t("o.analytics.fairness_caption", min=fairness["min"], median=fairness["median"],
             max=fairness["max"], mean=fairness["mean"], without=fairness["without"],
             minimum=minimum))

# --- themes and sectors ------------------------------------------------------------------------
st.subheader(t("o.analytics.themes"))
axes = pd.DataFrame(analytics.by_axis(meetings, people, taxonomy),
                    columns=["axis", "kind", "participants", "meetings"])
axes["axis_label"] = [analytics.axis_label(a, taxonomy, lang, other) for a in axes["axis"]]
axes["kind_label"] = axes["kind"].map(kind_label)
sectors = pd.DataFrame(analytics.by_sector(meetings, people, taxonomy),
                       columns=["sector", "participants", "meetings"])
sectors["label"] = [taxonomy.label(c, lang) for c in sectors["sector"]]
left, right = st.columns(2)
with left:
    chart(alt.Chart(axes, title=t("o.analytics.by_axis")).mark_bar().encode(
        y=alt.Y("axis_label:N", title=None, axis=alt.Axis(labelLimit=220)),
        yOffset="kind_label:N",
        x=alt.X("meetings:Q", title=t("o.analytics.meetings")),
        color=alt.Color("kind_label:N", title=None),
        tooltip=["axis_label:N", "kind_label:N", "participants:Q", "meetings:Q"]).properties(
            height=320))
with right:
    chart(alt.Chart(sectors, title=t("o.analytics.by_sector")).mark_bar(color="#6aa5a0").encode(
        y=alt.Y("label:N", title=None, sort="-x", axis=alt.Axis(labelLimit=220)),
        x=alt.X("participants:Q", title=t("o.analytics.participants")),
        tooltip=["label:N", "participants:Q", "meetings:Q"]).properties(height=320))

# --- requests -------------------------------------------------------------------------------
st.subheader(t("o.analytics.requests"))
requests_frame = pd.DataFrame(request_rows, columns=["kind", "status", "requests"])
requests_frame["kind_label"] = requests_frame["kind"].map(kind_label)
requests_frame["status_label"] = requests_frame["status"].map(
    lambda s: t(f"request.{s}"))
per_investor, most = analytics.requests_per_investor(data["requests"], people)
left, right = st.columns(2)
with left:
    if requests_frame.empty:
        st.caption(t("o.analytics.no_requests"))
    else:
        chart(alt.Chart(requests_frame, title=t("o.analytics.request_status")).mark_bar().encode(
            y=alt.Y("kind_label:N", title=t("o.analytics.recipient")),
            x=alt.X("sum(requests):Q", title=t("o.analytics.requests_count")),
            color=alt.Color("status_label:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=["kind_label:N", "status_label:N", "requests:Q"]).properties(height=220))
    st.caption(t("o.analytics.acceptance_caption", total=requests["total"],
                 accepted=requests[ACCEPTED], declined=requests[DECLINED],
                 expired=requests[EXPIRED], pending=requests[PENDING]))
with right:
    if requests["total"]:
        counts_chart(per_investor, "requests", "investors", t("o.analytics.per_investor"),
                     "#e8833a", t("o.analytics.requests_received"),
                     t("o.analytics.investors_count"))
    if most:
        with st.expander(t("o.analytics.most_requested")):
            st.dataframe(most, hide_index=True, width="stretch")

# --- feedback and no-shows -------------------------------------------------------------------
st.subheader(t("o.analytics.feedback"))
left, right = st.columns(2)
with left:
    if not ratings["rated"]:
        st.caption(t("o.analytics.no_ratings"))
    else:
        counts_chart(rating_rows, "rating", "answers", t("o.analytics.ratings"), "#8e6bbf",
                     t("o.analytics.rating_axis"), t("o.analytics.answers"))
with right:
    frame = pd.DataFrame(no_show_rows, columns=["day", "due", NO_SHOW, "rate"])
    chart(alt.Chart(frame, title=t("o.analytics.no_shows")).mark_bar(
        color=MEETING_STATUS_COLOURS[NO_SHOW].chart).encode(
        x=alt.X("day:N", title=None),
        y=alt.Y("rate:Q", axis=alt.Axis(format="%"), title=t("o.analytics.no_show_rate")),
        tooltip=["day:N", "due:Q", "no_show:Q", alt.Tooltip("rate:Q", format=".0%")]).properties(
            height=220))

# --- the map of profiles ---------------------------------------------------------------------
st.subheader(t("o.analytics.map"))
model = configured_model()
with database() as db:
    scores_version = matching_version(db)
# vectors are cached under the encoder's name (model and back-end)
coords = profile_map(path(), scores_version, cache.encoder(model).name)
if not coords:
    st.info(t("o.analytics.map_empty", model=model))
else:
    st.caption(t("o.analytics.map_help", model=model))
    left, right = st.columns([1, 2])
    draw = left.toggle(t("o.analytics.draw_meetings"), key="o.analytics.draw")
    all_days = t("o.analytics.all_days")
    day = right.selectbox(t("o.grid.day"), ["", *days], key="o.analytics.map_day",
                          format_func=lambda d: d or all_days, disabled=not draw)
    points = pd.DataFrame(analytics.map_points(people, coords, taxonomy),
                          columns=["id", "organisation", "kind", "axis", "x", "y"])
    points["axis_label"] = [analytics.axis_label(a, taxonomy, lang, other) for a in points["axis"]]
    points["kind_label"] = points["kind"].map(kind_label)
    layers = []
    if draw:
        segments = pd.DataFrame(analytics.map_segments(meetings, coords, day=day or None),
                                columns=["x", "y", "x2", "y2", "status", "meeting"])
        layers.append(alt.Chart(segments).mark_rule(opacity=0.25, color="#7a7a7a").encode(
            x="x:Q", y="y:Q", x2="x2:Q", y2="y2:Q", tooltip=["meeting:N"]))
    layers.append(alt.Chart(points).mark_point(filled=True, size=45, opacity=0.85).encode(
        x=alt.X("x:Q", axis=None), y=alt.Y("y:Q", axis=None),
        color=alt.Color("axis_label:N", title=t("o.analytics.axis"),
                        scale=alt.Scale(scheme="tableau10"),
                        legend=alt.Legend(orient="bottom", columns=2, labelLimit=320)),
        shape=alt.Shape("kind_label:N", title=t("common.kind")),
        tooltip=["organisation:N", "kind_label:N", "axis_label:N"]))
    chart(alt.layer(*layers).properties(height=520))
