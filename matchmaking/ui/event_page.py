"""The event at a glance: where, when, who."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from matchmaking import storage
from matchmaking.timezones import local
from matchmaking.ui.common import database

with database() as db:
    event = storage.get_event(db)
    slots = storage.list_slots(db)
    tables = storage.list_tables(db)
    people = storage.list_participants(db)

if event is None:
    st.title("Matchmaking")
    st.info("No event is set up yet: run `matchmaking init --demo` or import an event.")
    st.stop()

st.title(event["name"])
st.caption(f"{event['venue']} · {event['city']} · times in {event['timezone']}")

kinds = Counter(p["kind"] for p in people)
columns = st.columns(4)
columns[0].metric("Start-ups", kinds["startup"])
columns[1].metric("Investors", kinds["investor"])
columns[2].metric("Partners", kinds["partner"])
columns[3].metric("Tables", len(tables))

st.subheader("Programme")
for day in event["days"]:
    day_slots = [s for s in slots if s["day"] == day["date"]]
    meetings = sum(s["kind"] == "meeting" for s in day_slots)
    with st.expander(f"{day['date']} · {day['opens']}–{day['closes']} · "
                     f"{meetings} meeting slots of {event['slot_minutes']} min"):
        st.dataframe(
            [{"start": f"{local(s['start_utc'], event['timezone']):%H:%M}",
              "end": f"{local(s['end_utc'], event['timezone']):%H:%M}",
              "what": "meetings" if s["kind"] == "meeting" else s["label"]} for s in day_slots],
            hide_index=True, width="stretch")
