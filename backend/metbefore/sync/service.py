"""One batched read of everything the phone keeps about my friends: a fixed number of
queries however many friends there are."""

import uuid

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from ..db import utcnow
from ..events.refs import event_refs
from ..friends import service as friends
from ..meetings.models import Connection, Encounter
from ..meetings.schemas import Meeting
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
        for note in session.scalars(
            select(Note)
            .where(Note.author_id == viewer.id, Note.subject_id.in_(ids))
            .order_by(Note.created_at.desc(), Note.id)
        ):
            if note.subject_id:
                notes.setdefault(note.subject_id, []).append(note)
        friend = case(
            (Encounter.scanner_id == viewer.id, Encounter.scanned_id), else_=Encounter.scanner_id
        )
        for friend_id, event_id in session.execute(
            select(friend, Encounter.event_id)
            .where(
                Encounter.event_id.is_not(None),
                or_(
                    and_(Encounter.scanner_id == viewer.id, Encounter.scanned_id.in_(ids)),
                    and_(
                        Encounter.scanned_id == viewer.id,
                        Encounter.scanner_id.in_(ids),
                        ~Encounter.silent,
                    ),
                ),
            )
            .group_by(friend, Encounter.event_id)
            .order_by(func.max(Encounter.met_at).desc())
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
                first_met=Meeting.of(
                    conn.first_met_at, conn.first_place, conn.first_event_id, events
                ),
                last_met=Meeting.of(conn.last_met_at, conn.last_place, conn.last_event_id, events),
                events=[events[e] for e in met_at_events.get(person.id, []) if e in events],
                notes=[note_read(n, events) for n in notes.get(person.id, [])],
                badge_hashes=hashes.get(person.id, []),
            )
            for conn, person in rows
        ],
        limit=FRIENDS_LIMIT,
        generated_at=utcnow(),
    )
