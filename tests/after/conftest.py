"""Signed-in HTTP clients for people made by the factories."""

from collections.abc import Callable

import httpx
import pytest
from sqlalchemy.orm import Session

from metbefore.auth.sessions import start_session
from metbefore.deps import cookie_name
from metbefore.models import Person
from tests.conftest import Server
from tests.meetings.factories import TEST_DEVICE


@pytest.fixture
def login(
    server: Server, session: Session, client: Callable[[], httpx.Client]
) -> Callable[[Person], httpx.Client]:
    """login(person) -> an HTTP client with a fresh session of that person."""

    def make(person: Person) -> httpx.Client:
        token = start_session(
            session, settings=server.settings, person_id=person.id, device=TEST_DEVICE
        )
        session.commit()
        c = client()
        c.cookies.set(cookie_name(server.settings), token)
        return c

    return make
