"""Tables: a short-lived group code. Members join by its QR and see each other's badge
fields; each adds the people they actually met, and every add is a scan (meetings.scans)."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import cast

from sqlalchemy import Table as SqlTable
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from ..badges.qr import qr_svg
from ..db import utcnow
from ..errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from ..events.refs import event_id_of, event_refs
from ..meetings import scans
from ..meetings.models import Block, Encounter
from ..meetings.pairs import dialect, inserts, pair
from ..people.models import Person
from ..people.schemas import PersonView
from ..security import new_token, sha256_hex
from .models import Table, TableMember
from .schemas import MAX_MEMBERS, TableMemberRead, TableOpened, TableRead

LIFETIME = timedelta(minutes=30)


class TableUnknown(NotFound):
    code, message = "table_not_found", "No such table among yours."


class TableGone(DomainError):
    status, code, message = 410, "table_closed", "This table is closed."


class TableFull(Conflict):
    code, message = "table_full", f"This table is full ({MAX_MEMBERS} people)."


_INSERT_MEMBER = inserts(cast(SqlTable, TableMember.__table__), "table_id", "person_id")
_TABLE = select(Table).where(Table.token_hash == bindparam("hash"))
_SEATED = select(TableMember.person_id).where(TableMember.table_id == bindparam("table"))
_SEATS = select(func.count()).where(TableMember.table_id == bindparam("table"))
_MEMBERS = (
    select(TableMember, Person)
    .join(Person, Person.id == TableMember.person_id)
    .where(TableMember.table_id == bindparam("table"))
    .order_by(TableMember.joined_at, Person.id)
)
# Everyone the viewer blocked or was blocked by: hidden from each other at any table.
_BLOCKED_EITHER_WAY = (
    select(Block.blocked_id)
    .where(Block.blocker_id == bindparam("me"))
    .union(select(Block.blocker_id).where(Block.blocked_id == bindparam("me")))
)
_MY_ADDS = select(Encounter.client_id).where(
    Encounter.scanner_id == bindparam("me"),
    Encounter.client_id.in_(bindparam("ids", expanding=True)),
)


def table_url(base_url: str, token: str) -> str:
    return f"{base_url}/t/{token}"


def add_id(table: Table, adder_id: uuid.UUID, person_id: uuid.UUID) -> uuid.UUID:
    """The client_id of an add: one per table, adder and person, so an add sent again (or
    tapped twice, or queued offline and replayed) is the same scan and records nothing."""
    return uuid.uuid5(table.id, f"{adder_id}:{person_id}")


def _ended_at(table: Table, now: datetime) -> datetime | None:
    if table.closed_at is not None:
        return table.closed_at
    return table.expires_at if table.expires_at <= now else None


def _find(session: Session, token: str, *, lock: bool = False) -> Table:
    stmt = _TABLE.with_for_update() if lock else _TABLE
    table = session.scalars(stmt, {"hash": sha256_hex(token)}).first()
    if table is None:
        raise TableUnknown()
    return table


def _seated(session: Session, table: Table) -> set[uuid.UUID]:
    return set(session.scalars(_SEATED, {"table": table.id}))


def _as_member(session: Session, token: str, person: Person) -> tuple[Table, set[uuid.UUID]]:
    """The table and who sits at it, for a member; a stranger learns nothing (404)."""
    table = _find(session, token)
    seated = _seated(session, table)
    if person.id not in seated:
        raise TableUnknown()
    return table, seated


def _hidden(session: Session, person: Person) -> set[uuid.UUID]:
    return set(session.scalars(_BLOCKED_EITHER_WAY, {"me": person.id}))


def read(session: Session, *, table: Table, viewer: Person, token: str, base_url: str) -> TableRead:
    """The roster as this member sees it: nobody they blocked or who blocked them."""
    hidden = _hidden(session, viewer)
    rows = [
        (member, person)
        for member, person in session.execute(_MEMBERS, {"table": table.id})
        if person.id not in hidden
    ]
    ids = {add_id(table, viewer.id, person.id): person.id for _, person in rows}
    added = {ids[c] for c in session.scalars(_MY_ADDS, {"me": viewer.id, "ids": list(ids)})}
    members = [
        TableMemberRead(
            person=PersonView.of(person, friend=False),
            host=person.id == table.host_id,
            me=person.id == viewer.id,
            added_by_me=person.id in added,
        )
        for _, person in sorted(rows, key=lambda row: row[1].id != viewer.id)
    ]
    url = table_url(base_url, token)
    events = event_refs(session, [table.event_id])
    return TableRead(
        name=table.name,
        event=events.get(table.event_id) if table.event_id else None,
        url=url,
        qr_svg=qr_svg(url).decode(),
        host=table.host_id == viewer.id,
        expires_at=table.expires_at,
        members=members,
    )


def open_table(
    session: Session, *, host: Person, name: str, event_slug: str | None, base_url: str
) -> TableOpened:
    now = utcnow()
    token = new_token()
    table = Table(
        id=uuid.uuid4(),
        token_hash=sha256_hex(token),
        host_id=host.id,
        name=name,
        event_id=event_id_of(session, event_slug) if event_slug else None,
        created_at=now,
        expires_at=now + LIFETIME,
    )
    session.add(table)
    session.add(TableMember(table_id=table.id, person_id=host.id, joined_at=now))
    session.flush()
    seen = read(session, table=table, viewer=host, token=token, base_url=base_url)
    return TableOpened(**seen.model_dump(), token=token)


def join(session: Session, *, person: Person, token: str, base_url: str) -> TableRead:
    """Sit down at a table: nothing is recorded between people by joining."""
    table = _find(session, token, lock=True)  # the seat count is checked under the lock
    now = utcnow()
    seated = _seated(session, table)
    if person.id not in seated:
        if _ended_at(table, now) is not None:
            raise TableGone()
        if len(seated) >= MAX_MEMBERS:
            raise TableFull()
        session.execute(
            _INSERT_MEMBER[dialect(session)],
            {"table_id": table.id, "person_id": person.id, "joined_at": now},
        )
    elif _ended_at(table, now) is not None:
        raise TableGone()
    return read(session, table=table, viewer=person, token=token, base_url=base_url)


def roster(session: Session, *, viewer: Person, token: str, base_url: str) -> TableRead:
    table, _ = _as_member(session, token, viewer)
    if _ended_at(table, utcnow()) is not None:
        raise TableGone()
    return read(session, table=table, viewer=viewer, token=token, base_url=base_url)


def _added_at(table: Table, at: datetime | None, now: datetime) -> datetime:
    """When an add happened: while the table was open, else 410."""
    if at is not None and at.tzinfo is None:
        raise Invalid("added_at needs a time zone.", code="naive_time")
    ended = _ended_at(table, now)
    at = min(at.astimezone(UTC), now) if at is not None else now
    if ended is not None and at >= ended:
        raise TableGone()
    return max(at, table.created_at)


def add(
    session: Session,
    *,
    adder: Person,
    token: str,
    person_ids: list[uuid.UUID],
    added_at: datetime | None,
    base_url: str,
) -> TableRead:
    """Record that I met these members here: each as my scan of their badge, at the
    table's event, with its name as the place. People I may not see are skipped."""
    table, seated = _as_member(session, token, adder)
    met_at = _added_at(table, added_at, utcnow())
    hidden = _hidden(session, adder)
    wanted = {p for p in person_ids if p in seated and p not in hidden and p != adder.id}
    # Connection rows are locked in one global order, so that members adding each other
    # at once cannot deadlock.
    for person_id in sorted(wanted, key=lambda p: pair(adder.id, p)):
        client_id = add_id(table, adder.id, person_id)
        if session.scalar(_MY_ADDS, {"me": adder.id, "ids": [client_id]}) is not None:
            continue  # added before: the same scan, recorded once
        scans.record_meeting(
            session,
            scanner=adder,
            scanned_id=person_id,
            badge_id=None,
            client_id=client_id,
            met_at=met_at,
            place=table.name,
            event_id=table.event_id,
        )
    return read(session, table=table, viewer=adder, token=token, base_url=base_url)


def close(session: Session, *, host: Person, token: str) -> None:
    """End the table early: nobody joins or adds any more. Closing it again is a no-op."""
    table, _ = _as_member(session, token, host)
    if table.host_id != host.id:
        raise Forbidden("Only the person who opened this table can close it.", code="not_host")
    if table.closed_at is None:
        table.closed_at = min(utcnow(), table.expires_at)


def seated_together(session: Session, x: uuid.UUID, y: uuid.UUID) -> bool:
    """Whether two people sit at an open table together (so each may see the other's
    badge photo), neither having blocked the other."""
    mine = select(TableMember.table_id).where(TableMember.person_id == x)
    now = utcnow()
    found = session.scalar(
        select(func.count())
        .select_from(TableMember)
        .join(Table, Table.id == TableMember.table_id)
        .where(
            TableMember.person_id == y,
            TableMember.table_id.in_(mine),
            Table.closed_at.is_(None),
            Table.expires_at > now,
        )
    )
    return bool(found) and not scans.blockers(session, x, y)
