"""The pair: its one connection row, who of the two may see the other, and the pending
scans that expire. What every other part of meetings (and a few other domains) builds on."""

import uuid
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    Table,
    and_,
    bindparam,
    case,
    exists,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..db import Vanished, utcnow
from ..errors import NotFound
from ..events.models import Event
from ..people.models import MergedAccount, Person
from .models import Block, Connection, Encounter

# Statements here and in the other modules of meetings are built once and bound per call:
# SQLAlchemy then neither rebuilds a statement nor works out its cache key again, which is
# most of what a small query costs (measured: 4x for these).


def pair(x: uuid.UUID, y: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
    return (x, y) if x < y else (y, x)


def inserts(table: Table, *unique: str) -> dict[str, Any]:
    """INSERT … ON CONFLICT (unique) DO NOTHING for each dialect; values come with the call."""
    return {
        name: insert(table).on_conflict_do_nothing(index_elements=list(unique))
        for name, insert in (("sqlite", sqlite.insert), ("postgresql", postgresql.insert))
    }


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


_INSERT_CONNECTION = inserts(cast(Table, Connection.__table__), "a_id", "b_id")
_CONNECTION = select(Connection).where(
    Connection.a_id == bindparam("a"), Connection.b_id == bindparam("b")
)
_CONNECTION_LOCKED = _CONNECTION.with_for_update().execution_options(populate_existing=True)
_SCANNED = select(
    exists().where(
        Encounter.scanner_id == bindparam("scanner"), Encounter.scanned_id == bindparam("scanned")
    )
)
# The subject, the pair's connection if any, and whether the viewer blocked them: one trip.
_VISIBLE = (
    select(
        Person,
        Connection,
        exists()
        .where(Block.blocker_id == bindparam("viewer"), Block.blocked_id == Person.id)
        .label("blocked"),
    )
    .outerjoin(
        Connection, and_(Connection.a_id == bindparam("a"), Connection.b_id == bindparam("b"))
    )
    .where(Person.id == bindparam("subject"))
)


def connection(
    session: Session, x: uuid.UUID, y: uuid.UUID, *, lock: bool = False
) -> Connection | None:
    a, b = pair(x, y)
    return session.scalars(_CONNECTION_LOCKED if lock else _CONNECTION, {"a": a, "b": b}).first()


def ensure_connection(session: Session, x: uuid.UUID, y: uuid.UUID) -> Connection:
    """The pair's connection, made if missing, locked. A concurrent maker wins harmlessly."""
    a, b = pair(x, y)
    now = utcnow()
    session.execute(
        _INSERT_CONNECTION[dialect(session)],
        {"id": uuid.uuid4(), "a_id": a, "b_id": b, "created_at": now, "updated_at": now},
    )
    conn = connection(session, a, b, lock=True)
    if conn is None:  # it existed, and a merge moved it while we waited for its lock
        raise Vanished()
    return conn


def scanned_by(session: Session, *, scanner: uuid.UUID, scanned: uuid.UUID) -> bool:
    return bool(session.scalar(_SCANNED, {"scanner": scanner, "scanned": scanned}))


def other(viewer_id: uuid.UUID | BindParameter[uuid.UUID]) -> ColumnElement[uuid.UUID]:
    """The other side of a connection row, as seen by the viewer."""
    return case((Connection.a_id == viewer_id, Connection.b_id), else_=Connection.a_id)


def sides(conn: Connection, viewer_id: uuid.UUID) -> tuple[bool, bool]:
    """(viewer scanned, other scanned)."""
    if conn.a_id == viewer_id:
        return conn.a_scanned, conn.b_scanned
    return conn.b_scanned, conn.a_scanned


def friend_ids(person_id: uuid.UUID | BindParameter[uuid.UUID]) -> CompoundSelect[uuid.UUID]:
    mutual = Connection.status == "mutual"
    return (
        select(Connection.b_id.label("id"))
        .where(Connection.a_id == person_id, mutual)
        .union(select(Connection.a_id.label("id")).where(Connection.b_id == person_id, mutual))
    )


_MERGED_INTO = select(MergedAccount.into_id).where(MergedAccount.absorbed_id == bindparam("id"))


def visible_person(
    session: Session, *, viewer: Person, subject_id: uuid.UUID
) -> tuple[Person, Connection | None]:
    """The subject and the pair's connection, if the viewer may see this person at all:
    connected in any state, or has scanned them. Otherwise 404, as if they did not exist.
    An id merged into another account leads to that account (an old link, a phone's copy
    from before the merge): the subject returned is then the keeper."""
    a, b = pair(viewer.id, subject_id)
    row = (
        session.execute(
            _VISIBLE, {"viewer": viewer.id, "subject": subject_id, "a": a, "b": b}
        ).first()
        if subject_id != viewer.id
        else None
    )
    if row is None and subject_id != viewer.id:
        # Only where the id is gone: what the card's every read costs stays the same.
        into = session.scalar(_MERGED_INTO, {"id": subject_id})
        if into is not None:
            return visible_person(session, viewer=viewer, subject_id=into)
    if row is None or row[2]:
        raise NotFound("No such person among the people you have met.")
    subject, conn, _ = row
    if conn is None and not scanned_by(session, scanner=viewer.id, scanned=subject_id):
        raise NotFound("No such person among the people you have met.")
    return subject, conn


# ---- pending scans that went unanswered ------------------------------------------------


def expiry_cutoffs(pending_days: int) -> dict[str, Any]:
    """The values of expired's parameters: pending since before these, it is gone."""
    now = utcnow()
    return {
        "ended_before": now.date() - timedelta(days=pending_days),
        "met_before": now - timedelta(days=pending_days),
    }


def expired(viewer: Any, ended_before: Any, met_before: Any) -> ColumnElement[bool]:
    """True for a pending connection that only the other side scanned, and that went
    unconfirmed for pending_days after its event ended (after the scan without an event).
    The scanner keeps it; for the viewer it is gone. Takes values or bind parameters."""
    ends = select(Event.ends_on).where(Event.id == Connection.last_event_id).scalar_subquery()
    viewer_scanned = case(
        (Connection.a_id == viewer, Connection.a_scanned), else_=Connection.b_scanned
    )
    return and_(
        Connection.status == "pending",
        ~viewer_scanned,
        or_(
            and_(ends.is_not(None), ends < ended_before),
            and_(ends.is_(None), Connection.last_met_at < met_before),
        ),
    )


def expired_for(viewer_id: uuid.UUID, pending_days: int) -> ColumnElement[bool]:
    return expired(viewer_id, **expiry_cutoffs(pending_days))
