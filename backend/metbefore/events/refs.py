"""How every other domain names an event: its slug and name, read many at once; and the
event a slug sent by a client stands for."""

import uuid
from collections.abc import Iterable

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ..errors import NotFound
from ..schemas import Output
from .models import Event


class EventRef(Output):
    slug: str
    name: str
    timezone: str  # an IANA zone: the event's dates are the days of that place

    @classmethod
    def of(cls, event: Event) -> "EventRef":
        return cls(slug=event.slug, name=event.name, timezone=event.timezone)


_EVENT_ID = select(Event.id).where(Event.slug == bindparam("slug"))
_EVENT_REFS = select(Event.id, Event.slug, Event.name, Event.timezone).where(
    Event.id.in_(bindparam("ids", expanding=True))
)


def event_refs(session: Session, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, EventRef]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(_EVENT_REFS, {"ids": list(wanted)})
    return {row.id: EventRef(slug=row.slug, name=row.name, timezone=row.timezone) for row in rows}


def event_id_of(session: Session, slug: str) -> uuid.UUID:
    """The id of the event with this slug, else 404 event_not_found."""
    found = session.scalar(_EVENT_ID, {"slug": slug})
    if found is None:
        raise NotFound("No such event.", code="event_not_found")
    return found
