"""Scans: a badge read by a phone becomes an encounter, exactly once, and shapes the pair's
connection."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import cast

from sqlalchemy import Table, and_, bindparam, or_, select
from sqlalchemy.orm import Session

from ..badges import service as badges
from ..badges.models import Badge
from ..db import utcnow
from ..errors import Conflict, Invalid
from ..events.refs import EventRef, event_id_of, event_refs
from ..people.models import Person
from ..ratelimit import Limiter
from ..security import sha256_hex
from . import history
from .history import SAME_MEETING
from .models import Block, Connection, Encounter
from .pairs import dialect, ensure_connection, inserts, scanned_by
from .schemas import EncounterRead

SCAN_WINDOW = timedelta(days=30)
MISSES_PER_10_MIN = 20

_INSERT_ENCOUNTER = {
    name: stmt.returning(Encounter.__table__.c.id)
    for name, stmt in inserts(cast(Table, Encounter.__table__), "scanner_id", "client_id").items()
}
# Who of the pair (x, y) blocked the other, both ways in one trip.
_BLOCKERS = select(Block.blocker_id).where(
    or_(
        and_(Block.blocker_id == bindparam("x"), Block.blocked_id == bindparam("y")),
        and_(Block.blocker_id == bindparam("y"), Block.blocked_id == bindparam("x")),
    )
)
_EXISTING = select(Encounter).where(
    Encounter.scanner_id == bindparam("scanner"), Encounter.client_id == bindparam("client_id")
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
    new_meeting: bool,
) -> None:
    now = utcnow()
    if new_meeting:  # an ignored scan comes back when they meet again, later
        conn.ignored_at = None
    if conn.a_id == scanner_id:
        conn.a_scanned = True
    else:
        conn.b_scanned = True
    if conn.a_scanned and conn.b_scanned and conn.status != "mutual":
        conn.status, conn.confirmed_at = "mutual", now
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
    event_id = badge.event_id
    if event_id is None and event_slug:
        event_id = event_id_of(session, event_slug)
    recorded = record_meeting(
        session,
        scanner=scanner,
        scanned_id=badge.person_id,
        badge_id=badge.id,
        client_id=client_id,
        met_at=_clamp(scanned_at, utcnow()),
        place=place,
        event_id=event_id,
    )
    if recorded is None:  # the same scan arrived twice at once; the other copy won
        existing = _existing(session, scanner=scanner, client_id=client_id)
        assert existing is not None
        return _replay(session, scanner=scanner, encounter=existing, token=token)
    return recorded


def blockers(session: Session, x: uuid.UUID, y: uuid.UUID) -> set[uuid.UUID]:
    """Who of the pair blocked the other (none, one or both)."""
    return set(session.scalars(_BLOCKERS, {"x": x, "y": y}))


def record_meeting(
    session: Session,
    *,
    scanner: Person,
    scanned_id: uuid.UUID,
    badge_id: uuid.UUID | None,
    client_id: uuid.UUID,
    met_at: datetime,
    place: str,
    event_id: uuid.UUID | None,
) -> Recorded | None:
    """What every way of meeting someone records (a badge scanned, a person added at a
    table): the encounter, its meeting and the pair's connection. None when another copy
    with this client_id got in first (the caller answers that one)."""
    blocked_by = blockers(session, scanner.id, scanned_id)
    if scanner.id in blocked_by:
        raise Conflict("You blocked this person; unblock them to record a meeting.", code="blocked")
    now = utcnow()

    # A person who blocked the scanner learns nothing: the scan is kept for the scanner
    # only, and no connection is made or changed.
    silent = scanned_id in blocked_by
    conn = None if silent else ensure_connection(session, scanner.id, scanned_id)
    first = not scanned_by(session, scanner=scanner.id, scanned=scanned_id) if silent else True
    placed = history.place(
        session,
        scanner_id=scanner.id,
        scanned_id=scanned_id,
        met_at=met_at,
        place=place,
        event_id=event_id,
        silent=silent,
    )
    if conn is not None:
        if conn.first_met_at is None:  # new, or made again after a removal
            history.fill_totals(session, conn)
        else:
            conn.meeting_count += placed.new_meeting
            conn.event_count += placed.new_event
        assert conn.first_met_at is not None
        first = conn.first_met_at >= met_at - SAME_MEETING
    values = {
        "id": uuid.uuid4(),
        "client_id": client_id,
        "scanner_id": scanner.id,
        "scanned_id": scanned_id,
        "badge_id": badge_id,
        "event_id": event_id,
        "met_at": met_at,
        "place": place,
        "first_meeting": first,
        "silent": silent,
        "meeting_id": placed.meeting.id,
        "created_at": now,
    }
    inserted = session.execute(_INSERT_ENCOUNTER[dialect(session)], values).scalar()
    if inserted is None:
        if placed.new_meeting:  # (only in silence, where no connection row serialises)
            session.delete(placed.meeting)
        return None
    if conn is not None:
        _apply(
            conn,
            scanner_id=scanner.id,
            met_at=met_at,
            place=place,
            event_id=event_id,
            new_meeting=placed.new_meeting,
        )
    return Recorded(
        encounter=encounter_read(Encounter(**values), scanner.id, event_refs(session, [event_id])),
        first_meeting=first,
        replayed=False,
        person_id=scanned_id,
    )
