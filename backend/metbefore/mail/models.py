import uuid
from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utcnow


class OutboxMail(Base):
    """A mail stored with the transaction that wrote it, until a sender delivers it (and
    deletes it: the outbox holds codes, so it holds nothing it no longer needs)."""

    __tablename__ = "mail_outbox"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    to_address: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    # A list mail (the digest): where one click unsubscribes (RFC 8058 List-Unsubscribe).
    unsubscribe_url: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Not worth delivering after this (a sign-in code's expiry); none: a day.
    expires_at: Mapped[datetime | None]
    # The next attempt, not before; a sender's claim holds the mail until claimed_until.
    send_after: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    claimed_until: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
