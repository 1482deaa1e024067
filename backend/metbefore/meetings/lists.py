"""Lists of the people I am connected to: the inbox's waiting scans, people and friends
search (one statement per shape, bound per call)."""

import uuid
from functools import cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session

from ..events.refs import event_id_of, event_refs
from ..people import search
from ..people.folding import Query
from ..people.models import Person
from ..people.schemas import PersonView
from .models import Connection, Meeting
from .pairs import expired, expired_for, expiry_cutoffs, other
from .schemas import InboxScan, MetAt, PersonPage, PersonSummary


def scans_waiting(session: Session, *, viewer: Person, pending_days: int) -> list[InboxScan]:
    """One-sided scans of me that wait for my answer: neither ignored nor expired."""
    them = other(viewer.id)
    waiting = or_(
        and_(Connection.a_id == viewer.id, Connection.b_scanned, ~Connection.a_scanned),
        and_(Connection.b_id == viewer.id, Connection.a_scanned, ~Connection.b_scanned),
    )
    rows = session.execute(
        select(Connection, Person)
        .join(Person, Person.id == them)
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
        .join(Person, Person.id == other(viewer))
        .where(or_(Connection.a_id == viewer, Connection.b_id == viewer))
    )
    if mutual_only:
        stmt = stmt.where(Connection.status == "mutual")
    else:
        stmt = stmt.where(~expired(viewer, bindparam("ended_before"), bindparam("met_before")))
    if words is not None:
        stmt = stmt.where(search.matches(words, friend=_friend(mutual_only)))
    if by_event:
        stmt = stmt.where(
            exists().where(
                Meeting.a_id == Connection.a_id,
                Meeting.b_id == Connection.b_id,
                Meeting.event_id == bindparam("event_id"),
                or_(
                    ~Meeting.silent,
                    case((Meeting.a_id == viewer, Meeting.a_scanned), else_=Meeting.b_scanned),
                ),
            )
        )
    return stmt


def people_query(
    session: Session,
    *,
    viewer: Person,
    mutual_only: bool,
    pending_days: int,
    query: Query | None = None,
    event_slug: str | None = None,
) -> tuple[Select[Connection, Person], dict[str, Any]]:
    """The statement for (connection, other person) of the viewer's connections, unordered,
    and the values to run it with."""
    params: dict[str, Any] = {"viewer": viewer.id}
    if not mutual_only:
        params |= expiry_cutoffs(pending_days)
    if query:
        params |= search.parameters(query)
    if event_slug:
        params["event_id"] = event_id_of(session, event_slug)
    words = len(query.words) if query else None
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
    query = Query.parse(q) if q and q.strip() else None
    _, params = people_query(
        session,
        viewer=viewer,
        mutual_only=mutual_only,
        pending_days=pending_days,
        query=query,
        event_slug=event_slug,
    )
    words = len(query.words) if query else None
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
            last_met=MetAt.of(conn.last_met_at, conn.last_place, conn.last_event_id, events),
        )
        for conn, person, _ in rows
    ]
    return PersonPage(items=items, total=total, limit=limit, offset=offset)
