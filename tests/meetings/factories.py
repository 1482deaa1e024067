"""People, events and statement counts for the meetings, notes and security suites.

People are made directly in the database (a person, a personal badge, a session cookie) so
that a test can have thirty of them without tripping the sign-in mail limits; everything
the test then asserts goes through the real HTTP API."""

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

import httpx
import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session

from metbefore.auth.sessions import Device, start_session
from metbefore.badges import service as badges
from metbefore.deps import cookie_name
from metbefore.logs import REQUEST_ID
from metbefore.models import Attendance, Base, Event, Person
from tests.conftest import Server

TEST_DEVICE = Device(user_agent="pytest", ip="127.0.0.1")

T = TypeVar("T")


@dataclass
class Someone:
    """A signed-in person as a test drives them: their HTTP client, id and badge."""

    id: str
    name: str
    email: str
    token: str  # the personal badge token
    badge_id: str
    http: httpx.Client
    _clone: Callable[[], httpx.Client] = field(repr=False)

    def scan(self, token: str, client_id: uuid.UUID | None = None, **extra: Any) -> httpx.Response:
        body = {"client_id": str(client_id or uuid.uuid4()), "token": token, **extra}
        return self.http.post("/api/scans", json=body)

    def meet(self, other: "Someone", **extra: Any) -> dict[str, Any]:
        response = self.scan(other.token, **extra)
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result

    def befriend(self, other: "Someone") -> None:
        """Scan and confirm: a mutual connection."""
        self.meet(other)
        assert other.http.post(f"/api/people/{self.id}/confirm").status_code == 200

    def card(self, other: "Someone") -> dict[str, Any]:
        response = self.http.get(f"/api/people/{other.id}")
        assert response.status_code == 200, response.text
        card: dict[str, Any] = response.json()
        return card

    def another_client(self) -> httpx.Client:
        """A second HTTP client with the same session, for threads of their own."""
        return self._clone()


def ago(**delta: float) -> str:
    return (datetime.now(UTC) - timedelta(**delta)).isoformat()


@pytest.fixture
def person(
    server: Server, engine: Engine, client: Callable[[], httpx.Client]
) -> Callable[..., Someone]:
    """person("Ana Lima", bio=…, interests=[…]) makes a signed-in person."""

    def make(name: str, *, email: str | None = None, **profile: Any) -> Someone:
        email = email or f"{name.split()[0].lower()}.{uuid.uuid4().hex[:6]}@example.org"
        with Session(engine) as s, s.begin():
            someone = Person(email=email, display_name=name, **profile)
            s.add(someone)
            s.flush()
            badge = badges.issue(s, person_id=someone.id)
            session_token = start_session(
                s, settings=server.settings, person_id=someone.id, device=TEST_DEVICE
            )
            ids = str(someone.id), str(badge.id), badge.token

        def http() -> httpx.Client:
            c = client()
            c.cookies.set(cookie_name(server.settings), session_token)
            return c

        return Someone(
            id=ids[0],
            name=name,
            email=email,
            token=ids[2],
            badge_id=ids[1],
            http=http(),
            _clone=http,
        )

    return make


@pytest.fixture
def make_event(engine: Engine) -> Callable[..., str]:
    """make_event("confx-2025", "ConfX 2025", attendees=[ana, ben]) -> the event's id."""

    def make(
        slug: str, name: str, *, starts_on: date | None = None, attendees: tuple[Someone, ...] = ()
    ) -> str:
        with Session(engine) as s, s.begin():
            ev = Event(slug=slug, name=name, starts_on=starts_on)
            s.add(ev)
            s.flush()
            for someone in attendees:
                s.add(Attendance(event_id=ev.id, person_id=uuid.UUID(someone.id)))
            return str(ev.id)

    return make


def count_rows(engine: Engine, table: str, **where: Any) -> int:
    """Rows of a table matching column == value, read in a short transaction of its own
    (a test must never hold SQLite's write lock while the server writes)."""
    t = Base.metadata.tables[table]
    stmt = select(func.count()).select_from(t)
    for column, value in where.items():
        stmt = stmt.where(t.c[column] == (uuid.UUID(value) if isinstance(value, str) else value))
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


@contextmanager
def statements(server: Server) -> Iterator[list[str]]:
    """Collect every SQL statement the server runs meanwhile for a request (the mail
    senders poll their outbox on their own clock, outside any request: theirs are left
    out, as are the other statements of a batch the request's writes shared)."""
    seen: list[str] = []
    db = server.app.state.db  # type: ignore[attr-defined]
    engines = {id(e): e for e in (db.reader, db.writer)}.values()

    def record(*args: Any) -> None:
        if REQUEST_ID.get() is not None:
            seen.append(args[2])

    for e in engines:
        event.listen(e, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        for e in engines:
            event.remove(e, "before_cursor_execute", record)


def run_together(jobs: list[Callable[[], T]]) -> list[T]:
    """Start every job at the same instant, one thread each."""
    barrier = threading.Barrier(len(jobs))
    results: list[T | BaseException] = [RuntimeError("not run")] * len(jobs)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = jobs[i]()
        except BaseException as exc:
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    for r in results:
        if isinstance(r, BaseException):
            raise r
    return results  # type: ignore[return-value]
