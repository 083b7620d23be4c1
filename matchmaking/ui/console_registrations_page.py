"""Registrations: upload a file through the CLI's validated import (problems by row and
column, a preview of what will change, then all or nothing); find, edit and deactivate
participants; access codes and the invitations file for a mail merge."""

from __future__ import annotations

import hashlib

import streamlit as st

from matchmaking.domain.importing import InvalidRegistrations
from matchmaking.domain.profiles import CANONICAL_FIELDS
from matchmaking.domain.paths import database_path
from matchmaking.domain.taxonomy import default_taxonomy
from matchmaking.domain.vocabulary import KINDS
from matchmaking.services import console as osv
from matchmaking.services import event as services
from matchmaking.ui import session
from matchmaking.ui.common import base_url_guess, database, plain
from matchmaking.ui.console_common import (deferred, kind_label, kind_labels,
                                           show_error)
from matchmaking.ui.i18n import language, t
from matchmaking.ui.image_upload import image_editor

session.require("organiser")
st.title(t("o.reg.title"))
lang = language()
taxonomy = default_taxonomy()
kinds = kind_labels()
state = st.session_state

# --- upload ------------------------------------------------------------------------------------
st.subheader(t("o.reg.upload"))
st.caption(t("o.reg.upload_help"))
nonce = state.get("o.reg.nonce", 0)
uploaded = st.file_uploader(t("o.reg.file"), type=["csv", "tsv", "txt", "xlsx", "json"],
                            key=f"o.reg.file.{nonce}")
if "o.reg.done" in state:
    st.success(state.pop("o.reg.done"), icon=":material/check_circle:")

PROBLEM_COLUMNS = {"row": t("o.reg.col.row"), "column": t("o.reg.col.column"),
                   "problem": t("o.reg.col.problem")}


def problem_table(problems) -> list[dict]:
    """Problems by row (blank for the whole file or a column), column and what is wrong."""
    return [{**r, "row": "" if r["row"] is None else str(r["row"])}
            for r in osv.problem_rows(problems)]


def column_mapper(choices: list[osv.ColumnChoice]) -> None:
    """One field per column, as the organiser sees fit; saved for this file and the next."""
    unknown = sum(c.how in ("unknown", "question") for c in choices)
    fields = [None, *CANONICAL_FIELDS]
    with st.expander(t("o.reg.columns", unknown=unknown), expanded=unknown > 0,
                     icon=":material/view_column:"):
        st.caption(t("o.reg.columns_help"))
        with st.form("o.reg.columns"):
            picked, columns = {}, st.columns(3)
            for i, choice in enumerate(choices):
                picked[choice.header] = columns[i % 3].selectbox(
                    choice.header, fields, index=fields.index(choice.field),
                    key=f"o.reg.column.{choice.header}",
                    format_func=lambda f: t("o.reg.leave_out") if f is None else f,
                    help=t("o.reg.column_hint", how=t(f"o.reg.how.{choice.how}"),
                           sample=choice.sample or "—"))
            if st.form_submit_button(t("o.reg.use_columns")):
                changed = {h: f for h, f in picked.items()
                           if f != next(c.field for c in choices if c.header == h)
                           or next(c.how for c in choices if c.header == h) != "known"}
                with database() as db:
                    osv.save_column_mapping(db, changed)
                state.pop("o.reg.preview", None)
                state["o.reg.done"] = t("o.reg.columns_saved")
                st.rerun()


if uploaded is not None:
    content, name = uploaded.getvalue(), uploaded.name
    digest = hashlib.sha256(content).hexdigest()
    with database() as db:
        version = services.data_version(db)
        cached = state.get("o.reg.preview")
        if cached is None or cached[:2] != (digest, version):
            try:
                choices = osv.upload_columns(db, content, name)
            except InvalidRegistrations:
                choices = []  # the import below says why the file cannot be read
            try:
                preview = osv.import_upload(db, content, name, dry_run=True)
                cached = (digest, version, preview, None, choices)
            except InvalidRegistrations as error:
                cached = (digest, version, None, error.problems, choices)
            state["o.reg.preview"] = cached
    _, _, preview, problems, choices = cached
    if choices:
        column_mapper(choices)
    if problems:
        st.error(t("o.reg.invalid", count=len(problems), name=plain(name)),
                 icon=":material/block:")
        st.dataframe(problem_table(problems), hide_index=True, width="stretch",
                     column_config=PROBLEM_COLUMNS)
    else:
        report = preview.report
        st.info(t("o.reg.preview", name=plain(name)), icon=":material/preview:")
        columns = st.columns(3)
        columns[0].metric(t("o.reg.new"), len(report.created))
        columns[1].metric(t("o.reg.updated"), len(report.updated))
        columns[2].metric(t("o.reg.unchanged"), len(report.unchanged))
        if report.created:
            with st.expander(t("o.reg.new_list", count=len(report.created))):
                st.dataframe([{"email": e} for e in report.created], hide_index=True,
                             width="stretch")
        if report.updated:
            with st.expander(t("o.reg.updated_list", count=len(report.updated))):
                st.dataframe([{"email": e, "columns": ", ".join(c)}
                              for e, c in report.updated.items()], hide_index=True,
                             width="stretch")
        with st.expander(t("o.reg.rows", count=len(preview.participants)),
                         icon=":material/table_rows:"):
            st.dataframe(osv.preview_rows(preview, taxonomy, lang), hide_index=True,
                         width="stretch", column_config={
                             "row": st.column_config.NumberColumn(t("o.reg.col.row"))})
        if preview.warnings:
            with st.expander(t("o.reg.warnings", count=len(preview.warnings))):
                st.dataframe(problem_table(preview.warnings), hide_index=True,
                             width="stretch", column_config=PROBLEM_COLUMNS)
        if report.created or report.updated:
            if st.button(t("o.reg.confirm", new=len(report.created),
                           updated=len(report.updated)), type="primary"):
                try:
                    with database() as db:
                        result = osv.import_upload(db, content, name, dry_run=False)
                    state["o.reg.done"] = t("o.reg.imported", new=len(result.report.created),
                                            updated=len(result.report.updated),
                                            name=plain(name))
                    state["o.reg.nonce"] = nonce + 1
                    state.pop("o.reg.preview", None)
                    st.rerun()
                except InvalidRegistrations as error:
                    st.error(t("o.reg.invalid", count=len(error.problems), name=plain(name)))
                except services.StorageError as error:
                    show_error(error)
        else:
            st.caption(t("o.reg.nothing_to_import"))

# --- participants --------------------------------------------------------------------------
st.divider()
st.subheader(t("o.reg.participants"))
left, middle, right = st.columns([2, 1, 1])
search = left.text_input(t("common.search"), placeholder=t("o.reg.search_hint"),
                         key="o.reg.search")
kind = middle.selectbox(t("common.kind"), ["all", *KINDS],
                        format_func=kinds.get, key="o.reg.kind")
inactive = right.toggle(t("o.reg.include_inactive"), key="o.reg.inactive")
with database() as db:
    people = services.list_participants(db, kind=None if kind == "all" else kind,
                                       search=search or None, include_inactive=inactive)
st.caption(t("o.reg.count", count=len(people)))
st.dataframe([{t("o.reg.col.organisation"): p["organisation"],
               t("common.kind"): kind_label(p["kind"]),
               t("o.reg.col.contact"): p["contact_name"], "email": p["email"],
               t("common.sector"): ", ".join(taxonomy.label(c, lang) for c in p["sectors"]),
               t("o.reg.col.active"): p["active"]} for p in people],
             hide_index=True, width="stretch", height=300)

# the profile fields the edit form shows as one-line texts, then as text areas
SHORT_FIELDS = [("contact_name", "o.reg.col.contact"), ("phone", "o.reg.col.phone"),
                ("city", "o.reg.col.city"), ("country", "o.reg.col.country"),
                ("languages", "o.reg.col.languages"), ("sectors", "common.sector"),
                ("stages", "o.reg.col.stages"), ("booth", "o.reg.col.booth"),
                ("ticket_min", "o.reg.col.ticket_min"), ("ticket_max", "o.reg.col.ticket_max"),
                ("max_meetings", "o.reg.col.max_meetings"), ("website", "o.reg.col.website")]
LONG_FIELDS = [("about", "o.reg.col.about"), ("looking_for", "o.reg.col.looking_for"),
               ("offering", "o.reg.col.offering"), ("portfolio", "o.reg.col.portfolio")]

shown = people[:300]
person = st.selectbox(t("o.reg.pick"), shown, index=None, key="o.reg.pick",
                      placeholder=t("o.reg.pick_hint"),
                      format_func=lambda p: f"{p['organisation']} ({kinds[p['kind']]}) — "
                                            f"{p['email']}")
if person is not None:
    values = osv.as_form_values(person)
    with st.form(f"o.reg.edit.{person['id']}"):
        st.markdown(f"**{t('o.reg.edit')}**")
        left, right = st.columns(2)
        form = {
            "organisation": left.text_input(t("o.reg.col.organisation"), values["organisation"]),
            "kind": right.selectbox(t("common.kind"), list(KINDS),
                                    index=KINDS.index(person["kind"]), format_func=kinds.get)}
        for i, (field, label) in enumerate(SHORT_FIELDS):  # two by two
            form[field] = (left, right)[i % 2].text_input(t(label), values[field])
        for field, label in LONG_FIELDS:
            form[field] = st.text_area(t(label), values[field])
        form["consent"] = st.checkbox(t("o.reg.col.consent"), values["consent"])
        save = st.form_submit_button(t("o.reg.save"), type="primary")
    if save:
        try:
            with database() as db:
                changed = osv.edit_participant(db, person["id"], form)
            if changed:
                st.success(t("o.reg.saved", columns=", ".join(changed)))
            else:
                st.info(t("o.setup.nothing_changed"))
        except osv.InvalidEdit as error:
            st.error(t("o.reg.edit_invalid"))
            st.dataframe([{"column": c, "problem": m} for c, m in error.problems],
                         hide_index=True)
        except services.StorageError as error:
            show_error(error)

    # the logo and photo shown on their badge and cards
    with st.expander(t("o.reg.logo"), icon=":material/image:"):
        for kind in ("logo", "photo"):
            image_editor(person["id"], kind, t(f"p.profile.{kind}"),
                         help_text=t("o.reg.logo_help"), actor="organiser", key="o.reg.image",
                         saved_text=t("o.reg.logo_saved", name=plain(person["organisation"])),
                         remove_text=t("o.reg.logo_remove"))

    if person["active"]:
        cancel = st.checkbox(t("o.reg.cancel_meetings"), value=True,
                             key=f"o.reg.cancel.{person['id']}")
        if st.button(t("o.reg.deactivate"), key=f"o.reg.off.{person['id']}"):
            with database() as db:
                count = osv.set_participant_active(db, person["id"], False,
                                                   cancel_meetings=cancel)
            st.success(t("o.reg.deactivated", name=plain(person["organisation"]), count=count))
    elif st.button(t("o.reg.reactivate"), key=f"o.reg.on.{person['id']}"):
        with database() as db:
            osv.set_participant_active(db, person["id"], True)
        st.success(t("o.reg.reactivated", name=plain(person["organisation"])))

# --- access codes and invitations ---------------------------------------------------------------
st.divider()
st.subheader(t("o.reg.codes"))
st.caption(t("o.reg.codes_help"))
base_url = st.text_input(t("o.reg.base_url"), value=base_url_guess(), key="o.reg.base_url")
secret_file = database_path()
left, middle, right = st.columns(3)
try:
    if left.button(t("o.reg.create_codes")):
        with database() as db:
            rows = services.issue_access_codes(db, services.access_secret(db, secret_file),
                                               actor="organiser")
        st.success(t("o.reg.codes_ready", count=len(rows)))
    if person is not None and middle.button(t("o.reg.new_code",
                                              name=plain(person["organisation"]))):
        with database() as db:
            services.issue_access_codes(db, services.access_secret(db, secret_file),
                                        regenerate=True, emails=[person["email"]],
                                        actor="organiser")
        st.success(t("o.reg.code_replaced", name=plain(person["organisation"])))
    confirm_all = right.checkbox(t("o.reg.confirm_all"), key="o.reg.confirm_all")
    if right.button(t("o.reg.new_codes_all"), disabled=not confirm_all):
        with database() as db:
            rows = services.issue_access_codes(db, services.access_secret(
                db, secret_file, regenerate=True), regenerate=True, actor="organiser")
        st.success(t("o.reg.codes_replaced", count=len(rows)))
except services.StorageError as error:  # a missing or different secret: nothing rewritten
    show_error(error)
st.download_button(t("o.reg.invitations"), on_click="ignore", mime="text/csv",
                   file_name="invitations.csv", icon=":material/mail:",
                   data=deferred(lambda db: osv.invitations_csv(
                       db, services.access_secret(db, secret_file), base_url).encode("utf-8-sig")))
