"""The outbox: mails written in the request's own transaction, claimed by senders.

A request never waits on the mail server: it stores the mail and answers. Any number of
senders (a task in each worker, or `metbefore send-mail`) claim mails one at a time: the
claim marks the row as theirs until a lease ends, in one statement (PostgreSQL: rows
locked by another sender are skipped; SQLite has one writer), so two senders never hold
the same mail. A delivered mail is deleted at once; one whose sender died comes back when
its lease ends (the one case where a mail may go twice: delivered, then the sender died
before it could say so).
"""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, event, func, or_, select, update
from sqlalchemy.orm import Session

from .. import metrics
from ..db import utcnow
from .models import OutboxMail

log = logging.getLogger("metbefore.mail")

LEASE = timedelta(minutes=2)  # more than one delivery can take (SMTP timeouts: 10 s)
MAX_AGE = timedelta(days=1)  # a mail without its own expiry is dropped after this


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str  # plain text
    html: str | None = None  # None: made from the body
    expires_at: datetime | None = None  # not worth delivering after (a code's expiry)
    unsubscribe_url: str | None = None  # a list mail's one-click unsubscribe (RFC 8058)


@dataclass(frozen=True)
class Claimed:
    id: uuid.UUID
    to: str
    subject: str
    text: str
    html: str | None
    created_at: datetime
    attempts: int
    unsubscribe_url: str | None


# Senders of this process, woken when a transaction that stored mail commits (senders of
# other processes find it when they next look: see sender.POLL_SECONDS).
_wakers: set[Callable[[], None]] = set()


def on_commit(wake: Callable[[], None]) -> None:
    _wakers.add(wake)


def off_commit(wake: Callable[[], None]) -> None:
    _wakers.discard(wake)


def _wake_senders(_: Session) -> None:
    for wake in list(_wakers):
        wake()


def enqueue(session: Session, mail: Mail) -> uuid.UUID:
    """Store `mail` in the caller's transaction: it goes if and once that commits."""
    row = OutboxMail(
        id=uuid.uuid4(),
        to_address=mail.to,
        subject=mail.subject,
        text=mail.body,
        html=mail.html,
        unsubscribe_url=mail.unsubscribe_url,
        created_at=utcnow(),
        expires_at=mail.expires_at,
        send_after=utcnow(),
        attempts=0,
    )
    session.add(row)
    if not session.info.get("mail_wakes"):
        session.info["mail_wakes"] = True
        event.listen(session, "after_commit", _wake_senders)
    return row.id


def discard_to(session: Session, address: str) -> None:
    """Forget every mail not yet delivered to `address` (its account is being deleted)."""
    session.execute(delete(OutboxMail).where(OutboxMail.to_address == address))


def claim(session: Session) -> Claimed | None:
    """The oldest mail due, now this sender's until its lease ends; expired mails go."""
    now = utcnow()
    expired = session.scalars(
        delete(OutboxMail)
        .where(or_(OutboxMail.expires_at <= now, OutboxMail.created_at <= now - MAX_AGE))
        .returning(OutboxMail.id)
    ).all()
    for mail_id in expired:
        log.error("mail %s not sent before it expired: dropped", mail_id)
        metrics.count("mails_given_up")
    due = (
        select(OutboxMail.id)
        .where(
            OutboxMail.send_after <= now,
            or_(OutboxMail.claimed_until.is_(None), OutboxMail.claimed_until < now),
        )
        .order_by(OutboxMail.send_after)
        .limit(1)
        .with_for_update(skip_locked=True)  # PostgreSQL; SQLite's one writer needs none
        .scalar_subquery()
    )
    row = session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == due)
        .values(claimed_until=now + LEASE, attempts=OutboxMail.attempts + 1)
        .returning(
            OutboxMail.id,
            OutboxMail.to_address,
            OutboxMail.subject,
            OutboxMail.text,
            OutboxMail.html,
            OutboxMail.created_at,
            OutboxMail.attempts,
            OutboxMail.unsubscribe_url,
        )
    ).first()
    return Claimed(*tuple(row)) if row else None


def delivered(session: Session, mail_id: uuid.UUID) -> None:
    session.execute(delete(OutboxMail).where(OutboxMail.id == mail_id))


def retry_later(session: Session, mail_id: uuid.UUID, *, after: timedelta) -> None:
    session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == mail_id)
        .values(claimed_until=None, send_after=utcnow() + after)
    )


def waiting(session: Session) -> int:
    """How many mails wait (for tests and the operator)."""
    return int(session.scalar(select(func.count()).select_from(OutboxMail)) or 0)
