"""Outgoing mail: SMTP when METBEFORE_SMTP_URL is set, else the server log."""

import logging
import smtplib
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from .config import Settings
from .errors import Unavailable

log = logging.getLogger("metbefore.mail")


def send_mail(settings: Settings, *, to: str, subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if not settings.smtp_url:
        log.warning("mail (no SMTP configured) to %s: %s\n%s", to, subject, body)
        return
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
        log.error("mail to %s failed: %s", to, exc)
        raise Unavailable(
            "The sign-in mail could not be sent; try again.", code="mail_failed"
        ) from exc
