"""Now lines: what a person is up to, in a line their mutual friends read."""

import uuid

from sqlalchemy import bindparam, select, tuple_
from sqlalchemy.orm import Session

from .. import paging
from ..db import utcnow
from ..meetings.pairs import friend_ids
from ..people.models import Person
from ..people.schemas import NowRead, PersonView
from ..ratelimit import Limiter
from .models import NowLine
from .schemas import NewsItem, NewsPage, NowExport

LINES_PER_DAY = 50


def set_now(session: Session, *, person: Person, limiter: Limiter, text: str) -> NowRead:
    """My current line; the one before it stays in my history, for me only."""
    limiter.hit(f"now:{person.id}", limit=LINES_PER_DAY, seconds=86400)
    now = utcnow()
    person.now_text, person.now_at = text, now
    session.add(NowLine(person_id=person.id, text=text, created_at=now))
    session.flush()
    return NowRead(text=text, at=now)


def clear_now(session: Session, *, person: Person) -> None:
    person.now_text, person.now_at = None, None


def news(session: Session, *, viewer: Person, before: str | None) -> NewsPage:
    """My friends' current lines, newest first, a page at a time."""
    query = select(Person).where(
        Person.id.in_(friend_ids(viewer.id)),
        Person.now_text.is_not(None),
        Person.now_at.is_not(None),
    )
    if before:
        at, person_id = paging.parse(before)
        query = query.where(
            tuple_(Person.now_at, Person.id)
            < tuple_(
                bindparam("at", at, type_=Person.now_at.type),
                bindparam("id", person_id, type_=Person.id.type),
            )
        )
    rows = list(
        session.scalars(
            query.order_by(Person.now_at.desc(), Person.id.desc()).limit(paging.PAGE + 1)
        )
    )
    page, more = paging.split(rows, paging.PAGE, lambda p: (p.now_at or p.created_at, p.id))
    return NewsPage(
        items=[
            NewsItem(person=PersonView.of(p, friend=True), now=line)
            for p in page
            if (line := NowRead.of(p)) is not None
        ],
        next=more,
    )


def history(session: Session, *, person_id: uuid.UUID) -> list[NowExport]:
    return [
        NowExport(text=line.text, created_at=line.created_at)
        for line in session.scalars(
            select(NowLine).where(NowLine.person_id == person_id).order_by(NowLine.created_at)
        )
    ]
