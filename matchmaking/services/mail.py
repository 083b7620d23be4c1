"""E-mail notifications and reminders through a real SMTP server, and in-app notifications.

What happened comes from the audit log (every change writes its entry in the transaction
that makes it, so a rolled-back change announces nothing): ``take_changes`` turns new entries
into notifications and outbox rows once, under the write lock. Reminders and each morning's
agenda are enqueued when due (``enqueue_due``). Messages are composed when sent, in the
recipient's language, from the database as it is then: a reminder for a meeting moved or
cancelled meanwhile is skipped, an invitation's link is derived from the secret (codes are
never stored), and the ``.ics`` carries the meeting's current SEQUENCE.

Delivery (``send_due``; the mail server itself is ``services.smtp``): one message claimed
at a time under the write lock (so several processes never send the same one), marked
sent as soon as the server has answered the end of its DATA. The one window left: a crash
after the server's answer and before that commit (a few milliseconds) sends that one
message again after its lease ends; it keeps its Message-ID, derived from its key, so mail
programs can recognise the copy.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import io
import logging
import os
import smtplib
import socket
import threading
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from email import policy as email_policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from matchmaking import storage
from matchmaking.domain import formats
from matchmaking.domain.formats import DEFAULT_LANGUAGE_ORDER, preferred_language
from matchmaking.domain.settings import EventSettings
from matchmaking.domain.text import one_line
from matchmaking.domain.timezones import from_utc_text, local, to_utc_text
from matchmaking.domain.vocabulary import (CANCELLED, CONFIRMED, DECLINED, FAILED, PROPOSED, QUEUED,
                                           SENT, SKIPPED)
from matchmaking.services.smtp import (MailError, SmtpConfig, connect, parse_smtp_url, redact,
                                       smtp_detail)
from matchmaking.storage import Database, outbox
from matchmaking.storage.outbox import Notice
from matchmaking.texts import translate

log = logging.getLogger(__name__)

URL_ENV, BASE_URL_ENV = "MATCHMAKING_SMTP_URL", "MATCHMAKING_BASE_URL"
MAX_ATTEMPTS = 12           # with the back-off below: about six hours of outage
FIRST_RETRY_SECONDS = 30.0  # then doubled at each attempt, up to an hour
LONGEST_RETRY_SECONDS = 3600.0
LEASE_SECONDS = 120.0       # a claimed message whose sender died waits this long
POLL_SECONDS = 3.0
AGENDA_TIME = time(7, 30)   # the morning agenda, in the event's local time
AGENDA_WINDOW = timedelta(hours=2)  # after that (or the first slot), no agenda that day
WORKER_THREAD = "matchmaking-mail"
# A notification still queued after this long (no mail server for a day) is no longer news;
# invitations and changes to confirmed meetings still go
OUT_OF_DATE = timedelta(days=1)

# What is e-mailed even to someone who turned notification e-mails off: how to sign in, and
# a change to a meeting they count on.
ESSENTIAL = frozenset({"invitation", "meeting_moved", "meeting_cancelled", "test"})
# The page a notification opens, by kind
PAGE_OF = {"request_new": "requests", "request_accepted": "agenda",
           "request_declined": "recommendations", "meeting_proposed": "requests",
           "meeting_booked": "agenda", "time_proposed": "agenda", "meeting_moved": "agenda",
           "meeting_cancelled": "agenda", "reminder": "agenda"}
CALENDAR_KINDS = frozenset({"request_accepted", "meeting_booked", "meeting_moved",
                            "meeting_cancelled", "meeting_proposed"})


# --- the mail server ------------------------------------------------------------------------

def configured_url(db: Database) -> tuple[str, str]:
    """The SMTP URL in use and where it comes from (``environment``, ``console`` or ``""``)."""
    from_env = os.environ.get(URL_ENV, "").strip()
    if from_env:
        return from_env, "environment"
    saved = outbox.mail_settings(db)["smtp_url"]
    return saved, "console" if saved else ""


def smtp_config(db: Database) -> SmtpConfig:
    url, _ = configured_url(db)
    return parse_smtp_url(url, outbox.mail_settings(db)["mail_from"] or None)


def mail_settings(db: Database) -> dict[str, str]:
    """What the console shows: the URL without its password, the sender, the base URL."""
    saved = outbox.mail_settings(db)
    url, source = configured_url(db)
    return {"smtp_url": redact(saved["smtp_url"]), "mail_from": saved["mail_from"],
            "base_url": saved["base_url"], "in_use": redact(url), "source": source}


def save_mail_settings(db: Database, *, smtp_url: str, mail_from: str, base_url: str,
                       actor: str = "organiser") -> None:
    """Check and save the console's settings. A URL given without a password keeps the
    saved one (the console never shows it back)."""
    smtp_url = smtp_url.strip()
    saved = outbox.mail_settings(db)["smtp_url"]
    if smtp_url:
        parts = urlsplit(smtp_url)
        try:
            old = urlsplit(saved)
            keep = parts.password in (None, "***") and old.password and \
                parts.username == old.username and parts.hostname == old.hostname
        except ValueError:
            keep = False
        if keep:
            host = parts.netloc.rsplit("@", 1)[-1]
            smtp_url = parts._replace(netloc=f"{parts.username}:{old.password}@{host}").geturl()
        parse_smtp_url(smtp_url, mail_from.strip() or None)
    if base_url.strip() and not base_url.strip().startswith(("http://", "https://")):
        raise MailError("url", url=base_url, problem="the app's address must begin with "
                                                     "http:// or https://")
    outbox.save_mail_settings(db, smtp_url=smtp_url, mail_from=mail_from,
                              base_url=base_url.strip().rstrip("/"), actor=actor)


def base_url(db: Database) -> str:
    return (os.environ.get(BASE_URL_ENV, "").strip() or outbox.mail_settings(db)["base_url"]
            or "http://localhost:8501").rstrip("/")


# --- languages, dates ------------------------------------------------------------------------

def language_order(settings: EventSettings) -> tuple[str, ...]:
    return tuple(settings.interface_language_order)


def mail_language(languages: list[str], order: tuple[str, ...] = DEFAULT_LANGUAGE_ORDER) -> str:
    """The language of someone's e-mails: the one their pages open in (the first of the
    event's order they speak: French, then Arabic, then English for this event)."""
    return preferred_language(languages, order)


def _day(moment: datetime, lang: str) -> str:
    return formats.day_short(moment, lang)


def when_label(start_utc: str, end_utc: str, tz: str, lang: str) -> str:
    return formats.slot_span(local(start_utc, tz), local(end_utc, tz), lang)


# --- from changes to notices -----------------------------------------------------------------

def message_id(key: str, event_uid: str) -> str:
    digest = hashlib.sha256(f"{event_uid}:{key}".encode()).hexdigest()[:32]
    return f"<{digest}@{event_uid or 'event'}.matchmaking>"


def _notice(db: Database, uid: str, key: str, kind: str, person_id: int,
            payload: dict[str, Any], *, in_app: bool = True) -> Notice:
    person = outbox.people(db, [person_id]).get(person_id)
    address = person["email"] if person and person["active"] else None
    return Notice(key, kind, person_id, address, payload, in_app=in_app,
                  message_id=message_id(key, uid))


def _meeting_notices(db: Database, uid: str, meeting_id: int, kind: str, tag: str, *,
                     skip: int | None = None, quiet: int | None = None, **extra: Any
                     ) -> list[Notice]:
    """A notice about a meeting to both sides (but ``skip``; ``quiet``: e-mail, no in-app
    notice: they did it themselves)."""
    facts = outbox.meeting_facts(db, meeting_id)
    if facts is None:
        return []
    out = []
    for me, other in ((facts["participant_a"], facts["participant_b"]),
                      (facts["participant_b"], facts["participant_a"])):
        if me == skip:
            continue
        out.append(_notice(db, uid, f"meeting:{meeting_id}:{tag}:to:{me}", kind, me,
                           {"meeting": meeting_id, "other": other, "slot": facts["slot_id"],
                            **extra}, in_app=me != quiet))
    return out


def _actor_id(entry: dict[str, Any]) -> int | None:
    actor = entry["actor"]
    return int(actor.split(":", 1)[1]) if actor.startswith("participant:") else None


def notices_of(db: Database, entry: dict[str, Any]) -> list[Notice]:
    """The notices one audit entry makes (read on the connection of the transaction that
    records them)."""
    action, details = entry["action"], entry["details"]
    uid = (storage.get_event(db) or {}).get("uid", "")
    actor = _actor_id(entry)
    entity = int(entry["entity_id"]) if entry["entity_id"].isdigit() else None
    if action == "request.created":
        request = outbox.request_facts(db, entity)
        return [_notice(db, uid, f"request:{entity}:new:to:{request['recipient_id']}",
                        "request_new", request["recipient_id"],
                        {"request": entity, "other": request["requester_id"],
                         "note": request["note"], "slot": request["slot_id"]})] if request else []
    if action == "request.accepted":
        request = outbox.request_facts(db, entity)
        if request is None:
            return []
        return [_notice(db, uid, f"request:{entity}:accepted:to:{request['requester_id']}",
                        "request_accepted", request["requester_id"],
                        {"request": entity, "other": request["recipient_id"],
                         "meeting": details.get("meeting")})]
    if action == f"request.{DECLINED}":
        request = outbox.request_facts(db, entity)
        if request is None:
            return []
        return [_notice(db, uid, f"request:{entity}:declined:to:{request['requester_id']}",
                        "request_declined", request["requester_id"],
                        {"request": entity, "other": request["recipient_id"]})]
    if action == "meeting.time_proposed":
        change = outbox.change_facts(db, details.get("change", 0))
        if change is None:
            return []
        return _meeting_notices(db, uid, entity, "time_proposed", f"change:{change['id']}",
                                skip=change["proposer_id"], change=change["id"],
                                proposed_slot=change["slot_id"], note=change["note"],
                                proposer=change["proposer_id"])
    if action == "meeting.moved":
        return _meeting_notices(db, uid, entity, "meeting_moved", f"moved:{entry['id']}",
                                quiet=actor, from_slot=details.get("from", {}).get("slot"))
    if action == "meeting.swapped":
        return [n for meeting in (entity, details.get("with"))
                for n in _meeting_notices(db, uid, meeting, "meeting_moved",
                                          f"moved:{entry['id']}")]
    if action == f"meeting.{CANCELLED}":
        return _meeting_notices(db, uid, entity, "meeting_cancelled", "called-off", skip=actor)
    if action == "participant.deactivated":
        return [n for meeting in details.get("meetings_cancelled", [])
                for n in _meeting_notices(db, uid, meeting, "meeting_cancelled", "called-off",
                                          skip=entity)]
    if action == "meeting.booked":
        if details.get("status") == CONFIRMED:
            return _meeting_notices(db, uid, entity, "meeting_booked", "booked")
        return _meeting_notices(db, uid, entity, "meeting_proposed", "suggested")
    if action == "meeting.proposal_accepted" and details.get(CONFIRMED):
        return _meeting_notices(db, uid, entity, "meeting_booked", "booked", quiet=actor)
    if action == "meetings.published":
        return [n for meeting in details.get("meetings", [])
                for n in _meeting_notices(db, uid, meeting, "meeting_booked", "booked")]
    if action in ("scheduler.published", "scheduler.replanned"):
        ids = (outbox.meetings_of_run(db, entity) if action == "scheduler.published"
               else details.get("added", []))
        out = []
        for meeting in ids:
            facts = outbox.meeting_facts(db, meeting)
            if facts and facts["status"] in (CONFIRMED, PROPOSED):
                kind, tag = ("meeting_booked", "booked") if facts["status"] == CONFIRMED \
                    else ("meeting_proposed", "suggested")
                out += _meeting_notices(db, uid, meeting, kind, tag)
        for removed in details.get("removed", []) if action == "scheduler.replanned" else []:
            if removed.get("status") == CANCELLED:
                out += _meeting_notices(db, uid, removed["meeting"], "meeting_cancelled",
                                        "called-off")
        return out
    return []


def take_changes(db: Database) -> int:
    """Turn what happened since the last call into notifications and e-mails."""
    total = 0
    while outbox.changes_waiting(db):
        taken = outbox.take_changes(db, notices_of)
        total += taken
        if taken < 500:
            break
    return total


def reminder_minutes(db: Database) -> int | None:
    """How long before each confirmed meeting its reminder goes (None: no reminders)."""
    event = storage.get_event(db)
    return EventSettings.from_dict(event["settings"]).reminder_minutes if event else None


def enqueue_due(db: Database, now: datetime | None = None) -> int:
    """Reminders of the meetings beginning within the event's reminder time, and the
    morning agenda (from 07:30 event time), each once. Returns how many were added."""
    now = now or datetime.now(timezone.utc)
    event = storage.get_event(db)
    if event is None:
        return 0
    uid, notices = event["uid"], []
    minutes = reminder_minutes(db)
    if minutes:
        for meeting in outbox.confirmed_meetings_starting(
                db, to_utc_text(now), to_utc_text(now + timedelta(minutes=minutes))):
            notices += _meeting_notices(db, uid, meeting["id"], "reminder",
                                        f"reminder:slot:{meeting['slot_id']}:{minutes}",
                                        minutes=minutes)
    today = local(now, event["timezone"])
    for day in outbox.event_days(db):
        if day["day"] != today.date().isoformat():
            continue
        opens = today.replace(hour=AGENDA_TIME.hour, minute=AGENDA_TIME.minute, second=0,
                              microsecond=0)
        until = max(local(day["first_start"], event["timezone"]), opens + AGENDA_WINDOW)
        if opens <= today < until:
            people = {p for m in outbox.confirmed_meetings_on(db, day["day"])
                      for p in (m["participant_a"], m["participant_b"])}
            notices += [_notice(db, uid, f"agenda:{p}:{day['day']}", "agenda", p,
                                {"day": day["day"]}, in_app=False) for p in sorted(people)]
    return outbox.enqueue(db, notices, now=to_utc_text(now)) if notices else 0


def queue_invitations(db: Database, emails: list[str] | None = None) -> int:
    """An invitation e-mail (personal link and its QR code) to each active participant, or
    to ``emails``; once per participant and link version. Returns how many were queued."""
    uid = (storage.get_event(db) or {}).get("uid", "")
    wanted = {e.strip().lower() for e in emails} if emails else None
    notices = []
    for row in storage.access_code_rows(db):
        if wanted is not None and row["email"] not in wanted:
            continue
        key = f"invitation:{row['id']}:v{row['code_version']}"
        notices.append(Notice(key, "invitation", row["id"], row["email"],
                              {"version": row["code_version"]}, in_app=False,
                              message_id=message_id(key, uid)))
    if wanted is not None:
        missing = wanted - {n.to_address for n in notices}
        if missing:
            raise storage.NotFound(f"no active participant {sorted(missing)[0]}")
    return outbox.enqueue(db, notices)


# --- composing --------------------------------------------------------------------------------

@dataclass
class Composed:
    subject: str
    paragraphs: list[str]
    details: list[tuple[str, str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)      # a list (the day's agenda)
    link: tuple[str, str] | None = None                  # label, address
    qr_link: str | None = None
    attachments: list[tuple[bytes, str, str, str]] = field(default_factory=list)


class Skip(Exception):
    """This message is not to be sent, and why."""


def unsubscribe_token(secret: bytes, participant_id: int, version: int) -> str:
    return hmac.new(secret, f"unsubscribe:{participant_id}:{version}".encode(),
                    hashlib.sha256).hexdigest()[:40]


def _secret(db: Database, db_path: Path) -> bytes | None:
    """The secret links are derived from (made on first use, as for the invitations); None
    when it is missing after links were made with it (``access_secret`` says so)."""
    from matchmaking.services.event import access_secret

    try:
        return access_secret(db, db_path)
    except storage.StorageError:
        return None


def _qr_png(link: str) -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=6, border=4)
    return buffer.getvalue()


def _meeting_ics(db: Database, email: str, meeting_id: int) -> bytes:
    from matchmaking.services.meetings import agenda_ics

    return agenda_ics(db, email, meeting_id=meeting_id)


def _compose(db: Database, db_path: Path, row: dict[str, Any], person: dict[str, Any] | None,
             lang: str, now: datetime) -> Composed:
    event = storage.get_event(db)
    tz, name, kind, payload = event["timezone"], event["name"], row["kind"], row["payload"]
    tx = lambda key, **values: translate(key, lang, **values)  # noqa: E731
    app = (tx("mail.open"), f"{base_url(db)}/")
    if kind == "test":
        return Composed(tx("mail.test.subject", event=name),
                        [tx("mail.test.body", server=payload.get("server", ""))])
    if person is None or not person["active"]:
        raise Skip("the participant is no longer active")
    if kind == "invitation":
        from matchmaking.services.event import access_secret, invitation_links

        if payload.get("version") != storage.code_version(db, person["id"]):
            raise Skip("a newer link was made since: its own invitation carries it")
        link = invitation_links(db, access_secret(db, db_path), base_url(db),
                                emails=[person["email"]])[0]["link"]
        png = _qr_png(link)
        return Composed(tx("mail.invitation.subject", event=name),
                        [tx("mail.invitation.body", event=name)], link=(tx("mail.open"), link),
                        qr_link=link,
                        attachments=[(png, "image", "png", "personal-link-qr.png")])
    others = outbox.people(db, [payload["other"]])
    other = one_line(others[payload["other"]]["organisation"]) if others else "?"
    details: list[tuple[str, str]] = []
    attachments: list[tuple[bytes, str, str, str]] = []
    meeting = outbox.meeting_facts(db, payload["meeting"]) if payload.get("meeting") else None
    if kind == "reminder":
        if meeting is None or meeting["status"] != CONFIRMED or \
                meeting["slot_id"] != payload["slot"]:
            raise Skip("the meeting was moved or cancelled since")
        if from_utc_text(meeting["start_utc"]) <= now:
            raise Skip("the meeting has begun")
    if meeting is not None:
        slot = outbox.slot_times(db, payload.get("slot") or meeting["slot_id"]) \
            if kind == "meeting_cancelled" else meeting
        details = [(tx("mail.with"), other),
                   (tx("mail.when"), when_label(slot["start_utc"], slot["end_utc"], tz, lang)),
                   (tx("mail.where"), ", ".join(x for x in (
                       tx("mail.table", table=meeting["table_name"]),
                       meeting["table_location"], event["venue"]) if x))]
        if kind in CALENDAR_KINDS:
            attachments.append((_meeting_ics(db, person["email"], meeting["id"]), "text",
                                "calendar", "meeting.ics"))
    values = {"other": other}
    if kind == "reminder":
        values.update(minutes=payload["minutes"], table=meeting["table_name"],
                      time=f"{local(meeting['start_utc'], tz):%H:%M}")
    elif kind == "meeting_moved":
        values["when"] = when_label(meeting["start_utc"], meeting["end_utc"], tz, lang)
    elif kind == "meeting_cancelled":
        values["when"] = details[1][1] if details else ""
    elif kind == "time_proposed":
        proposed = outbox.slot_times(db, payload["proposed_slot"])
        values["when"] = when_label(proposed["start_utc"], proposed["end_utc"], tz, lang)
    paragraphs = [tx(f"mail.{kind}.body", **values)]
    if payload.get("note"):
        details.append((tx("mail.note"), payload["note"].strip()))
    if attachments:
        paragraphs.append(tx("mail.ics"))
    return Composed(tx(f"mail.{kind}.subject", **values), paragraphs, details, link=app,
                    attachments=attachments)


def _agenda(db: Database, person: dict[str, Any], lang: str, day: str) -> Composed:
    event = storage.get_event(db)
    meetings = [m for m in outbox.confirmed_meetings_on(db, day)
                if person["id"] in (m["participant_a"], m["participant_b"])]
    if not meetings:
        raise Skip("no confirmed meeting that day any more")
    others = outbox.people(db, [m["participant_a"] if m["participant_b"] == person["id"]
                                else m["participant_b"] for m in meetings])
    lines = []
    for m in meetings:
        other = others[m["participant_a"] if m["participant_b"] == person["id"]
                       else m["participant_b"]]
        start, end = local(m["start_utc"], event["timezone"]), local(m["end_utc"],
                                                                     event["timezone"])
        lines.append(f"{start:%H:%M}–{end:%H:%M} · {one_line(other['organisation'])} · "
                     f"{translate('mail.table', lang, table=m['table_name'])}")
    label = _day(local(meetings[0]["start_utc"], event["timezone"]), lang)
    return Composed(translate("mail.agenda.subject", lang, day=label),
                    [translate("mail.agenda.body", lang, count=len(meetings))], lines=lines,
                    link=(translate("mail.open", lang), f"{base_url(db)}/"))


def _html(lang: str, greeting: str, composed: Composed, footer: list[str], qr_cid: str | None,
          unsubscribe: str | None = None) -> str:
    e = html.escape
    direction = "rtl" if lang == "ar" else "ltr"
    parts = [f'<!DOCTYPE html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
             f"<title>{e(composed.subject)}</title></head>"
             '<body style="font-family: sans-serif; line-height: 1.5; max-width: 40em">',
             f"<p>{e(greeting)}</p>"]
    parts += [f"<p>{e(p)}</p>" for p in composed.paragraphs]
    if composed.details:
        parts.append("<table>" + "".join(
            f'<tr><th style="text-align: start; padding-inline-end: 1em">{e(k)}</th>'
            f'<td dir="auto">{e(v)}</td></tr>' for k, v in composed.details) + "</table>")
    if composed.lines:
        parts.append("<ul>" + "".join(f'<li dir="auto">{e(line)}</li>'
                                      for line in composed.lines) + "</ul>")
    if composed.link:
        parts.append(f'<p><a href="{e(composed.link[1], quote=True)}">{e(composed.link[0])}</a>'
                     "</p>")
    if qr_cid:
        parts.append(f"<p>{e(translate('mail.invitation.qr', lang))}<br>"
                     f'<img src="cid:{qr_cid[1:-1]}" alt="QR" width="240" height="240"></p>')
    lines = [e(line) for line in footer]
    if unsubscribe:  # the address as a link
        link = e(unsubscribe, quote=True)
        lines = [line.replace(link, f'<a href="{link}">{link}</a>') for line in lines]
    parts.append('<hr><p style="color: #666; font-size: 0.9em">' + "<br>".join(lines) +
                 "</p></body></html>")
    return "".join(parts)


def build_message(db: Database, db_path: Path, row: dict[str, Any], config: SmtpConfig,
                  now: datetime) -> EmailMessage:
    """The e-mail of an outbox row as it is to be sent now, or Skip saying why not."""
    event = storage.get_event(db)
    person = outbox.people(db, [row["participant_id"]]).get(row["participant_id"]) \
        if row["participant_id"] else None
    order = language_order(EventSettings.from_dict(event["settings"]))
    lang = mail_language(person["languages"], order) if person else \
        row["payload"].get("lang", "en")
    if person and person["mail_opt_out"] and row["kind"] not in ESSENTIAL:
        raise Skip("unsubscribed")
    if row["kind"] == "agenda":
        composed = _agenda(db, person, lang, row["payload"]["day"])
    else:
        composed = _compose(db, db_path, row, person, lang, now)
    if row["kind"] not in ESSENTIAL and row.get("created_at") and \
            from_utc_text(row["created_at"]) < now - OUT_OF_DATE:
        raise Skip("out of date: queued more than a day ago")
    name = one_line(person["contact_name"] or person["organisation"]) if person else ""
    greeting = translate("mail.greeting", lang, name=name) if name else \
        translate("mail.greeting.nameless", lang)
    footer = [translate("mail.footer", lang, event=one_line(event["name"]))]
    unsubscribe = None
    secret = _secret(db, db_path) if person else None
    if person and secret is not None:
        token = unsubscribe_token(secret, person["id"], storage.code_version(db, person["id"]))
        unsubscribe = f"{base_url(db)}/mail/unsubscribe/{token}"
        footer += [translate("mail.unsubscribe", lang, link=unsubscribe),
                   translate("mail.essential", lang)]
    # headers folded only past 998 characters (the limit): Python's folding at 78 moves a
    # long subject to a continuation line, which some mail programs show with a blank first
    message = EmailMessage(policy=email_policy.default.clone(max_line_length=998))
    message["Subject"] = one_line(composed.subject)
    message["From"] = config.sender
    message["To"] = Address(display_name=name, addr_spec=row["to_address"]) if name else \
        row["to_address"]
    message["Date"] = format_datetime(now)
    message["Message-ID"] = row["message_id"]
    message["Auto-Submitted"] = "auto-generated"
    message["X-Matchmaking-Kind"] = row["kind"]
    if unsubscribe:
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    text = [greeting, "", *composed.paragraphs]
    if composed.details:
        text += [""] + [f"{k}: {v}" for k, v in composed.details]
    if composed.lines:
        text += [""] + [f"- {line}" for line in composed.lines]
    if composed.link:
        text += ["", f"{composed.link[0]}: {composed.link[1]}"]
    text += ["", "-- ", *footer]
    message.set_content("\n".join(text) + "\n")
    qr_cid = None
    if composed.qr_link:
        from email.utils import make_msgid

        qr_cid = make_msgid("qr", domain="matchmaking")
    message.add_alternative(_html(lang, greeting, composed, footer, qr_cid, unsubscribe),
                            subtype="html")
    if qr_cid:
        png = composed.attachments[0][0]
        message.get_payload()[1].add_related(png, "image", "png", cid=qr_cid,
                                             filename="personal-link-qr.png")
    for data, maintype, subtype, filename in composed.attachments:
        if maintype == "text":
            message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename,
                                   params={"method": "PUBLISH"})
        else:
            message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    message["Content-Language"] = lang  # after the parts: setting content clears Content-*
    return message


# --- sending ----------------------------------------------------------------------------------

def retry_delay(attempts: int) -> float:
    """Seconds before the next attempt after ``attempts`` failed ones: 30 s, doubled each
    time, at most an hour."""
    return min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), LONGEST_RETRY_SECONDS)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0       # given up (last attempt, or refused for good)
    retrying: int = 0     # failed this time, tried again later
    skipped: int = 0
    waiting: int = 0      # still queued after this run (later attempts, not due yet)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (f"{self.sent} sent, {self.failed} failed, {self.retrying + self.waiting} "
                f"deferred, {self.skipped} skipped")
        return text + (f" ({self.errors[0]})" if self.errors else "")


def _permanent(error: BaseException) -> bool:
    """A refusal the mail server will repeat (5xx for this message or recipient)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, (smtplib.SMTPDataError, smtplib.SMTPSenderRefused)) and \
        error.smtp_code >= 500


def sender_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def send_due(db_path: str | Path, *, now: datetime | None = None, limit: int | None = None,
             config: SmtpConfig | None = None) -> SendReport:
    """Announce what happened, enqueue what is due, then send the due messages one by one
    (``now``: a fixed time, for tests). Without a usable mail server nothing is claimed and
    the report says why."""
    db_path = Path(db_path)
    db = storage.open_database(db_path, create=False)
    report, sender, smtp = SendReport(), sender_name(), None
    clock = (lambda: now) if now else (lambda: datetime.now(timezone.utc))  # noqa: E731
    try:
        take_changes(db)
        enqueue_due(db, clock())
        try:
            config = config or smtp_config(db)
        except MailError as error:
            report.errors.append(str(error))
            report.waiting = outbox.outbox_counts(db).get(QUEUED, 0)
            return report
        handled = 0
        while limit is None or handled < limit:
            row = outbox.claim(db, sender, clock(), LEASE_SECONDS)
            if row is None:
                break
            handled += 1
            try:
                message = build_message(db, db_path, row, config, clock())
            except Skip as why:
                outbox.mark_skipped(db, row["id"], sender, str(why))
                report.skipped += 1
                continue
            if smtp is None:
                try:
                    smtp = connect(config)
                except MailError as error:
                    _retry(db, row, sender, str(error), clock(), report)
                    outbox.defer_due(db, clock(), str(error),
                                     lambda n: clock() + timedelta(seconds=retry_delay(n)))
                    report.errors.append(str(error))
                    break
            try:
                smtp.send_message(message, from_addr=parseaddr(config.sender)[1],
                                  to_addrs=[row["to_address"]])
            except (OSError, smtplib.SMTPException) as error:
                detail = MailError("refused", server=config.server,
                                   detail=smtp_detail(error))
                if _permanent(error):
                    outbox.mark_failed(db, row["id"], sender, str(detail))
                    report.failed += 1
                    continue
                _retry(db, row, sender, str(detail), clock(), report)
                report.errors.append(str(detail))
                _close(smtp)
                smtp = None
                continue
            # the window: the server has the message; until this commit a crash sends it again
            outbox.mark_sent(db, row["id"], sender)
            report.sent += 1
        report.waiting = outbox.outbox_counts(db).get(QUEUED, 0) - report.retrying
        return report
    finally:
        if smtp is not None:
            _close(smtp)
        db.close()


def _retry(db: Database, row: dict[str, Any], sender: str, error: str, now: datetime,
           report: SendReport) -> None:
    if row["attempts"] >= MAX_ATTEMPTS:
        outbox.mark_failed(db, row["id"], sender, f"after {row['attempts']} attempts: {error}")
        report.failed += 1
    else:
        outbox.mark_retry(db, row["id"], sender, error,
                          now + timedelta(seconds=retry_delay(row["attempts"])))
        report.retrying += 1


def _close(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()


def send_test(db: Database, address: str) -> EmailMessage:
    """Send a test message now, through the configured server (not the outbox: the answer
    is wanted at once). MailError saying what is wrong."""
    config = smtp_config(db)
    address = address.strip()
    if "@" not in parseaddr(address)[1]:
        raise MailError("from", address=address, problem="not an e-mail address")
    row = {"kind": "test", "participant_id": None, "to_address": address,
           "payload": {"server": config.server, "lang": "en"},
           "message_id": message_id(f"test:{datetime.now(timezone.utc).isoformat()}",
                                    (storage.get_event(db) or {}).get("uid", ""))}
    message = build_message(db, storage.database_file(db) or Path("."), row, config,
                            datetime.now(timezone.utc))
    smtp = connect(config)
    try:
        smtp.send_message(message, from_addr=parseaddr(config.sender)[1], to_addrs=[address])
    except (OSError, smtplib.SMTPException) as error:
        raise MailError("refused", server=config.server, detail=smtp_detail(error)) from None
    finally:
        _close(smtp)
    return message


class MailWorker(threading.Thread):
    """Sends in the background while the server runs: every few seconds, what happened is
    announced, due reminders and agendas enqueued, and due messages sent."""

    def __init__(self, db_path: str | Path, *, poll: float = POLL_SECONDS):
        super().__init__(daemon=True, name=WORKER_THREAD)
        self.db_path = Path(db_path)
        self.poll = poll
        self.stopping = threading.Event()
        self.last_report: SendReport | None = None

    def run(self) -> None:
        while True:
            try:
                if self.db_path.exists():
                    self.last_report = send_due(self.db_path)
            except Exception:  # noqa: BLE001 - the worker must outlive one bad round
                log.exception("mail worker round failed")
            if self.stopping.wait(self.poll):
                return

    def stop(self, timeout: float | None = 10) -> None:
        self.stopping.set()
        self.join(timeout)


# --- what the participant sees ------------------------------------------------------------------

def outbox_rows(db: Database, **filters: Any) -> list[dict[str, Any]]:
    return outbox.outbox_rows(db, **filters)


def outbox_counts(db: Database) -> dict[str, int]:
    counts = outbox.outbox_counts(db)
    return {status: counts.get(status, 0) for status in (QUEUED, SENT, FAILED, SKIPPED)}


def unread_count(db: Database, participant_id: int) -> int:
    return outbox.unread_count(db, participant_id)


@dataclass(frozen=True)
class NotificationView:
    id: int
    kind: str
    title: str
    at: str
    page: str
    unread: bool


def notifications(db: Database, participant_id: int, lang: str) -> list[NotificationView]:
    """A participant's notifications, newest first, titled in ``lang``."""
    event = storage.get_event(db)
    rows = outbox.notifications_of(db, participant_id)
    others = outbox.people(db, [r["payload"].get("other") for r in rows
                                if r["payload"].get("other")])
    out = []
    for row in rows:
        payload, kind = row["payload"], row["kind"]
        # the name isolated (FSI … PDI): an Arabic name does not turn an English line around
        name = one_line(others.get(payload.get("other"), {}).get("organisation", ""))
        values: dict[str, Any] = {"other": f"\u2068{name}\u2069"}
        slot = outbox.slot_times(db, payload.get("proposed_slot") or payload.get("slot") or 0)
        if slot:
            values["when"] = when_label(slot["start_utc"], slot["end_utc"], event["timezone"],
                                        lang)
            values["time"] = f"{local(slot['start_utc'], event['timezone']):%H:%M}"
        if kind == "reminder":
            meeting = outbox.meeting_facts(db, payload["meeting"])
            values.update(minutes=payload["minutes"],
                          table=meeting["table_name"] if meeting else "")
        try:
            title = translate(f"mail.{kind}.subject", lang, **values)
        except KeyError:
            title = kind
        created = from_utc_text(row["created_at"])
        out.append(NotificationView(row["id"], kind, title,
                                    f"{_day(local(created, event['timezone']), lang)} "
                                    f"{local(created, event['timezone']):%H:%M}",
                                    PAGE_OF.get(kind, "agenda"), row["read_at"] is None))
    return out


def mark_read(db: Database, participant_id: int, ids: list[int] | None = None) -> int:
    return outbox.mark_read(db, participant_id, ids)


def emails_on(db: Database, participant_id: int) -> bool:
    return not outbox.mail_opt_out(db, participant_id)


def set_emails_on(db: Database, participant_id: int, on: bool) -> bool:
    return outbox.set_mail_opt_out(db, participant_id, not on,
                                   actor=f"participant:{participant_id}")


def unsubscribe_target(db: Database, db_path: str | Path, token: str
                       ) -> tuple[dict[str, Any], str] | None:
    """Whose unsubscribe link ``token`` is (and their mail language); None: not a valid
    link (or one revoked with the personal link)."""
    secret = _secret(db, Path(db_path))
    if secret is None:
        return None
    wanted = token.strip().lower()
    for row in storage.access_code_rows(db):
        if hmac.compare_digest(unsubscribe_token(secret, row["id"], row["code_version"]),
                               wanted):
            person = outbox.people(db, [row["id"]])[row["id"]]
            event = storage.get_event(db)
            order = language_order(EventSettings.from_dict(event["settings"]))
            return person, mail_language(person["languages"], order)
    return None


def unsubscribe(db: Database, db_path: str | Path, token: str) -> tuple[dict[str, Any], str] | None:
    """Turn notification e-mails off for the link's participant."""
    found = unsubscribe_target(db, db_path, token)
    if found is not None:
        outbox.set_mail_opt_out(db, found[0]["id"], True, actor="unsubscribe-link")
    return found


def still_queued(db: Database) -> int:
    return outbox.outbox_counts(db).get(QUEUED, 0)



