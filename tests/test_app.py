"""The app, rendered with Streamlit's AppTest on a real database file: sign-in, roles,
languages, and the shared pages."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from matchmaking.domain import access
from matchmaking.services import event as services

from .conftest import PROJECT, REGISTRATIONS

ORGANISER_CODE = "organiser-test-code"
ORGANISER_ONLY = ["participants_page.py", "matching_page.py"]


@pytest.fixture
def app_env(db, event_db_path, monkeypatch):
    services.import_registrations(db, REGISTRATIONS / "good.csv")
    monkeypatch.setenv("MATCHMAKING_DB", str(event_db_path))
    monkeypatch.setenv(access.ORGANISER_CODE_ENV_VAR, ORGANISER_CODE)
    codes = {r["email"]: r["code"] for r in services.issue_access_codes(
        db, access.load_secret(event_db_path))}
    return codes


def new_app() -> AppTest:
    return AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)


def signed_in(code: str) -> AppTest:
    at = new_app()
    at.query_params["code"] = code
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def organiser(app_env) -> AppTest:
    at = new_app().run()
    at.text_input[1].input(ORGANISER_CODE)
    at.button[1].click().run()
    assert not at.exception, at.exception
    assert at.session_state["user"]["role"] == "organiser"
    return at


def test_anonymous_visitors_see_sign_in_and_the_event(app_env):
    at = new_app().run()
    assert not at.exception
    assert at.title[0].value == "Sign in"
    assert "user" not in at.session_state
    at.switch_page("matchmaking/ui/event_page.py").run()
    assert at.title[0].value == "Casablanca Smart City 2024 — Start-up Village"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Start-ups": "1", "Investors": "1", "Partners": "1", "Tables": "30"}
    assert len(at.expander) == 2  # two days


def test_personal_link_signs_in_and_leaves_the_address_bar(app_env):
    at = signed_in(app_env["amina.benali@example.org"])
    user = at.session_state["user"]
    assert (user["role"], user["email"]) == ("participant", "amina.benali@example.org")
    assert "code" not in at.query_params


def test_wrong_codes_get_a_clear_message_and_are_slowed_down(app_env):
    at = new_app().run()
    for attempt in range(3):
        at.text_input[0].input("a" * 26)
        at.button[0].click().run()
        assert "This code is not valid" in at.error[0].value
        assert "user" not in at.session_state
    at.text_input[0].input("b" * 26)
    at.button[0].click().run()
    assert "Too many wrong codes. Try again in" in at.error[0].value
    # even the right code must wait now
    at.text_input[0].input(app_env["amina.benali@example.org"])
    at.button[0].click().run()
    assert "Too many wrong codes" in at.error[0].value
    assert "user" not in at.session_state


def test_wrong_organiser_code_is_refused(app_env):
    at = new_app().run()
    at.text_input[1].input("guess")
    at.button[1].click().run()
    assert "This code is not valid" in at.error[0].value
    assert "user" not in at.session_state


def test_language_switch_translates_the_interface(app_env):
    at = new_app().run()
    at.radio(key="lang").set_value("fr").run()
    assert at.title[0].value == "Connexion"
    at.switch_page("matchmaking/ui/event_page.py").run()
    assert {m.label for m in at.metric} == {"Start-ups", "Investisseurs", "Partenaires",
                                            "Tables"}


def test_participants_cannot_open_organiser_pages(app_env):
    at = signed_in(app_env["amina.benali@example.org"])
    for page in ORGANISER_ONLY:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"matchmaking/ui/{page}")  # not in a participant's navigation
        # and the page refuses by itself, whatever way it is reached
        direct = AppTest.from_file(str(PROJECT / "matchmaking" / "ui" / page),
                                   default_timeout=30)
        direct.session_state["user"] = at.session_state["user"]
        direct.run()
        assert "This page is for organisers only." in direct.error[0].value
        assert not direct.dataframe and not direct.button


def test_organiser_participants_page_lists_without_contact_details(organiser):
    organiser.switch_page("matchmaking/ui/participants_page.py").run()
    assert not organiser.exception
    table = organiser.dataframe[0].value
    assert sorted(table["organisation"]) == ["Aqua Sûre", "Atlas Seed Fund", "Régie Verte"]
    assert "email" not in table.columns and "phone" not in table.columns
    organiser.selectbox[0].select("investor").run()
    assert list(organiser.dataframe[0].value["organisation"]) == ["Atlas Seed Fund"]


def test_missing_database_is_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("MATCHMAKING_DB", str(tmp_path / "none.db"))
    at = new_app()
    at.query_params["code"] = "x" * 26
    at.run()
    assert "run 'matchmaking init' first" in at.error[0].value


def test_matching_page_shows_recommendations_with_reasons(organiser, db, monkeypatch):
    from matchmaking.services import matching

    from .fakes import FakeEncoder

    encoder = FakeEncoder()
    matching.refresh_embeddings(db, encoder)
    monkeypatch.setenv("MATCHMAKING_MODEL", encoder.name)
    monkeypatch.setenv("MATCHMAKING_BACKEND", "torch")  # vectors stored under the model name
    from matchmaking.ui import cache

    cache.encoder.clear()  # the server-wide model cache may hold one for another back-end
    organiser.switch_page("matchmaking/ui/matching_page.py").run()
    assert not organiser.exception, organiser.exception
    assert "9 of 9 profile texts embedded" in organiser.get("progress")[0].proto.text
    texts = [t.value for t in organiser.text]
    assert any(t.startswith("• Shared sectors: Water management") for t in texts), texts
    organiser.radio(key="lang").set_value("fr").run()
    assert any(t.startswith("• Secteurs communs : Gestion de l'eau") for t in
               [t.value for t in organiser.text])


def test_profile_text_cannot_inject_markdown():
    from matchmaking.ui.common import plain

    assert plain("[click](http://x.org)") == "\\[click\\]\\(http\u2060\\://x\\.org\\)"
    assert plain("<img src=x>") == r"\<img src=x\>"
    assert plain("**Aqua Sûre**") == r"\*\*Aqua Sûre\*\*"
    # bare addresses, which markdown would turn into links by itself, stay text
    import re

    autolink = re.compile(r"(?i)(https?|ftp)\\?:(\\?/){2}|www\\?\.|[\w.+-]@")
    for text in ["see https://evil.example/x", "HTTP://EVIL.EXAMPLE", "www.evil.example",
                 "boss@evil.example", "ftp://files.example"]:
        shown = plain(text)
        assert not autolink.search(shown), shown
        assert shown.replace("\u2060", "").replace("\\", "") == text


def test_every_text_has_english_and_french_and_every_key_used_exists():
    import ast

    from matchmaking.ui.i18n import TEXTS

    for key, entry in TEXTS.items():
        assert set(entry) == {"en", "fr", "ar"} and all(entry.values()), key
    used = set()
    for path in (PROJECT / "matchmaking" / "ui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "t" and \
                    node.args and isinstance(node.args[0], ast.Constant):
                used.add(node.args[0].value)
    assert used - set(TEXTS) == set()


def test_the_code_box_accepts_the_whole_link(app_env):
    code = app_env["amina.benali@example.org"]
    for pasted in [f"http://192.168.1.10:8501/signin?code={code}", f"  {code.upper()}\n",
                   f"http://x.example/?lang=fr&code={code}&utm=mail"]:
        at = new_app().run()
        at.text_input[0].input(pasted)
        at.button[0].click().run()
        assert at.session_state["user"]["email"] == "amina.benali@example.org", pasted
