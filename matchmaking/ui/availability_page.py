"""My availability: the meeting slots of each day when I cannot meet (breaks shown); the
scheduler and accepted requests never use a blocked slot. Warns when a blocked slot
already holds one of my meetings."""

from __future__ import annotations

import streamlit as st

from matchmaking.services import event as services
from matchmaking.services import participant as svc
from matchmaking.ui import session
from matchmaking.ui.common import database, plain
from matchmaking.ui.i18n import language, t

me = session.require("participant")
lang = language()
st.title(t("p.avail.title"))

with database() as db:
    tz = services.get_event(db)["timezone"]
    days = svc.availability(db, me["id"], tz)
st.caption(t("p.avail.intro"))
st.caption(t("p.times_in", tz=tz))
if not days:
    st.info(t("p.avail.no_slots"))
    st.stop()

with st.form("p.avail.form"):
    chosen: set[int] = set()
    for day, slots in days.items():
        st.subheader(svc.day_label(day, lang))
        meeting_slots = [s for s in slots if s.kind == "meeting"]
        labels = {s.id: f"{s.start:%H:%M}" + (" ●" if s.meeting_with else "")
                  for s in meeting_slots}
        picked = st.pills(t("p.avail.blocked"), list(labels), selection_mode="multi",
                          default=[s.id for s in meeting_slots if s.blocked],
                          format_func=labels.get, key=f"p.avail.day.{day}")
        chosen |= set(picked or [])
        breaks = [f"{s.start:%H:%M}–{s.end:%H:%M} {s.label}" for s in slots if s.kind == "break"]
        if breaks:
            st.caption(t("p.avail.breaks", breaks=plain(" · ".join(breaks))))
        mine = [f"{s.start:%H:%M} {s.meeting_with}" for s in meeting_slots if s.meeting_with]
        if mine:
            st.caption(t("p.avail.meetings", meetings=plain(" · ".join(mine))))
    saved = st.form_submit_button(t("p.avail.save"), type="primary", icon=":material/save:")

if saved:
    with database() as db:
        changed, conflicts = svc.save_availability(db, me["id"], chosen, tz)
    st.success(t("p.avail.saved", count=len(chosen)) if changed else t("p.avail.unchanged"))
    for slot in conflicts:
        st.warning(t("p.avail.conflict", day=svc.day_label(slot.day, lang),
                     time=f"{slot.start:%H:%M}", organisation=plain(slot.meeting_with)))
