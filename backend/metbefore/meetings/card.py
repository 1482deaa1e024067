"""The "met before" card of one person, as the viewer may see them."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.orm import Session

from .. import metrics
from ..db import utcnow
from ..events.models import Attendance, Event
from ..events.refs import EventRef, event_refs
from ..notes import service as notes
from ..people.models import Person
from ..people.schemas import PersonView, friend_fields
from . import history
from .models import Connection
from .pairs import friend_ids, sides, visible_person
from .schemas import (
    Card,
    MeetingPage,
    MetAt,
    MutualFriends,
    PersonRef,
    Relationship,
    Starters,
)

# count(*) over (): the number of mutual friends along with the first few names.
_MUTUAL_FRIENDS = (
    select(Person.id, Person.display_name, func.count().over().label("total"))
    .where(
        Person.id.in_(friend_ids(bindparam("viewer"))),
        Person.id.in_(friend_ids(bindparam("subject"))),
    )
    .order_by(Person.display_name, Person.id)
    .limit(5)
)
_mine, _theirs = Attendance.__table__.alias("mine"), Attendance.__table__.alias("theirs")
_EVENTS_IN_COMMON = (
    select(Event.slug, Event.name, Event.timezone)
    .join(_mine, and_(_mine.c.event_id == Event.id, _mine.c.person_id == bindparam("viewer")))
    .join(
        _theirs, and_(_theirs.c.event_id == Event.id, _theirs.c.person_id == bindparam("subject"))
    )
    .order_by(Event.starts_on.desc(), Event.name)
)


def _in_common(
    session: Session, viewer_id: uuid.UUID, subject_id: uuid.UUID
) -> tuple[MutualFriends, list[EventRef]]:
    """Our mutual friends (a count and a few names) and the events we both attend."""
    ids = {"viewer": viewer_id, "subject": subject_id}
    some = session.execute(_MUTUAL_FRIENDS, ids).all()
    common = session.execute(_EVENTS_IN_COMMON, ids).all()
    return (
        MutualFriends(
            count=some[0].total if some else 0,
            some=[PersonRef(id=r.id, display_name=r.display_name) for r in some],
        ),
        [EventRef(slug=r.slug, name=r.name, timezone=r.timezone) for r in common],
    )


@dataclass(frozen=True)
class _Totals:
    times_met: int
    events_together: int
    first: tuple[datetime | None, str, uuid.UUID | None]
    last: tuple[datetime | None, str, uuid.UUID | None]


def _totals(
    session: Session,
    *,
    viewer: Person,
    subject: Person,
    conn: Connection | None,
    newest: history.MeetingRow | None,
) -> _Totals:
    """With a connection its row keeps the totals; without one (removed, or refused in
    silence) they are counted from my own meetings."""
    if conn is not None:
        return _Totals(
            times_met=conn.meeting_count,
            events_together=conn.event_count,
            first=(conn.first_met_at, conn.first_place, conn.first_event_id),
            last=(conn.last_met_at, conn.last_place, conn.last_event_id),
        )
    count, event_count, first = history.my_totals(session, viewer_id=viewer.id, other_id=subject.id)
    return _Totals(
        times_met=count,
        events_together=event_count,
        first=(first.started_at, first.place, first.event_id) if first else (None, "", None),
        last=(newest.started_at, newest.place, newest.event_id) if newest else (None, "", None),
    )


def card_of(session: Session, *, viewer: Person, subject: Person, conn: Connection | None) -> Card:
    """The card of someone the viewer may see (see visible_person): a fixed number of
    statements, each reading at most a page, however long the history."""
    friend = conn is not None and conn.status == "mutual"
    rows, earlier = history.page(
        session, viewer_id=viewer.id, other_id=subject.id, shared=conn is not None
    )
    totals = _totals(
        session, viewer=viewer, subject=subject, conn=conn, newest=rows[0] if rows else None
    )
    my_notes, older_notes = notes.page_about(session, author=viewer, subject_id=subject.id)
    due = notes.due_about(session, author=viewer, subject_id=subject.id)
    # Whom they know and where they go is for friends only, like the rest of the profile.
    mutual_friends, common = (
        _in_common(session, viewer.id, subject.id)
        if friend
        else (MutualFriends(count=0, some=[]), [])
    )
    introducer = (
        session.get(Person, conn.introduced_by_id) if conn and conn.introduced_by_id else None
    )
    events = event_refs(
        session,
        [m.event_id for m in rows]
        + [n.event_id for n in my_notes + due]
        + [totals.first[2], totals.last[2]],
    )
    i_scanned, they_scanned = sides(conn, viewer.id) if conn else (bool(rows), False)
    relationship = Relationship(
        status=("mutual" if friend else "pending") if conn or rows else "none",
        i_scanned=i_scanned,
        they_scanned=they_scanned,
        times_met=totals.times_met,
        events_together=totals.events_together,
        first_met=MetAt.of(*totals.first, events),
        last_met=MetAt.of(*totals.last, events),
        meetings_by_event=history.by_event([history.meeting_read(r, events) for r in rows]),
        earlier_meetings=earlier,
        introduced_by=PersonRef.model_validate(introducer) if introducer else None,
    )
    shared = (
        sorted({i.casefold() for i in viewer.interests} & {i.casefold() for i in subject.interests})
        if friend and "interests" in friend_fields(subject)
        else []
    )
    person = PersonView.of(subject, friend=friend)
    last_met = relationship.last_met
    return Card(
        person=person,
        relationship=relationship,
        notes=[notes.note_read(n, events) for n in my_notes],
        older_notes=older_notes,
        follow_ups_due=[notes.note_read(n, events) for n in due],
        mutual_friends=mutual_friends,
        events_in_common=common,
        shared_interests=shared,
        starters=Starters(
            now=person.now,
            last_note=my_notes[0].body if my_notes else None,
            last_met=last_met,
            months_since_last_met=_months_since(last_met.at) if last_met else None,
            shared_interests=shared,
            mutual_friends=mutual_friends.some[:3],
        ),
    )


def _months_since(at: datetime) -> int:
    today = utcnow().date()
    then = at.date()
    return max(0, (today.year - then.year) * 12 + today.month - then.month - (today.day < then.day))


def meetings_page(
    session: Session, *, viewer: Person, subject_id: uuid.UUID, before: str | None
) -> MeetingPage:
    """The meetings before a cursor of the card (or of an earlier page)."""
    subject, conn = visible_person(session, viewer=viewer, subject_id=subject_id)
    rows, earlier = history.page(
        session, viewer_id=viewer.id, other_id=subject.id, shared=conn is not None, before=before
    )
    events = event_refs(session, [m.event_id for m in rows])
    return MeetingPage(items=[history.meeting_read(r, events) for r in rows], next=earlier)


def build_card(session: Session, *, viewer: Person, subject_id: uuid.UUID) -> Card:
    subject, conn = visible_person(session, viewer=viewer, subject_id=subject_id)
    metrics.count("cards_served")
    return card_of(session, viewer=viewer, subject=subject, conn=conn)
