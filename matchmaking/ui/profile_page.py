"""My profile: what I do, look for and offer, sectors, stage, ticket, languages and
countries, checked by the import's rules; only what changed is saved (and audited), and
only changed texts are embedded again. Also whether I take meeting requests, my logo and
photo, and my badge's QR code (for the check-in desk, from my phone)."""

from __future__ import annotations

import streamlit as st

from matchmaking.domain.paths import database_path
from matchmaking.domain.taxonomy import STAGES, default_taxonomy
from matchmaking.matching.embedding import configured_model
from matchmaking.matching.explain import LANGUAGE_NAMES
from matchmaking.services import badges, images
from matchmaking.services import participant as svc
from matchmaking.ui import cache, session
from matchmaking.ui.common import base_url_guess, database, plain
from matchmaking.ui.i18n import language, t
from matchmaking.ui.image_upload import image_editor
from matchmaking.ui.participant_common import text_in

me = session.require("participant")
lang = language()
taxonomy = default_taxonomy()
st.title(t("p.profile.title"))

with database() as db:
    person = svc.my_profile(db, me["id"])
st.caption(t("p.profile.intro", organisation=plain(person["organisation"])))

# The badge's QR code, for checking in from a phone screen (the printed badge has the same).
with st.expander(t("p.badge.title"), icon=":material/qr_code_2:"):
    try:
        with database() as db:
            _, badge_png = badges.personal_badge(db, database_path(), me["id"],
                                                 base_url_guess())
    except badges.StorageError as error:  # the event's secret is missing: ask the desk
        st.warning(plain(error))
    else:
        st.image(badge_png, width=240)
        st.caption(t("p.badge.help"))

# Messages that the import's validation gives in English, said in the page's language.
_PROBLEMS = [("not a number", "p.profile.err.amount"),
             ("greater than ticket_max", "p.profile.err.ticket_order"),
             ("zero or more", "p.profile.err.amount"),
             ("one only", "p.profile.err.one_stage")]


def _problem(message: str) -> str:
    for fragment, key in _PROBLEMS:
        if fragment in message:
            return t(key)
    return plain(message)  # it quotes what was typed


def _amount(value: int | None) -> str:
    return "" if value is None else str(value)


startup = person["kind"] == "startup"
sector_options = list(taxonomy.sectors) + [c for c in person["sectors"]
                                           if c not in taxonomy.sectors]
country_options = sorted({*svc.all_country_codes(), *person["country"]},
                         key=lambda c: svc.country_label(c, lang).casefold())
language_options = list(LANGUAGE_NAMES) + [c for c in person["languages"]
                                           if c not in LANGUAGE_NAMES]

with st.form("p.profile.form"):
    fields: dict[str, object] = {}
    errors = {}
    # A start-up's references are in its texts; investors and partners list who they backed.
    for name in ("about", "looking_for", "offering", *(() if startup else ("portfolio",))):
        fields[name] = st.text_area(t(f"p.profile.{name}"), value=person[name], height=110,
                                    help=t(f"p.profile.{name}_help"), max_chars=3000)
        errors[name] = st.empty()
    fields["sectors"] = st.multiselect(
        t("p.profile.sectors"), sector_options, default=person["sectors"],
        format_func=lambda c: ("▸ " if c in taxonomy.sectors and taxonomy.sectors[c].is_axis
                               else "") + taxonomy.label(c, lang),
        accept_new_options=True, help=t("p.profile.sectors_help"))
    errors["sectors"] = st.empty()
    left, right = st.columns(2)
    if startup:
        stages = ["", *STAGES]  # "": not given (a None option would show as an empty box)
        stage = left.selectbox(t("p.profile.stage"), stages,
                               index=stages.index(person["stages"][0]) if person["stages"]
                               else 0,
                               format_func=lambda s: svc.stage_label(s, lang) if s
                               else text_in(lang, "p.profile.no_stage"))
        fields["stages"] = [stage] if stage else []
    else:
        fields["stages"] = left.multiselect(t("p.profile.stages"), list(STAGES),
                                            default=person["stages"],
                                            format_func=lambda s: svc.stage_label(s, lang))
    errors["stages"] = left.empty()
    fields["languages"] = right.multiselect(t("p.profile.languages"), language_options,
                                            default=person["languages"],
                                            format_func=lambda c: svc.language_label(c, lang))
    errors["languages"] = right.empty()
    low, high = st.columns(2)
    ticket = "p.profile.ask" if startup else "p.profile.ticket"
    fields["ticket_min"] = low.text_input(t(f"{ticket}_min"), value=_amount(person["ticket_min"]),
                                          help=t("p.profile.amount_help"))
    errors["ticket_min"] = low.empty()
    fields["ticket_max"] = high.text_input(t(f"{ticket}_max"),
                                           value=_amount(person["ticket_max"]),
                                           help=t("p.profile.amount_help"))
    errors["ticket_max"] = high.empty()
    fields["country"] = st.multiselect(
        t("p.profile.countries" if not startup else "p.profile.country"), country_options,
        default=person["country"], format_func=lambda c: svc.country_label(c, lang),
        help=t("p.profile.countries_help"))
    errors["country"] = st.empty()
    saved = st.form_submit_button(t("p.profile.save"), type="primary", icon=":material/save:")

if saved:
    check = svc.check_profile(person, fields)
    if not check.ok:
        for column, messages in check.problems.items():
            (errors.get(column) or st).error(" ".join(_problem(m) for m in messages))
        st.error(t("p.profile.not_saved"))
    else:
        model = configured_model()
        bar = st.progress(0.0, text=t("p.profile.embedding", done=0, total="…"))
        with database() as db:
            report = svc.save_profile(
                db, me["id"], check, encoder=lambda: cache.encoder(model),
                progress=lambda done, total: bar.progress(
                    done / max(total, 1), text=t("p.profile.embedding", done=done,
                                                  total=total)))
        bar.empty()
        if not report.changed:
            st.info(t("p.profile.unchanged"))
        else:
            names = {"ticket_min": f"{ticket}_min", "ticket_max": f"{ticket}_max"}
            st.success(t("p.profile.saved", fields=", ".join(
                t(names.get(c, f"p.profile.{c}")) for c in report.changed)))
        if report.embedded is not None and report.embedded.fields_embedded:
            st.caption(t("p.profile.embedded", count=report.embedded.fields_embedded))
        if report.embed_error:
            st.warning(t("p.profile.embed_later"))
        for warning in check.warnings:
            st.warning(plain(warning))

# --- logo and photo ----------------------------------------------------------------------------
st.subheader(t("p.profile.logo"))
for kind in images.IMAGE_KINDS:
    image_editor(me["id"], kind, t(f"p.profile.{kind}"), help_text=t("p.profile.image_help"),
                 actor="participant", key="p.profile.image",
                 saved_text=t("p.profile.image_saved"), remove_text=t("p.profile.image_remove"))

# --- who may ask me for a meeting -------------------------------------------------------------
st.subheader(t("p.profile.requests"))
with st.form("p.profile.requests"):
    accepting = st.toggle(t("p.profile.accepting"), value=bool(person["accepting_requests"]),
                          help=t("p.profile.accepting_help"))
    minimum = None
    if not startup:
        wanted = st.slider(t("p.profile.min_score"), 0.0, 1.0,
                           value=float(person["min_request_score"] or 0.0), step=0.05,
                           help=t("p.profile.min_score_help"))
        minimum = wanted or None
    if st.form_submit_button(t("p.profile.save_requests")):
        with database() as db:
            changed = svc.save_request_settings(db, me["id"], accepting=accepting,
                                                min_score=minimum)
        st.success(t("p.profile.requests_saved") if changed else t("p.profile.unchanged"))
