"""Outgoing mail: SMTP when METBEFORE_SMTP_URL is set, else the server log."""

import logging
import smtplib
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Annotated
from urllib.parse import unquote, urlsplit

from fastapi import Depends, Request

from . import metrics
from .config import Settings
from .errors import Unavailable

log = logging.getLogger("metbefore.mail")


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def send_mail(settings: Settings, mail: Mail) -> None:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    if settings.mail_to_log:  # the development outbox: see Settings.mail_to_log
        log.warning("mail (no SMTP configured) to %s: %s\n%s", mail.to, mail.subject, mail.body)
        metrics.count("signin_mails_sent")
        return
    if not settings.smtp_url:
        log.error("mail not sent: no SMTP configured (METBEFORE_SMTP_URL)")
        metrics.count("signin_mails_failed")
        raise Unavailable("The mail could not be sent; try again.", code="mail_failed")
    url = urlsplit(settings.smtp_url)
    smtp_class = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
    default_port = 465 if url.scheme == "smtps" else 25
    try:
        with smtp_class(url.hostname or "localhost", url.port or default_port, timeout=10) as smtp:
            if "starttls=1" in url.query:
                smtp.starttls()
            if url.username:
                smtp.login(unquote(url.username), unquote(url.password or ""))
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        # The server's words may quote the address: the log gets the kind of failure only.
        log.error("mail not sent: %s %s", type(exc).__name__, getattr(exc, "smtp_code", ""))
        metrics.count("signin_mails_failed")
        raise Unavailable("The mail could not be sent; try again.", code="mail_failed") from exc
    metrics.count("signin_mails_sent")


def _outbox(request: Request) -> Iterator[list[Mail]]:
    mails: list[Mail] = []
    yield mails  # a request that fails sends nothing
    for mail in mails:
        send_mail(request.app.state.settings, mail)


# Mails a route appends are sent after its database work is committed (a slow mail server
# must hold no transaction, and SQLite's one writer least of all), but before the
# response, so a failure still answers 503.
Outbox = Annotated[list[Mail], Depends(_outbox, scope="function")]
