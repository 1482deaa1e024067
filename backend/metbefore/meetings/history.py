"""A pair's history as meetings: where a scan belongs, and the meetings a viewer may see,
newest first, a page at a time. Nothing here reads more than a page, however long the
friendship."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import BindParameter, and_, bindparam, case, exists, func, or_, select, tuple_
from sqlalchemy.orm import Session

from .. import paging
from ..events.refs import EventRef
from .models import Connection, Meeting
from .pairs import pair
from .schemas import EventMeetings, MeetingRead

# Two scans of a pair this close together are one meeting (typically both scanning back).
SAME_MEETING = timedelta(hours=1)
# ... but a meeting lasts at most this long: a pair scanning every 50 minutes all day has
# met several times, not once.
LONGEST_MEETING = timedelta(hours=3)

_LATEST_UP_TO = (
    select(Meeting)
    .where(
        Meeting.a_id == bindparam("a"),
        Meeting.b_id == bindparam("b"),
        Meeting.silent == bindparam("silent"),
        Meeting.started_at <= bindparam("upto"),
    )
    .order_by(Meeting.started_at.desc())
    .limit(1)
)
_OTHER_AT_EVENT = select(
    exists().where(
        Meeting.a_id == bindparam("a"),
        Meeting.b_id == bindparam("b"),
        Meeting.event_id == bindparam("event"),
        ~Meeting.silent,
        Meeting.id != bindparam("id"),
    )
)

_VIEWER: BindParameter[uuid.UUID] = bindparam("viewer")
_I_SCANNED = case((Meeting.a_id == _VIEWER, Meeting.a_scanned), else_=Meeting.b_scanned)
_THEY_SCANNED = case((Meeting.a_id == _VIEWER, Meeting.b_scanned), else_=Meeting.a_scanned)
_OF_PAIR = and_(Meeting.a_id == bindparam("a"), Meeting.b_id == bindparam("b"))
# With a connection the pair's shared meetings are both sides' history; without one
# (removed, or refused in silence) only the meetings I scanned in are mine to see.
_SEEN = {True: or_(~Meeting.silent, _I_SCANNED), False: _I_SCANNED}


class MeetingRow(NamedTuple):
    """A meeting as a card shows it: plain columns, as no ORM object is needed to read
    one (a page of them loaded as ORM objects cost a heavy card most of its time)."""

    id: uuid.UUID
    started_at: datetime
    ended_at: datetime
    place: str
    event_id: uuid.UUID | None
    mine: bool
    theirs: bool


_PAGE = {
    shared: select(
        Meeting.id,
        Meeting.started_at,
        Meeting.ended_at,
        Meeting.place,
        Meeting.event_id,
        _I_SCANNED.label("mine"),
        _THEY_SCANNED.label("theirs"),
    )
    .where(_OF_PAIR, seen)
    .order_by(Meeting.started_at.desc(), Meeting.id.desc())
    .limit(bindparam("limit"))
    for shared, seen in _SEEN.items()
}
_PAGE_BEFORE = {
    shared: stmt.where(
        tuple_(Meeting.started_at, Meeting.id)
        < tuple_(
            bindparam("at", type_=Meeting.started_at.type), bindparam("id", type_=Meeting.id.type)
        )
    )
    for shared, stmt in _PAGE.items()
}
# Without a connection there are no totals kept: count my meetings (one statement).
_MY_TOTALS = select(func.count(), func.count(func.distinct(Meeting.event_id))).where(
    _OF_PAIR, _SEEN[False]
)
_MY_FIRST = (
    select(Meeting).where(_OF_PAIR, _SEEN[False]).order_by(Meeting.started_at, Meeting.id).limit(1)
)
_SHARED = and_(_OF_PAIR, ~Meeting.silent)
_SHARED_TOTALS = select(func.count(), func.count(func.distinct(Meeting.event_id))).where(_SHARED)
_SHARED_FIRST = select(Meeting).where(_SHARED).order_by(Meeting.started_at).limit(1)
_SHARED_LAST = select(Meeting).where(_SHARED).order_by(Meeting.ended_at.desc()).limit(1)


def one_meeting(started: datetime, ended: datetime, since: datetime, until: datetime) -> bool:
    """Whether what the pair did from `since` to `until` is part of the meeting from
    `started` to `ended`: within SAME_MEETING of it, and all of it within LONGEST_MEETING."""
    return (
        since - ended <= SAME_MEETING
        and started - until <= SAME_MEETING
        and max(ended, until) - min(started, since) <= LONGEST_MEETING
    )


@dataclass(frozen=True)
class Placed:
    """Where a scan went: its meeting, and what the pair's totals gain by it."""

    meeting: Meeting
    new_meeting: bool
    new_event: bool


def place(
    session: Session,
    *,
    scanner_id: uuid.UUID,
    scanned_id: uuid.UUID,
    met_at: datetime,
    place: str,
    event_id: uuid.UUID | None,
    silent: bool,
) -> Placed:
    """The meeting this scan belongs to, extended or made. The pair's connection row is
    locked by the caller (except in silence), so two scans never make two meetings."""
    a, b = pair(scanner_id, scanned_id)
    side = "a_scanned" if scanner_id == a else "b_scanned"
    latest = session.scalars(
        _LATEST_UP_TO, {"a": a, "b": b, "silent": silent, "upto": met_at + SAME_MEETING}
    ).first()
    joins = (
        latest is not None
        and one_meeting(latest.started_at, latest.ended_at, met_at, met_at)
        and (not silent or getattr(latest, side))  # a silent meeting is one scanner's
    )
    if latest is not None and joins:
        had_event = latest.event_id
        latest.started_at = min(latest.started_at, met_at)
        latest.ended_at = max(latest.ended_at, met_at)
        latest.place = latest.place or place
        latest.event_id = latest.event_id or event_id
        setattr(latest, side, True)
        meeting, new_meeting = latest, False
        gained_event = had_event is None and latest.event_id is not None
    else:
        meeting = Meeting(
            id=uuid.uuid4(),
            a_id=a,
            b_id=b,
            started_at=met_at,
            ended_at=met_at,
            event_id=event_id,
            place=place,
            a_scanned=side == "a_scanned",
            b_scanned=side == "b_scanned",
            silent=silent,
        )
        session.add(meeting)
        new_meeting, gained_event = True, event_id is not None
    new_event = (
        gained_event
        and not silent
        and not session.scalar(
            _OTHER_AT_EVENT, {"a": a, "b": b, "event": meeting.event_id, "id": meeting.id}
        )
    )
    session.flush()
    return Placed(meeting=meeting, new_meeting=new_meeting, new_event=bool(new_event))


def page(
    session: Session,
    *,
    viewer_id: uuid.UUID,
    other_id: uuid.UUID,
    shared: bool,
    before: str | None = None,
    limit: int = paging.PAGE,
) -> tuple[list[MeetingRow], str | None]:
    """The viewer's meetings with the other, newest first, and the cursor to the ones
    before, if any."""
    a, b = pair(viewer_id, other_id)
    params: dict[str, object] = {"viewer": viewer_id, "a": a, "b": b, "limit": limit + 1}
    stmt = _PAGE[shared]
    if before is not None:
        params["at"], params["id"] = paging.parse(before)
        stmt = _PAGE_BEFORE[shared]
    rows = [MeetingRow(*row) for row in session.execute(stmt, params)]
    return paging.split(rows, limit, lambda row: (row.started_at, row.id))


def meeting_read(row: MeetingRow, events: dict[uuid.UUID, EventRef]) -> MeetingRead:
    return MeetingRead(
        id=row.id,
        started_at=row.started_at,
        ended_at=row.ended_at,
        place=row.place,
        event=events.get(row.event_id) if row.event_id else None,
        i_scanned=bool(row.mine),
        they_scanned=bool(row.theirs),
    )


def by_event(meetings: list[MeetingRead]) -> list[EventMeetings]:
    """Newest first, grouped by event in the order of each event's newest meeting."""
    groups: dict[str | None, EventMeetings] = {}
    for m in meetings:
        key = m.event.slug if m.event else None
        groups.setdefault(key, EventMeetings(event=m.event, meetings=[])).meetings.append(m)
    return list(groups.values())


def my_totals(
    session: Session, *, viewer_id: uuid.UUID, other_id: uuid.UUID
) -> tuple[int, int, Meeting | None]:
    """Without a connection: how many meetings I scanned in, at how many events, and the
    first of them."""
    a, b = pair(viewer_id, other_id)
    params = {"viewer": viewer_id, "a": a, "b": b}
    count, events = session.execute(_MY_TOTALS, params).one()
    first = session.scalars(_MY_FIRST, params).first() if count else None
    return int(count), int(events), first


def fill_totals(session: Session, conn: Connection) -> None:
    """A connection's totals from the pair's shared meetings: for a connection made
    anew, after a removal, whose pair may have met many times before."""
    params = {"a": conn.a_id, "b": conn.b_id}
    conn.meeting_count, conn.event_count = session.execute(_SHARED_TOTALS, params).one()
    first = session.scalars(_SHARED_FIRST, params).first()
    last = session.scalars(_SHARED_LAST, params).first()
    if first is not None and last is not None:
        conn.first_met_at, conn.first_place = first.started_at, first.place
        conn.first_event_id = first.event_id
        conn.last_met_at, conn.last_place = last.ended_at, last.place
        conn.last_event_id = last.event_id
