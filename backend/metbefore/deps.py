"""The dependencies routes ask for, as Annotated aliases. Routes reach the database one way:
`db: DatabaseDep` (not signed in) or `me: SignedInDep` (signed in), then `await
….read(work)` or `await ….write(work)` (see db.Database)."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Annotated, TypeVar

from fastapi import Depends, Request, Response
from sqlalchemy.orm import Session

from .auth import sessions
from .config import Settings
from .db import Database
from .errors import NotSignedIn
from .people.models import Person
from .ratelimit import Limiter

T = TypeVar("T")
R = TypeVar("R")


# Dependencies that do no I/O are async: a sync one costs a trip through the thread pool.
async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _limiter(request: Request) -> Limiter:
    limiter: Limiter = request.app.state.limiter
    return limiter


async def _database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def cookie_name(settings: Settings, kind: str = "session") -> str:
    # The __Host- prefix pins the cookie to this exact origin; browsers allow it on https only.
    return f"__Host-metbefore_{kind}" if settings.is_https else f"metbefore_{kind}"


def set_session_cookie(response: Response, settings: Settings, token: str) -> None:
    """The session, as an HttpOnly cookie, for every way of signing in."""
    response.set_cookie(
        cookie_name(settings),
        token,
        max_age=settings.session_max_days * 86400,  # the server decides when it ends
        httponly=True,
        secure=settings.is_https,
        samesite="lax",
        path="/",
    )


def session_token(request: Request) -> str | None:
    return request.cookies.get(cookie_name(request.app.state.settings))


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


SettingsDep = Annotated[Settings, Depends(_settings)]
LimiterDep = Annotated[Limiter, Depends(_limiter)]
DatabaseDep = Annotated[Database, Depends(_database)]


def _signed_in(session: Session, token: str) -> tuple[Person, bool]:
    found = sessions.signed_in(session, token=token)
    if found is None:
        raise NotSignedIn()
    return found


@dataclass(frozen=True)
class SignedIn:
    """The database as the signed-in person: each call checks the session in the same
    database session (and trip) as the work, and hands the work that person. A session
    whose use is due to be written down slides on (in the write, or after a read)."""

    db: Database
    token: str
    settings: Settings
    device: sessions.Device

    async def read(self, work: Callable[[Session, Person], T], *, slow: bool = False) -> T:
        stale, result = await self.db.read(partial(self._as_me, work), slow=slow)
        if stale:
            await self.db.write(self._touch)
        return result

    async def write(self, work: Callable[[Session, Person], T], *, slow: bool = False) -> T:
        return await self.db.write(partial(self._as_me_writing, work), slow=slow)

    async def write_then(
        self,
        work: Callable[[Session, Person], T],
        then: Callable[[Session, Person, T], R],
    ) -> R:
        """Commit `work`, then answer `then`: a read after the commit (see Database.write)."""

        def as_me_again(session: Session, result: tuple[Person, T]) -> R:
            person, value = result
            # Looked up again: the writing session is gone by now (and on SQLite, others'
            # writes shared it).
            me = session.get(Person, person.id)
            if me is None:
                raise NotSignedIn()
            return then(session, me, value)

        def with_me(session: Session) -> tuple[Person, T]:
            person = self._me_writing(session)
            return person, work(session, person)

        return await self.db.write_then(with_me, as_me_again)

    def _touch(self, session: Session) -> None:
        sessions.touch(session, token=self.token, settings=self.settings, device=self.device)

    def _me_writing(self, session: Session) -> Person:
        person, stale = _signed_in(session, self.token)
        if stale:
            self._touch(session)
        return person

    def _as_me(self, work: Callable[[Session, Person], T], session: Session) -> tuple[bool, T]:
        person, stale = _signed_in(session, self.token)
        return stale, work(session, person)

    def _as_me_writing(self, work: Callable[[Session, Person], T], session: Session) -> T:
        return work(session, self._me_writing(session))


async def _signed_in_request(request: Request) -> SignedIn:
    token = session_token(request)
    if not token:
        raise NotSignedIn()
    device = sessions.Device(
        user_agent=request.headers.get("user-agent", ""), ip=client_ip(request)
    )
    return SignedIn(request.app.state.db, token, request.app.state.settings, device)


SignedInDep = Annotated[SignedIn, Depends(_signed_in_request)]


async def _person_on_reader(me: SignedInDep) -> Person:
    return await me.read(lambda _, person: person)


# The signed-in person, checked before a route reads a large upload (on conference Wi-Fi),
# so that nobody unsigned makes the server hold their bytes.
PersonOnReader = Annotated[Person, Depends(_person_on_reader)]
