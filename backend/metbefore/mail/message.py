"""A mail as receiving servers expect it: Date, a Message-ID on our own domain,
Auto-Submitted, a plain-text body with an HTML alternative, and for a list mail (the
digest) a one-click List-Unsubscribe (RFC 8058)."""

import html
import re
import uuid
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import urlsplit

from ..config import Settings

_URL = re.compile(r"https?://[^\s<>\"]+")


def html_of(text: str) -> str:
    """The text as simple HTML: its paragraphs, its links clickable."""

    def paragraph(block: str) -> str:
        escaped = html.escape(block)
        linked = _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
        return "<p>" + linked.replace("\n", "<br>\n") + "</p>"

    body = "\n".join(paragraph(b) for b in text.strip().split("\n\n") if b.strip())
    return (
        '<!doctype html>\n<html><head><meta charset="utf-8"></head>\n'
        f'<body style="font-family: sans-serif; line-height: 1.5">\n{body}\n</body></html>\n'
    )


def build(
    settings: Settings,
    *,
    mail_id: uuid.UUID,
    to: str,
    subject: str,
    text: str,
    html_body: str | None,
    created_at: datetime,
    unsubscribe_url: str | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(created_at)
    # The outbox row's id: the same Message-ID on every attempt, so a receiving server
    # can tell a retry from a new mail.
    message["Message-ID"] = f"<{mail_id.hex}@{urlsplit(settings.base_url).hostname}>"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies, please
    if unsubscribe_url:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text)
    message.add_alternative(html_body or html_of(text), subtype="html")
    return message
