"""One batched read of everything the phone keeps about my friends: a fixed number of
queries however many friends there are."""

import uuid

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from .. import paging
from ..db import utcnow
from ..events.refs import event_refs
from ..friends import service as friends
from ..meetings.models import Connection, Meeting
from ..meetings.schemas import MetAt
from ..notes.models import Note
from ..notes.service import note_read
from ..people.models import Person
from ..people.schemas import PersonView
from .schemas import FriendCopy, OfflineCopy

FRIENDS_LIMIT = 2000


def offline_copy(session: Session, *, viewer: Person) -> OfflineCopy:
    other = case((Connection.a_id == viewer.id, Connection.b_id), else_=Connection.a_id)
    rows = session.execute(
        select(Connection, Person)
        .join(Person, Person.id == other)
        .where(
            or_(Connection.a_id == viewer.id, Connection.b_id == viewer.id),
            Connection.status == "mutual",
        )
        .order_by(Connection.last_met_at.desc().nulls_last(), Person.id)
        .limit(FRIENDS_LIMIT)
    ).all()
    ids = [person.id for _, person in rows]
    notes: dict[uuid.UUID, list[Note]] = {}
    met_at_events: dict[uuid.UUID, list[uuid.UUID]] = {}
    if ids:
        # The phone keeps the bounded card: a friend's newest notes and events, no more.
        newest = (
            func.row_number()
            .over(partition_by=Note.subject_id, order_by=(Note.created_at.desc(), Note.id.desc()))
            .label("n")
        )
        ranked = (
            select(Note.id, newest)
            .where(Note.author_id == viewer.id, Note.subject_id.in_(ids))
            .subquery()
        )
        for note in session.scalars(
            select(Note)
            .join(ranked, ranked.c.id == Note.id)
            .where(ranked.c.n <= paging.PAGE)
            .order_by(Note.created_at.desc(), Note.id.desc())
        ):
            if note.subject_id:
                notes.setdefault(note.subject_id, []).append(note)
        friend = case((Meeting.a_id == viewer.id, Meeting.b_id), else_=Meeting.a_id)
        mine = or_(Meeting.a_id == viewer.id, Meeting.b_id == viewer.id)
        for friend_id, event_id in session.execute(
            select(friend, Meeting.event_id)
            .where(
                mine,
                friend.in_(ids),
                Meeting.event_id.is_not(None),
                or_(
                    ~Meeting.silent,
                    case((Meeting.a_id == viewer.id, Meeting.a_scanned), else_=Meeting.b_scanned),
                ),
            )
            .group_by(friend, Meeting.event_id)
            .order_by(func.max(Meeting.started_at).desc())
        ):
            met_at_events.setdefault(friend_id, []).append(event_id)
    hashes = {f.person_id: f.badge_hashes for f in friends.badge_hashes(session, viewer=viewer)}
    events = event_refs(
        session,
        [e for per in met_at_events.values() for e in per]
        + [n.event_id for per in notes.values() for n in per]
        + [eid for conn, _ in rows for eid in (conn.first_event_id, conn.last_event_id)],
    )

    return OfflineCopy(
        friends=[
            FriendCopy(
                person=PersonView.of(person, friend=True),
                times_met=conn.meeting_count,
                first_met=MetAt.of(
                    conn.first_met_at, conn.first_place, conn.first_event_id, events
                ),
                last_met=MetAt.of(conn.last_met_at, conn.last_place, conn.last_event_id, events),
                events=[events[e] for e in met_at_events.get(person.id, []) if e in events],
                notes=[note_read(n, events) for n in notes.get(person.id, [])],
                badge_hashes=hashes.get(person.id, []),
            )
            for conn, person in rows
        ],
        limit=FRIENDS_LIMIT,
        generated_at=utcnow(),
    )
