"""Recommendations: everybody this participant may meet, best two-way fit first, each with
the reasons of its score; filters, marks (must meet, shortlist, no thanks) and meeting
requests. The event's scores are cached; marks, requests and meetings made since are
applied here, as the database says now."""

from __future__ import annotations

import streamlit as st

from matchmaking.domain.taxonomy import default_taxonomy
from matchmaking.services import event as services
from matchmaking.services import images
from matchmaking.services import participant as svc
from matchmaking.services import suggestions
from matchmaking.ui import cache, session
from matchmaking.ui.common import database, plain
from matchmaking.ui.image_upload import name_with_logo
from matchmaking.ui.i18n import language, t
from matchmaking.ui.participant_common import (flash, reasons, reasons_in, show_flash,
                                              text_in, who)

PAGE_SIZE = 10
MARKS = ("must_meet", "shortlist", "no_thanks")
MARK_ICONS = {"must_meet": ":material/star:", "shortlist": ":material/bookmark:",
              "no_thanks": ":material/block:"}

me = session.require("participant")
lang = language()
taxonomy = default_taxonomy()
st.title(t("p.rec.title"))
st.caption(t("p.rec.intro"))

matching = cache.event_matching()
options = svc.filter_options(matching, me["id"])
if not options.kinds:
    st.info(t("p.rec.not_scored"))
    st.stop()


def _mark(other_id: int, mark: str | None) -> None:
    with database() as db:
        svc.set_mark(db, me["id"], other_id, mark)
    flash(f"rec.{other_id}", svc.Outcome(True, f"p.rec.marked.{mark or 'none'}"))


def _request(other_id: int, other_email: str) -> None:
    note = st.session_state.get(f"p.rec.note.{other_id}", "")
    with database() as db:
        outcome = svc.request_meeting(db, me["email"], other_email, note=note,
                                      matching=cache.event_matching())
    if outcome.ok:
        st.session_state[f"p.rec.note.{other_id}"] = ""
    flash(f"rec.{other_id}", outcome)


def _ask_slot(other_id: int, other_email: str, slot_id: int) -> None:
    with database() as db:
        flash("free", svc.request_meeting(db, me["email"], other_email, slot_id=slot_id,
                                          matching=cache.event_matching()))


def _profile_text(person: dict) -> str:
    """The profile's texts under their headings, as one markdown text."""
    parts = []
    for name in ("about", "looking_for", "offering", "portfolio"):
        if person.get(name):
            lines = person[name].splitlines() if name == "portfolio" else [person[name]]
            parts.append(f"**{t('p.profile.' + name)}**\n\n" + "\n".join(
                ("- " if len(lines) > 1 else "") + plain(line) for line in lines))
    return "\n\n".join(parts)


# --- free now: a good fit free at the same time, with a table ------------------------------
with database() as db:
    free_now = suggestions.free_slot_suggestions(db, matching, me["id"])
    zone = services.get_event(db)["timezone"]
show_flash("free")
if free_now:  # one line until opened: the first card stays on a phone's first screen
    with st.expander(t("p.free.title_count", count=len(free_now)), icon=":material/bolt:",
                     key="p-free"):
        st.caption(t("p.free.intro"))
        for s in free_now:
            line, button = st.columns([4, 1], vertical_alignment="center")
            line.markdown(t("p.free.line", organisation=f"\u200e**{plain(s.organisation)}**",
                            time=svc.slot_label(s.start_utc, s.end_utc, zone, lang),
                            table=plain(s.table_name), score=s.score))
            button.button(t("p.free.ask"), key=f"p.free.ask.{s.other_id}.{s.slot_id}",
                          icon=":material/event_available:", type="primary", width="stretch",
                          on_click=_ask_slot, args=(s.other_id, s.email, s.slot_id))

# --- filters, folded away: on a phone they would fill the first screen ----------------------
filter_box = st.expander(t("p.rec.filters"), icon=":material/filter_list:")
top = filter_box.columns([3, 1])
search = top[0].text_input(t("p.rec.search"), key="p.rec.search",
                           placeholder=t("p.rec.search_hint"))
# Option labels are translated, so each language has its own widgets (a widget's options
# must not change under it); the choices themselves are kept across a language switch.
kept = st.session_state.setdefault("p.rec.filters", {})


def keep(name: str, value: str) -> str:
    kept[name] = value
    return value


def index_of(name: str, options: list) -> int:
    return options.index(kept[name]) if kept.get(name) in options else 0


SHOWS = ["recommended", *MARKS]
show = keep("show", top[1].selectbox(
    t("p.rec.show"), SHOWS, index=index_of("show", SHOWS), key=f"p.rec.show.{lang}",
    format_func=lambda s: text_in(lang, f"p.rec.show.{s}")))
row = filter_box.columns(5)
ANY = "*"  # a string: a None option would show as an empty, clearable box


def _any(label: str):
    return lambda value: text_in(lang, "p.rec.any") if value == ANY else label_of[label](value)


label_of = {
    "kind": lambda k: text_in(lang, f"kind.{k}"),
    "sector": lambda c: ("▸ " if taxonomy.sectors[c].is_axis else "") + taxonomy.label(c, lang),
    "stage": lambda s: svc.stage_label(s, lang),
    "country": lambda c: svc.country_label(c, lang),
    "language": lambda c: svc.language_label(c, lang),
}
choices = {"kind": options.kinds if len(options.kinds) == 1 else [ANY, *options.kinds],
           "sector": [ANY, *options.sectors], "stage": [ANY, *options.stages],
           "country": [ANY, *options.countries], "language": [ANY, *options.languages]}
labels = {"kind": "common.kind", "sector": "p.rec.sector", "stage": "p.rec.stage",
          "country": "p.rec.country", "language": "p.rec.language"}
picked = {name: keep(name, column.selectbox(
    t(labels[name]), choices[name], index=index_of(name, choices[name]),
    key=f"p.rec.{name}.{lang}", format_func=_any(name), disabled=len(choices[name]) < 2))
    for column, name in zip(row, choices)}
picked = {name: None if value in (ANY, None) else value for name, value in picked.items()}
filters = svc.Filters(**picked, search=search, show=show)

with database() as db:
    found = svc.browse_now(db, matching, me["id"], filters)
    limit = st.session_state.get("p.rec.limit", PAGE_SIZE)
    shown = found.items[:limit]
    settings = svc.request_settings(db, [c.id for c in shown])
    logos = images.participant_logos(db, [c.id for c in shown])

st.caption(t("p.rec.count", count=len(found.items), total=found.eligible))
on_screen = {c.id for c in shown}
for name in [k for k in st.session_state if str(k).startswith("p.flash.rec.")]:
    if int(str(name).rsplit(".", 1)[1]) not in on_screen:  # its card left the list
        show_flash(str(name).removeprefix("p.flash."))
if not shown:
    st.info(t("p.rec.none"))

# --- cards: name, fit and the top reason first; the rest on demand -------------------------
def _mark_changed(other_id: int) -> None:
    _mark(other_id, st.session_state.get(f"p.rec.mark.{other_id}"))


def _ask(other_id: int) -> None:
    st.session_state["p.rec.asking"] = other_id


def _stop_asking() -> None:
    st.session_state.pop("p.rec.asking", None)


@st.dialog(t("p.rec.request"), on_dismiss=_stop_asking)
def _request_dialog(person: dict) -> None:
    """The note and the send button, made only when asked for (a text box on every card
    cost more than the rest of the card)."""
    st.markdown(who(person["organisation"], person["kind"]))
    st.text_area(t("p.rec.note"), key=f"p.rec.note.{person['id']}", max_chars=1000,
                 placeholder=t("p.rec.note_hint"))
    st.button(t("p.rec.send"), key=f"p.rec.send.{person['id']}", type="primary",
              icon=":material/send:", on_click=_send, args=(person["id"], person["email"]))
    if st.session_state.get("p.rec.asking") != person["id"]:  # sent: the page shows it
        st.rerun()


def _send(other_id: int, other_email: str) -> None:
    _request(other_id, other_email)
    _stop_asking()


def _details(person: dict, explained: dict | None) -> str:
    """What a card shows when opened: its facts, every reason, the profile."""
    facts = [", ".join(plain(svc.country_label(c, lang)) for c in person["country"][:4]),
             ", ".join(plain(taxonomy.label(c, lang)) for c in person["sectors"][:5]),
             ", ".join(svc.stage_label(s, lang) for s in person["stages"]),
             svc.amount_range(person["ticket_min"], person["ticket_max"], lang)]
    parts = [" · ".join(f for f in facts if f)]
    if explained is not None:
        parts.append("\n".join(f"- {plain(r)}" for r in reasons_in(explained, lang)[1:]))
    return "\n\n".join([p for p in parts if p] + [_profile_text(person)])


asking = None
for item in shown:
    person = svc.profile(matching, item.id)
    explained = svc.why(matching, me["id"], item.id)
    if st.session_state.get("p.rec.asking") == item.id:
        asking = person
    with st.container(border=True, key=f"p-rec-card-{item.id}"):
        name_with_logo(who(person["organisation"], person["kind"]), logos.get(item.id))
        reasons(explained, lang, top=1)
        with st.expander(t("p.rec.details")):
            st.markdown(_details(person, explained))  # one element for all of it
        show_flash(f"rec.{item.id}")
        if item.state:
            st.badge(t(f"p.rec.state.{item.state}"),
                     icon=":material/block:" if item.state == "full" else ":material/check:",
                     color={"meeting_booked": "green", "full": "gray"}.get(item.state, "blue"))
        actions = st.container(horizontal=True, vertical_alignment="center", gap="small")
        mark_key = f"p.rec.mark.{item.id}"
        if st.session_state.get(mark_key) != item.mark:
            st.session_state[mark_key] = item.mark  # as stored (another tab may have marked)
        actions.segmented_control(
            t("p.rec.mark"), MARKS, key=mark_key, label_visibility="collapsed",
            format_func=lambda mark: f"{MARK_ICONS[mark]} {text_in(lang, f'p.rec.mark.{mark}')}",
            on_change=_mark_changed, args=(item.id,), help=t("p.rec.unmark"), width="stretch")
        rules = settings.get(item.id, {})
        minimum = rules.get("min_request_score")
        if item.state in ("meeting_booked", "meeting_proposed", "request_sent", "full"):
            continue
        if item.state == "request_received":
            actions.page_link("matchmaking/ui/requests_page.py", label=t("p.rec.answer"),
                              icon=":material/move_to_inbox:")
            continue
        if not rules.get("accepting_requests", True):
            actions.caption(t("p.rec.not_taking"))
            continue
        if minimum is not None and item.score < minimum:
            actions.caption(t("p.rec.below_minimum", minimum=minimum))
            continue
        actions.button(t("p.rec.request"), key=f"p.rec.request.{item.id}",
                       icon=":material/send:", type="primary", on_click=_ask, args=(item.id,))
if asking is not None:
    _request_dialog(asking)

if len(found.items) > limit:
    if st.button(t("p.rec.more", count=min(PAGE_SIZE, len(found.items) - limit))):
        st.session_state["p.rec.limit"] = limit + PAGE_SIZE
        st.rerun()
