"""The "met before" card of one person, as the viewer may see them."""

import uuid

from sqlalchemy import and_, bindparam, func, or_, select
from sqlalchemy.orm import Session

from .. import metrics
from ..db import utcnow
from ..events.models import Attendance, Event
from ..events.refs import EventRef, event_refs
from ..notes import service as notes
from ..notes.models import Note
from ..people.models import Person
from ..people.schemas import PersonView, friend_fields
from .models import Connection, Encounter
from .pairs import friend_ids, sides, visible_person
from .scans import encounter_read
from .schemas import (
    Card,
    EncounterRead,
    EventEncounters,
    Meeting,
    MutualFriends,
    PersonRef,
    Relationship,
)

_MY_SCANS = and_(
    Encounter.scanner_id == bindparam("viewer"), Encounter.scanned_id == bindparam("subject")
)
_THEIR_SCANS = and_(
    Encounter.scanner_id == bindparam("subject"),
    Encounter.scanned_id == bindparam("viewer"),
    ~Encounter.silent,
)
_ENCOUNTERS_MINE = select(Encounter).where(_MY_SCANS).order_by(Encounter.met_at)
_ENCOUNTERS_BOTH = select(Encounter).where(or_(_MY_SCANS, _THEIR_SCANS)).order_by(Encounter.met_at)
_MY_NOTES = (
    select(Note)
    .where(Note.author_id == bindparam("viewer"), Note.subject_id == bindparam("subject"))
    .order_by(Note.created_at.desc(), Note.id)
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
    select(Event.slug, Event.name)
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
        [EventRef(slug=r.slug, name=r.name) for r in common],
    )


def card_of(session: Session, *, viewer: Person, subject: Person, conn: Connection | None) -> Card:
    """The card of someone the viewer may see (see visible_person)."""
    friend = conn is not None and conn.status == "mutual"
    pair = {"viewer": viewer.id, "subject": subject.id}
    # With a connection, both sides' scans belong to the shared history.
    encounters = list(
        session.scalars(_ENCOUNTERS_BOTH if conn is not None else _ENCOUNTERS_MINE, pair)
    )
    my_notes = list(session.scalars(_MY_NOTES, pair))
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
        [e.event_id for e in encounters]
        + [n.event_id for n in my_notes]
        + ([conn.first_event_id, conn.last_event_id] if conn else []),
    )

    by_event: dict[uuid.UUID | None, list[EncounterRead]] = {}
    for enc in encounters:
        by_event.setdefault(enc.event_id, []).append(encounter_read(enc, viewer.id, events))
    i_scanned, they_scanned = sides(conn, viewer.id) if conn else (bool(encounters), False)
    if conn is not None:
        relationship = Relationship(
            status="mutual" if friend else "pending",
            i_scanned=i_scanned,
            they_scanned=they_scanned,
            times_met=conn.meeting_count,
            first_met=Meeting.of(conn.first_met_at, conn.first_place, conn.first_event_id, events),
            last_met=Meeting.of(conn.last_met_at, conn.last_place, conn.last_event_id, events),
            encounters_by_event=[],
            introduced_by=PersonRef.model_validate(introducer) if introducer else None,
        )
    else:  # only my own scans: a removed or silently refused connection
        first, last = (encounters[0], encounters[-1]) if encounters else (None, None)
        relationship = Relationship(
            status="pending" if encounters else "none",
            i_scanned=i_scanned,
            they_scanned=False,
            times_met=len(encounters),
            first_met=Meeting.of(first.met_at, first.place, first.event_id, events)
            if first
            else None,
            last_met=Meeting.of(last.met_at, last.place, last.event_id, events) if last else None,
            encounters_by_event=[],
            introduced_by=None,
        )
    relationship.encounters_by_event = [
        EventEncounters(event=events.get(eid) if eid else None, encounters=items)
        for eid, items in sorted(by_event.items(), key=lambda kv: kv[1][0].at, reverse=True)
    ]
    today = utcnow().date()
    note_reads = [notes.note_read(n, events) for n in my_notes]
    shared = (
        sorted({i.casefold() for i in viewer.interests} & {i.casefold() for i in subject.interests})
        if friend and "interests" in friend_fields(subject)
        else []
    )
    return Card(
        person=PersonView.of(subject, friend=friend),
        relationship=relationship,
        notes=note_reads,
        follow_ups_due=[n for n in note_reads if n.follow_up_on and n.follow_up_on <= today],
        mutual_friends=mutual_friends,
        events_in_common=common,
        shared_interests=shared,
    )


def build_card(session: Session, *, viewer: Person, subject_id: uuid.UUID) -> Card:
    subject, conn = visible_person(session, viewer=viewer, subject_id=subject_id)
    metrics.count("cards_served")
    return card_of(session, viewer=viewer, subject=subject, conn=conn)
