"""Feedback on my meetings once they have begun: did it take place, a rating, what comes
next, a comment. Saving again updates the answer; ratings teach the matching's weights."""

from __future__ import annotations

import streamlit as st

from matchmaking.services import event as services
from matchmaking.services import participant as svc
from matchmaking.ui import session
from matchmaking.ui.common import database
from matchmaking.ui.i18n import language, t
from matchmaking.ui.participant_common import say, text_in, who

me = session.require("participant")
lang = language()
st.title(t("p.fb.title"))
st.caption(t("p.fb.intro"))

with database() as db:
    tz = services.get_event(db)["timezone"]
    items = svc.feedback_items(db, me["id"], tz)

if not items:
    st.info(t("p.fb.none"))

TOOK_PLACE = [True, False]
for item, given in items:
    given = given or {}
    with st.container(border=True, key=f"p-fb-{item.meeting_id}"):
        st.markdown(f"{svc.day_label(item.day, lang)} {item.start:%H:%M} · "
                    f"{who(item.other_organisation, item.other_kind)}")
        if given:
            st.caption(t("p.fb.given"))
        with st.form(f"p.fb.form.{item.meeting_id}", border=False):
            took = st.radio(t("p.fb.took_place"), TOOK_PLACE, horizontal=True,
                            index=None if given.get("took_place") is None
                            else TOOK_PLACE.index(bool(given["took_place"])),
                            format_func=lambda x: text_in(lang, "p.fb.yes" if x else "p.fb.no"),
                            key=f"p.fb.took.{item.meeting_id}.{lang}")
            st.markdown(f":small[{t('p.fb.rating')}]")
            stars = st.feedback("stars", key=f"p.fb.rating.{item.meeting_id}",
                                default=given["rating"] - 1 if given.get("rating") else None)
            follow = st.selectbox(t("p.fb.follow_up"), svc.FOLLOW_UPS,
                                  index=svc.FOLLOW_UPS.index(given.get("follow_up") or "none"),
                                  format_func=lambda f: text_in(lang, f"p.fb.follow.{f}"),
                                  key=f"p.fb.follow.{item.meeting_id}.{lang}")
            comment = st.text_area(t("p.fb.comment"), value=given.get("comment", ""),
                                   max_chars=2000, key=f"p.fb.comment.{item.meeting_id}")
            if st.form_submit_button(t("p.fb.save"), type="primary"):
                with database() as db:
                    say(svc.save_feedback(db, me["id"], item.meeting_id,
                                          rating=None if stars is None else stars + 1,
                                          took_place=took, follow_up=follow, comment=comment))
