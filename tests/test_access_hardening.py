"""Access: the console's organiser code is random per database and shown once; guessing is
slowed by what is attacked as well as by who tries, and a success resets nothing; backups
restore to an event whose links still work; links are revoked only when asked."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

import pytest

from matchmaking import storage
from matchmaking.cli import main
from matchmaking.domain import access
from matchmaking.services import event as services

from .conftest import REGISTRATIONS

LINK = "http://10.0.0.5:8501"


@pytest.fixture
def no_chosen_code(monkeypatch):
    monkeypatch.delenv(access.ORGANISER_CODE_ENV_VAR, raising=False)
    monkeypatch.delenv(access.SECRET_ENV_VAR, raising=False)


# --- the organiser code ------------------------------------------------------------------

def test_each_database_gets_its_own_random_organiser_code_kept_only_as_a_hash(
        tmp_path, no_chosen_code):
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    code_a = services.ensure_organiser_code(first)
    code_b = services.ensure_organiser_code(second)
    assert code_a and code_b and code_a != code_b and len(code_a.replace("-", "")) == 20
    kept = access.organiser_code_path(first)
    assert code_a not in kept.read_text() and code_a.replace("-", "") not in kept.read_text()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert services.ensure_organiser_code(first) is None  # shown once, never again
    assert "casablanca-demo" not in (REGISTRATIONS.parent.parent.parent / "Makefile").read_text()


def test_the_organiser_code_opens_the_console_and_rotating_closes_the_old_one(
        db, tmp_path, no_chosen_code):
    path = tmp_path / "event.db"
    old = services.ensure_organiser_code(path)
    assert services.sign_in_organiser(db, old, None, "session:1", db_path=path)
    assert services.sign_in_organiser(db, old.upper().replace("-", " "), None, "session:1",
                                      db_path=path)  # read aloud, typed loosely
    new = services.rotate_organiser_code(path)
    assert not services.sign_in_organiser(db, old, None, "session:2", db_path=path)
    assert services.sign_in_organiser(db, new, None, "session:3", db_path=path)
    assert not services.sign_in_organiser(db, "", None, "session:4", db_path=path)


def test_a_chosen_code_replaces_the_databases_own(db, tmp_path, no_chosen_code):
    path = tmp_path / "event.db"
    own = services.ensure_organiser_code(path)
    assert services.sign_in_organiser(db, "our-own-code", "our-own-code", "session:1",
                                      db_path=path)
    assert not services.sign_in_organiser(db, own, "our-own-code", "session:2", db_path=path)


def test_the_cli_makes_the_code_once_and_rotates_it(tmp_path, capsys, no_chosen_code):
    db = str(tmp_path / "event.db")
    assert main(["--db", db, "init"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "organiser-code"]) == 0
    first = capsys.readouterr().out
    code = first.split("Organiser code: ")[1].split()[0]
    assert main(["--db", db, "organiser-code"]) == 0
    again = capsys.readouterr().out
    assert code not in again and "made earlier" in again
    assert main(["--db", db, "organiser-code", "--rotate"]) == 0
    rotated = capsys.readouterr().out.split("Organiser code: ")[1].split()[0]
    assert rotated != code


# --- slowing down guesses ----------------------------------------------------------------

def _codes(db, tmp_path) -> dict[str, str]:
    services.import_registrations(db, REGISTRATIONS / "good.csv")
    rows = services.issue_access_codes(db, services.access_secret(db, tmp_path / "event.db"))
    return {r["email"]: r["code"] for r in rows}


def test_organiser_guesses_interleaved_with_a_valid_link_are_slowed(db, tmp_path,
                                                                   no_chosen_code):
    path = tmp_path / "event.db"
    services.ensure_organiser_code(path)
    mine = next(iter(_codes(db, tmp_path).values()))
    client = ["address:198.51.100.7", "session:attacker"]
    slowed_at = None
    for guess in range(45):
        assert services.sign_in(db, mine, ["address:198.51.100.7", f"session:own-{guess}"])
        try:
            services.sign_in_organiser(db, f"guess-{guess}", None, client, db_path=path)
        except services.TooManyAttempts:
            slowed_at = guess
            break
    assert slowed_at is not None and slowed_at <= 10


def test_a_reload_does_not_reset_the_slow_down(db, tmp_path, no_chosen_code):
    path = tmp_path / "event.db"
    services.ensure_organiser_code(path)
    with pytest.raises(services.TooManyAttempts):
        for reload in range(20):  # a new browser session each time, from the same laptop
            services.sign_in_organiser(db, "guess", None,
                                       ["address:local", f"session:{reload}"], db_path=path)


def test_the_organiser_codes_budget_is_global_across_addresses(db, tmp_path, no_chosen_code):
    path = tmp_path / "event.db"
    services.ensure_organiser_code(path)
    with pytest.raises(services.TooManyAttempts):
        for n in range(20):
            services.sign_in_organiser(db, "guess", None, [f"address:203.0.113.{n}",
                                                           f"session:{n}"], db_path=path)


def test_a_venue_behind_one_address_is_not_locked_out_by_its_own_typos(db, tmp_path):
    codes = _codes(db, tmp_path)
    for n in range(40):  # forty people, one typo each, the same public address
        client = ["address:192.0.2.1", f"session:person-{n}"]
        assert services.sign_in(db, "x" * 26, client) is None
    for n, code in enumerate(codes.values()):
        assert services.sign_in(db, code, ["address:192.0.2.1", f"session:late-{n}"])


def test_three_typos_in_one_session_still_slow_that_session(db, tmp_path):
    code = next(iter(_codes(db, tmp_path).values()))
    client = ["address:192.0.2.9", "session:typist"]
    for _ in range(3):
        assert services.sign_in(db, "y" * 26, client) is None
    with pytest.raises(services.TooManyAttempts):
        services.sign_in(db, code, client)
    assert services.sign_in(db, code, ["address:192.0.2.9", "session:other"])


# --- secrets, backups and links ----------------------------------------------------------

def _links(path) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    return {r["email"]: r["link"] for r in rows}


def test_a_restored_backup_keeps_every_link_working(tmp_path, capsys, no_chosen_code):
    live = tmp_path / "live.db"
    assert main(["--db", str(live), "init"]) == 0
    assert main(["--db", str(live), "import", str(REGISTRATIONS / "good.csv")]) == 0
    assert main(["--db", str(live), "invitations", "--base-url", LINK, "-o",
                 str(tmp_path / "sent.csv")]) == 0
    sent = _links(tmp_path / "sent.csv")
    assert main(["--db", str(live), "backup", str(tmp_path / "copy.db")]) == 0
    assert (tmp_path / "copy.db.secret").read_bytes() == access.secret_path(live).read_bytes()
    assert stat.S_IMODE((tmp_path / "copy.db.secret").stat().st_mode) == 0o600
    # the laptop dies: the backup and what sits beside it are put in place
    restored = tmp_path / "restored" / "event.db"
    restored.parent.mkdir()
    (tmp_path / "copy.db").rename(restored)
    (tmp_path / "copy.db.secret").rename(access.secret_path(restored))
    before = storage.open_database(restored)
    hashes = [r["access_code_hash"] for r in before.query("SELECT access_code_hash FROM "
                                                           "participants ORDER BY id")]
    before.close()
    assert main(["--db", str(restored), "invitations", "--base-url", LINK, "-o",
                 str(tmp_path / "again.csv")]) == 0
    assert _links(tmp_path / "again.csv") == sent
    after = storage.open_database(restored)
    assert [r["access_code_hash"] for r in after.query(
        "SELECT access_code_hash FROM participants ORDER BY id")] == hashes
    code = next(iter(sent.values())).split("code=")[1]
    assert services.sign_in(after, code, "session:restored")
    after.close()
    capsys.readouterr()


def test_invitations_refuse_when_the_secret_is_missing_and_revoke_nothing(
        tmp_path, capsys, no_chosen_code):
    db = tmp_path / "event.db"
    assert main(["--db", str(db), "init"]) == 0
    assert main(["--db", str(db), "import", str(REGISTRATIONS / "good.csv")]) == 0
    assert main(["--db", str(db), "invitations", "--base-url", LINK, "-o",
                 str(tmp_path / "sent.csv")]) == 0
    access.secret_path(db).unlink()
    capsys.readouterr()
    assert main(["--db", str(db), "invitations", "--base-url", LINK]) == 1
    error = capsys.readouterr().err
    assert "secret" in error and "missing" in error and "--regenerate" in error
    assert not access.secret_path(db).exists()  # no new secret made behind the organiser's back
    code = next(iter(_links(tmp_path / "sent.csv").values())).split("code=")[1]
    database = storage.open_database(db)
    assert services.sign_in(database, code, "session:still-valid")  # nothing was rewritten
    database.close()
    assert main(["--db", str(db), "invitations", "--base-url", LINK, "--regenerate", "-o",
                 str(tmp_path / "new.csv")]) == 0
    assert set(_links(tmp_path / "new.csv").values()).isdisjoint(
        _links(tmp_path / "sent.csv").values())


def test_codes_made_with_another_secret_are_not_rewritten(db, tmp_path):
    services.import_registrations(db, REGISTRATIONS / "good.csv")
    services.issue_access_codes(db, b"the-first-secret")
    hashes = [r["access_code_hash"] for r in db.query("SELECT access_code_hash FROM "
                                                       "participants ORDER BY id")]
    with pytest.raises(services.StorageError, match="another secret"):
        services.issue_access_codes(db, b"a-different-secret")
    assert [r["access_code_hash"] for r in db.query(
        "SELECT access_code_hash FROM participants ORDER BY id")] == hashes
    assert len(services.issue_access_codes(db, b"a-different-secret", regenerate=True)) == 3


def _make_code_when_told(path: str, go, out) -> None:
    """One app process starting: waits for the others, then makes the code if none exists
    and says what it got (a code, or None) and the secret it uses."""
    go.wait()
    code = services.ensure_organiser_code(Path(path))
    out.put((code, access.load_secret(Path(path))))


def test_processes_starting_at_once_agree_on_one_code_and_one_secret(tmp_path,
                                                                      no_chosen_code):
    """Several servers on one database (behind nginx) start together: exactly one of them
    makes and shows the organiser code, and that code opens the console; all use one secret;
    no temporary file is left beside the database."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    for attempt in range(2):
        path = tmp_path / f"event{attempt}.db"
        go, out = context.Event(), context.Queue()
        workers = [context.Process(target=_make_code_when_told, args=(str(path), go, out))
                   for _ in range(4)]
        for worker in workers:
            worker.start()
        go.set()
        results = [out.get(timeout=60) for _ in workers]
        for worker in workers:
            worker.join(timeout=60)
            assert worker.exitcode == 0
        shown = [code for code, _ in results if code]
        assert len(shown) == 1, results
        assert len({secret for _, secret in results}) == 1
        assert access.organiser_code_matches(
            shown[0], None, stored_key=access.stored_organiser_key(path))
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(path.name)) \
            == [path.name + ".organiser", path.name + ".secret"]


def test_a_half_written_secret_is_never_read(tmp_path, no_chosen_code, monkeypatch):
    """The secret is written in full before it appears under its name: a reader racing the
    writer reads either nothing or the whole secret, never an empty one."""
    path = tmp_path / "event.db"
    seen = []
    real_link = os.link

    def link_and_peek(source, target):
        seen.append(Path(target).exists())
        real_link(source, target)
        seen.append(Path(target).read_bytes())

    monkeypatch.setattr(os, "link", link_and_peek)
    secret = access.load_secret(path)
    assert seen == [False, secret] and len(secret) == 64


def test_a_code_made_meanwhile_by_another_process_is_kept(tmp_path, no_chosen_code,
                                                          monkeypatch):
    """The interleaving that loses a code: process A finds no code, process B makes and
    shows one, then A makes its own. A must keep B's (the one on B's screen) and show none."""
    path = tmp_path / "event.db"
    shown_by_b = services.ensure_organiser_code(path)
    with monkeypatch.context() as patched:
        patched.setattr(access, "stored_organiser_key", lambda _path: None)  # A looked first
        assert services.ensure_organiser_code(path) is None
    assert access.organiser_code_matches(
        shown_by_b, None, stored_key=access.stored_organiser_key(path))
