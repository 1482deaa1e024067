"""Sign-in helpers: ask for a mail the way the app does and read it from the SMTP server."""

from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest

from tests.conftest import Mailbox


@dataclass
class Mailed:
    code: str
    token: str


@pytest.fixture
def ask_mail(mailbox: Mailbox) -> Callable[[httpx.Client, str], Mailed]:
    """POST /api/auth/email and answer the code and link token of the mail it sent."""

    def ask(c: httpx.Client, email: str) -> Mailed:
        to = email.lower()  # addresses are stored and mailed lower-case
        seen = mailbox.count_to(to)
        response = c.post("/api/auth/email", json={"email": email})
        assert response.status_code == 202, response.text
        return Mailed(
            code=mailbox.code_for(to, after=seen), token=mailbox.link_token_for(to, after=seen)
        )

    return ask
