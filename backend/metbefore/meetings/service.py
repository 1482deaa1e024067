"""Scans become encounters, encounters shape the one connection of a pair, and the
"met before" card is read back from them."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    Select,
    Table,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .. import metrics
from ..badges import service as badges
from ..badges.models import Badge
from ..db import insert_for, utcnow
from ..errors import Conflict, Invalid, NotFound
from ..events.models import Attendance, Event
from ..notes.models import Note
from ..people import search
from ..people.folding import Query
from ..people.models import Person
from ..people.schemas import PersonView, friend_fields
from ..ratelimit import Limiter
from ..security import sha256_hex
from .models import Block, Connection, Encounter
from .schemas import (
    Card,
    EncounterRead,
    EventEncounters,
    EventRef,
    InboxScan,
    Meeting,
    MutualFriends,
    NoteRead,
    PersonPage,
    PersonRef,
    PersonSummary,
    Relationship,
)

SCAN_WINDOW = timedelta(days=30)
# Two scans of a pair this close together are one meeting (typically both scanning back).
SAME_MEETING = timedelta(hours=1)
MISSES_PER_10_MIN = 20


# ---- reading helpers ------------------------------------------------------------------


def _pair(x: uuid.UUID, y: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
    return (x, y) if x < y else (y, x)


def connection(
    session: Session, x: uuid.UUID, y: uuid.UUID, *, lock: bool = False
) -> Connection | None:
    a, b = _pair(x, y)
    return session.scalars(_CONNECTION_LOCKED if lock else _CONNECTION, {"a": a, "b": b}).first()


def ensure_connection(session: Session, x: uuid.UUID, y: uuid.UUID) -> Connection:
    """The pair's connection, made if missing, locked. A concurrent maker wins harmlessly."""
    a, b = _pair(x, y)
    now = utcnow()
    session.execute(
        _INSERT_CONNECTION[_dialect(session)],
        {"id": uuid.uuid4(), "a_id": a, "b_id": b, "created_at": now, "updated_at": now},
    )
    conn = connection(session, a, b, lock=True)
    assert conn is not None
    return conn


def _scanned_by(session: Session, *, scanner: uuid.UUID, scanned: uuid.UUID) -> bool:
    return bool(session.scalar(_SCANNED, {"scanner": scanner, "scanned": scanned}))


def event_refs(session: Session, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, EventRef]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(_EVENT_REFS, {"ids": list(wanted)})
    return {row.id: EventRef(slug=row.slug, name=row.name) for row in rows}


def _other(viewer_id: uuid.UUID | BindParameter[uuid.UUID]) -> ColumnElement[uuid.UUID]:
    return case((Connection.a_id == viewer_id, Connection.b_id), else_=Connection.a_id)


def _sides(conn: Connection, viewer_id: uuid.UUID) -> tuple[bool, bool]:
    """(viewer scanned, other scanned)."""
    if conn.a_id == viewer_id:
        return conn.a_scanned, conn.b_scanned
    return conn.b_scanned, conn.a_scanned


def expiry_cutoffs(pending_days: int) -> dict[str, Any]:
    """The values of _expired's parameters: pending since before these, it is gone."""
    now = utcnow()
    return {
        "ended_before": now.date() - timedelta(days=pending_days),
        "met_before": now - timedelta(days=pending_days),
    }


def _expired(viewer: Any, ended_before: Any, met_before: Any) -> ColumnElement[bool]:
    """True for a pending connection that only the other side scanned, and that went
    unconfirmed for pending_days after its event ended (after the scan without an event).
    The scanner keeps it; for the viewer it is gone. Takes values or bind parameters."""
    ends = select(Event.ends_on).where(Event.id == Connection.last_event_id).scalar_subquery()
    viewer_scanned = case(
        (Connection.a_id == viewer, Connection.a_scanned), else_=Connection.b_scanned
    )
    return and_(
        Connection.status == "pending",
        ~viewer_scanned,
        or_(
            and_(ends.is_not(None), ends < ended_before),
            and_(ends.is_(None), Connection.last_met_at < met_before),
        ),
    )


def expired_for(viewer_id: uuid.UUID, pending_days: int) -> ColumnElement[bool]:
    return _expired(viewer_id, **expiry_cutoffs(pending_days))


def _meeting(
    at: datetime | None, place: str, event: uuid.UUID | None, events: dict[uuid.UUID, EventRef]
) -> Meeting | None:
    if at is None:
        return None
    return Meeting(at=at, place=place, event=events.get(event) if event else None)


def friend_ids(person_id: uuid.UUID | BindParameter[uuid.UUID]) -> CompoundSelect[uuid.UUID]:
    mutual = Connection.status == "mutual"
    return (
        select(Connection.b_id.label("id"))
        .where(Connection.a_id == person_id, mutual)
        .union(select(Connection.a_id.label("id")).where(Connection.b_id == person_id, mutual))
    )


def note_read(note: Note, events: dict[uuid.UUID, EventRef]) -> NoteRead:
    return NoteRead(
        id=note.id,
        subject_id=note.subject_id,
        subject_name=note.subject_name,
        body=note.body,
        event=events.get(note.event_id) if note.event_id else None,
        encounter_id=note.encounter_id,
        follow_up_on=note.follow_up_on,
        tags=list(note.tags),
        photo_url=f"/api/notes/{note.id}/photo?v={int(note.updated_at.timestamp())}"
        if note.has_photo
        else None,
        created_at=note.created_at,
        updated_at=note.updated_at,
    )


# ---- statements run by every scan and card ----------------------------------------------
# Built once and bound per call: SQLAlchemy then neither rebuilds a statement nor works out
# its cache key again, which is most of what a small query costs (measured: 4x for these).


def _inserts(table: Table, *unique: str) -> dict[str, Any]:
    """INSERT … ON CONFLICT (unique) DO NOTHING for each dialect; values come with the call."""
    return {
        name: insert(table).on_conflict_do_nothing(index_elements=list(unique))
        for name, insert in (("sqlite", sqlite.insert), ("postgresql", postgresql.insert))
    }


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


_INSERT_CONNECTION = _inserts(cast(Table, Connection.__table__), "a_id", "b_id")
_INSERT_ENCOUNTER = {
    name: stmt.returning(Encounter.__table__.c.id)
    for name, stmt in _inserts(cast(Table, Encounter.__table__), "scanner_id", "client_id").items()
}
_CONNECTION = select(Connection).where(
    Connection.a_id == bindparam("a"), Connection.b_id == bindparam("b")
)
_CONNECTION_LOCKED = _CONNECTION.with_for_update().execution_options(populate_existing=True)
# Who of the pair (x, y) blocked the other, both ways in one trip.
_BLOCKERS = select(Block.blocker_id).where(
    or_(
        and_(Block.blocker_id == bindparam("x"), Block.blocked_id == bindparam("y")),
        and_(Block.blocker_id == bindparam("y"), Block.blocked_id == bindparam("x")),
    )
)
_SCANNED = select(
    exists().where(
        Encounter.scanner_id == bindparam("scanner"), Encounter.scanned_id == bindparam("scanned")
    )
)
_EXISTING = select(Encounter).where(
    Encounter.scanner_id == bindparam("scanner"), Encounter.client_id == bindparam("client_id")
)
_EVENT_ID = select(Event.id).where(Event.slug == bindparam("slug"))
# The subject, the pair's connection if any, and whether the viewer blocked them: one trip.
_VISIBLE = (
    select(
        Person,
        Connection,
        exists()
        .where(Block.blocker_id == bindparam("viewer"), Block.blocked_id == Person.id)
        .label("blocked"),
    )
    .outerjoin(
        Connection, and_(Connection.a_id == bindparam("a"), Connection.b_id == bindparam("b"))
    )
    .where(Person.id == bindparam("subject"))
)
_EVENT_REFS = select(Event.id, Event.slug, Event.name).where(
    Event.id.in_(bindparam("ids", expanding=True))
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


# ---- the card -------------------------------------------------------------------------


def visible_person(
    session: Session, *, viewer: Person, subject_id: uuid.UUID
) -> tuple[Person, Connection | None]:
    """The subject and the pair's connection, if the viewer may see this person at all:
    connected in any state, or has scanned them. Otherwise 404, as if they did not exist."""
    a, b = _pair(viewer.id, subject_id)
    row = (
        session.execute(
            _VISIBLE, {"viewer": viewer.id, "subject": subject_id, "a": a, "b": b}
        ).first()
        if subject_id != viewer.id
        else None
    )
    if row is None or row[2]:
        raise NotFound("No such person among the people you have met.")
    subject, conn, _ = row
    if conn is None and not _scanned_by(session, scanner=viewer.id, scanned=subject_id):
        raise NotFound("No such person among the people you have met.")
    return subject, conn


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


def build_card(session: Session, *, viewer: Person, subject_id: uuid.UUID) -> Card:
    subject, conn = visible_person(session, viewer=viewer, subject_id=subject_id)
    metrics.count("cards_served")
    return _card(session, viewer=viewer, subject=subject, conn=conn)


def _card(session: Session, *, viewer: Person, subject: Person, conn: Connection | None) -> Card:
    """The card of someone the viewer may see (see visible_person)."""
    friend = conn is not None and conn.status == "mutual"
    pair = {"viewer": viewer.id, "subject": subject.id}
    # With a connection, both sides' scans belong to the shared history.
    encounters = list(
        session.scalars(_ENCOUNTERS_BOTH if conn is not None else _ENCOUNTERS_MINE, pair)
    )
    notes = list(session.scalars(_MY_NOTES, pair))
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
        + [n.event_id for n in notes]
        + ([conn.first_event_id, conn.last_event_id] if conn else []),
    )

    by_event: dict[uuid.UUID | None, list[EncounterRead]] = {}
    for enc in encounters:
        by_event.setdefault(enc.event_id, []).append(encounter_read(enc, viewer.id, events))
    i_scanned, they_scanned = _sides(conn, viewer.id) if conn else (bool(encounters), False)
    if conn is not None:
        relationship = Relationship(
            status="mutual" if friend else "pending",
            i_scanned=i_scanned,
            they_scanned=they_scanned,
            times_met=conn.meeting_count,
            first_met=_meeting(conn.first_met_at, conn.first_place, conn.first_event_id, events),
            last_met=_meeting(conn.last_met_at, conn.last_place, conn.last_event_id, events),
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
            first_met=_meeting(first.met_at, first.place, first.event_id, events)
            if first
            else None,
            last_met=_meeting(last.met_at, last.place, last.event_id, events) if last else None,
            encounters_by_event=[],
            introduced_by=None,
        )
    relationship.encounters_by_event = [
        EventEncounters(event=events.get(eid) if eid else None, encounters=items)
        for eid, items in sorted(by_event.items(), key=lambda kv: kv[1][0].at, reverse=True)
    ]
    today = utcnow().date()
    note_reads = [note_read(n, events) for n in notes]
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


def encounter_read(
    enc: Encounter, viewer_id: uuid.UUID, events: dict[uuid.UUID, EventRef]
) -> EncounterRead:
    mine = enc.scanner_id == viewer_id
    return EncounterRead(
        id=enc.id,
        client_id=enc.client_id if mine else None,
        at=enc.met_at,
        place=enc.place,
        event=events.get(enc.event_id) if enc.event_id else None,
        scanned_by_me=mine,
    )


# ---- scans ----------------------------------------------------------------------------


def _token_of(text: str) -> str:
    """Accept the bare token or the whole badge URL a camera read."""
    text = text.strip()
    if "/m/" in text:
        text = text.rsplit("/m/", 1)[1]
    return text.split("?", 1)[0].split("#", 1)[0].strip("/")


def _clamp(at: datetime | None, now: datetime) -> datetime:
    if at is None:
        return now
    if at.tzinfo is None:
        raise Invalid("scanned_at needs a time zone.", code="naive_time")
    return min(max(at, now - SCAN_WINDOW), now).astimezone(UTC)


@dataclass(frozen=True)
class Recorded:
    """A scan as recorded; the route adds the card, read after the commit."""

    encounter: EncounterRead
    first_meeting: bool
    replayed: bool
    person_id: uuid.UUID


def _replay(session: Session, *, scanner: Person, encounter: Encounter, token: str) -> Recorded:
    badge = session.get(Badge, encounter.badge_id) if encounter.badge_id else None
    if badge is None or badge.token_hash != sha256_hex(token):
        raise Conflict(
            "This client_id was already used for a different scan.", code="client_id_reused"
        )
    events = event_refs(session, [encounter.event_id])
    return Recorded(
        encounter=encounter_read(encounter, scanner.id, events),
        first_meeting=encounter.first_meeting,
        replayed=True,
        person_id=encounter.scanned_id,
    )


def _existing(session: Session, *, scanner: Person, client_id: uuid.UUID) -> Encounter | None:
    return session.scalars(_EXISTING, {"scanner": scanner.id, "client_id": client_id}).first()


def _apply(
    conn: Connection,
    *,
    scanner_id: uuid.UUID,
    met_at: datetime,
    place: str,
    event_id: uuid.UUID | None,
) -> None:
    now = utcnow()
    if conn.a_id == scanner_id:
        conn.a_scanned = True
    else:
        conn.b_scanned = True
    if conn.a_scanned and conn.b_scanned and conn.status != "mutual":
        conn.status, conn.confirmed_at = "mutual", now
    known = [t for t in (conn.first_met_at, conn.last_met_at) if t is not None]
    if all(abs(met_at - t) > SAME_MEETING for t in known):
        conn.meeting_count += 1
    if conn.first_met_at is None or met_at < conn.first_met_at:
        conn.first_met_at, conn.first_place, conn.first_event_id = met_at, place, event_id
    elif abs(met_at - conn.first_met_at) <= SAME_MEETING:  # the other side of that meeting
        conn.first_place = conn.first_place or place
        conn.first_event_id = conn.first_event_id or event_id
    if conn.last_met_at is None or met_at >= conn.last_met_at:
        same = conn.last_met_at is not None and met_at - conn.last_met_at <= SAME_MEETING
        conn.last_met_at = met_at
        conn.last_place = (place or conn.last_place) if same else place
        conn.last_event_id = (event_id or conn.last_event_id) if same else event_id
    conn.updated_at = now


def record_scan(
    session: Session,
    *,
    scanner: Person,
    limiter: Limiter,
    token: str,
    client_id: uuid.UUID,
    scanned_at: datetime | None,
    place: str,
    event_slug: str | None,
) -> Recorded:
    """Record one scan exactly once."""
    token = _token_of(token)
    existing = _existing(session, scanner=scanner, client_id=client_id)
    if existing is not None:
        return _replay(session, scanner=scanner, encounter=existing, token=token)

    # Guessing tokens costs misses; past the limit even a lucky guess is refused.
    miss_key = f"scan-miss:{scanner.id}"
    limiter.check(miss_key, limit=MISSES_PER_10_MIN, seconds=600)
    try:
        badge = badges.resolve(session, token=token)
    except (badges.BadgeUnknown, badges.BadgeRevoked):
        limiter.hit(miss_key, limit=MISSES_PER_10_MIN, seconds=600)
        raise
    if badge.person_id == scanner.id:
        raise Invalid("That is your own badge.", code="self_scan")
    scanned_id = badge.person_id
    blockers = set(session.scalars(_BLOCKERS, {"x": scanner.id, "y": scanned_id}))
    if scanner.id in blockers:
        raise Conflict("You blocked this person; unblock them to record a meeting.", code="blocked")
    event_id = badge.event_id
    if event_id is None and event_slug:
        event_id = session.scalar(_EVENT_ID, {"slug": event_slug})
        if event_id is None:
            raise NotFound("No such event.", code="event_not_found")
    now = utcnow()
    met_at = _clamp(scanned_at, now)

    # A person who blocked the scanner learns nothing: the scan is kept for the scanner
    # only, and no connection is made or changed.
    silent = scanned_id in blockers
    conn = None
    if not silent:
        conn = ensure_connection(session, scanner.id, scanned_id)
        first = conn.first_met_at is None or conn.first_met_at >= met_at - SAME_MEETING
    else:
        first = not _scanned_by(session, scanner=scanner.id, scanned=scanned_id)

    values = {
        "id": uuid.uuid4(),
        "client_id": client_id,
        "scanner_id": scanner.id,
        "scanned_id": scanned_id,
        "badge_id": badge.id,
        "event_id": event_id,
        "met_at": met_at,
        "place": place,
        "first_meeting": first,
        "silent": silent,
        "created_at": now,
    }
    inserted = session.execute(_INSERT_ENCOUNTER[_dialect(session)], values).scalar()
    if inserted is None:  # the same scan arrived twice at once; the other copy won
        existing = _existing(session, scanner=scanner, client_id=client_id)
        assert existing is not None
        return _replay(session, scanner=scanner, encounter=existing, token=token)
    if conn is not None:
        _apply(conn, scanner_id=scanner.id, met_at=met_at, place=place, event_id=event_id)
    return Recorded(
        encounter=encounter_read(Encounter(**values), scanner.id, event_refs(session, [event_id])),
        first_meeting=first,
        replayed=False,
        person_id=scanned_id,
    )


# ---- consent --------------------------------------------------------------------------


def confirm(session: Session, *, viewer: Person, subject_id: uuid.UUID, pending_days: int) -> Card:
    """The scanned person agrees they met: the connection becomes mutual."""
    conn = connection(session, viewer.id, subject_id, lock=True)
    if conn is None:
        raise NotFound("No such person among the people you have met.")
    if conn.status != "mutual":
        _, they_scanned = _sides(conn, viewer.id)
        expired = session.scalar(
            select(exists().where(Connection.id == conn.id, expired_for(viewer.id, pending_days)))
        )
        if not they_scanned or expired:
            raise Conflict(
                "They have not recorded meeting you; scan their badge instead.",
                code="nothing_to_confirm",
            )
        conn.status, conn.confirmed_at, conn.ignored_at = "mutual", utcnow(), None
        session.flush()
    return build_card(session, viewer=viewer, subject_id=subject_id)


def ignore(session: Session, *, viewer: Person, subject_id: uuid.UUID) -> None:
    """Hide a waiting scan from my inbox without telling the scanner."""
    conn = connection(session, viewer.id, subject_id, lock=True)
    if conn is None or conn.status == "mutual" or not _sides(conn, viewer.id)[1]:
        raise NotFound("No scan of yours from this person is waiting.")
    conn.ignored_at = utcnow()


def remove(session: Session, *, viewer: Person, subject_id: uuid.UUID) -> None:
    conn = connection(session, viewer.id, subject_id)
    if conn is None:
        raise NotFound("You have no connection with this person.")
    session.delete(conn)


def block(session: Session, *, viewer: Person, subject_id: uuid.UUID) -> None:
    """End the connection and refuse the other anything beyond badge fields, silently."""
    visible_person(session, viewer=viewer, subject_id=subject_id)
    session.execute(
        insert_for(session, Block.__table__)
        .values(blocker_id=viewer.id, blocked_id=subject_id, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["blocker_id", "blocked_id"])
    )
    a, b = _pair(viewer.id, subject_id)
    session.execute(delete(Connection).where(Connection.a_id == a, Connection.b_id == b))


def unblock(session: Session, *, viewer: Person, subject_id: uuid.UUID) -> None:
    """Lift a block. Nothing comes back by itself: a new meeting starts afresh."""
    done = session.execute(
        delete(Block).where(Block.blocker_id == viewer.id, Block.blocked_id == subject_id)
    )
    if not done.rowcount:  # type: ignore[attr-defined]
        raise NotFound("You have not blocked this person.")


# ---- lists ----------------------------------------------------------------------------


def scans_waiting(session: Session, *, viewer: Person, pending_days: int) -> list[InboxScan]:
    """One-sided scans of me that wait for my answer: neither ignored nor expired."""
    other = _other(viewer.id)
    waiting = or_(
        and_(Connection.a_id == viewer.id, Connection.b_scanned, ~Connection.a_scanned),
        and_(Connection.b_id == viewer.id, Connection.a_scanned, ~Connection.b_scanned),
    )
    rows = session.execute(
        select(Connection, Person)
        .join(Person, Person.id == other)
        .where(
            waiting,
            Connection.status == "pending",
            Connection.ignored_at.is_(None),
            ~expired_for(viewer.id, pending_days),
        )
        .order_by(Connection.last_met_at.desc())
        .limit(200)
    ).all()
    events = event_refs(session, [c.last_event_id for c, _ in rows])
    return [
        InboxScan(
            person=PersonView.of(person, friend=False),
            scanned_at=conn.last_met_at,
            place=conn.last_place,
            event=events.get(conn.last_event_id) if conn.last_event_id else None,
        )
        for conn, person in rows
    ]


def _friend(mutual_only: bool) -> ColumnElement[bool] | None:
    """Where the viewer is a friend (and may search other names); None: every row."""
    return None if mutual_only else Connection.status == "mutual"


@cache
def _people(mutual_only: bool, words: int | None, by_event: bool) -> Select[Connection, Person]:
    """(connection, other person) of a viewer's connections, unordered; built once per
    shape, its values bound per call (see people_query)."""
    viewer: BindParameter[uuid.UUID] = bindparam("viewer")
    stmt = (
        select(Connection, Person)
        .join(Person, Person.id == _other(viewer))
        .where(or_(Connection.a_id == viewer, Connection.b_id == viewer))
    )
    if mutual_only:
        stmt = stmt.where(Connection.status == "mutual")
    else:
        stmt = stmt.where(~_expired(viewer, bindparam("ended_before"), bindparam("met_before")))
    if words is not None:
        stmt = stmt.where(search.matches(words, friend=_friend(mutual_only)))
    if by_event:
        stmt = stmt.where(
            exists().where(
                Encounter.event_id == bindparam("event_id"),
                or_(Encounter.scanner_id == viewer, ~Encounter.silent),
                or_(
                    and_(
                        Encounter.scanner_id == Connection.a_id,
                        Encounter.scanned_id == Connection.b_id,
                    ),
                    and_(
                        Encounter.scanner_id == Connection.b_id,
                        Encounter.scanned_id == Connection.a_id,
                    ),
                ),
            )
        )
    return stmt


def _bound(
    session: Session,
    *,
    viewer: Person,
    mutual_only: bool,
    pending_days: int,
    q: str | None,
    event_slug: str | None,
) -> tuple[int | None, dict[str, Any]]:
    """The number of words searched (None: no search) and the values of _people's
    parameters."""
    params: dict[str, Any] = {"viewer": viewer.id}
    if not mutual_only:
        params |= expiry_cutoffs(pending_days)
    query = Query.parse(q) if q and q.strip() else None
    if query:
        params |= search.parameters(query)
    if event_slug:
        params["event_id"] = session.scalar(_EVENT_ID, {"slug": event_slug})
        if params["event_id"] is None:
            raise NotFound("No such event.", code="event_not_found")
    return (len(query.words) if query else None), params


def people_query(
    session: Session,
    *,
    viewer: Person,
    mutual_only: bool,
    pending_days: int,
    q: str | None = None,
    event_slug: str | None = None,
) -> tuple[Select[Connection, Person], dict[str, Any]]:
    """The statement for (connection, other person) of the viewer's connections, unordered,
    and the values to run it with."""
    words, params = _bound(
        session,
        viewer=viewer,
        mutual_only=mutual_only,
        pending_days=pending_days,
        q=q,
        event_slug=event_slug,
    )
    return _people(mutual_only, words, bool(event_slug)), params


@cache
def _people_page(
    mutual_only: bool, words: int | None, by_event: bool, sort: str
) -> tuple[Select[int], Select[Connection, Person, int]]:
    """(count, page) for list_people. The page counts all rows too (count over the whole
    filtered set, before LIMIT), so one statement answers in the usual case."""
    stmt = _people(mutual_only, words, by_event)
    count = select(func.count()).select_from(stmt.subquery())
    order: tuple[Any, ...] = (
        (Connection.last_met_at.desc().nulls_last(), Person.id)
        if sort == "last_met"
        else (func.lower(Person.display_name), Person.id)
    )
    if words is not None:  # the best matches first
        order = (search.relevance(friend=_friend(mutual_only)), *order)
    page = (
        stmt.add_columns(func.count().over().label("total"))
        .order_by(*order)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )
    return count, page


def list_people(
    session: Session,
    *,
    viewer: Person,
    mutual_only: bool,
    pending_days: int,
    q: str | None = None,
    event_slug: str | None = None,
    sort: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> PersonPage:
    """A page of the viewer's connections. sort: by name, or "last_met" (None: by name,
    and when searching, the best matches first, then the last met)."""
    words, params = _bound(
        session,
        viewer=viewer,
        mutual_only=mutual_only,
        pending_days=pending_days,
        q=q,
        event_slug=event_slug,
    )
    sort = sort or ("last_met" if words is not None else "name")
    count, page = _people_page(mutual_only, words, bool(event_slug), sort)
    rows = session.execute(page, params | {"limit": limit, "offset": offset}).all()
    if rows:
        total = rows[0].total
    elif offset:  # past the last page no row carries the total: count it apart
        total = session.scalar(count, params) or 0
    else:
        total = 0
    events = event_refs(session, [c.last_event_id for c, _, _ in rows])
    items = [
        PersonSummary(
            person=PersonView.of(person, friend=conn.status == "mutual"),
            status="mutual" if conn.status == "mutual" else "pending",
            times_met=conn.meeting_count,
            last_met=_meeting(conn.last_met_at, conn.last_place, conn.last_event_id, events),
        )
        for conn, person, _ in rows
    ]
    return PersonPage(items=items, total=total, limit=limit, offset=offset)
