"""The dependencies routes ask for, as Annotated aliases."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from .auth import service as auth
from .config import Settings
from .db import Database, SessionDep, run_in_session
from .errors import NotSignedIn
from .people.models import Person
from .ratelimit import Limiter

T = TypeVar("T")


# Dependencies that do no I/O are async: a sync one costs a trip through the thread pool.
async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _limiter(request: Request) -> Limiter:
    limiter: Limiter = request.app.state.limiter
    return limiter


def cookie_name(settings: Settings) -> str:
    # The __Host- prefix pins the cookie to this exact origin; browsers allow it on https only.
    return "__Host-metbefore_session" if settings.is_https else "metbefore_session"


def session_token(request: Request) -> str | None:
    return request.cookies.get(cookie_name(request.app.state.settings))


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


SettingsDep = Annotated[Settings, Depends(_settings)]
LimiterDep = Annotated[Limiter, Depends(_limiter)]


def _required_token(request: Request) -> str:
    token = session_token(request)
    if not token:
        raise NotSignedIn()
    return token


def _current_person(request: Request, session: SessionDep) -> Person:
    return _signed_in(session, _required_token(request))


CurrentPerson = Annotated[Person, Depends(_current_person)]


def _signed_in(session: Session, token: str) -> Person:
    person = auth.person_for_token(session, token=token)
    if person is None:
        raise NotSignedIn()
    return person


@dataclass(frozen=True)
class SignedIn:
    """The way to the database of the hottest routes (card, scan, searches, new notes):
    the session check and the work share one session and at most one trip through the
    thread pool, where CurrentPerson with SessionDep take four."""

    db: Database
    token: str

    async def read(self, work: Callable[[Session, Person], T]) -> T:
        return await run_in_session(self.db, partial(self._as_me, work), write=False)

    async def write(self, work: Callable[[Session, Person], T]) -> T:
        return await run_in_session(self.db, partial(self._as_me, work), write=True)

    def _as_me(self, work: Callable[[Session, Person], T], session: Session) -> T:
        return work(session, _signed_in(session, self.token))


async def _signed_in_request(request: Request) -> SignedIn:
    return SignedIn(request.app.state.db, _required_token(request))


SignedInDep = Annotated[SignedIn, Depends(_signed_in_request)]


async def _person_on_reader(me: SignedInDep) -> Person:
    return await me.read(lambda _, person: person)


# The signed-in person, looked up on the reader: for routes that hold no write session
# while they wait for a large upload (on conference Wi-Fi; SQLite has one writer).
PersonOnReader = Annotated[Person, Depends(_person_on_reader)]
