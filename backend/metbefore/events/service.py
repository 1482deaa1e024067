"""Events, their organizers and attendees, attendee import, badge sheets, and the people
I have met before who will be there.

Who sees what: an event is visible to its organizers, its attendees, and (when anyone may
join) to anyone signed in who has its slug. Others get 404, as if it did not exist. Those
who can see an event but not organize it get 403 for organizer-only things."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, case, delete, exists, func, or_, select
from sqlalchemy.orm import Session

from .. import metrics
from ..badges import service as badges
from ..badges.models import Badge
from ..db import insert_for, utcnow
from ..errors import Conflict, Forbidden, Invalid, NotFound, TooLarge
from ..meetings.models import Connection
from ..meetings.schemas import MetAt, PersonSummary
from ..people import search
from ..people.folding import Query
from ..people.models import Person
from ..people.schemas import PersonView
from . import fonts, importer, sheets
from .models import Attendance, Event, EventOrganizer
from .refs import EventRef, event_refs
from .schemas import (
    AttendeePage,
    AttendeeRead,
    EventCreate,
    EventRead,
    EventUpdate,
    FriendsAttending,
    ImportReport,
    OrganizerRead,
)


class EventNotFound(NotFound):
    code, message = "event_not_found", "No such event."


class NotOrganizer(Forbidden):
    code, message = "not_organizer", "Only the event's organizers may do this."


@dataclass
class Access:
    event: Event
    organizer: bool
    attendee: bool


# ---- looking events up ----------------------------------------------------------------


def event_by_slug(session: Session, *, slug: str) -> Event:
    event = session.scalars(select(Event).where(Event.slug == slug)).first()
    if event is None:
        raise EventNotFound()
    return event


def _is_organizer(session: Session, event_id: uuid.UUID, person_id: uuid.UUID) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(
                    EventOrganizer.event_id == event_id, EventOrganizer.person_id == person_id
                )
            )
        )
    )


def _attends(session: Session, event_id: uuid.UUID, person_id: uuid.UUID) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(Attendance.event_id == event_id, Attendance.person_id == person_id)
            )
        )
    )


def access(session: Session, *, viewer: Person, slug: str) -> Access:
    """The event as the viewer may see it, or 404."""
    event = event_by_slug(session, slug=slug)
    granted = Access(
        event=event,
        organizer=_is_organizer(session, event.id, viewer.id),
        attendee=_attends(session, event.id, viewer.id),
    )
    if not (granted.organizer or granted.attendee or event.join_policy == "open"):
        raise EventNotFound()
    return granted


def organized(session: Session, *, viewer: Person, slug: str) -> Event:
    """An event the viewer organizes: 404 if they cannot see it, 403 if they can."""
    granted = access(session, viewer=viewer, slug=slug)
    if not granted.organizer:
        raise NotOrganizer()
    return granted.event


def _read(session: Session, granted: Access) -> EventRead:
    event = granted.event
    count = None
    if granted.organizer:
        count = session.scalar(
            select(func.count()).select_from(Attendance).where(Attendance.event_id == event.id)
        )
    return EventRead(
        slug=event.slug,
        name=event.name,
        starts_on=event.starts_on,
        ends_on=event.ends_on,
        timezone=event.timezone,
        city=event.city,
        venue=event.venue,
        join_policy="import" if event.join_policy == "import" else "open",
        i_organize=granted.organizer,
        i_attend=granted.attendee,
        attendee_count=count,
        created_at=event.created_at,
    )


def _check_dates(starts_on: date | None, ends_on: date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise Invalid("The event cannot end before it starts.", code="ends_before_starts")


# ---- events ---------------------------------------------------------------------------


def create_event(session: Session, *, creator: Person, data: EventCreate) -> EventRead:
    """A new event; its creator is its first organizer."""
    _check_dates(data.starts_on, data.ends_on)
    table = Event.__table__
    created = session.execute(
        insert_for(session, table)
        .values(id=uuid.uuid4(), created_by_id=creator.id, created_at=utcnow(), **data.model_dump())
        .on_conflict_do_nothing(index_elements=["slug"])
        .returning(table.c.id)
    ).scalar()
    if created is None:
        raise Conflict("An event with this slug exists already.", code="slug_taken")
    session.add(EventOrganizer(event_id=created, person_id=creator.id))
    session.flush()
    return _read(
        session, Access(event=session.get_one(Event, created), organizer=True, attendee=False)
    )


def get_event(session: Session, *, viewer: Person, slug: str) -> EventRead:
    return _read(session, access(session, viewer=viewer, slug=slug))


def update_event(session: Session, *, viewer: Person, slug: str, changes: EventUpdate) -> EventRead:
    granted = access(session, viewer=viewer, slug=slug)
    if not granted.organizer:
        raise NotOrganizer()
    for field, value in changes.model_dump(exclude_unset=True).items():
        setattr(granted.event, field, value)
    _check_dates(granted.event.starts_on, granted.event.ends_on)
    session.flush()
    return _read(session, granted)


def my_events(session: Session, *, viewer: Person) -> list[EventRead]:
    """Events I attend or organize, the latest first."""
    organizing = set(
        session.scalars(
            select(EventOrganizer.event_id).where(EventOrganizer.person_id == viewer.id)
        )
    )
    attending = set(
        session.scalars(select(Attendance.event_id).where(Attendance.person_id == viewer.id))
    )
    events = session.scalars(
        select(Event)
        .where(Event.id.in_(organizing | attending))
        .order_by(Event.starts_on.desc().nulls_last(), Event.created_at.desc())
    )
    return [
        _read(session, Access(event=e, organizer=e.id in organizing, attendee=e.id in attending))
        for e in events
    ]


def join(session: Session, *, viewer: Person, slug: str) -> tuple[EventRead, bool]:
    """Register myself where the event lets people join; answers (event, newly joined).
    Joining twice is harmless. Each registration gets its own event badge."""
    granted = access(session, viewer=viewer, slug=slug)
    if granted.attendee:
        return _read(session, granted), False
    if granted.event.join_policy != "open":
        raise Forbidden(
            "This event registers attendees by the organizers' import only.", code="import_only"
        )
    joined = importer.register(
        session,
        event_id=granted.event.id,
        entries=[{"person_id": viewer.id, "role": "attendee", "imported": None}],
    )
    granted.attendee = True
    return _read(session, granted), bool(joined)


# ---- organizers -----------------------------------------------------------------------


def list_organizers(session: Session, *, viewer: Person, slug: str) -> list[OrganizerRead]:
    event = organized(session, viewer=viewer, slug=slug)
    rows = session.execute(
        select(Person.id, Person.display_name, Person.email)
        .join(EventOrganizer, EventOrganizer.person_id == Person.id)
        .where(EventOrganizer.event_id == event.id)
        .order_by(func.lower(Person.display_name), Person.id)
    )
    return [OrganizerRead(person_id=r.id, display_name=r.display_name, email=r.email) for r in rows]


def _person_id_for(session: Session, email: str) -> uuid.UUID:
    """The account of this address, made now if there is none (they sign in with it)."""
    importer.create_people(session, [{"email": email}])
    person_id = session.scalar(select(Person.id).where(Person.email == email))
    assert person_id is not None
    return person_id


def add_organizer(
    session: Session, *, viewer: Person, slug: str, email: str
) -> list[OrganizerRead]:
    event = organized(session, viewer=viewer, slug=slug)
    session.execute(
        insert_for(session, EventOrganizer.__table__)
        .values(event_id=event.id, person_id=_person_id_for(session, email))
        .on_conflict_do_nothing(index_elements=["event_id", "person_id"])
    )
    return list_organizers(session, viewer=viewer, slug=slug)


def remove_organizer(session: Session, *, viewer: Person, slug: str, person_id: uuid.UUID) -> None:
    event = organized(session, viewer=viewer, slug=slug)
    ids = set(
        session.scalars(
            select(EventOrganizer.person_id)
            .where(EventOrganizer.event_id == event.id)
            .with_for_update()
        )
    )
    if person_id not in ids:
        raise NotFound("No such organizer of this event.", code="organizer_not_found")
    if ids == {person_id}:
        raise Conflict("An event keeps at least one organizer.", code="last_organizer")
    session.execute(
        delete(EventOrganizer).where(
            EventOrganizer.event_id == event.id, EventOrganizer.person_id == person_id
        )
    )


# ---- attendees ------------------------------------------------------------------------


def list_attendees(
    session: Session, *, viewer: Person, slug: str, q: str | None, limit: int, offset: int
) -> AttendeePage:
    event = organized(session, viewer=viewer, slug=slug)
    stmt = (
        select(Attendance, Person, Badge.id, Badge.created_at)
        .join(Person, Person.id == Attendance.person_id)
        .outerjoin(
            Badge,
            and_(
                Badge.person_id == Attendance.person_id,
                Badge.event_id == Attendance.event_id,
                Badge.revoked_at.is_(None),
            ),
        )
        .where(Attendance.event_id == event.id)
    )
    if q and q.strip():
        stmt = stmt.where(
            or_(
                search.badge_matches(Query.parse(q)),
                Person.email.contains(q.strip().lower(), autoescape=True),
            )
        )
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.execute(
        stmt.order_by(func.lower(Person.display_name), Person.id).limit(limit).offset(offset)
    ).all()
    return AttendeePage(
        items=[_attendee(a, p, badge_id, issued) for a, p, badge_id, issued in rows],
        total=total,
        limit=limit,
        offset=offset,
    )


def _attendee(
    attendance: Attendance, person: Person, badge_id: uuid.UUID | None, issued: datetime | None
) -> AttendeeRead:
    return AttendeeRead(
        person_id=person.id,
        email=person.email,
        display_name=person.display_name,
        pronouns=person.pronouns,
        affiliation=person.affiliation,
        title=person.title,
        role=attendance.role,
        registered_at=attendance.created_at,
        badge_id=badge_id,
        badge_issued_at=issued,
    )


def _attendance(session: Session, event: Event, person_id: uuid.UUID) -> Attendance:
    attendance = session.get(Attendance, (event.id, person_id))
    if attendance is None:
        raise NotFound("No such attendee of this event.", code="attendee_not_found")
    return attendance


def reissue_badge(
    session: Session, *, viewer: Person, slug: str, person_id: uuid.UUID
) -> AttendeeRead:
    """A lost badge: revoke the attendee's event badge and issue a new one to print."""
    event = organized(session, viewer=viewer, slug=slug)
    attendance = _attendance(session, event, person_id)
    badge = badges.reissue(session, person_id=person_id, event_id=event.id)
    return _attendee(attendance, session.get_one(Person, person_id), badge.id, badge.created_at)


def remove_attendee(session: Session, *, viewer: Person, slug: str, person_id: uuid.UUID) -> None:
    """Unregister someone; their event badge stops working. Meetings stay recorded."""
    event = organized(session, viewer=viewer, slug=slug)
    session.delete(_attendance(session, event, person_id))
    badges.revoke(session, person_id=person_id, event_id=event.id)


# ---- import ---------------------------------------------------------------------------


def import_csv(
    session: Session,
    *,
    event: Event,
    data: bytes,
    max_bytes: int,
    max_rows: int,
    progress: importer.Progress | None = None,
) -> ImportReport:
    """Import attendees from a CSV file (see importer); the same file twice changes nothing."""
    if len(data) > max_bytes:
        raise TooLarge(
            f"An attendee file may be at most {max_bytes // 1024} KB; split it.",
            code="file_too_large",
        )
    parsed = importer.parse(data, max_rows=max_rows)
    report = importer.import_rows(session, event=event, parsed=parsed, progress=progress)
    metrics.count("attendee_imports")
    return report


def import_attendees(
    session: Session, *, viewer: Person, slug: str, data: bytes, max_bytes: int, max_rows: int
) -> ImportReport:
    event = organized(session, viewer=viewer, slug=slug)
    return import_csv(session, event=event, data=data, max_bytes=max_bytes, max_rows=max_rows)


# ---- badge sheets ---------------------------------------------------------------------


def badge_faces(
    session: Session, *, event: Event, base_url: str, attendees: list[str]
) -> list[sheets.BadgeFace]:
    """The badges to print, by name; `attendees` (person ids or emails) picks reprints."""
    stmt = (
        select(Person.display_name, Person.pronouns, Person.title, Person.affiliation)
        .add_columns(Person.id, Person.email, Badge.token)
        .join(Attendance, and_(Attendance.person_id == Person.id, Attendance.event_id == event.id))
        .join(
            Badge,
            and_(
                Badge.person_id == Person.id,
                Badge.event_id == event.id,
                Badge.revoked_at.is_(None),
            ),
        )
    )
    if attendees:
        ids, emails = set(), set()
        for entry in attendees:
            try:
                ids.add(uuid.UUID(entry))
            except ValueError:
                emails.add(entry.strip().lower())
        stmt = stmt.where(or_(Person.id.in_(ids), Person.email.in_(emails)))
    rows = session.execute(stmt.order_by(func.lower(Person.display_name), Person.id)).all()
    if attendees:
        found = {str(r.id) for r in rows} | {r.email for r in rows}
        unknown = [e for e in attendees if e not in found and e.strip().lower() not in found]
        if unknown:
            raise Invalid(
                f"Not attendees of this event: {', '.join(unknown[:10])}.",
                code="unknown_attendees",
            )
    if not rows:
        raise NotFound("This event has no attendees yet.", code="no_attendees")
    return [
        sheets.BadgeFace(
            person_id=str(r.id),
            name=r.display_name,
            pronouns=r.pronouns,
            title=r.title,
            affiliation=r.affiliation,
            url=badges.badge_url(base_url, r.token),
        )
        for r in rows
    ]


def badge_sheet(
    session: Session,
    *,
    viewer: Person,
    slug: str,
    base_url: str,
    paper: sheets.Paper,
    layout: sheets.Layout,
    attendees: list[str],
    library: fonts.Library,
) -> sheets.Sheet:
    event = organized(session, viewer=viewer, slug=slug)
    faces = badge_faces(session, event=event, base_url=base_url, attendees=attendees)
    return sheets.render(faces, event_name=event.name, paper=paper, layout=layout, library=library)


# ---- friends attending ----------------------------------------------------------------


def friends_attending(
    session: Session, *, viewer: Person, slug: str, limit: int
) -> FriendsAttending:
    """The people I have met before (mutual or pending) registered for the event, most
    recently met first, with where we last met."""
    event = access(session, viewer=viewer, slug=slug).event
    other = case((Connection.a_id == viewer.id, Connection.b_id), else_=Connection.a_id)
    stmt = (
        select(Connection, Person)
        .join(Person, Person.id == other)
        .join(Attendance, and_(Attendance.person_id == Person.id, Attendance.event_id == event.id))
        .where(or_(Connection.a_id == viewer.id, Connection.b_id == viewer.id))
    )
    count = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.execute(
        stmt.order_by(Connection.last_met_at.desc().nulls_last(), Person.id).limit(limit)
    ).all()
    events = event_refs(session, [conn.last_event_id for conn, _ in rows])
    items = []
    for conn, person in rows:
        mutual = conn.status == "mutual"
        items.append(
            PersonSummary(
                person=PersonView.of(person, friend=mutual),
                status="mutual" if mutual else "pending",
                times_met=conn.meeting_count,
                last_met=MetAt.of(conn.last_met_at, conn.last_place, conn.last_event_id, events),
            )
        )
    return FriendsAttending(event=EventRef.of(event), count=count, items=items)
