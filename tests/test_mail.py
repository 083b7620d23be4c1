"""E-mails through a real SMTP server (aiosmtpd, on a free port of this machine): what each
participant receives after each change, in their language, with its headers, link, QR code
and calendar file; a sender killed mid-batch; the server down, then back; bad settings said
clearly."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from email import message_from_bytes, policy
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from icalendar import Calendar

from matchmaking import storage
from matchmaking.domain.timezones import from_utc_text
from matchmaking.services import event as services
from matchmaking.services import mail, meetings

PROJECT = Path(__file__).resolve().parent.parent
SENDER = "matchmaking@village.example.org"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    """Keeps every message the server accepts (optionally after a pause, as a slow server)."""

    def __init__(self, pause: float = 0.0):
        self.received: list[tuple[str, list[str], object]] = []
        self.pause = pause

    async def handle_DATA(self, server, session, envelope):
        if self.pause:
            await asyncio.sleep(self.pause)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos),
                              message_from_bytes(envelope.original_content,
                                                 policy=policy.default)))
        return "250 OK"

    def messages(self, to: str | None = None) -> list:
        return [m for _, rcpt, m in self.received if to is None or to in rcpt]


class SmtpServer:
    def __init__(self, port: int, *, pause: float = 0.0, password: str | None = None):
        self.port, self.recorder = port, Recorder(pause)
        options = {}
        if password is not None:
            def check(server, session, envelope, mechanism, auth_data):
                ok = auth_data.login == b"village" and auth_data.password == password.encode()
                return AuthResult(success=ok, handled=False)

            options = {"authenticator": check, "auth_require_tls": False}
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=port, **options)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    def url(self, user: str = "") -> str:
        return f"smtp://{user}127.0.0.1:{self.port}?from={SENDER}"


@pytest.fixture
def server(monkeypatch):
    with SmtpServer(free_port()) as running:
        monkeypatch.setenv(mail.URL_ENV, running.url())
        monkeypatch.setenv(mail.BASE_URL_ENV, "http://village.local:8501")
        yield running


def _set_languages(db, person_id: int, languages: list[str]) -> None:
    import json

    with storage.write_transaction(db):
        db.execute("UPDATE participants SET languages = ? WHERE id = ?",
                   [json.dumps(languages), person_id])


@pytest.fixture
def event(demo_db_path):
    """The demo event with a French start-up and an Arabic-speaking investor, its secret
    made (links and unsubscribe links are derived from it)."""
    db = storage.open_database(demo_db_path)
    services.access_secret(db, demo_db_path)
    people = storage.list_participants(db)
    startup = next(p for p in people if p["kind"] == "startup")
    investor = next(p for p in people if p["kind"] == "investor")
    _set_languages(db, startup["id"], ["fr", "en"])
    _set_languages(db, investor["id"], ["ar", "en"])
    mail.take_changes(db)  # the set-up above announces nothing
    yield db, demo_db_path, startup, investor
    db.close()


def _slots(db):
    return storage.list_slots(db, kind="meeting")


def _ics(message) -> Calendar:
    part = next(p for p in message.iter_attachments() if p.get_content_type() == "text/calendar")
    return Calendar.from_ical(part.get_content().encode() if isinstance(part.get_content(), str)
                              else part.get_content())


def _plain(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _html(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def test_request_accept_move_reminder_each_in_its_language(event, server):
    db, path, startup, investor = event
    slots = _slots(db)
    note = "Nous traitons l'eau <b>sans</b> chlore & à bas coût"
    request = meetings.request_meeting(db, startup["email"], investor["email"], note=note)
    assert mail.send_due(path).sent == 1
    (asked,) = server.recorder.messages(investor["email"])
    # Arabic for the investor: subject, text and a right-to-left HTML part
    assert asked["Subject"] == f"{startup['organisation']} يرغب في لقائك"
    assert asked["From"] == SENDER and investor["email"] in asked["To"]
    assert asked["Content-Language"] == "ar"
    assert "يطلب لقاءً معك" in _plain(asked) and note in _plain(asked)
    body = _html(asked)
    assert 'dir="rtl"' in body and "&lt;b&gt;sans&lt;/b&gt;" in body and "<b>sans" not in body
    assert asked["Message-ID"] == mail.message_id(
        f"request:{request['id']}:new:to:{investor['id']}", storage.get_event(db)["uid"])
    assert abs(parsedate_to_datetime(asked["Date"]).timestamp() - time.time()) < 60
    unsubscribe = asked["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://village.local:8501/mail/unsubscribe/")
    assert asked["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f'<a href="{unsubscribe[1:-1]}">' in body and unsubscribe[1:-1] in _plain(asked)

    meetings.accept_request(db, request["id"], by=investor["id"], slot_id=slots[3]["id"])
    mail.send_due(path)
    (accepted,) = server.recorder.messages(startup["email"])
    assert accepted["Subject"] == f"{investor['organisation']} a accepté votre demande de " \
                                  "rendez-vous"
    assert accepted["Content-Language"] == "fr" and "Votre rendez-vous" in _plain(accepted)
    meeting_id = storage.row_by_id(db, "meeting_requests", request["id"])["meeting_id"]
    booked = next(iter(_ics(accepted).walk("VEVENT")))
    assert booked["dtstart"].dt == from_utc_text(slots[3]["start_utc"])
    assert str(booked["uid"]).startswith(f"meeting-{meeting_id}@")

    change = meetings.propose_new_time(db, meeting_id, by=investor["id"], slot_id=slots[6]["id"],
                                       note="Plus tard ?")
    mail.send_due(path)
    proposed = server.recorder.messages(startup["email"])[-1]
    assert proposed["Subject"] == f"{investor['organisation']} propose un autre horaire pour " \
                                  "votre rendez-vous"
    # a minute later (SEQUENCE counts the seconds since the meeting was made)
    later = from_utc_text(storage.utc_now()) + timedelta(minutes=1)
    meetings.answer_new_time(db, change["id"], by=startup["id"], accept=True, now=later)
    mail.send_due(path)
    moved = {to: server.recorder.messages(to)[-1] for to in (startup["email"], investor["email"])}
    assert moved[startup["email"]]["Subject"].startswith(
        f"Rendez-vous avec {investor['organisation']} déplacé au")
    assert moved[investor["email"]]["Subject"].startswith(
        f"نُقل اللقاء مع {startup['organisation']} إلى")
    for message in moved.values():  # the new time, a higher SEQUENCE than at booking
        entry = next(iter(_ics(message).walk("VEVENT")))
        assert entry["dtstart"].dt == from_utc_text(slots[6]["start_utc"])
        assert int(entry["sequence"]) > int(booked["sequence"])

    start = from_utc_text(slots[6]["start_utc"])
    assert mail.send_due(path, now=start - timedelta(minutes=10)).sent == 2
    reminders = {to: server.recorder.messages(to)[-1] for to in (startup["email"],
                                                               investor["email"])}
    assert reminders[startup["email"]]["Subject"].startswith("Dans 15 min : ")
    assert reminders[investor["email"]]["Subject"].startswith("بعد 15 دقيقة: ")
    assert mail.send_due(path, now=start - timedelta(minutes=5)).sent == 0  # once only
    kinds = Counter(m["X-Matchmaking-Kind"] for m in server.recorder.messages())
    assert kinds == {"request_new": 1, "request_accepted": 1, "time_proposed": 1,
                     "meeting_moved": 2, "reminder": 2}
    ids = [m["Message-ID"] for m in server.recorder.messages()]
    assert len(set(ids)) == len(ids) == 7


def test_a_reminder_of_a_meeting_moved_or_cancelled_since_is_not_sent(event, server):
    db, path, startup, investor = event
    slots, tables = _slots(db), storage.list_tables(db)
    people = storage.list_participants(db)
    other_startup = [p for p in people if p["kind"] == "startup"][1]
    other_investor = [p for p in people if p["kind"] == "investor"][1]
    cancelled = storage.book_meeting(db, startup["id"], investor["id"], slots[2]["id"],
                                     tables[0]["id"])
    moved = storage.book_meeting(db, other_startup["id"], other_investor["id"], slots[2]["id"],
                                 tables[1]["id"])
    start = from_utc_text(slots[2]["start_utc"])
    mail.take_changes(db)
    # both meetings begin within the quarter of an hour: four reminders queued
    assert mail.enqueue_due(db, start - timedelta(minutes=1)) == 4
    meetings.set_meeting_status(db, cancelled, "cancelled", by=startup["id"])
    with storage.write_transaction(db):  # the organisers move the other one (the grid)
        db.execute("UPDATE meetings SET slot_id = ? WHERE id = ?", [slots[8]["id"], moved])
    report = mail.send_due(path)
    sent = [m["X-Matchmaking-Kind"] for m in server.recorder.messages()]
    assert "reminder" not in sent and sent.count("meeting_cancelled") == 1  # to the other side
    reasons = {r["last_error"] for r in mail.outbox_rows(db, kind="reminder")}
    assert report.skipped == 4 and reasons == {"the meeting was moved or cancelled since"}


def test_an_invitation_carries_the_personal_link_and_its_qr_code(event, server):
    db, path, startup, investor = event
    assert mail.queue_invitations(db, [startup["email"]]) == 1
    assert mail.queue_invitations(db, [startup["email"]]) == 0  # the same link: one message
    mail.send_due(path)
    (invitation,) = server.recorder.messages()
    link = services.invitation_links(db, services.access_secret(db, path),
                                     "http://village.local:8501",
                                     emails=[startup["email"]])[0]["link"]
    assert invitation["Subject"].startswith("Votre lien personnel pour")
    assert link in _plain(invitation)
    related = next(p for p in invitation.walk() if p.get_content_type() == "multipart/related")
    inline = next(p for p in related.iter_parts() if p.get_content_type() == "image/png")
    assert f'src="cid:{inline["Content-ID"][1:-1]}"' in _html(invitation)
    attached = next(p for p in invitation.iter_attachments()
                    if p.get_content_type() == "image/png")
    png = attached.get_content()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png == inline.get_content()
    import segno

    expected = io.BytesIO()
    segno.make(link, error="m").save(expected, kind="png", scale=6, border=4)
    assert png == expected.getvalue()
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    assert zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))[0].text == link


def test_a_rolled_back_change_announces_nothing(event, server):
    db, path, startup, investor = event
    other = next(p for p in storage.list_participants(db) if p["kind"] == "startup"
                 and p["id"] != startup["id"])
    # start-up to start-up is not an allowed pair: refused, its transaction rolled back
    with pytest.raises(Exception):
        meetings.request_meeting(db, startup["email"], other["email"], note="hello")
    assert mail.take_changes(db) == 0 and mail.outbox_rows(db) == []
    assert mail.unread_count(db, other["id"]) == 0


def test_unsubscribed_participants_get_only_the_essential_mails(event, server):
    db, path, startup, investor = event
    meetings.request_meeting(db, startup["email"], investor["email"])
    mail.send_due(path)
    link = server.recorder.messages(investor["email"])[0]["List-Unsubscribe"][1:-1]
    token = link.rsplit("/", 1)[1]
    person, lang = mail.unsubscribe(db, path, token)
    assert person["id"] == investor["id"] and lang == "ar"
    assert not mail.emails_on(db, investor["id"])
    assert mail.unsubscribe_target(db, path, "0" * 40) is None
    slots = _slots(db)
    meeting = storage.book_meeting(db, startup["id"], investor["id"], slots[1]["id"],
                                   storage.list_tables(db)[0]["id"])
    meetings.set_meeting_status(db, meeting, "cancelled", by=startup["id"])
    other = next(p for p in storage.list_participants(db) if p["kind"] == "startup"
                 and p["id"] != startup["id"])
    meetings.request_meeting(db, other["email"], investor["email"])
    report = mail.send_due(path)
    kinds = [m["X-Matchmaking-Kind"] for m in server.recorder.messages(investor["email"])]
    assert kinds == ["request_new", "meeting_cancelled"]  # the cancellation is essential
    skipped = mail.outbox_rows(db, status="skipped")
    assert report.skipped == len(skipped) >= 1 and {r["last_error"] for r in skipped} == \
        {"unsubscribed"}
    assert mail.unread_count(db, investor["id"]) >= 2  # the app still shows everything


def _sender_process(path: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "matchmaking", "--db", str(path), "mail",
                             "send"], cwd=PROJECT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def test_a_sender_killed_mid_batch_then_restarted_sends_the_rest_once(event, monkeypatch):
    db, path, startup, investor = event
    count = mail.queue_invitations(db, [p["email"] for p in storage.list_participants(db)][:12])
    assert count == 12
    with SmtpServer(free_port(), pause=0.25) as slow:
        env = {**os.environ, mail.URL_ENV: slow.url(), mail.BASE_URL_ENV: "http://v:8501"}
        monkeypatch.setenv(mail.URL_ENV, slow.url())
        sender = _sender_process(path, env)
        deadline = time.monotonic() + 30
        # kill it once the server has four messages and the database says so (the sender is
        # then inside the next message's DATA, before the server has taken it)
        while time.monotonic() < deadline:
            if len(slow.recorder.received) >= 4 and \
                    len(mail.outbox_rows(db, status="sent")) >= 4:
                break
            time.sleep(0.01)
        sender.send_signal(signal.SIGKILL)
        sender.wait(10)
        received = len(slow.recorder.received)
        assert 4 <= received < 12
        claimed = mail.outbox_rows(db, status="sending")
        assert len(claimed) <= 1  # one message at a time is claimed
        # before its lease ends, the dead sender's message is not taken by another
        again = _sender_process(path, env)
        assert again.wait(60) == 0
        # after it: it goes too
        report = mail.send_due(path, now=from_utc_text(storage.utc_now()) +
                               timedelta(seconds=mail.LEASE_SECONDS + 1))
        assert report.sent == len(claimed)
        ids = Counter(m["Message-ID"] for m in slow.recorder.messages())
    assert len(ids) == 12 and set(ids.values()) == {1}
    assert len(mail.outbox_rows(db, status="sent")) == 12


def test_nothing_is_lost_while_the_server_is_down_and_all_goes_when_it_is_back(event,
                                                                               monkeypatch):
    db, path, startup, investor = event
    port = free_port()
    monkeypatch.setenv(mail.URL_ENV, f"smtp://127.0.0.1:{port}?from={SENDER}")
    mail.queue_invitations(db, [startup["email"], investor["email"]])
    meetings.request_meeting(db, startup["email"], investor["email"])
    before = from_utc_text(storage.utc_now())
    report = mail.send_due(path)
    assert report.sent == 0 and report.errors and "cannot reach the mail server" in \
        report.errors[0] and f"127.0.0.1:{port}" in report.errors[0]
    rows = mail.outbox_rows(db)
    assert len(rows) == 3 and {r["status"] for r in rows} == {"queued"}
    for row in rows:
        assert "Connection refused" in row["last_error"] and row["attempts"] == 1
        assert from_utc_text(row["next_attempt_at"]) > before
    assert mail.send_due(path).sent == 0  # not due yet: no new attempt
    assert {r["attempts"] for r in mail.outbox_rows(db)} == {1}
    with SmtpServer(port) as back:
        later = from_utc_text(storage.utc_now()) + timedelta(seconds=31)
        assert mail.send_due(path, now=later).sent == 3
        assert len(back.recorder.received) == 3
    assert {r["status"] for r in mail.outbox_rows(db)} == {"sent"}


@pytest.mark.parametrize("url, said", [
    ("smtp//host:25", "unknown scheme '(none)'"),
    ("http://host:25?from=a@b.org", "unknown scheme 'http'"),
    ("smtp://host:notaport?from=a@b.org", "not a valid address"),
    ("smtp://:25?from=a@b.org", "no host name"),
    ("smtp://host:25", "no sender address"),
    ("smtp://host:25?from=nobody", "'nobody': not an e-mail address"),
    ("smtp://host:25?from=a@b.org&tls=maybe", "unknown parameter 'tls'"),
])
def test_a_malformed_mail_server_url_is_named(url, said, monkeypatch):
    monkeypatch.delenv("MATCHMAKING_MAIL_FROM", raising=False)
    with pytest.raises(mail.MailError) as error:
        mail.parse_smtp_url(url)
    assert said in str(error.value)


def test_a_wrong_password_is_said_as_such_and_the_password_never_shown(event, monkeypatch,
                                                                         capsys):
    db, path, startup, investor = event
    with SmtpServer(free_port(), password="right") as guarded:
        monkeypatch.setenv(mail.URL_ENV, guarded.url("village:wrong-secret@"))
        from matchmaking.cli import main

        assert main(["--db", str(path), "mail", "test", "organisers@example.org"]) == 1
        said = capsys.readouterr().err
        assert "refused the user name or password" in said and "535" in said
        assert f"127.0.0.1:{guarded.port}" in said and "wrong-secret" not in said
        monkeypatch.setenv(mail.URL_ENV, guarded.url("village:right@"))
        assert main(["--db", str(path), "mail", "test", "organisers@example.org"]) == 0
        (test,) = guarded.recorder.messages()
        assert test["Subject"].startswith("Test message from")
        assert test["To"] == "organisers@example.org"


def test_the_console_settings_keep_the_password_out_of_sight(event, monkeypatch):
    db, path, startup, investor = event
    monkeypatch.delenv(mail.URL_ENV, raising=False)
    mail.save_mail_settings(db, smtp_url="smtp://village:s3cret@mail.example.org:587",
                            mail_from=SENDER, base_url="http://village.local:8501/")
    shown = mail.mail_settings(db)
    assert shown["smtp_url"] == "smtp://village:***@mail.example.org:587"
    assert shown["source"] == "console" and shown["base_url"] == "http://village.local:8501"
    # saved again as shown (the password masked): the saved one is kept
    mail.save_mail_settings(db, smtp_url=shown["smtp_url"], mail_from=SENDER, base_url="")
    assert mail.smtp_config(db).password == "s3cret"
    audit = " ".join(r[0] for r in db.execute("SELECT details FROM audit_log").fetchall())
    assert "s3cret" not in audit
    with pytest.raises(mail.MailError, match="unknown scheme 'imap'"):
        mail.save_mail_settings(db, smtp_url="imap://x", mail_from=SENDER, base_url="")


def test_the_morning_agenda_goes_once_at_half_past_seven_event_time(event, server):
    db, path, startup, investor = event
    slots = _slots(db)
    first_day = [s for s in slots if s["day"] == slots[0]["day"]]
    for index in (1, 4):
        partner = [p for p in storage.list_participants(db) if p["kind"] == "investor"][index]
        storage.book_meeting(db, startup["id"], partner["id"], first_day[index]["id"],
                             storage.list_tables(db)[0]["id"])
    mail.take_changes(db)
    from matchmaking.domain.timezones import local

    tz = storage.get_event(db)["timezone"]
    day_start = local(first_day[0]["start_utc"], tz).replace(hour=7, minute=29)
    assert mail.enqueue_due(db, day_start) == 0
    mail.enqueue_due(db, day_start + timedelta(minutes=1))
    mail.send_due(path, now=day_start + timedelta(minutes=2))
    agendas = [m for m in server.recorder.messages(startup["email"])
               if m["X-Matchmaking-Kind"] == "agenda"]
    assert len(agendas) == 1 and agendas[0]["Subject"].startswith("Vos rendez-vous d'aujourd'hui")
    assert _plain(agendas[0]).count(" · Table ") == 2
    assert mail.enqueue_due(db, day_start + timedelta(minutes=20)) == 0


def test_every_mail_text_is_in_english_french_and_arabic():
    from matchmaking.texts import TEXTS, translate
    from matchmaking.texts.mail import TEXTS as MAIL_TEXTS

    for key, entry in MAIL_TEXTS.items():
        assert set(entry) >= {"en", "fr", "ar"}, key
        assert translate(key, "ar") == entry["ar"] and TEXTS[key] is entry


def test_the_language_rule_prefers_french_then_arabic_then_english():
    assert mail.mail_language(["en", "ar", "fr"]) == "fr"
    assert mail.mail_language(["en", "ar"]) == "ar"
    assert mail.mail_language(["es"]) == "fr"  # none of them: the event's first
    assert mail.mail_language(["fr", "ar"], ("ar", "fr", "en")) == "ar"


def test_the_schedulers_proposals_and_their_publishing_reach_both_sides(scheduled_demo):
    from matchmaking.storage import console as organiser

    db, path, _ = scheduled_demo
    mail.take_changes(db)
    proposed = [m for m in storage.all_meetings(db) if m["status"] == "proposed"]
    rows = mail.outbox_rows(db, kind="meeting_proposed", limit=10_000)
    assert proposed and len(rows) == 2 * len(proposed)
    assert {r["participant_id"] for r in rows} == \
        {p for m in proposed for p in (m["participant_a"], m["participant_b"])}
    assert organiser.publish_proposals(db) == len(proposed)
    mail.take_changes(db)
    booked = mail.outbox_rows(db, kind="meeting_booked", limit=10_000)
    assert len(booked) == 2 * len(proposed)
    assert mail.take_changes(db) == 0  # each entry once


def test_news_queued_for_more_than_a_day_is_dropped_but_not_an_invitation(event, server):
    db, path, startup, investor = event
    meetings.request_meeting(db, startup["email"], investor["email"])
    mail.queue_invitations(db, [investor["email"]])
    two_days_later = from_utc_text(storage.utc_now()) + timedelta(days=2)
    report = mail.send_due(path, now=two_days_later)
    assert (report.sent, report.skipped) == (1, 1)
    assert [m["X-Matchmaking-Kind"] for m in server.recorder.messages()] == ["invitation"]
    (dropped,) = mail.outbox_rows(db, kind="request_new")
    assert dropped["last_error"] == "out of date: queued more than a day ago"


def test_a_replan_announces_the_meetings_it_calls_off_and_those_it_adds(scheduled_demo):
    from matchmaking.domain.vocabulary import LIVE_MEETING_STATUSES

    db, path, scored = scheduled_demo
    slot = storage.list_slots(db, kind="meeting")[2]
    live = [m for m in storage.all_meetings(db) if m["status"] in LIVE_MEETING_STATUSES]
    absent_id = max({p for m in live for p in (m["participant_a"], m["participant_b"])},
                    key=lambda p: sum(p in (m["participant_a"], m["participant_b"])
                                      for m in live))
    absent = storage.row_by_id(db, "participants", absent_id)
    mail.take_changes(db)
    result = meetings.replan_now(db, scored, now=from_utc_text(slot["start_utc"]) +
                                 timedelta(minutes=1), no_shows=[absent["email"]],
                                 time_limit=3)
    mail.take_changes(db)
    called_off = [r["meeting"] for r in result["removed"] if r["status"] == "cancelled"]
    rows = mail.outbox_rows(db, limit=10_000)
    cancelled = {r["payload"]["meeting"] for r in rows if r["kind"] == "meeting_cancelled"}
    added = {r["payload"]["meeting"] for r in rows
             if r["kind"] in ("meeting_proposed", "meeting_booked")
             and r["payload"]["meeting"] in result["added"]}
    assert cancelled == set(called_off) and added == set(result["added"])
    assert called_off or result["added"]  # the re-plan changed something to announce


def test_the_mail_commands_say_what_they_did(event, server, monkeypatch, capsys):
    import json

    from matchmaking.cli import main

    db, path, startup, investor = event
    meetings.request_meeting(db, startup["email"], investor["email"])
    assert main(["--db", str(path), "mail", "invite", startup["email"]]) == 0
    assert "1 invitations queued" in capsys.readouterr().out
    assert main(["--db", str(path), "mail", "outbox", "--status", "queued"]) == 0
    listed = capsys.readouterr().out
    assert "request_new" in listed and "invitation" in listed and investor["email"] in listed
    assert main(["--db", str(path), "mail", "send"]) == 0
    assert capsys.readouterr().out.strip() == "2 sent, 0 failed, 0 deferred, 0 skipped"
    assert main(["--db", str(path), "mail", "outbox", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["status"] for r in rows} == {"sent"} and all(r["message_id"] for r in rows)
    monkeypatch.delenv(mail.URL_ENV)
    meetings.request_meeting(db, investor["email"], startup["email"])
    assert main(["--db", str(path), "mail", "send"]) == 1
    said = capsys.readouterr()
    assert "1 deferred" in said.out and "no mail server is set" in said.err
