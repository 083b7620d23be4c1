"""The event at a glance: where, when, who."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from matchmaking.domain import formats
from matchmaking.domain.timezones import local
from matchmaking.services import event as services
from matchmaking.ui.common import database
from matchmaking.ui.i18n import language, t

with database() as db:
    event = services.get_event(db)
    slots = services.list_slots(db)
    tables = services.list_tables(db)
    kinds = Counter(p["kind"] for p in services.list_participants(db))

if event is None:
    st.title(t("app.title"))
    st.info(t("event.no_event"))
    st.stop()

st.title(event["name"])
st.caption(f"{event['venue']} · {event['city']} · {t('event.times_in', tz=event['timezone'])}")

columns = st.columns(4)
columns[0].metric(t("event.startups"), kinds["startup"])
columns[1].metric(t("event.investors"), kinds["investor"])
columns[2].metric(t("event.partners"), kinds["partner"])
columns[3].metric(t("event.tables"), len(tables))

st.subheader(t("event.programme"))
for day in event["days"]:
    day_slots = [s for s in slots if s["day"] == day["date"]]
    with st.expander(t("event.day_summary", date=formats.day_name(day["date"], language()),
                       opens=day["opens"],
                       closes=day["closes"], minutes=event["slot_minutes"],
                       count=sum(s["kind"] == "meeting" for s in day_slots))):
        st.dataframe(
            [{t("event.col.start"): f"{local(s['start_utc'], event['timezone']):%H:%M}",
              t("event.col.end"): f"{local(s['end_utc'], event['timezone']):%H:%M}",
              t("event.col.what"): t("event.meetings") if s["kind"] == "meeting"
              else s["label"]} for s in day_slots],
            hide_index=True, width="stretch")
