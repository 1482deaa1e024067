"""The evening review: whom I met on one day, in the event's time zone, and which of them
still have no note of mine. Reminders are computed when the inbox is read: no scheduler."""

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, exists, or_, select
from sqlalchemy.orm import Session

from ..db import utcnow
from ..errors import Invalid, NotFound
from ..events.models import Event
from ..events.refs import EventRef, event_refs
from ..meetings import pairs
from ..meetings.models import Block, Connection, Encounter
from ..meetings.schemas import PersonRef
from ..notes.models import Note
from ..notes.service import note_read
from ..people.models import Person
from ..people.schemas import PersonView
from ..timezones import stored_zone, zone
from .schemas import MetPerson, MetToday, ReviewDue

# Days the inbox keeps reminding of a day whose people still have no note.
REMINDER_DAYS = 7


def _day_start(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=tz)


def _other(enc: Encounter, viewer_id: uuid.UUID) -> uuid.UUID:
    return enc.scanned_id if enc.scanner_id == viewer_id else enc.scanner_id


def _encounters(
    session: Session,
    *,
    viewer_id: uuid.UUID,
    start: datetime,
    end: datetime,
    event_id: uuid.UUID | None = None,
) -> list[Encounter]:
    """My scans and my friends' scans of me in [start, end), oldest first. A pending scan of
    me waits in the inbox instead, and nobody I blocked shows up."""
    other = case(
        (Encounter.scanner_id == viewer_id, Encounter.scanned_id), else_=Encounter.scanner_id
    )
    stmt = (
        select(Encounter)
        .where(
            Encounter.met_at >= start,
            Encounter.met_at < end,
            or_(
                Encounter.scanner_id == viewer_id,
                and_(
                    Encounter.scanned_id == viewer_id,
                    Encounter.scanner_id.in_(pairs.friend_ids(viewer_id)),
                    ~Encounter.silent,
                ),
            ),
            ~exists().where(Block.blocker_id == viewer_id, Block.blocked_id == other),
        )
        .order_by(Encounter.met_at)
    )
    if event_id is not None:
        stmt = stmt.where(Encounter.event_id == event_id)
    return list(session.scalars(stmt))


def _my_notes_since(
    session: Session, *, author_id: uuid.UUID, subject_ids: set[uuid.UUID], since: datetime
) -> list[Note]:
    if not subject_ids:
        return []
    return list(
        session.scalars(
            select(Note)
            .where(
                Note.author_id == author_id,
                Note.subject_id.in_(subject_ids),
                Note.created_at >= since,
            )
            .order_by(Note.created_at.desc(), Note.id)
        )
    )


def _statuses(
    session: Session, *, viewer_id: uuid.UUID, ids: set[uuid.UUID]
) -> dict[uuid.UUID, str]:
    rows = session.execute(
        select(Connection.a_id, Connection.b_id, Connection.status).where(
            or_(
                and_(Connection.a_id == viewer_id, Connection.b_id.in_(ids)),
                and_(Connection.b_id == viewer_id, Connection.a_id.in_(ids)),
            )
        )
    )
    return {(b if a == viewer_id else a): status for a, b, status in rows}


def met_today(
    session: Session,
    *,
    viewer: Person,
    event_slug: str | None,
    day: date | None,
    tz_name: str | None,
) -> MetToday:
    """The people I met on one day (today by default), each with my notes of that day."""
    event = None
    if event_slug:
        event = session.scalars(select(Event).where(Event.slug == event_slug)).first()
        if event is None:
            raise NotFound("No such event.", code="event_not_found")
        tz = stored_zone(event.timezone)
    else:
        tz = zone(tz_name or "UTC")
    day = day or utcnow().astimezone(tz).date()
    if not date.min < day < date.max:  # the day's bounds in UTC must exist
        raise Invalid("That day is out of range.", code="day_out_of_range")
    start = _day_start(day, tz)
    encounters = _encounters(
        session,
        viewer_id=viewer.id,
        start=start,
        end=_day_start(day + timedelta(days=1), tz),
        event_id=event.id if event else None,
    )
    first: dict[uuid.UUID, Encounter] = {}
    for enc in encounters:
        first.setdefault(_other(enc, viewer.id), enc)
    ids = set(first)
    people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
    statuses = _statuses(session, viewer_id=viewer.id, ids=ids)
    notes = _my_notes_since(session, author_id=viewer.id, subject_ids=ids, since=start)
    events = event_refs(session, [e.event_id for e in first.values()] + [n.event_id for n in notes])
    items = []
    for person_id, enc in first.items():
        status = statuses.get(person_id)
        mine = [note_read(n, events) for n in notes if n.subject_id == person_id]
        items.append(
            MetPerson(
                person=PersonView.of(people[person_id], friend=status == "mutual"),
                status="mutual" if status == "mutual" else "pending" if status else "none",
                first_at=enc.met_at,
                place=enc.place,
                event=events.get(enc.event_id) if enc.event_id else None,
                notes=mine,
                has_note=bool(mine),
            )
        )
    return MetToday(
        day=day,
        timezone=str(tz),
        event=EventRef.of(event) if event else None,
        people=items,
    )


def reviews_due(session: Session, *, viewer: Person, tz_name: str | None) -> list[ReviewDue]:
    """One reminder per recent day (and event) on which I met people who still have no
    note of mine written since that day began. Days are in the event's time zone, else in
    tz_name."""
    default = zone(tz_name or "UTC")
    now = utcnow()
    encounters = _encounters(
        session,
        viewer_id=viewer.id,
        start=now - timedelta(days=REMINDER_DAYS + 1),
        end=now + timedelta(days=1),
    )
    event_rows = session.execute(
        select(Event.id, Event.timezone).where(
            Event.id.in_({e.event_id for e in encounters if e.event_id})
        )
    )
    zones = {row.id: stored_zone(row.timezone) for row in event_rows}

    def tz_of(event_id: uuid.UUID | None) -> ZoneInfo:
        return zones.get(event_id, default) if event_id else default

    days: dict[tuple[date, uuid.UUID | None], dict[uuid.UUID, None]] = {}
    for enc in encounters:
        tz = tz_of(enc.event_id)
        day = enc.met_at.astimezone(tz).date()
        if day > now.astimezone(tz).date() - timedelta(days=REMINDER_DAYS):
            days.setdefault((day, enc.event_id), {})[_other(enc, viewer.id)] = None
    if not days:
        return []
    starts = {(day, event_id): _day_start(day, tz_of(event_id)) for day, event_id in days}
    ids = {person_id for people in days.values() for person_id in people}
    notes = _my_notes_since(
        session, author_id=viewer.id, subject_ids=ids, since=min(starts.values())
    )
    names = dict(
        session.execute(select(Person.id, Person.display_name).where(Person.id.in_(ids))).all()
    )
    events = event_refs(session, [event_id for _, event_id in days])
    reminders = []
    for (day, event_id), people in days.items():
        noted = {n.subject_id for n in notes if n.created_at >= starts[(day, event_id)]}
        missing = [PersonRef(id=p, display_name=names[p]) for p in people if p not in noted]
        if missing:
            reminders.append(
                ReviewDue(
                    day=day,
                    timezone=str(tz_of(event_id)),
                    event=events.get(event_id) if event_id else None,
                    people_without_note=missing,
                )
            )
    return sorted(reminders, key=lambda r: r.day, reverse=True)
