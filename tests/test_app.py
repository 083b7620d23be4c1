"""The app, rendered with Streamlit's AppTest on a real database file."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from matchmaking import services

from .conftest import PROJECT, REGISTRATIONS


@pytest.fixture
def app(db, event_db_path, monkeypatch):
    services.import_registrations(db, REGISTRATIONS / "good.csv")
    monkeypatch.setenv("MATCHMAKING_DB", str(event_db_path))
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


def test_event_page_shows_the_event_and_its_figures(app):
    assert app.title[0].value == "Casablanca Smart City 2024 — Start-up Village"
    metrics = {m.label: m.value for m in app.metric}
    assert metrics == {"Start-ups": "1", "Investors": "1", "Partners": "1", "Tables": "30"}
    assert len(app.expander) == 2  # two days


def test_participants_page_lists_without_contact_details(app):
    app.switch_page("matchmaking/ui/participants_page.py").run()
    assert not app.exception
    table = app.dataframe[0].value
    assert sorted(table["organisation"]) == ["Aqua Sûre", "Atlas Seed Fund", "Régie Verte"]
    assert "email" not in table.columns and "phone" not in table.columns


def test_participants_page_filters(app):
    app.switch_page("matchmaking/ui/participants_page.py").run()
    app.selectbox[0].select("investor").run()
    assert list(app.dataframe[0].value["organisation"]) == ["Atlas Seed Fund"]


def test_missing_database_is_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("MATCHMAKING_DB", str(tmp_path / "none.db"))
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30).run()
    assert "run 'matchmaking init' first" in at.error[0].value


def test_matching_page_shows_recommendations_with_reasons(app, db, monkeypatch):
    from matchmaking import matching

    from .fakes import FakeEncoder

    encoder = FakeEncoder()
    matching.refresh_embeddings(db, encoder)
    monkeypatch.setenv("MATCHMAKING_MODEL", encoder.name)
    app.switch_page("matchmaking/ui/matching_page.py").run()
    assert not app.exception, app.exception
    assert "9 of 9 profile texts embedded" in app.get("progress")[0].proto.text
    texts = [t.value for t in app.text]
    assert any(t.startswith("• Shared sectors: Water management") for t in texts), texts
    app.radio[0].set_value("fr").run()
    assert any(t.startswith("• Secteurs communs : Gestion de l'eau") for t in
               [t.value for t in app.text])


def test_profile_text_cannot_inject_markdown():
    from matchmaking.ui.common import plain

    assert plain("[click](http://x.org)") == r"\[click\]\(http\://x\.org\)"
    assert plain("<img src=x>") == r"\<img src=x\>"
    assert plain("**Aqua Sûre**") == r"\*\*Aqua Sûre\*\*"
