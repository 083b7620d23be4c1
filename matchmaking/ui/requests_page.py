"""Requests: the meeting requests received (accept, picking a slot if wished, or decline
with a reason), those sent (withdraw), the meetings the organisers suggest (accept or
decline), and what became of earlier requests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from matchmaking.services import event as services
from matchmaking.services import images
from matchmaking.services import participant as svc
from matchmaking.texts import translate
from matchmaking.ui import cache, session
from matchmaking.ui.common import database, plain
from matchmaking.ui.i18n import language, t
from matchmaking.ui.image_upload import name_with_logo
from matchmaking.ui.participant_common import flash, reasons, show_flash, text_in, who

me = session.require("participant")
lang = language()
st.title(t("p.req.title"))


def _accept(request_id: int, slot_key: str) -> None:
    slot = st.session_state.get(slot_key) or None  # 0: the earliest free
    with database() as db:
        flash("req", svc.accept_request(db, me["id"], request_id, slot_id=slot))


def _decline(request_id: int) -> None:
    reason = st.session_state.get(f"p.req.reason.{request_id}", "")
    with database() as db:
        flash("req", svc.decline_request(db, me["id"], request_id, reason))


def _withdraw(request_id: int) -> None:
    with database() as db:
        flash("req", svc.withdraw_request(db, me["id"], request_id))


def _accept_proposal(meeting_id: int) -> None:
    with database() as db:
        flash("req", svc.accept_proposal(db, me["id"], meeting_id))


def _decline_proposal(meeting_id: int) -> None:
    reason = st.session_state.get(f"p.prop.reason.{meeting_id}", "")
    with database() as db:
        flash("req", svc.decline_proposal(db, me["id"], meeting_id, reason))


show_flash("req")
matching = cache.event_matching()
with database() as db:
    event = services.get_event(db)
    tz = event["timezone"]
    overview = svc.requests_overview(db, me["id"])
    choices = {r["id"]: svc.free_slots(db, r) for r in overview.inbox}
    logos = images.participant_logos(db, [r["other_id"] for r in (
        *overview.inbox, *overview.outbox, *overview.proposals)])
st.caption(t("p.times_in", tz=tz))


@contextmanager
def request_card(request: dict, side: str, when: str) -> Iterator[None]:
    """A request's card (``side``: in or out), opened with who, when, the requester's note
    and why they fit; what is drawn inside the ``with`` goes below."""
    with st.container(border=True, key=f"p-req-{side}-{request['id']}"):
        _request_head(request, when)
        yield


def _request_head(request: dict, when: str) -> None:
    name_with_logo(who(request["other_organisation"], request["other_kind"]),
                   logos.get(request["other_id"]))
    st.caption(when)
    if request["note"]:
        st.markdown(f"{t('p.req.note')} {plain(request['note'])}")
    reasons(svc.why(matching, me["id"], request["other_id"]), lang)


received, sent, suggested, earlier = st.tabs([
    t("p.req.tab.received", count=len(overview.inbox)),
    t("p.req.tab.sent", count=len(overview.outbox)),
    t("p.req.tab.suggested", count=len(overview.proposals)),
    t("p.req.tab.history", count=len(overview.history))])

with received:
    if not overview.inbox:
        st.info(t("p.req.none_received"))
    for request in overview.inbox:
        with request_card(request, "in", t(
                "p.req.received_at", when=svc.moment_label(request["created_at"], tz, lang),
                expires=svc.moment_label(request["expires_at"], tz, lang))):
            slots = choices[request["id"]]
            labels = {s["id"]: svc.slot_label(s["start_utc"], s["end_utc"], tz, lang)
                      for s in slots}
            # option 0: the time asked for (a free-slot request), else the earliest free
            first = text_in(lang, "p.req.earliest")
            if request["slot_id"] is not None:
                asked = svc.slot_label(request["asked_start_utc"], request["asked_end_utc"],
                                       tz, lang)
                st.markdown(t("p.req.asked_time", when=asked))
                first = translate("p.req.asked_option", lang, when=asked)
                labels.pop(request["slot_id"], None)
            left, right = st.columns(2)
            # day names are translated: one widget per language
            slot_key = f"p.req.slot.{request['id']}.{lang}"
            left.selectbox(t("p.req.slot"), [0, *labels], key=slot_key,
                           format_func=lambda s, labels=labels, first=first: labels.get(
                               s, first),
                           disabled=not slots)
            left.button(t("p.req.accept"), key=f"p.req.accept.{request['id']}", type="primary",
                        icon=":material/check:", on_click=_accept,
                        args=(request["id"], slot_key), disabled=not slots)
            if not slots:
                left.caption(t("p.refused.no_slot"))
            right.text_input(t("p.req.reason"), key=f"p.req.reason.{request['id']}",
                             placeholder=t("p.req.reason_hint"))
            right.button(t("p.req.decline"), key=f"p.req.decline.{request['id']}",
                         icon=":material/close:", on_click=_decline, args=(request["id"],))

with sent:
    if not overview.outbox:
        st.info(t("p.req.none_sent"))
    for request in overview.outbox:
        with request_card(request, "out", t(
                "p.req.waiting", expires=svc.moment_label(request["expires_at"], tz, lang))):
            if request["slot_id"] is not None:
                st.markdown(t("p.req.sent_for", when=svc.slot_label(
                    request["asked_start_utc"], request["asked_end_utc"], tz, lang)))
            st.button(t("p.req.withdraw"), key=f"p.req.withdraw.{request['id']}",
                      icon=":material/undo:", on_click=_withdraw, args=(request["id"],))

with suggested:
    st.caption(t("p.prop.intro"))
    if not overview.proposals:
        st.info(t("p.prop.none"))
    for meeting in overview.proposals:
        with st.container(border=True, key=f"p-prop-{meeting['id']}"):
            name_with_logo(who(meeting["other_organisation"], meeting["other_kind"]),
                           logos.get(meeting["other_id"]))
            st.markdown(t("p.prop.when", when=svc.slot_label(
                meeting["start_utc"], meeting["end_utc"], tz, lang),
                table=plain(meeting["table_name"]), location=plain(meeting["table_location"])))
            reasons(svc.why(matching, me["id"], meeting["other_id"]), lang)
            if meeting["mine_accepted"]:
                st.badge(t("p.prop.you_accepted"), icon=":material/hourglass_top:")
                continue
            if meeting["theirs_accepted"]:
                st.caption(t("p.prop.they_accepted"))
            left, right = st.columns(2)
            left.button(t("p.req.accept"), key=f"p.prop.accept.{meeting['id']}",
                        type="primary", icon=":material/check:", on_click=_accept_proposal,
                        args=(meeting["id"],))
            right.text_input(t("p.req.reason"), key=f"p.prop.reason.{meeting['id']}",
                             placeholder=t("p.req.reason_hint"))
            right.button(t("p.req.decline"), key=f"p.prop.decline.{meeting['id']}",
                         icon=":material/close:", on_click=_decline_proposal,
                         args=(meeting["id"],))

with earlier:
    if not overview.history:
        st.info(t("p.req.none_history"))
    else:
        # st.dataframe shows text, never HTML or markdown: user text is safe here
        st.dataframe([{
            t("p.req.col.date"): svc.moment_label(r["updated_at"], tz, lang),
            t("p.req.col.direction"): t(f"p.req.dir.{r['direction']}"),
            t("p.req.col.with"): r["other_organisation"],
            t("p.req.col.status"): t(f"request.{r['status']}"),
            t("p.req.col.reason"): r["reason"]} for r in overview.history],
            hide_index=True, width="stretch")
