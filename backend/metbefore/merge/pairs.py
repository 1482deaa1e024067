"""A merge's hardest part: the absorbed account's pairs become the keeper's. Where both had
a connection with the same person the two become one, and their meetings are counted once
(the same-meeting rule), as if one person had scanned all along."""

import uuid

from sqlalchemy import case, delete, or_, select, update
from sqlalchemy.orm import Session

from ..meetings import history
from ..meetings.models import Block, Connection, Encounter, Meeting
from ..meetings.pairs import pair


def _side(row: Connection | Meeting, person_id: uuid.UUID) -> bool:
    return row.a_scanned if row.a_id == person_id else row.b_scanned


def _repair(row: Connection | Meeting, *, keep: uuid.UUID, drop: uuid.UUID) -> None:
    """Point a row of (drop, other) at (keep, other), each side keeping its flag."""
    other = row.b_id if row.a_id == drop else row.a_id
    mine, theirs = _side(row, drop), _side(row, other)
    row.a_id, row.b_id = pair(keep, other)
    row.a_scanned, row.b_scanned = (mine, theirs) if row.a_id == keep else (theirs, mine)


def drop_between(session: Session, keep: uuid.UUID, drop: uuid.UUID) -> None:
    """Nobody is their own friend: what linked the two accounts goes."""
    a, b = pair(keep, drop)
    both = (keep, drop)
    session.execute(
        delete(Encounter).where(Encounter.scanner_id.in_(both), Encounter.scanned_id.in_(both))
    )
    session.execute(delete(Meeting).where(Meeting.a_id == a, Meeting.b_id == b))
    session.execute(delete(Connection).where(Connection.a_id == a, Connection.b_id == b))
    session.execute(delete(Block).where(Block.blocker_id.in_(both), Block.blocked_id.in_(both)))


def _join_overlaps(session: Session, keep: uuid.UUID, other: uuid.UUID) -> None:
    """The pair's meetings, now from two histories, joined where they overlap."""
    a, b = pair(keep, other)
    meetings = session.scalars(
        select(Meeting).where(Meeting.a_id == a, Meeting.b_id == b).order_by(Meeting.started_at)
    ).all()
    current: dict[tuple[bool, bool, bool], Meeting] = {}
    for m in meetings:
        key = (m.silent, m.silent and m.a_scanned, m.silent and m.b_scanned)
        open_ = current.get(key)
        if open_ is None or not history.one_meeting(
            open_.started_at, open_.ended_at, m.started_at, m.ended_at
        ):
            current[key] = m
            continue
        open_.ended_at = max(open_.ended_at, m.ended_at)
        open_.place = open_.place or m.place
        open_.event_id = open_.event_id or m.event_id
        open_.a_scanned, open_.b_scanned = (
            open_.a_scanned or m.a_scanned,
            open_.b_scanned or m.b_scanned,
        )
        session.execute(
            update(Encounter).where(Encounter.meeting_id == m.id).values(meeting_id=open_.id)
        )
        session.delete(m)
    session.flush()


def _partners(session: Session, person_id: uuid.UUID) -> set[uuid.UUID]:
    """Everyone this person has a meeting with."""
    other = case((Meeting.a_id == person_id, Meeting.b_id), else_=Meeting.a_id)
    return set(
        session.scalars(
            select(other).where(or_(Meeting.a_id == person_id, Meeting.b_id == person_id))
        )
    )


def _combine(kept: Connection, conn: Connection, *, keep: uuid.UUID, drop: uuid.UUID) -> None:
    """Two connections with the same person become the keeper's one: mutual if either
    was, each side scanned if it did in either, the introduction and first confirmation
    kept. Its totals are counted again from the joined meetings (fill_totals)."""
    other = kept.b_id if kept.a_id == keep else kept.a_id
    kept.status = "mutual" if "mutual" in (kept.status, conn.status) else kept.status
    keep_scanned = _side(kept, keep) or _side(conn, drop)
    other_scanned = _side(kept, other) or _side(conn, other)
    kept.a_scanned, kept.b_scanned = (
        (keep_scanned, other_scanned) if kept.a_id == keep else (other_scanned, keep_scanned)
    )
    kept.introduced_by_id = kept.introduced_by_id or conn.introduced_by_id
    stamps = [t for t in (kept.confirmed_at, conn.confirmed_at) if t is not None]
    kept.confirmed_at = min(stamps) if stamps else None


def move_history(session: Session, keep: uuid.UUID, drop: uuid.UUID) -> None:
    """Meetings, connections and scans of `drop` become `keep`'s (after drop_between)."""
    mine = {
        c.b_id if c.a_id == keep else c.a_id: c
        for c in session.scalars(
            select(Connection).where(or_(Connection.a_id == keep, Connection.b_id == keep))
        )
    }
    theirs = session.scalars(
        select(Connection).where(or_(Connection.a_id == drop, Connection.b_id == drop))
    ).all()
    meetings = session.scalars(
        select(Meeting).where(or_(Meeting.a_id == drop, Meeting.b_id == drop))
    ).all()
    # People both accounts met: their meetings need joining, their totals a recount.
    shared = _partners(session, drop) & (_partners(session, keep) | set(mine))
    recount = []
    for conn in theirs:
        other = conn.b_id if conn.a_id == drop else conn.a_id
        kept = mine.get(other)
        if kept is None:
            _repair(conn, keep=keep, drop=drop)
            if other in shared:
                recount.append(conn)
        else:
            _combine(kept, conn, keep=keep, drop=drop)
            session.delete(conn)
            recount.append(kept)
    session.flush()
    for m in meetings:
        _repair(m, keep=keep, drop=drop)
    session.execute(update(Encounter).where(Encounter.scanner_id == drop).values(scanner_id=keep))
    session.execute(update(Encounter).where(Encounter.scanned_id == drop).values(scanned_id=keep))
    session.flush()
    for other in shared:
        _join_overlaps(session, keep, other)
    for conn in recount:
        history.fill_totals(session, conn)
