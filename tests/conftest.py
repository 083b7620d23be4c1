from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from matchmaking import storage
from matchmaking.services import event as services

FIXTURES = Path(__file__).parent / "fixtures"
REGISTRATIONS = FIXTURES / "registrations"
PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def _demo_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    services.init_database(path, demo=True)
    return path


@pytest.fixture
def demo_db_path(_demo_db_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo event database (built once per session)."""
    path = tmp_path / "demo.db"
    source = storage.connect(_demo_db_template)
    storage.backup(source, path)
    source.close()
    return path


@pytest.fixture
def event_db_path(tmp_path: Path) -> Path:
    """A database with the demo event's days, slots and tables, and no participants."""
    path = tmp_path / "event.db"
    services.init_database(path, event_file=services.DEMO_EVENT)
    return path


@pytest.fixture
def db(event_db_path: Path):
    database = storage.open_database(event_db_path)
    yield database
    database.close()


@pytest.fixture
def registrations_dir() -> Path:
    return REGISTRATIONS


def copy_fixture(name: str, target: Path) -> Path:
    destination = target / name
    shutil.copy(REGISTRATIONS / name, destination)
    return destination


@pytest.fixture
def scheduled_demo(demo_db_path: Path):
    """The demo event embedded with the fake model after one scheduler run (double opt-in
    proposals): (database, its path, the event's scores)."""
    from matchmaking.services import meetings
    from matchmaking.services.matching import match_event, refresh_embeddings

    from .fakes import FakeEncoder

    db = storage.open_database(demo_db_path)
    encoder = FakeEncoder()
    refresh_embeddings(db, encoder)
    meetings.run_scheduler(db, match_event(db, encoder.name), time_limit=2, seed=1)
    yield db, demo_db_path, match_event(db, encoder.name)
    db.close()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "own_language: the AppTests of this test start with no "
                                       "language picked (the page chooses it)")


@pytest.fixture(autouse=True)
def _english_app_tests(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """AppTests are written against the English pages: each starts as a browser where
    English was picked (else a participant's pages would open in their profile's language,
    French before sign-in). Tests marked ``own_language`` see the page choose."""
    if request.node.get_closest_marker("own_language"):
        return
    from streamlit.testing.v1 import AppTest

    opened = AppTest.from_file.__func__

    def english(cls, *args, **kwargs):
        at = opened(cls, *args, **kwargs)
        at.session_state["lang"] = "en"
        at.session_state["lang_picked"] = True
        return at

    monkeypatch.setattr(AppTest, "from_file", classmethod(english))
