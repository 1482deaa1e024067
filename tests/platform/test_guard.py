"""The request guard: cross-site writes refused, security headers on every response."""

from collections.abc import Callable, Iterator

import httpx
import pytest

from tests.conftest import Mailbox, Server

SignIn = Callable[..., httpx.Client]


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://127.0.0.1"},  # another port is another origin
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_cross_site_writes_are_refused(
    headers: dict[str, str], sign_in: SignIn, mailbox: Mailbox
) -> None:
    c = sign_in("ana@example.org", display_name="Ana Lima")
    mails = mailbox.count_to("victim@example.org")

    changed = c.patch("/api/me", json={"display_name": "Pwned"}, headers=headers)
    mailed = c.post("/api/auth/email", json={"email": "victim@example.org"}, headers=headers)
    logged_out = c.post("/api/auth/logout", headers=headers)

    for response in (changed, mailed, logged_out):
        assert response.status_code == 403
        assert response.json()["code"] == "cross_site_request"
    assert c.get("/api/me").json()["display_name"] == "Ana Lima"
    assert mailbox.count_to("victim@example.org") == mails


def test_same_origin_writes_work(sign_in: SignIn, server: Server) -> None:
    c = sign_in("ana@example.org")

    response = c.patch(
        "/api/me",
        json={"display_name": "Ana Lima"},
        headers={"Origin": server.url, "Sec-Fetch-Site": "same-origin"},
    )

    assert response.status_code == 200, response.text
    assert response.json()["display_name"] == "Ana Lima"


def test_cross_site_reads_are_answered_but_show_nothing_private(sign_in: SignIn) -> None:
    c = sign_in("ana@example.org")

    response = c.get("/api/me", headers={"Origin": "https://evil.example"})

    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize(
    "path", ["/api/health", "/api/me", "/", "/index.html", "/signin", "/m/sometoken", "/nope.js"]
)
def test_security_headers_on_api_and_static_responses(
    path: str, client: Callable[[], httpx.Client]
) -> None:
    response = client().get(path)

    headers = response.headers
    assert "default-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"


def test_private_api_answers_are_never_stored_by_the_browser(
    sign_in: SignIn, client: Callable[[], httpx.Client]
) -> None:
    # A phone shared at a booth must not keep someone's /api/me in its cache.
    me = sign_in("cache-me@example.org")
    for response in (
        me.get("/api/me"),
        me.get("/api/friends"),
        client().get("/api/me"),  # a refusal too
        client().post("/api/auth/email", json={"email": "cache-ask@example.org"}),
    ):
        assert response.headers["cache-control"] == "no-store", response.request.url
    export = me.get("/api/me/export")
    assert export.headers["cache-control"] == "private, no-store"  # the route's own, once
    shell = client().get("/app.js")
    assert "no-store" not in shell.headers.get("cache-control", "")  # the shell is cached
    assert "strict-transport-security" not in shell.headers  # http: see test_sessions


def test_security_headers_on_refused_requests(client: Callable[[], httpx.Client]) -> None:
    response = client().post(
        "/api/auth/email", json={"email": "a@example.org"}, headers={"Origin": "https://x.example"}
    )

    assert response.status_code == 403
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" in response.headers


@pytest.mark.parametrize("chunked", [False, True])
def test_a_body_over_the_cap_is_refused_with_413(
    chunked: bool, client: Callable[[], httpx.Client], server: Server
) -> None:
    size = server.settings.max_body_bytes + 65536
    body: bytes | Iterator[bytes] = b" " * size
    if chunked:  # no Content-Length: the cap applies as the body arrives
        body = (b" " * 65536 for _ in range(size // 65536))

    response = client().post(
        "/api/auth/email", content=body, headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_health_says_ok_with_the_database_reachable(client: Callable[[], httpx.Client]) -> None:
    response = client().get("/api/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
