"""End-to-end fixtures: the real server (``streamlit run serve.py``: the app and its HTTP
routes) on a free port against a fresh demo database embedded with the real model, and
headless Debian chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from matchmaking import storage
from matchmaking.domain import access
from matchmaking.services import event as services

PROJECT = Path(__file__).resolve().parents[2]
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not become healthy in {timeout} s")


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
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "MATCHMAKING_DB": str(db_path),
           access.ORGANISER_CODE_ENV_VAR: ORGANISER_CODE}
    log = open(folder / "streamlit.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(url, process)
        yield Server(url, db_path, ORGANISER_CODE)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


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
