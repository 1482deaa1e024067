"""What other domains ask of the circle: my export, my inbox's share, a merge's moves."""

import uuid
from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from ..people.models import Person
from . import asks, now
from .models import Ask, AskReply, DigestSent, NowLine
from .schemas import AskRead, CircleExport, ReplyRead


def export(session: Session, *, viewer: Person) -> CircleExport:
    mine, replies = asks.export(session, viewer=viewer)
    return CircleExport(
        now_lines=now.history(session, person_id=viewer.id), asks=mine, replies=replies
    )


def inbox(
    session: Session, *, viewer: Person, since: datetime
) -> tuple[list[AskRead], list[ReplyRead]]:
    """New asks of my friends and new replies to my asks, since then."""
    return (
        asks.friends_asks(session, viewer=viewer, since=since),
        asks.replies_to_me(session, viewer=viewer, since=since),
    )


def merge(session: Session, keep: uuid.UUID, drop: uuid.UUID) -> None:
    """The absorbed account's lines, asks and replies are the keeper's; the weeks it got a
    digest are forgotten (the keeper's weeks count). Mutes move with the blocks (merge)."""
    for model, column in (
        (NowLine, NowLine.person_id),
        (Ask, Ask.asker_id),
        (AskReply, AskReply.author_id),
    ):
        session.execute(update(model).where(column == drop).values({column: keep}))
    session.execute(delete(DigestSent).where(DigestSent.person_id == drop))
