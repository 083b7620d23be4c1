"""End-to-end fixtures: the real server (``streamlit run serve.py``: the app and its HTTP
routes) on a free port against a fresh demo database embedded with the real model, and
headless Debian chromium driven by Playwright."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from matchmaking import storage
from matchmaking.domain import access
from matchmaking.services import event as services

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT / "deploy"))
import serve_cluster  # noqa: E402  (how the app is started, here as in deployment)
SCREENSHOTS = PROJECT / "docs" / "screenshots"
CHROMIUM = os.environ.get("MATCHMAKING_CHROMIUM", "/usr/bin/chromium")
ORGANISER_CODE = "e2e-organiser-code"
# Flags for a closed network: no background calls home, no sandbox as root.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]


@dataclass
class Server:
    url: str
    db_path: Path
    organiser_code: str

    def link(self, email: str) -> str:
        """The personal sign-in link of a participant, as the invitations export gives it."""
        db = storage.open_database(self.db_path)
        try:
            rows = services.invitation_links(db, access.load_secret(self.db_path), self.url,
                                             emails=[email])
        finally:
            db.close()
        return rows[0]["link"]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The demo event as shipped (its days are in the past)."""
    yield from _serve(tmp_path_factory.mktemp("e2e"), "--demo")


@pytest.fixture(scope="session")
def rehearsal_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The demo event moved to begin today, so "now" is before or within its days (free-slot
    suggestions look at the next hours)."""
    yield from _serve(tmp_path_factory.mktemp("e2e-today"), "--demo", "--first-day", "today")


def _serve(folder: Path, *init: str) -> Iterator[Server]:
    db_path = folder / "demo.db"
    cli = [sys.executable, "-m", "matchmaking", "--db", str(db_path)]
    subprocess.run([*cli, "init", *init], check=True, capture_output=True)
    subprocess.run([*cli, "embed"], check=True, capture_output=True)  # the real model
    port = serve_cluster.free_port()
    process = serve_cluster.start_app(db_path, port, folder / "streamlit.log",
                                      env={access.ORGANISER_CODE_ENV_VAR: ORGANISER_CODE})
    try:
        url = f"http://127.0.0.1:{port}"
        serve_cluster.wait_healthy(url, [process])
        yield Server(url, db_path, ORGANISER_CODE)
    finally:
        serve_cluster.stop(process)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context_factory(browser):
    """New, isolated browser contexts (one per person), closed after the test."""
    contexts = []

    def make(picked_language: str | None = "en", **kwargs):
        context = browser.new_context(**{"viewport": {"width": 1280, "height": 900},
                                         "locale": "en-GB", **kwargs})
        if picked_language:  # as if picked earlier in this browser: the pages assert English
            context.add_cookies([{"name": "mm_lang", "value": picked_language,
                                  "domain": "127.0.0.1", "path": "/"}])
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under docs/screenshots (the README shows some)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_for_app(page) -> None:
    """Wait until Streamlit has finished running the page's script."""
    page.wait_for_selector("[data-testid='stApp']")
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
