"""The mail server: its address (an SMTP URL) read and checked, a connection opened and
signed in, and what went wrong said so that someone can act on it."""

from __future__ import annotations

import ipaddress
import os
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from matchmaking.domain.text import one_line
from matchmaking.texts import translate

FROM_ENV = "MATCHMAKING_MAIL_FROM"
SMTP_TIMEOUT_SECONDS = 20.0


class MailError(Exception):
    """The mail server or its settings cannot be used, saying what is wrong; ``code`` and
    ``values`` let an interface say it in its own words (``mail.error.<code>``)."""

    def __init__(self, code: str, **values: Any):
        super().__init__(translate(f"mail.error.{code}", "en", **values))
        self.code = code
        self.values = values

    def text(self, lang: str) -> str:
        return translate(f"mail.error.{self.code}", lang, **self.values)


@dataclass(frozen=True)
class SmtpConfig:
    scheme: str          # smtp (STARTTLS when offered) or smtps (TLS from the start)
    host: str
    port: int
    username: str
    password: str
    sender: str          # the From address
    verify: bool = True  # check the server's certificate

    @property
    def server(self) -> str:
        return f"{self.host}:{self.port}"

    def shown(self) -> str:
        """The URL without its password."""
        user = f"{quote(self.username)}:***@" if self.username else ""
        return f"{self.scheme}://{user}{self.host}:{self.port}"


def parse_smtp_url(url: str, mail_from: str | None = None) -> SmtpConfig:
    """``smtp://user:pass@host:587`` (STARTTLS), ``smtps://user:pass@host:465``,
    ``smtp://host:25``; the sender from ``?from=`` or ``mail_from``. MailError naming what is
    wrong."""
    url = (url or "").strip()
    if not url:
        raise MailError("no_url")
    shown = redact(url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise MailError("url", url=shown, problem=f"not a valid address ({error})") from None
    if parts.scheme not in ("smtp", "smtps"):
        raise MailError("url", url=shown, problem=f"unknown scheme {parts.scheme or '(none)'!r}"
                        " (use smtp:// or smtps://)")
    if not parts.hostname:
        raise MailError("url", url=shown, problem="no host name")
    query = parse_qs(parts.query)
    unknown = set(query) - {"from", "verify"}
    if unknown:
        raise MailError("url", url=shown, problem=f"unknown parameter {sorted(unknown)[0]!r} "
                                                  "(known: from, verify)")
    sender = (query.get("from", [""])[0] or mail_from or os.environ.get(FROM_ENV, "")).strip()
    if not sender:
        raise MailError("from", address="", problem=f"no sender address: add ?from=... to the "
                                                    f"URL, or set {FROM_ENV}")
    name, address = parseaddr(sender)
    if "@" not in address or " " in address or address.startswith("@") or \
            address.endswith("@"):
        raise MailError("from", address=sender, problem="not an e-mail address")
    verify = query.get("verify", ["yes"])[0].lower() not in ("no", "false", "0")
    return SmtpConfig(parts.scheme, parts.hostname, port or (465 if parts.scheme == "smtps"
                                                             else 587),
                      unquote(parts.username or ""), unquote(parts.password or ""), sender,
                      verify)


def redact(url: str) -> str:
    """An SMTP URL with its password replaced by ``***``."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        netloc = parts.netloc.rsplit("@", 1)
        user = netloc[0].split(":", 1)[0]
        return parts._replace(netloc=f"{user}:***@{netloc[1]}").geturl()
    except ValueError:
        return "(an address that cannot be read)"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def connect(config: SmtpConfig) -> smtplib.SMTP:
    """A connection to the mail server, signed in if the URL has a user. The password is
    never sent in clear over the network: without TLS only to a server on this machine."""
    context = ssl.create_default_context()
    if not config.verify:
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    try:
        if config.scheme == "smtps":
            smtp = smtplib.SMTP_SSL(config.host, config.port, timeout=SMTP_TIMEOUT_SECONDS,
                                    context=context)
        else:
            smtp = smtplib.SMTP(config.host, config.port, timeout=SMTP_TIMEOUT_SECONDS)
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls(context=context)
                smtp.ehlo()
            elif config.username and not _is_loopback(config.host):
                smtp.close()
                raise MailError("connect", server=config.server,
                                detail="the server offers no STARTTLS, and the password is "
                                       "not sent in clear (use smtps://)")
        if config.username:
            smtp.login(config.username, config.password)
        return smtp
    except smtplib.SMTPAuthenticationError as error:
        raise MailError("auth", server=config.server, detail=smtp_detail(error)) from None
    except smtplib.SMTPNotSupportedError as error:
        raise MailError("auth", server=config.server,
                        detail=f"the server does not take a user name and password ({error})"
                        ) from None
    except (OSError, smtplib.SMTPException) as error:
        raise MailError("connect", server=config.server, detail=smtp_detail(error)) from None


def smtp_detail(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        message = error.smtp_error
        text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
        return f"{error.smtp_code} {one_line(text)}"
    if isinstance(error, socket.timeout):
        return "no answer in time"
    return one_line(str(error)) or type(error).__name__
