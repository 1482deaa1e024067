"""Events and their organizers: create, read, change, join (see access.py for who sees
what)."""

import uuid
from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..db import insert_for, utcnow
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..people.models import Person
from . import importer
from .access import Access, NotOrganizer, access, organized
from .models import Attendance, Event, EventOrganizer
from .schemas import EventCreate, EventRead, EventUpdate, OrganizerRead


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
