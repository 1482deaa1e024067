"""What either side of a pair decides: confirm a scan, ignore it, remove the connection,
block and unblock."""

import uuid

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from ..db import insert_for, utcnow
from ..errors import Conflict, NotFound
from ..people.models import Person
from ..people.schemas import PersonView
from .card import build_card
from .models import Block, Connection
from .pairs import connection, expired_for, pair, sides, visible_person
from .schemas import BlockRead, Card


def confirm(session: Session, *, viewer: Person, subject_id: uuid.UUID, pending_days: int) -> Card:
    """The scanned person agrees they met: the connection becomes mutual."""
    conn = connection(session, viewer.id, subject_id, lock=True)
    if conn is None:
        raise NotFound("No such person among the people you have met.")
    if conn.status != "mutual":
        _, they_scanned = sides(conn, viewer.id)
        expired = session.scalar(
            select(exists().where(Connection.id == conn.id, expired_for(viewer.id, pending_days)))
        )
        if not they_scanned or expired:
            raise Conflict(
                "They have not recorded meeting you; scan their badge instead.",
                code="nothing_to_confirm",
            )
        conn.status, conn.confirmed_at, conn.ignored_at = "mutual", utcnow(), None
        session.flush()
    return build_card(session, viewer=viewer, subject_id=subject_id)


def ignore(session: Session, *, viewer: Person, subject_id: uuid.UUID) -> None:
    """Hide a waiting scan from my inbox without telling the scanner."""
    conn = connection(session, viewer.id, subject_id, lock=True)
    if conn is None or conn.status == "mutual" or not sides(conn, viewer.id)[1]:
        raise NotFound("No scan of yours from this person is waiting.")
    conn.ignored_at = utcnow()


def remove(session: Session, *, viewer: Person, subject_id: uuid.UUID) -> None:
    conn = connection(session, viewer.id, subject_id)
    if conn is None:
        raise NotFound("You have no connection with this person.")
    session.delete(conn)


def block(session: Session, *, viewer: Person, subject_id: uuid.UUID) -> None:
    """End the connection and refuse the other anything beyond badge fields, silently."""
    subject_id = visible_person(session, viewer=viewer, subject_id=subject_id)[0].id
    session.execute(
        insert_for(session, Block.__table__)
        .values(blocker_id=viewer.id, blocked_id=subject_id, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["blocker_id", "blocked_id"])
    )
    a, b = pair(viewer.id, subject_id)
    session.execute(delete(Connection).where(Connection.a_id == a, Connection.b_id == b))


def blocks(session: Session, *, viewer: Person) -> list[BlockRead]:
    """The people I blocked, the latest first."""
    rows = session.execute(
        select(Block.created_at, Person)
        .join(Person, Person.id == Block.blocked_id)
        .where(Block.blocker_id == viewer.id)
        .order_by(Block.created_at.desc(), Person.id)
    )
    return [
        BlockRead(
            person=PersonView.of(person, friend=False).model_copy(update={"photo_url": None}),
            blocked_at=at,
        )
        for at, person in rows
    ]


def unblock(session: Session, *, viewer: Person, subject_id: uuid.UUID) -> None:
    """Lift a block. Nothing comes back by itself: a new meeting starts afresh."""
    done = session.execute(
        delete(Block).where(Block.blocker_id == viewer.id, Block.blocked_id == subject_id)
    )
    if not done.rowcount:  # type: ignore[attr-defined]
        raise NotFound("You have not blocked this person.")
