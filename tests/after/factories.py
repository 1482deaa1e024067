"""Rows made directly through the test's database session, for tests that need many
people, old meetings or ended events: faster than the API and free of its clock and
rate limits. Every factory commits, so no write lock outlives it (the server writes too).
What a test then asserts goes through the HTTP API."""

import io
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from PIL import Image
from sqlalchemy.orm import Session

from metbefore.models import (
    Attendance,
    Badge,
    Connection,
    Encounter,
    Event,
    Meeting,
    Note,
    Person,
    PersonPhoto,
)
from metbefore.security import new_token, sha256_hex


def now() -> datetime:
    return datetime.now(UTC)


def jpeg(size: tuple[int, int] = (48, 48), color: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def make_person(session: Session, name: str = "Someone", **overrides: Any) -> Person:
    """A person with a personal badge (badge token in .token on the returned object)."""
    person = Person(
        email=overrides.pop("email", f"{uuid.uuid4().hex[:10]}@example.org"),
        display_name=name,
        **overrides,
    )
    session.add(person)
    session.flush()
    token = new_token()
    session.add(Badge(person_id=person.id, token=token, token_hash=sha256_hex(token)))
    session.commit()
    person.token = token  # type: ignore[attr-defined]
    return person


def set_photo(session: Session, person: Person, data: bytes | None = None) -> None:
    data = data or jpeg()
    session.add(PersonPhoto(person_id=person.id, large=data, small=data))
    person.photo_version = uuid.uuid4().hex[:16]
    session.commit()


def make_event(session: Session, slug: str, name: str | None = None, **overrides: Any) -> Event:
    event = Event(slug=slug, name=name or slug, **overrides)
    session.add(event)
    session.commit()
    return event


def register(session: Session, person: Person, event: Event, role: str = "attendee") -> None:
    session.add(Attendance(event_id=event.id, person_id=person.id, role=role))
    session.commit()


def _encounter(
    session: Session,
    scanner: Person,
    scanned: Person,
    *,
    met_at: datetime,
    place: str,
    event: Event | None,
    first: bool,
    meeting: Meeting,
) -> None:
    session.add(
        Encounter(
            meeting_id=meeting.id,
            client_id=uuid.uuid4(),
            scanner_id=scanner.id,
            scanned_id=scanned.id,
            event_id=event.id if event else None,
            met_at=met_at,
            place=place,
            first_meeting=first,
        )
    )


def _meeting(
    session: Session,
    x: Person,
    y: Person,
    *,
    met_at: datetime,
    place: str,
    event: Event | None,
    scanned_by: tuple[Person, ...],
) -> Meeting:
    a, b = sorted((x.id, y.id))
    meeting = Meeting(
        id=uuid.uuid4(),
        a_id=a,
        b_id=b,
        started_at=met_at,
        ended_at=met_at,
        event_id=event.id if event else None,
        place=place,
        a_scanned=any(p.id == a for p in scanned_by),
        b_scanned=any(p.id == b for p in scanned_by),
        silent=False,
    )
    session.add(meeting)
    session.flush()
    return meeting


def _connection(
    session: Session,
    x: Person,
    y: Person,
    *,
    met_at: datetime,
    place: str,
    event: Event | None,
    **fields: Any,
) -> Connection:
    a, b = sorted((x.id, y.id))
    event_id = event.id if event else None
    conn = Connection(
        a_id=a,
        b_id=b,
        meeting_count=1,
        event_count=1 if event else 0,
        first_met_at=met_at,
        first_place=place,
        first_event_id=event_id,
        last_met_at=met_at,
        last_place=place,
        last_event_id=event_id,
        **fields,
    )
    session.add(conn)
    return conn


def scanned(
    session: Session,
    scanner: Person,
    scanned: Person,
    *,
    met_at: datetime | None = None,
    place: str = "",
    event: Event | None = None,
) -> None:
    """A one-sided scan: scanner scanned scanned, who has not answered."""
    met_at = met_at or now()
    meeting = _meeting(
        session, scanner, scanned, met_at=met_at, place=place, event=event, scanned_by=(scanner,)
    )
    _encounter(
        session,
        scanner,
        scanned,
        met_at=met_at,
        place=place,
        event=event,
        first=True,
        meeting=meeting,
    )
    a_is_scanner = scanner.id < scanned.id
    _connection(
        session,
        scanner,
        scanned,
        met_at=met_at,
        place=place,
        event=event,
        status="pending",
        a_scanned=a_is_scanner,
        b_scanned=not a_is_scanner,
    )
    session.commit()


def befriend(
    session: Session,
    x: Person,
    y: Person,
    *,
    met_at: datetime | None = None,
    place: str = "",
    event: Event | None = None,
    introduced_by: Person | None = None,
) -> None:
    """A mutual connection: both scanned each other at met_at."""
    met_at = met_at or now() - timedelta(days=400)
    meeting = _meeting(session, x, y, met_at=met_at, place=place, event=event, scanned_by=(x, y))
    for scanner, other in ((x, y), (y, x)):
        _encounter(
            session,
            scanner,
            other,
            met_at=met_at,
            place=place,
            event=event,
            first=True,
            meeting=meeting,
        )
    _connection(
        session,
        x,
        y,
        met_at=met_at,
        place=place,
        event=event,
        status="mutual",
        a_scanned=True,
        b_scanned=True,
        confirmed_at=met_at,
        introduced_by_id=introduced_by.id if introduced_by else None,
    )
    session.commit()


def note(
    session: Session,
    author: Person,
    subject: Person,
    body: str,
    *,
    created_at: datetime | None = None,
    event: Event | None = None,
    tags: list[str] | None = None,
    follow_up_on: date | None = None,
) -> Note:
    made = Note(
        author_id=author.id,
        subject_id=subject.id,
        subject_name=subject.display_name,
        body=body,
        event_id=event.id if event else None,
        tags=tags or [],
        follow_up_on=follow_up_on,
        created_at=created_at or now(),
        updated_at=created_at or now(),
    )
    session.add(made)
    session.commit()
    return made


def make_friends(
    session: Session,
    me: Person,
    names: list[str],
    *,
    photo: bytes | None = None,
    event: Event | None = None,
    **profile: Any,
) -> list[Person]:
    """Many friends of mine at once (one commit): each with a photo if given, met at event."""
    met_at = now() - timedelta(days=30)
    friends = []
    for name in names:
        person = Person(
            email=f"{uuid.uuid4().hex[:10]}@example.org",
            display_name=name,
            photo_version=uuid.uuid4().hex[:16] if photo else None,
            **profile,
        )
        session.add(person)
        session.flush()
        if photo:
            session.add(PersonPhoto(person_id=person.id, large=photo, small=photo))
        meeting = _meeting(
            session, me, person, met_at=met_at, place="hall", event=event, scanned_by=(me, person)
        )
        _encounter(
            session,
            me,
            person,
            met_at=met_at,
            place="hall",
            event=event,
            first=True,
            meeting=meeting,
        )
        _connection(
            session,
            me,
            person,
            met_at=met_at,
            place="hall",
            event=event,
            status="mutual",
            a_scanned=True,
            b_scanned=True,
            confirmed_at=met_at,
        )
        friends.append(person)
    session.commit()
    return friends
