"""An event's attendees, for its organizers: the list, a removal, a lost badge reissued,
the import, the badge sheet to print; and for anyone who may see the event, the people I
have met before who will be there."""

import uuid
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from .. import metrics
from ..badges import service as badges
from ..badges.models import Badge
from ..errors import Invalid, NotFound, TooLarge
from ..meetings.models import Connection
from ..meetings.schemas import MetAt, PersonSummary
from ..people import search
from ..people.folding import Query
from ..people.models import Person
from ..people.schemas import PersonView
from . import fonts, importer, sheets
from .access import access, organized
from .models import Attendance, Event
from .refs import EventRef, event_refs
from .schemas import AttendeePage, AttendeeRead, FriendsAttending, ImportReport


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
