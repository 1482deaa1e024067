"""Passkey helpers: a person signed in by code who registers a software authenticator,
and a fresh browser that signs in with one."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.conftest import Server
from tests.passkeys.authenticator import SoftAuthenticator


def new_address(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}@example.org"


@dataclass
class Holder:
    """A person signed in (by the mailed code) with one software authenticator."""

    email: str
    http: httpx.Client
    key: SoftAuthenticator
    passkey: dict[str, Any]


@pytest.fixture
def register(sign_in: Callable[..., httpx.Client], server: Server) -> Callable[..., Holder]:
    def _register(name: str = "ana", fmt: str = "none", **authenticator: Any) -> Holder:
        email = new_address(name)
        http = sign_in(email)
        key = SoftAuthenticator(origin=server.settings.origin, **authenticator)
        options = http.post("/api/me/passkeys/options")
        assert options.status_code == 200, options.text
        added = http.post(
            "/api/me/passkeys", json={"credential": key.create(options.json(), fmt=fmt)}
        )
        assert added.status_code == 201, added.text
        return Holder(email=email, http=http, key=key, passkey=added.json())

    return _register


@pytest.fixture
def passkey_sign_in(
    client: Callable[[], httpx.Client],
) -> Callable[..., tuple[httpx.Client, httpx.Response]]:
    """A new browser asks for options, the authenticator answers them: the browser and the
    server's answer."""

    def _sign_in(key: SoftAuthenticator, **lie: Any) -> tuple[httpx.Client, httpx.Response]:
        browser = client()
        options = browser.post("/api/auth/passkey/options")
        assert options.status_code == 200, options.text
        answer = browser.post(
            "/api/auth/passkey", json={"credential": key.get(options.json(), **lie)}
        )
        return browser, answer

    return _sign_in
