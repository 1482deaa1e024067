"""Server-side sessions: the cookie, logout, expiry."""

from collections.abc import Callable
from datetime import timedelta

import httpx
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from metbefore.auth.models import AuthSession
from metbefore.db import utcnow
from tests.auth.conftest import Mailed
from tests.conftest import Server, free_port, serving

Client = Callable[[], httpx.Client]
SignIn = Callable[..., httpx.Client]


def cookie_of(c: httpx.Client) -> tuple[str, str]:
    ((name, value),) = c.cookies.items()
    return name, value


def with_cookie(client: Client, cookie: tuple[str, str]) -> httpx.Client:
    c = client()
    c.cookies.set(cookie[0], cookie[1], domain="127.0.0.1")
    return c


def test_session_cookie_is_http_only_and_same_site_lax(
    client: Client, ask_mail: Callable[[httpx.Client, str], Mailed], server: Server
) -> None:
    c = client()
    code = ask_mail(c, "ana@example.org").code

    response = c.post("/api/auth/verify", json={"email": "ana@example.org", "code": code})

    set_cookie = response.headers["set-cookie"]
    attributes = {part.strip().split("=")[0].lower() for part in set_cookie.split(";")[1:]}
    assert {"httponly", "samesite", "path", "max-age"} <= attributes
    assert "samesite=lax" in set_cookie.lower()
    assert "secure" not in attributes  # the test server is plain http
    max_age = next(p for p in set_cookie.split(";") if p.strip().lower().startswith("max-age"))
    assert int(max_age.split("=")[1]) == server.settings.session_max_days * 86400


def test_logout_revokes_the_session_on_the_server(
    sign_in: SignIn, client: Client, session: Session
) -> None:
    c = sign_in("ana@example.org")
    other_device = sign_in("ana@example.org")
    cookie = cookie_of(c)

    response = c.post("/api/auth/logout")

    assert response.status_code == 204
    assert c.get("/api/me").status_code == 401
    # The old cookie, replayed from anywhere, no longer works...
    replayed = with_cookie(client, cookie).get("/api/me")
    assert replayed.status_code == 401
    assert replayed.json()["code"] == "not_signed_in"
    # ...while the same person's other device stays signed in.
    assert other_device.get("/api/me").status_code == 200
    assert len(session.scalars(select(AuthSession)).all()) == 1


def test_logout_without_a_session_is_harmless(client: Client) -> None:
    assert client().post("/api/auth/logout").status_code == 204


def test_an_expired_session_is_not_signed_in(sign_in: SignIn, session: Session) -> None:
    c = sign_in("ana@example.org")
    assert c.get("/api/me").status_code == 200
    session.execute(update(AuthSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()

    response = c.get("/api/me")

    assert response.status_code == 401
    assert response.json()["code"] == "not_signed_in"


def test_a_made_up_cookie_is_not_signed_in(client: Client) -> None:
    c = with_cookie(client, ("metbefore_session", "x" * 43))

    assert c.get("/api/me").status_code == 401


def test_behind_https_the_cookie_is_secure_and_host_only(
    server: Server, ask_mail: Callable[[httpx.Client, str], Mailed]
) -> None:
    # A TLS-terminating proxy in front: the app itself still speaks plain HTTP.
    port = free_port()
    settings = server.settings.model_copy(update={"base_url": f"https://127.0.0.1:{port}"})
    with serving(settings, port), httpx.Client(base_url=f"http://127.0.0.1:{port}") as c:
        code = ask_mail(c, "tls@example.org").code
        response = c.post("/api/auth/verify", json={"email": "tls@example.org", "code": code})

    set_cookie = response.headers["set-cookie"]
    assert set_cookie.startswith("__Host-metbefore_session=")
    assert "secure" in set_cookie.lower()
    assert "domain=" not in set_cookie.lower()
    assert "max-age=63072000" in response.headers["strict-transport-security"]
