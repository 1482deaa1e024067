from collections.abc import Callable

import pytest

from tests.conftest import Mailbox
from tests.meetings.factories import Someone, make_event, person

__all__ = ["make_event", "person"]


@pytest.fixture
def add_address(mailbox: Mailbox) -> Callable[[Someone, str], dict]:
    """Someone adds an address the way the app does: ask for the code, read it from the
    SMTP server, verify. Answers the verify answer."""

    def add(someone: Someone, email: str) -> dict:
        seen = mailbox.count_to(email)
        asked = someone.http.post("/api/me/emails", json={"email": email})
        assert asked.status_code == 202, asked.text
        code = mailbox.code_for(email, after=seen)
        verified = someone.http.post("/api/me/emails/verify", json={"email": email, "code": code})
        assert verified.status_code == 200, verified.text
        answer: dict = verified.json()
        return answer

    return add
