"""The server as ``make run`` starts it: the shipped ``.streamlit/config.toml`` applies."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from matchmaking import storage

from .conftest import PROJECT

for folder in ("deploy", "benchmarks"):
    sys.path.insert(0, str(PROJECT / folder))
import serve_cluster  # noqa: E402
from streamlit_client import Session  # noqa: E402


def _open_a_tab(base_url: str) -> None:
    """A browser tab's session (Streamlit starts watching files per session)."""
    async def visit() -> None:
        tab = Session(base_url)
        await tab.connect()
        await tab.run("")
        await asyncio.sleep(1)
        await tab.close()

    # a thread of its own: a browser test may have an event loop running in this one
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, visit()).result(timeout=120)


def _inotify_watches(pid: int) -> int:
    fds = Path(f"/proc/{pid}/fd")
    return sum(1 for fd in fds.iterdir() if os.readlink(fd) == "anon_inode:inotify")


def test_the_app_watches_no_files_so_a_busy_disk_cannot_flood_its_terminal(tmp_path):
    """With Streamlit's default watcher, a laptop's file churn fills the terminal with
    "Inotify queue overflowed" and buries the organiser code: the shipped configuration
    turns watching off. Started exactly as ``make run`` does; then a burst of new files
    in the project tree leaves the log quiet."""
    db_path = tmp_path / "event.db"
    storage.open_database(db_path).close()
    port = serve_cluster.free_port()
    log_path = tmp_path / "server.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
             "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=PROJECT, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "MATCHMAKING_DB": str(db_path)})
    churn = PROJECT / "data" / f".churn-{os.getpid()}"
    try:
        serve_cluster.wait_healthy(f"http://127.0.0.1:{port}", [server])
        _open_a_tab(f"http://127.0.0.1:{port}")
        assert _inotify_watches(server.pid) == 0
        churn.mkdir()
        for number in range(500):
            (churn / f"file{number}.py").write_text("x = 1\n")
        time.sleep(2)
        assert server.poll() is None
        assert _inotify_watches(server.pid) == 0
        text = log_path.read_text(errors="replace")
        assert "Inotify" not in text and "overflow" not in text.lower(), text
        assert "Organiser code for" in text  # shown once, and not buried
    finally:
        serve_cluster.stop(server)
        if churn.exists():
            for path in churn.iterdir():
                path.unlink()
            churn.rmdir()
