"""Who sees an event: its organizers, its attendees, and (when anyone may join) anyone
signed in who has its slug. Others get 404, as if it did not exist. Those who can see an
event but not organize it get 403 for organizer-only things."""

import uuid
from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from ..errors import Forbidden, NotFound
from ..people.models import Person
from .models import Attendance, Event, EventOrganizer


class EventNotFound(NotFound):
    code, message = "event_not_found", "No such event."


class NotOrganizer(Forbidden):
    code, message = "not_organizer", "Only the event's organizers may do this."


@dataclass
class Access:
    event: Event
    organizer: bool
    attendee: bool


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
