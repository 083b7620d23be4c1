"""My agenda: my meetings in time order (local time), table and place, who and why, and
the other side's contact details once a meeting is confirmed; another time proposed for a
confirmed meeting, or the other side's proposal to answer; the whole agenda as an ``.ics``
file, a calendar feed, and a clean view to print."""

from __future__ import annotations

import streamlit as st

from matchmaking.domain.vocabulary import AGREED_MEETING_STATUSES, CONFIRMED, PROPOSED
from matchmaking.services import event as services
from matchmaking.services import images
from matchmaking.services import participant as svc
from matchmaking.ui import cache, session
from matchmaking.ui.common import base_url_guess, database, plain
from matchmaking.ui.i18n import language, t
from matchmaking.ui.image_upload import name_with_logo
from matchmaking.ui.participant_common import flash, reasons, show_flash, who

me = session.require("participant")
lang = language()
st.title(t("p.agenda.title"))

with database() as db:
    event = services.get_event(db)
    tz = event["timezone"]
    live, called_off = svc.agenda(db, me["id"], tz)
    ics = svc.agenda_ics(db, me["email"])
    feed = svc.calendar_feed_url(db, me["email"], base_url_guess())

st.caption(t("p.times_in", tz=tz))
left, right = st.columns([1, 1])
left.download_button(t("p.agenda.ics"), data=ics, file_name="agenda.ics", mime="text/calendar",
                     icon=":material/download:", on_click="ignore",
                     help=t("p.agenda.ics_help"))
printing = right.toggle(t("p.agenda.print"), key="p.agenda.print",
                        help=t("p.agenda.print_help"))
if feed:  # a feed calendar apps poll: moves and cancellations arrive on their own
    with st.expander(t("p.agenda.subscribe"), icon=":material/event_repeat:"):
        st.caption(t("p.agenda.subscribe_help"))
        st.code(feed, language=None)
        st.link_button(t("p.agenda.subscribe_open"), feed.replace("http://", "webcal://", 1)
                       .replace("https://", "webcal://", 1), icon=":material/calendar_add_on:")

if not live:
    st.info(t("p.agenda.none"))


def _contact_text(contact: dict[str, str]) -> str:
    return " · ".join(v for v in (contact["contact_name"], contact["email"], contact["phone"],
                                  contact["website"]) if v)


def _propose(meeting_id: int) -> None:
    slot = st.session_state.get(f"p.move.slot.{meeting_id}.{lang}")
    note = st.session_state.get(f"p.move.note.{meeting_id}", "")
    if slot is None:
        return
    with database() as db:
        flash(f"move.{meeting_id}", svc.propose_new_time(db, me["id"], meeting_id, slot, note))


def _answer(meeting_id: int, change_id: int, accept: bool) -> None:
    reason = st.session_state.get(f"p.move.reason.{change_id}", "")
    with database() as db:
        flash(f"move.{meeting_id}", svc.answer_new_time(db, me["id"], change_id, accept, reason))


def _withdraw(meeting_id: int, change_id: int) -> None:
    with database() as db:
        flash(f"move.{meeting_id}", svc.withdraw_new_time(db, me["id"], change_id))


def another_time(item: svc.AgendaItem) -> None:
    """Propose another time for a confirmed meeting, or answer the other side's proposal:
    nothing moves until both agree."""
    show_flash(f"move.{item.meeting_id}")
    change = item.new_time
    if change is not None:
        when = svc.slot_label(change["start_utc"], change["end_utc"], tz, lang)
        if change["mine"]:
            left, right = st.columns([3, 1], vertical_alignment="center")
            left.caption(t("p.move.waiting", when=when))
            right.button(t("p.move.withdraw"), key=f"p.move.withdraw.{change['id']}",
                         icon=":material/undo:", on_click=_withdraw,
                         args=(item.meeting_id, change["id"]))
            return
        with st.container(border=True, key=f"p-move-answer-{change['id']}"):
            st.markdown(t("p.move.theirs", when=when))
            if change["note"]:
                st.markdown(f"{t('p.req.note')} {plain(change['note'])}")
            left, right = st.columns(2)
            left.button(t("p.move.accept"), key=f"p.move.accept.{change['id']}",
                        type="primary", icon=":material/check:", on_click=_answer,
                        args=(item.meeting_id, change["id"], True))
            right.text_input(t("p.req.reason"), key=f"p.move.reason.{change['id']}",
                             placeholder=t("p.req.reason_hint"))
            right.button(t("p.move.decline"), key=f"p.move.decline.{change['id']}",
                         icon=":material/close:", on_click=_answer,
                         args=(item.meeting_id, change["id"], False))
        return
    with st.popover(t("p.move.propose"), icon=":material/schedule:"):
        with database() as db:
            times = svc.times_to_propose(db, me["id"], item.meeting_id)
        labels = {s["id"]: svc.slot_label(s["start_utc"], s["end_utc"], tz, lang)
                  for s in times}
        if not labels:
            st.caption(t("p.move.no_time"))
            return
        st.caption(t("p.move.intro"))
        # day names are translated: one widget per language
        st.selectbox(t("p.move.slot"), list(labels), key=f"p.move.slot.{item.meeting_id}.{lang}",
                     format_func=lambda s, labels=labels: labels[s])
        st.text_input(t("p.rec.note"), key=f"p.move.note.{item.meeting_id}", max_chars=1000)
        st.button(t("p.move.send"), key=f"p.move.send.{item.meeting_id}", type="primary",
                  on_click=_propose, args=(item.meeting_id,))


days = sorted({item.day for item in live})
if printing:
    # a plain list that prints cleanly (the style hides the sidebar and buttons on paper)
    st.markdown(f"**{plain(me['organisation'])}** · {plain(event['name'])}")
    for day in days:
        st.subheader(svc.day_label(day, lang))
        st.table([{t("p.agenda.col.time"): f"{i.start:%H:%M}–{i.end:%H:%M}",
                   t("p.agenda.col.table"): plain(" · ".join(x for x in (i.table, i.location)
                                                             if x)),
                   t("p.agenda.col.with"): f"{plain(i.other_organisation)} "
                                           f"({t('kind.' + i.other_kind)})",
                   t("p.agenda.col.status"): t(f"status.{i.status}"),
                   t("p.agenda.col.contact"): plain(_contact_text(i.contact)) if i.contact
                   else ""} for i in live if i.day == day], hide_index=True)
    st.stop()

matching = cache.event_matching()
with database() as db:  # the other sides' logos
    logos = images.participant_logos(db, [i.other_id for i in live])
for day in days:
    st.subheader(svc.day_label(day, lang))
    for item in (i for i in live if i.day == day):
        with st.container(border=True, key=f"p-agenda-{item.meeting_id}"):
            head, state = st.columns([4, 1])
            head.markdown(t("p.agenda.when", start=f"{item.start:%H:%M}",
                            end=f"{item.end:%H:%M}", table=plain(item.table),
                            location=plain(item.location)))
            state.badge(t(f"status.{item.status}"),
                        color="green" if item.status in AGREED_MEETING_STATUSES else "orange")
            name_with_logo(who(item.other_organisation, item.other_kind),
                           logos.get(item.other_id))
            if item.contact:
                st.text(t("p.agenda.contact", contact=_contact_text(item.contact)))
            else:
                st.caption(t("p.agenda.no_contact"))
            if item.status == PROPOSED:
                st.page_link("matchmaking/ui/requests_page.py", label=t("p.agenda.answer"),
                             icon=":material/move_to_inbox:")
            if item.status == CONFIRMED:
                another_time(item)
            with st.expander(t("p.agenda.why")):
                reasons(svc.why(matching, me["id"], item.other_id), lang)

if called_off:
    with st.expander(t("p.agenda.called_off", count=len(called_off))):
        st.dataframe([{t("p.agenda.col.time"): f"{svc.day_label(i.day, lang)} "
                                               f"{i.start:%H:%M}–{i.end:%H:%M}",
                       t("p.agenda.col.with"): i.other_organisation,
                       t("p.agenda.col.status"): t(f"status.{i.status}"),
                       t("p.agenda.col.reason"): i.reason} for i in called_off],
                     hide_index=True, width="stretch")
