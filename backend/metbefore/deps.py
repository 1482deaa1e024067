"""The dependencies routes ask for, as Annotated aliases."""

from functools import partial
from typing import Annotated

from fastapi import Depends, Request

from .auth import service as auth
from .config import Settings
from .db import SessionDep, run_in_session
from .errors import NotSignedIn
from .people.models import Person
from .ratelimit import Limiter


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


def _current_person(request: Request, session: SessionDep) -> Person:
    token = session_token(request)
    person = auth.person_for_token(session, token=token) if token else None
    if person is None:
        raise NotSignedIn()
    return person


CurrentPerson = Annotated[Person, Depends(_current_person)]


async def _person_on_reader(request: Request) -> Person:
    token = session_token(request)
    if not token:
        raise NotSignedIn()
    person = await run_in_session(
        request.app.state.db, partial(auth.person_for_token, token=token), write=False
    )
    if person is None:
        raise NotSignedIn()
    return person


# The signed-in person, looked up on the reader: for routes that hold no write session
# while they wait (for a large upload, on conference Wi-Fi) or after they wrote (a scan
# answers with a card read after its commit). On SQLite the writer is one connection.
PersonOnReader = Annotated[Person, Depends(_person_on_reader)]
