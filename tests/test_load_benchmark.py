"""The load benchmark's protocol client against the real server: simulated participants
(websocket, protobuf, no browser) sign in with their links, browse, send and answer
requests, and what they did is in the database. Behind nginx with two app processes too,
when nginx is installed, where a reconnecting tab must find its own session again."""

from __future__ import annotations

import asyncio
import random
import sqlite3
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
for folder in ("benchmarks", "deploy"):
    if str(PROJECT / folder) not in sys.path:
        sys.path.insert(0, str(PROJECT / folder))

import load_benchmark as lb  # noqa: E402
import serve_cluster  # noqa: E402

pytestmark = pytest.mark.slow



def _run(coroutine):
    """``asyncio.run`` in a thread of its own: the browser tests' Playwright leaves an event
    loop running in the main thread of the same pytest session."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()

@pytest.fixture(scope="module")
def embedded_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo event embedded with the real model, one pending request to everyone."""
    path = lb.make_demo_database(tmp_path_factory.mktemp("load"))
    lb.seed_requests(path, lb._people(path, seed=3), per_person=1, seed=3)
    return path


def _requests(db_path: Path) -> list[tuple]:
    with sqlite3.connect(db_path) as db:
        return db.execute("SELECT requester_id, recipient_id, status, note FROM "
                          "meeting_requests").fetchall()


async def _do(p: lb.Participant, action: str) -> list[tuple[str, lb.RunResult]]:
    """``action``, after opening its page if needed: every interaction it took."""
    done = [await p.act(action)]
    if done[-1][0] != action and p.intent == action:
        done.append(await p.act())
    return done


async def _simulate(url: str, people: list[dict], actions: list[str]) -> list[lb.Participant]:
    participants = [lb.Participant(i, person, url, random.Random(i), timeout=60)
                    for i, person in enumerate(people)]

    async def one(p: lb.Participant) -> list:
        results = [("open", await p.open())]
        for action in actions:
            results += await _do(p, action)
        # the tab's timed reruns (the sidebar's unread count), as a browser sends them
        timed = dict(p.session.auto_reruns)
        assert timed, "no fragment asked for timed reruns"
        p.refreshed = {fragment: -1e9 for fragment in timed}  # long ago
        refreshes: list[lb.Record] = []
        await p._refresh_due(refreshes)
        assert [r.kind for r in refreshes] == [lb.REFRESH] * len(timed)
        assert p.session.auto_reruns == timed  # still due again later
        return results + [(r.kind, r.result) for r in refreshes]

    try:
        outcomes = await asyncio.gather(*(one(p) for p in participants))
    finally:
        for p in participants:
            await p.close()
    for p, results in zip(participants, outcomes):
        failed = [(kind, r) for kind, r in results if r.failed]
        assert not failed, (p.person["email"], failed)
        assert all(r.runs >= 1 and r.seconds > 0 for _, r in results)
    return participants


def test_simulated_participants_browse_send_and_answer(embedded_demo, tmp_path):
    db_path = lb.copy_database(embedded_demo, tmp_path / "direct.db")
    port = serve_cluster.free_port()
    server = serve_cluster.start_app(db_path, port, tmp_path / "server.log")
    url = f"http://127.0.0.1:{port}"
    try:
        serve_cluster.wait_healthy(url, [server])
        people = [p for p in lb._people(db_path, seed=3, base_url=url)
                  if p["kind"] == "startup"][:3]
        before = lb.cpu_seconds([server.pid])
        participants = _run(_simulate(
            url, people, ["send_request", "requests", "answer", "agenda", "filter"]))
        assert lb.cpu_seconds([server.pid]) > before
    finally:
        serve_cluster.stop(server)
    rows = _requests(db_path)
    for p in participants:
        assert len(p.sent) == 1 and len(p.answered) == 1, p.person["email"]
        me = p.person["id"]
        assert any(r[:2] == (me, p.sent[0]) and r[2] == "pending" and
                   p.person["organisation"] in r[3] for r in rows)
        assert any(r[1] == me and r[2] == p.answered[0][1] for r in rows)


@pytest.mark.skipif(serve_cluster.nginx_binary() is None,
                    reason="nginx is not installed (Debian: apt-get install nginx)")
def test_two_processes_behind_nginx_keep_each_tab_on_its_process(embedded_demo, tmp_path):
    db_path = lb.copy_database(embedded_demo, tmp_path / "proxy.db")
    with serve_cluster.start_cluster(db_path, 2, workdir=tmp_path / "cluster") as cluster:
        assert len(cluster.app_pids) == 2 and cluster.proxy_pids
        people = [p for p in lb._people(db_path, seed=4, base_url=cluster.url)
                  if p["kind"] == "startup"][:4]
        participants = _run(_simulate(cluster.url, people, ["send_request"]))

        async def reconnect(p: lb.Participant) -> tuple[str, str]:
            p.session = lb.Session(cluster.url, p.session.cookie, timeout=60)
            await p.session.connect()
            await p.session.run("")
            first = p.session.session_id
            await p.session.close()
            await p.session.connect(resume=first)
            result = await p.session.run("requests_page")
            await p.session.close()
            assert not result.failed
            return first, p.session.session_id

        async def all_reconnect():
            return [await reconnect(p) for p in participants]

        for first, again in _run(all_reconnect()):
            assert first and again == first  # the same process, so the same session
    rows = _requests(db_path)
    for p in participants:
        assert any(r[:2] == (p.person["id"], p.sent[0]) for r in rows)
