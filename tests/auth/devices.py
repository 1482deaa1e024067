"""Signing in from a named device (its user agent), for the tests of the devices list."""

from collections.abc import Callable

import httpx

from tests.conftest import Mailbox

ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "Version/18.1 Mobile/15E148 Safari/604.1"
)


def signed_in(
    client: Callable[[], httpx.Client], mailbox: Mailbox, email: str, agent: str
) -> httpx.Client:
    """A new client of `email`, signed in by the mailed code from a device with `agent`."""
    c = client()
    c.headers["User-Agent"] = agent
    seen = mailbox.count_to(email)
    assert c.post("/api/auth/email", json={"email": email}).status_code == 202
    code = mailbox.code_for(email, after=seen)
    assert c.post("/api/auth/verify", json={"email": email, "code": code}).status_code == 200
    return c
