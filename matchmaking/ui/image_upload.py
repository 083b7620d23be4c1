"""Participants' logos and photos in the pages: the upload, shared by their profile page and
the console's registrations page (the current image, a file uploader, the file checked on
the server: the uploader's ``type`` is only the browser's filter, and a button to remove it),
and a card's name line with the other side's logo."""

from __future__ import annotations

import streamlit as st

from matchmaking.services import images
from matchmaking.ui.common import database, plain
from matchmaking.ui.i18n import t

UPLOAD_TYPES = ["png", "jpg", "jpeg", "webp"]


def image_error_text(error: images.InvalidImage) -> str:
    values = {k: plain(v) if isinstance(v, str) else v for k, v in error.values.items()}
    try:
        return t(f"img.{error.code}", **values)
    except (KeyError, IndexError, ValueError):
        return plain(error)


def image_editor(participant_id: int, kind: str, label: str, *, help_text: str, actor: str,
                 key: str, saved_text: str, remove_text: str) -> None:
    """One image of a participant: shown, replaced by an upload, or removed."""
    with database() as db:
        current = images.participant_image(db, participant_id, kind)
    widget = f"{key}.{kind}.{participant_id}"
    picture, controls = st.columns([1, 4], vertical_alignment="center")
    if current:
        picture.image(current, width=96)
    upload = controls.file_uploader(label, type=UPLOAD_TYPES, key=widget, help=help_text)
    seen = f"{widget}.seen"
    if upload is not None and st.session_state.get(seen) != upload.file_id:
        st.session_state[seen] = upload.file_id  # each file is stored once, not every run
        try:
            with database() as db:
                images.set_participant_image(db, participant_id, upload.getvalue(), kind=kind,
                                             name=upload.name, actor=actor)
        except images.InvalidImage as error:
            controls.error(image_error_text(error), icon=":material/error:")
        else:
            st.session_state[f"{widget}.flash"] = saved_text
            st.rerun()
    if f"{widget}.flash" in st.session_state:
        controls.success(st.session_state.pop(f"{widget}.flash"), icon=":material/check:")
    if current and controls.button(remove_text, key=f"{widget}.remove",
                                   icon=":material/delete:"):
        with database() as db:
            images.remove_participant_image(db, participant_id, kind, actor=actor)
        st.rerun()


def name_with_logo(markdown: str, logo: bytes | None) -> None:
    """A card's line naming the other side (``markdown``, already escaped), their logo
    before it when they have one."""
    if not logo:
        st.markdown(markdown)
        return
    picture, name = st.columns([1, 9], vertical_alignment="center")
    picture.image(logo, width=40)
    name.markdown(markdown)
