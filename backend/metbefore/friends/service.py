import uuid
from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from ..badges.models import Badge
from ..db import utcnow
from ..events.models import Attendance, Event
from ..events.refs import EventRef, event_refs
from ..meetings import lists, pairs
from ..meetings.models import Block, Connection
from ..meetings.schemas import PersonRef
from ..notes.models import Note
from ..people.models import Person, PersonPhoto
from ..people.schemas import PersonView
from .schemas import FriendBadges, FriendOfFriend

MAX_FRIENDS_OF_FRIENDS = 50


def badge_hashes(session: Session, *, viewer: Person) -> list[FriendBadges]:
    friends = (
        select(Connection.b_id)
        .where(Connection.a_id == viewer.id, Connection.status == "mutual")
        .union(
            select(Connection.a_id).where(
                Connection.b_id == viewer.id, Connection.status == "mutual"
            )
        )
    )
    rows = session.execute(
        select(Badge.person_id, Badge.token_hash)
        .where(Badge.person_id.in_(friends), Badge.revoked_at.is_(None))
        .order_by(Badge.person_id)
    )
    grouped: dict[uuid.UUID, list[str]] = {}
    for person_id, token_hash in rows:
        grouped.setdefault(person_id, []).append(token_hash)
    return [FriendBadges(person_id=p, badge_hashes=h) for p, h in grouped.items()]


def friends_of_friends(session: Session, *, viewer: Person) -> list[FriendOfFriend]:
    """People registered for an event I attend (not over yet) whom I do not know, but two
    or more of my friends do. Nobody blocked either way."""
    me = viewer.id
    my_events = (
        select(Attendance.event_id)
        .join(Event, Event.id == Attendance.event_id)
        .where(
            Attendance.person_id == me,
            or_(Event.ends_on.is_(None), Event.ends_on >= utcnow().date()),
        )
    )
    known = select(case((Connection.a_id == me, Connection.b_id), else_=Connection.a_id)).where(
        or_(Connection.a_id == me, Connection.b_id == me)
    )
    blocked = (
        select(Block.blocked_id)
        .where(Block.blocker_id == me)
        .union(select(Block.blocker_id).where(Block.blocked_id == me))
    )
    friend = case((Connection.a_id == Attendance.person_id, Connection.b_id), else_=Connection.a_id)
    rows = session.execute(
        select(Attendance.event_id, Attendance.person_id, friend)
        .join(
            Connection,
            and_(
                Connection.status == "mutual",
                or_(
                    Connection.a_id == Attendance.person_id,
                    Connection.b_id == Attendance.person_id,
                ),
            ),
        )
        .where(
            Attendance.event_id.in_(my_events),
            Attendance.person_id != me,
            Attendance.person_id.not_in(known),
            Attendance.person_id.not_in(blocked),
            friend.in_(pairs.friend_ids(me)),
        )
    ).all()
    via: dict[tuple[uuid.UUID, uuid.UUID], set[uuid.UUID]] = {}
    for event_id, person_id, friend_id in rows:
        via.setdefault((event_id, person_id), set()).add(friend_id)
    found = {key: ids for key, ids in via.items() if len(ids) >= 2}
    if not found:
        return []
    ids = {p for _, p in found} | {f for friends in found.values() for f in friends}
    people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
    events = event_refs(session, [e for e, _ in found])
    ordered = sorted(
        found.items(),
        key=lambda kv: (-len(kv[1]), people[kv[0][1]].display_name.casefold(), kv[0][1]),
    )
    return [
        FriendOfFriend(
            event=events[event_id],
            person=PersonView.of(people[person_id], friend=False),
            via=sorted(
                (PersonRef(id=f, display_name=people[f].display_name) for f in friends),
                key=lambda r: r.display_name.casefold(),
            ),
        )
        for (event_id, person_id), friends in ordered[:MAX_FRIENDS_OF_FRIENDS]
    ]


@dataclass
class FriendExport:
    """One friend as exported: what I may see of them, our history, my notes."""

    person: PersonView
    connection: Connection
    photo: bytes | None
    notes: list[Note]
    introduced_by: str | None


@dataclass
class FriendsExport:
    friends: list[FriendExport]
    events: dict[uuid.UUID, EventRef]
    zones: dict[uuid.UUID, str]  # event id: IANA time zone, for local dates


def export_friends(
    session: Session, *, viewer: Person, event_slug: str | None, pending_days: int
) -> FriendsExport:
    """All my mutual friends (met at one event, if given), by name, with my notes."""
    mine, params = lists.people_query(
        session, viewer=viewer, mutual_only=True, pending_days=pending_days, event_slug=event_slug
    )
    rows = session.execute(mine.order_by(func.lower(Person.display_name), Person.id), params).all()
    ids = [person.id for _, person in rows]
    photos = dict(
        session.execute(
            select(PersonPhoto.person_id, PersonPhoto.large).where(PersonPhoto.person_id.in_(ids))
        ).all()
    )
    notes: dict[uuid.UUID | None, list[Note]] = {}
    for note in session.scalars(
        select(Note)
        .where(Note.author_id == viewer.id, Note.subject_id.in_(ids))
        .order_by(Note.created_at.desc(), Note.id)
    ):
        notes.setdefault(note.subject_id, []).append(note)
    introducers = {c.introduced_by_id for c, _ in rows if c.introduced_by_id}
    names = dict(
        session.execute(
            select(Person.id, Person.display_name).where(Person.id.in_(introducers))
        ).all()
    )
    event_ids = {c.first_event_id for c, _ in rows} | {c.last_event_id for c, _ in rows}
    event_ids |= {n.event_id for ns in notes.values() for n in ns}
    events = event_refs(session, event_ids)
    zones = dict(
        session.execute(select(Event.id, Event.timezone).where(Event.id.in_(list(events)))).all()
    )
    friends = [
        FriendExport(
            person=PersonView.of(person, friend=True),
            connection=conn,
            photo=photos.get(person.id),
            notes=notes.get(person.id, []),
            introduced_by=names.get(conn.introduced_by_id) if conn.introduced_by_id else None,
        )
        for conn, person in rows
    ]
    return FriendsExport(friends=friends, events=events, zones=zones)
