"""In-app notifications (AppTest on a real database file): another participant's request
shows in the sidebar's unread count and on the notifications page, opens the requests page,
and is marked read; the e-mail preference; the console's e-mail section keeps the password
out of sight and names what is wrong with a mail server address."""

from __future__ import annotations

from matchmaking import storage
from matchmaking.services import mail, meetings

from .test_organiser_app import console, edb, event_path, go  # noqa: F401  (fixtures)
from .test_participant_app import env, open_page, shown, signed_in  # noqa: F401  (fixtures)

PAGE = "matchmaking/ui/notifications_page.py"


def _badges(at) -> list[str]:
    return [link.label for link in at.sidebar.get("page_link")]


def test_a_request_shows_in_the_unread_count_and_on_the_page_until_read(env):
    at = signed_in(env, "blue@example.org")
    assert not any("unread" in label for label in _badges(at))
    meetings.request_meeting(env.db, "aqua@example.org", "blue@example.org",
                             note="Let us talk water")
    mail.take_changes(env.db)  # what the server's mail worker does every few seconds
    at.run()
    assert "1 unread notification(s)" in _badges(at)
    open_page(at, "notifications")
    text = shown(at)
    # the name isolated, so that an Arabic one keeps the line's direction
    assert "\u2068Aqua Sûre\u2069 would like to meet you" in text and "new" in text
    assert any("requests" in link.proto.page for link in at.main.get("page_link"))
    next(b for b in at.button if b.label == "Mark as read").click().run()
    assert not at.exception
    assert not any("unread" in label for label in _badges(at))
    assert mail.unread_count(env.db, storage.get_participant(env.db, "blue@example.org")["id"]) == 0


def test_the_page_is_in_the_participants_language_and_mark_all_reads_all(env):
    for sender in ("aqua@example.org", "qatra@example.org"):
        meetings.request_meeting(env.db, sender, "blue@example.org")
    at = signed_in(env, "blue@example.org")
    at.radio(key="lang").set_value("fr").run()
    open_page(at, "notifications")
    assert "souhaite vous rencontrer" in shown(at)
    next(b for b in at.button if b.label == "Tout marquer comme lu").click().run()
    assert mail.unread_count(env.db, storage.get_participant(env.db, "blue@example.org")["id"]) == 0


def test_turning_the_emails_off_on_the_page_is_kept(env):
    at = open_page(signed_in(env, "aqua@example.org"), "notifications")
    toggle = at.toggle[0]
    assert toggle.value is True
    toggle.set_value(False).run()
    assert not at.exception
    aqua = storage.get_participant(env.db, "aqua@example.org")
    assert mail.emails_on(env.db, aqua["id"]) is False


def test_the_console_shows_the_mail_server_without_its_password_and_names_errors(
        console, edb, monkeypatch):  # noqa: F811
    monkeypatch.delenv(mail.URL_ENV, raising=False)
    at = go(console, "console_mail_page.py")
    at.text_input[0].input("smtp://village:s3cret@mail.example.org:587")
    at.text_input[1].input("matchmaking@example.org")
    at.button[0].click().run()
    assert not at.exception
    assert mail.smtp_config(edb).password == "s3cret"
    at = go(at, "console_mail_page.py")
    assert at.text_input[0].value == "smtp://village:***@mail.example.org:587"
    assert "s3cret" not in str([e.value for e in at.get("caption")])
    at.text_input[0].input("imap://mail.example.org")
    at.button[0].click().run()
    assert any("unknown scheme 'imap'" in e.value for e in at.error)
    assert mail.smtp_config(edb).host == "mail.example.org"  # nothing saved


def test_the_consoles_test_button_sends_through_the_mail_server(console, edb,  # noqa: F811
                                                                monkeypatch):
    from .test_mail import SmtpServer, free_port

    with SmtpServer(free_port()) as server:
        monkeypatch.setenv(mail.URL_ENV, server.url())
        at = go(console, "console_mail_page.py")
        assert any("MATCHMAKING_SMTP_URL" in e.value for e in at.info)
        next(x for x in at.text_input if x.key == "mail.test_to").input("desk@example.org").run()
        next(b for b in at.button if b.label == "Send a test message").click().run()
        assert any("Test message sent to desk@example.org" in e.value for e in at.success)
        (message,) = server.recorder.messages("desk@example.org")
        assert message["Subject"].startswith("Test message from")
    monkeypatch.setenv(mail.URL_ENV, f"smtp://127.0.0.1:{server.port}?from=a@example.org")
    next(b for b in at.button if b.label == "Send a test message").click().run()
    assert any("cannot reach the mail server" in e.value for e in at.error)
