"""The weekly digest, for those who turn it on: friends' new lines, their new open asks,
replies to mine, follow-ups due and friends at my next event. Nothing new, nothing sent.
`metbefore send-digests` runs it (from cron, any time in the week): a person's week is
recorded with their mail in one transaction, so running it again that week sends nothing."""

import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import i18n, mail, metrics
from ..config import Settings
from ..db import insert_for, make_engine, utcnow
from ..events.models import Attendance, Event
from ..meetings.pairs import friend_ids
from ..notes.models import Note
from ..people.models import Person
from ..security import keyed_hash, same
from . import asks
from .models import DigestSent

log = logging.getLogger("metbefore.digest")
WEEK = timedelta(days=7)
SOON = timedelta(days=14)  # friends at my next event are news in the fortnight before it
SHOWN = 10  # of each kind, in one mail


def week_of(day: date) -> date:
    """The Monday of that day's week: a digest goes once per week."""
    return day - timedelta(days=day.weekday())


def unsubscribe_token(settings: Settings, person_id: uuid.UUID) -> str:
    return f"{person_id.hex}.{keyed_hash(settings.secret_key, f'digest-off:{person_id}')[:32]}"


def person_of_token(settings: Settings, token: str) -> uuid.UUID | None:
    """The person a token of unsubscribe_token names, if it is one we signed."""
    raw, _, _ = token.partition(".")
    try:
        person_id = uuid.UUID(hex=raw)
    except ValueError:
        return None
    return person_id if same(token, unsubscribe_token(settings, person_id)) else None


def unsubscribe(session: Session, *, settings: Settings, token: str) -> bool:
    """One click turns the digest off (RFC 8058); answers whether the token was good."""
    person_id = person_of_token(settings, token)
    person = session.get(Person, person_id) if person_id else None
    if person is None:
        return False
    person.digest = False
    return True


class NextEvent(NamedTuple):
    name: str
    friends: list[str]  # registered, by name
    starts_on: date


@dataclass
class News:
    lines: list[tuple[str, str]]  # (name, line)
    asks: list[tuple[str, str]]  # (name, ask)
    replies: list[tuple[str, str]]  # (name, reply)
    due: list[tuple[str, str]]  # (about, note)
    next_event: NextEvent | None
    next_event_soon: bool  # it starts within SOON: worth a mail of its own

    def anything(self) -> bool:
        return bool(self.lines or self.asks or self.replies or self.due or self.next_event_soon)


def gather(session: Session, *, person: Person, since: datetime) -> News:
    lines = session.execute(
        select(Person.display_name, Person.now_text)
        .where(
            Person.id.in_(friend_ids(person.id)),
            Person.now_text.is_not(None),
            Person.now_at > since,
        )
        .order_by(Person.now_at.desc())
        .limit(SHOWN)
    ).all()
    today = utcnow().date()
    upcoming = _next_event(session, person, today)
    due = session.execute(
        select(Note.subject_name, Note.body)
        .where(
            Note.author_id == person.id,
            Note.follow_up_on <= today,
            Note.follow_up_on > since.date(),
        )
        .order_by(Note.follow_up_on)
        .limit(SHOWN)
    ).all()
    return News(
        lines=[(name, text or "") for name, text in lines],
        asks=[
            (a.asker.display_name, a.text)
            for a in asks.friends_asks(session, viewer=person, since=since)[:SHOWN]
        ],
        replies=[
            (r.author.display_name, r.text)
            for r in asks.replies_to_me(session, viewer=person, since=since)[:SHOWN]
        ],
        due=[(about, body) for about, body in due],
        next_event=upcoming,
        next_event_soon=upcoming is not None and upcoming.starts_on - today <= SOON,
    )


def _next_event(session: Session, person: Person, today: date) -> NextEvent | None:
    """My next event with friends registered."""
    event = session.scalars(
        select(Event)
        .join(Attendance, Attendance.event_id == Event.id)
        .where(Attendance.person_id == person.id, Event.starts_on >= today)
        .order_by(Event.starts_on)
        .limit(1)
    ).first()
    if event is None:
        return None
    names = session.scalars(
        select(Person.display_name)
        .join(Attendance, Attendance.person_id == Person.id)
        .where(Attendance.event_id == event.id, Person.id.in_(friend_ids(person.id)))
        .order_by(func.lower(Person.display_name))
        .limit(SHOWN)
    ).all()
    if not names or event.starts_on is None:
        return None
    return NextEvent(event.name, list(names), event.starts_on)


def compose(news: News, *, person: Person, settings: Settings) -> mail.Mail:
    """The digest in the person's language: plain text (the outbox adds its HTML)."""
    lang = i18n.choose(person.language)
    parts = [i18n.text(lang, "digest.hello", name=person.display_name)]
    for key, items in (
        ("digest.lines", news.lines),
        ("digest.asks", news.asks),
        ("digest.replies", news.replies),
        ("digest.due", news.due),
    ):
        if items:
            lines = "\n".join(f"- {name}: {text}" for name, text in items)
            parts.append(f"{i18n.text(lang, key)}\n{lines}")
    if news.next_event:
        event, names, _ = news.next_event
        parts.append(i18n.text(lang, "digest.event", event=event, names=", ".join(names)))
    parts.append(i18n.text(lang, "digest.open", link=f"{settings.base_url}/#/asks"))
    parts.append(i18n.text(lang, "digest.why", link=f"{settings.base_url}/#/profile"))
    return mail.Mail(
        to=person.email,
        subject=i18n.text(lang, "digest.subject"),
        body="\n\n".join(parts),
        expires_at=utcnow() + WEEK,
        unsubscribe_url=(
            f"{settings.base_url}/api/digest/unsubscribe"
            f"?token={unsubscribe_token(settings, person.id)}"
        ),
    )


def subscribers(session: Session) -> list[uuid.UUID]:
    return list(session.scalars(select(Person.id).where(Person.digest).order_by(Person.id)))


def send_one(session: Session, *, settings: Settings, person_id: uuid.UUID) -> bool:
    """This week's digest for one person, if they want one, have none yet this week and
    have news; answers whether one went to the outbox."""
    person = session.get(Person, person_id)
    if person is None or not person.digest:
        return False
    now = utcnow()
    week = week_of(now.date())
    last = session.scalar(
        select(func.max(DigestSent.sent_at)).where(DigestSent.person_id == person_id)
    )
    if last is not None and week_of(last.date()) >= week:
        return False
    news = gather(session, person=person, since=max(last or now - WEEK, now - WEEK))
    if not news.anything():
        return False
    # A run at the same moment elsewhere recorded the week first: it sends, this one not.
    recorded = session.execute(
        insert_for(session, DigestSent.__table__)
        .values(person_id=person_id, week=week, sent_at=now)
        .on_conflict_do_nothing(index_elements=["person_id", "week"])
        .returning(DigestSent.__table__.c.person_id)
    ).first()
    if recorded is None:
        return False
    mail.enqueue(session, compose(news, person=person, settings=settings))
    metrics.count("digests_sent")
    return True


def send_all(settings: Settings) -> int:
    """This week's digests, one transaction per person (what `metbefore send-digests`
    runs); answers how many went to the outbox, for the senders to deliver."""
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            ids = subscribers(session)
        sent = 0
        for person_id in ids:
            with Session(engine) as session, session.begin():
                sent += send_one(session, settings=settings, person_id=person_id)
        log.info("digests queued", extra={"sent": sent, "subscribers": len(ids)})
        return sent
    finally:
        engine.dispose()
