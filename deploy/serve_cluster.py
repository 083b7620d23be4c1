"""Serve the app from several processes behind nginx (``deploy/nginx.conf``): N
``streamlit run serve.py`` processes on the one SQLite database, and nginx in front with
sticky sessions (a consistent hash of the session cookie) and websocket upgrades.

    .venv/bin/python deploy/serve_cluster.py --db data/matchmaking.db --processes 2 --port 8501

The app processes listen on 127.0.0.1 only (ports ``--port`` + 10, + 11, ...); nginx listens
on ``--port`` on every interface. nginx runs in the foreground from a folder of its own
(``--workdir``, by default a temporary one) holding its config, logs and temporary files.
Ctrl-C stops everything. The load benchmark starts clusters with the same functions.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
NGINX_CONF = PROJECT / "deploy" / "nginx.conf"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, processes: list[subprocess.Popen], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(f"{process.args[0]} exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not become healthy in {timeout} s")


def start_app(db_path: Path, port: int, log_path: Path, *, address: str = "127.0.0.1",
              cookie_secret: str | None = None, env: dict[str, str] | None = None,
              python: str = sys.executable, options: list[str] = ()) -> subprocess.Popen:
    """One ``streamlit run serve.py`` process (as the browser tests start it);
    ``options``: more Streamlit options, ``name=value`` (``runner.postScriptGC=false``)."""
    command = [python, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
               "--server.address", address, "--server.headless", "true",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    for option in options:
        name, _, value = option.partition("=")
        command += [f"--{name}", value]
    env = {**os.environ, **(env or {}), "MATCHMAKING_DB": str(db_path)}
    if cookie_secret:  # Streamlit takes it from the environment, not the command line
        env["STREAMLIT_SERVER_COOKIE_SECRET"] = cookie_secret
    log = open(log_path, "ab")
    try:
        return subprocess.Popen(command, cwd=PROJECT, stdout=log, stderr=subprocess.STDOUT,
                                env=env)
    finally:
        log.close()


def stop(process: subprocess.Popen, timeout: float = 15) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.path.exists(p)), None)


def nginx_config(listen: str, app_ports: list[int], template: Path = NGINX_CONF) -> str:
    """``deploy/nginx.conf`` with its listen address and upstream servers replaced."""
    text = template.read_text(encoding="utf-8")
    servers = "".join(f"        server 127.0.0.1:{p};\n" for p in app_ports)
    text, upstreams = re.subn(r"(?m)^        server 127\.0\.0\.1:\d+;\n(?:        server 127"
                              r"\.0\.0\.1:\d+;\n)*", servers, text, count=1)
    text, listens = re.subn(r"(?m)^(\s*)listen \S+;", rf"\g<1>listen {listen};", text,
                            count=1)
    if upstreams != 1 or listens != 1:
        raise ValueError(f"{template}: no upstream servers or listen line to replace")
    return text


def start_nginx(workdir: Path, listen: str, app_ports: list[int],
                binary: str | None = None) -> subprocess.Popen:
    binary = binary or nginx_binary()
    if binary is None:
        raise FileNotFoundError("nginx is not installed (Debian: apt-get install nginx)")
    workdir.mkdir(parents=True, exist_ok=True)
    conf = workdir / "nginx.conf"
    conf.write_text(nginx_config(listen, app_ports), encoding="utf-8")
    log = open(workdir / "nginx.out", "ab")
    try:
        return subprocess.Popen([binary, "-p", str(workdir), "-c", str(conf),
                                 "-g", "daemon off;"],
                                stdout=log, stderr=subprocess.STDOUT)
    finally:
        log.close()


def children(pid: int) -> list[int]:
    """The processes started by ``pid`` (nginx's workers), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@dataclass
class Cluster:
    """N app processes behind nginx, started by ``start_cluster``; ``close()`` stops all."""

    url: str
    apps: list[subprocess.Popen]
    app_urls: list[str]
    nginx: subprocess.Popen | None
    workdir: Path
    _temporary: tempfile.TemporaryDirectory | None = field(default=None, repr=False)

    @property
    def app_pids(self) -> list[int]:
        return [p.pid for p in self.apps]

    @property
    def proxy_pids(self) -> list[int]:
        if self.nginx is None:
            return []
        return [self.nginx.pid, *children(self.nginx.pid)]

    def close(self) -> None:
        if self.nginx is not None:
            stop(self.nginx)
        for process in self.apps:
            stop(process)
        if self._temporary is not None:
            self._temporary.cleanup()

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def start_cluster(db_path: Path, processes: int, *, port: int | None = None,
                  listen_address: str = "127.0.0.1", workdir: Path | None = None,
                  env: dict[str, str] | None = None, python: str = sys.executable,
                  proxy: bool = True, options: list[str] = ()) -> Cluster:
    """``processes`` app processes on ``db_path`` behind nginx listening on ``port`` (a
    free one if None); ``proxy=False``: one process, no nginx, served directly."""
    temporary = None
    if workdir is None:
        temporary = tempfile.TemporaryDirectory(prefix="matchmaking-cluster-")
        workdir = Path(temporary.name)
    workdir.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    if not proxy:
        processes = 1
    app_ports = [port] if not proxy else [free_port() for _ in range(processes)]
    secret = secrets.token_hex(32)  # one cookie secret for all: Streamlit signs cookies
    apps = [start_app(db_path, p, workdir / f"app-{p}.log", cookie_secret=secret, env=env,
                      python=python, address="127.0.0.1" if proxy else listen_address,
                      options=options)
            for p in app_ports]
    app_urls = [f"http://127.0.0.1:{p}" for p in app_ports]
    nginx = None
    try:
        for url in app_urls:
            wait_healthy(url, apps)
        if proxy:
            listen = f"{listen_address}:{port}" if listen_address != "0.0.0.0" else str(port)
            nginx = start_nginx(workdir / "nginx", listen, app_ports)
            wait_healthy(f"http://127.0.0.1:{port}", [nginx], timeout=30)
    except BaseException:
        for process in [*apps, *([nginx] if nginx else [])]:
            stop(process)
        if temporary is not None:
            temporary.cleanup()
        raise
    return Cluster(f"http://127.0.0.1:{port}", apps, app_urls, nginx, workdir, temporary)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path(os.environ.get(
        "MATCHMAKING_DB", "data/matchmaking.db")))
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--address", default="0.0.0.0", help="where nginx listens")
    parser.add_argument("--workdir", type=Path, help="nginx's folder (default: temporary)")
    args = parser.parse_args()
    if not args.db.exists():
        sys.exit(f"{args.db} does not exist (make demo, or matchmaking --db ... init)")
    cluster = start_cluster(args.db.resolve(), args.processes, port=args.port,
                            listen_address=args.address, workdir=args.workdir)
    print(f"{args.processes} app processes ({', '.join(cluster.app_urls)}) behind nginx on "
          f"port {args.port}; Ctrl-C stops them", flush=True)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    try:
        while not stopping and all(p.poll() is None for p in [*cluster.apps, cluster.nginx]):
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.close()


if __name__ == "__main__":
    main()
