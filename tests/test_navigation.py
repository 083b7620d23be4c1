"""The one list of pages (``ui/navigation.py``) matches the page scripts: every script is
listed once, its texts exist in every language, it lands each role where expected, and each
page refuses by itself exactly the people the navigation hides it from."""

from __future__ import annotations

import ast

import pytest

from matchmaking.texts import TEXTS
from matchmaking.ui import navigation
from matchmaking.ui.i18n import LANGUAGES

from .conftest import PROJECT

UI = PROJECT / "matchmaking" / "ui"


def _required_role(script: str) -> str | None:
    """The role a page script passes to ``session.require``, or None if it calls none."""
    tree = ast.parse((PROJECT / script).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr == "require" and isinstance(node.func.value, ast.Name) \
                and node.func.value.id == "session":
            return node.args[0].value
    return None


def test_every_page_script_is_listed_once_and_every_entry_exists():
    listed = [page.script for page in navigation.PAGES]
    assert len(listed) == len(set(listed))
    on_disk = sorted(f"matchmaking/ui/{p.name}" for p in UI.glob("*_page.py"))
    assert sorted(listed) == on_disk


@pytest.mark.parametrize("page", navigation.PAGES, ids=lambda p: p.name)
def test_each_page_has_its_texts_and_an_icon(page):
    keys = [page.title] + ([page.section] if page.section else [])
    for key in keys:
        assert set(TEXTS[key]) >= set(LANGUAGES), key
    assert page.icon.startswith(":material/") and page.icon.endswith(":")
    assert page.roles and page.roles <= {navigation.ANONYMOUS, *navigation.SIGNED_IN}


@pytest.mark.parametrize("page", navigation.PAGES, ids=lambda p: p.name)
def test_a_page_shown_to_one_signed_in_role_requires_that_role_itself(page):
    required = _required_role(page.script)
    if navigation.ANONYMOUS in page.roles or len(page.roles) > 1:
        assert required is None, f"{page.name} is open to {sorted(page.roles)}"
    else:
        assert {required} == page.roles, page.name


def test_each_role_lands_on_its_first_page_and_sees_only_its_own():
    first = {role: navigation.pages_for(role)[0].name
             for role in (None, navigation.PARTICIPANT, navigation.ORGANISER)}
    assert first == {None: "signin", navigation.PARTICIPANT: "recommendations",
                     navigation.ORGANISER: "console_setup"}
    anonymous = {p.name for p in navigation.pages_for(None)}
    participant = {p.name for p in navigation.pages_for(navigation.PARTICIPANT)}
    organiser = {p.name for p in navigation.pages_for(navigation.ORGANISER)}
    assert anonymous == {"signin", "event"}
    assert participant & organiser == {"event"}
    assert not {n for n in organiser if n.startswith("console_")} & participant
    assert navigation.page_named("console_grid").roles == {navigation.ORGANISER}


def test_the_role_check_sees_a_page_that_forgot_it(tmp_path, monkeypatch):
    # the rule above must be able to fail: a script without session.require is reported
    script = tmp_path / "matchmaking" / "ui" / "probe_page.py"
    script.parent.mkdir(parents=True)
    script.write_text("import streamlit as st\nst.title('x')\n", encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.PROJECT", tmp_path)
    assert _required_role("matchmaking/ui/probe_page.py") is None
    script.write_text("from matchmaking.ui import session\nme = session.require('organiser')\n",
                      encoding="utf-8")
    assert _required_role("matchmaking/ui/probe_page.py") == "organiser"
