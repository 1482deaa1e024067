"""Asks: a call for help that only the asker's mutual friends read, while it is open.

Who sees an ask is decided when it is read, never stored: the asker's mutual friends of
the moment (so a friend made while it is open sees it, and one removed or blocked no
longer does), less those who muted the asker. Anyone else gets 404 for it, as if it did
not exist. Replies go to the asker alone; nobody is told of a silence."""

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, delete, exists, or_, select
from sqlalchemy.orm import Session

from ..db import insert_for, utcnow
from ..errors import Invalid, NotFound, TooManyRequests
from ..meetings import pairs
from ..meetings.schemas import PersonRef
from ..people.models import Person
from ..ratelimit import Limiter
from .models import Ask, AskMute, AskReply
from .schemas import MAX_ASK_DAYS, AskList, AskRead, ReplyRead

ASKS_PER_WEEK = 3
WEEK = timedelta(days=7)
MINE_DAYS = 90
REPLIES_PER_DAY = 50
LIST_LIMIT = 100


def is_open() -> ColumnElement[bool]:
    return and_(Ask.closed_at.is_(None), Ask.expires_on >= utcnow().date())


def _for_friend(viewer_id: uuid.UUID) -> ColumnElement[bool]:
    """An open ask of one of my mutual friends."""
    return and_(Ask.asker_id.in_(pairs.friend_ids(viewer_id)), is_open())


def _not_muted(viewer_id: uuid.UUID) -> ColumnElement[bool]:
    return ~exists().where(AskMute.muter_id == viewer_id, AskMute.muted_id == Ask.asker_id)


def visible_ask(session: Session, *, viewer: Person, ask_id: uuid.UUID) -> Ask:
    """An open ask of a friend of mine, or 404."""
    ask = session.scalars(select(Ask).where(Ask.id == ask_id, _for_friend(viewer.id))).first()
    if ask is None:
        raise NotFound("No such ask among your friends' open asks.")
    return ask


def create(session: Session, *, asker: Person, text: str, expires_on: date | None) -> AskRead:
    today = utcnow().date()
    last_day = today + timedelta(days=MAX_ASK_DAYS)
    expires = expires_on or last_day
    if not today <= expires <= last_day:
        raise Invalid(f"An ask stays open from today up to {MAX_ASK_DAYS} days.", code="ask_expiry")
    # The asker's row, locked: two asks sent at once count against the cap one by one.
    session.execute(select(Person.id).where(Person.id == asker.id).with_for_update())
    since = utcnow() - WEEK
    recent = list(
        session.scalars(
            select(Ask.created_at)
            .where(Ask.asker_id == asker.id, Ask.created_at > since)
            .order_by(Ask.created_at)
        )
    )
    if len(recent) >= ASKS_PER_WEEK:
        wait = recent[-ASKS_PER_WEEK] + WEEK - utcnow()
        raise TooManyRequests(
            int(wait.total_seconds()) + 1,
            f"At most {ASKS_PER_WEEK} new asks a week.",
            code="ask_limit",
        )
    ask = Ask(asker_id=asker.id, text=text, expires_on=expires)
    session.add(ask)
    session.flush()
    return _reads(session, viewer=asker, asks=[ask])[0]


def list_asks(session: Session, *, viewer: Person) -> AskList:
    mine = session.scalars(
        select(Ask)
        .where(Ask.asker_id == viewer.id, Ask.created_at > utcnow() - timedelta(days=MINE_DAYS))
        .order_by(Ask.created_at.desc(), Ask.id)
        .limit(LIST_LIMIT)
    ).all()
    return AskList(
        mine=_reads(session, viewer=viewer, asks=mine),
        friends=friends_asks(session, viewer=viewer),
    )


def friends_asks(
    session: Session, *, viewer: Person, since: datetime | None = None
) -> list[AskRead]:
    """My friends' open asks that I did not mute, newest first (asked after `since`)."""
    query = select(Ask).where(_for_friend(viewer.id), _not_muted(viewer.id))
    if since is not None:
        query = query.where(Ask.created_at > since)
    asks = session.scalars(query.order_by(Ask.created_at.desc(), Ask.id).limit(LIST_LIMIT)).all()
    return _reads(session, viewer=viewer, asks=asks)


def close(session: Session, *, viewer: Person, ask_id: uuid.UUID) -> None:
    ask = session.scalars(select(Ask).where(Ask.id == ask_id, Ask.asker_id == viewer.id)).first()
    if ask is None:
        raise NotFound("No such ask of yours.")
    ask.closed_at = ask.closed_at or utcnow()


def reply(
    session: Session, *, viewer: Person, limiter: Limiter, ask_id: uuid.UUID, text: str
) -> ReplyRead:
    ask = visible_ask(session, viewer=viewer, ask_id=ask_id)
    limiter.hit(f"ask-reply:{viewer.id}", limit=REPLIES_PER_DAY, seconds=86400)
    answer = AskReply(ask_id=ask.id, author_id=viewer.id, text=text)
    session.add(answer)
    session.flush()
    return _reply_read(answer, viewer)


def replies_to_me(session: Session, *, viewer: Person, since: datetime) -> list[ReplyRead]:
    """Replies to my asks written after `since`, newest first."""
    rows = session.execute(
        select(AskReply, Person)
        .join(Ask, Ask.id == AskReply.ask_id)
        .join(Person, Person.id == AskReply.author_id)
        .where(Ask.asker_id == viewer.id, AskReply.created_at > since)
        .order_by(AskReply.created_at.desc(), AskReply.id)
        .limit(LIST_LIMIT)
    ).all()
    return [_reply_read(r, p) for r, p in rows]


def _friend(session: Session, viewer: Person, person_id: uuid.UUID) -> None:
    conn = pairs.connection(session, viewer.id, person_id)
    if conn is None or conn.status != "mutual":
        raise NotFound("No such person among your friends.")


def mute(session: Session, *, viewer: Person, person_id: uuid.UUID) -> None:
    """Their asks no longer reach me; they are not told."""
    _friend(session, viewer, person_id)
    session.execute(
        insert_for(session, AskMute.__table__)
        .values(muter_id=viewer.id, muted_id=person_id, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["muter_id", "muted_id"])
    )


def unmute(session: Session, *, viewer: Person, person_id: uuid.UUID) -> None:
    _friend(session, viewer, person_id)
    session.execute(
        delete(AskMute).where(AskMute.muter_id == viewer.id, AskMute.muted_id == person_id)
    )


def refs(session: Session, *, ask_ids: set[uuid.UUID]) -> dict[uuid.UUID, Ask]:
    """Asks by id, for what links to them (introductions)."""
    if not ask_ids:
        return {}
    return {a.id: a for a in session.scalars(select(Ask).where(Ask.id.in_(ask_ids)))}


def _reply_read(answer: AskReply, author: Person) -> ReplyRead:
    return ReplyRead(
        id=answer.id,
        ask_id=answer.ask_id,
        author=PersonRef(id=author.id, display_name=author.display_name),
        text=answer.text,
        created_at=answer.created_at,
    )


def _reads(session: Session, *, viewer: Person, asks: Sequence[Ask]) -> list[AskRead]:
    """Asks as the viewer reads them: the asker every reply, a friend their own."""
    if not asks:
        return []
    ids = [a.id for a in asks]
    askers = {a.asker_id for a in asks}
    people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(askers)))}
    replies: dict[uuid.UUID, list[ReplyRead]] = {}
    for answer, author in session.execute(
        select(AskReply, Person)
        .join(Ask, Ask.id == AskReply.ask_id)
        .join(Person, Person.id == AskReply.author_id)
        .where(
            AskReply.ask_id.in_(ids),
            or_(Ask.asker_id == viewer.id, AskReply.author_id == viewer.id),
        )
        .order_by(AskReply.created_at, AskReply.id)
    ):
        replies.setdefault(answer.ask_id, []).append(_reply_read(answer, author))
    today = utcnow().date()
    return [
        AskRead(
            id=a.id,
            asker=PersonRef(id=a.asker_id, display_name=people[a.asker_id].display_name),
            text=a.text,
            expires_on=a.expires_on,
            open=a.closed_at is None and a.expires_on >= today,
            mine=a.asker_id == viewer.id,
            replies=replies.get(a.id, []),
            created_at=a.created_at,
        )
        for a in asks
    ]


def export(session: Session, *, viewer: Person) -> tuple[list[AskRead], list[ReplyRead]]:
    """All my asks with their replies, and all my replies to others."""
    asks = session.scalars(
        select(Ask).where(Ask.asker_id == viewer.id).order_by(Ask.created_at)
    ).all()
    written = session.scalars(
        select(AskReply).where(AskReply.author_id == viewer.id).order_by(AskReply.created_at)
    ).all()
    return _reads(session, viewer=viewer, asks=asks), [_reply_read(r, viewer) for r in written]
