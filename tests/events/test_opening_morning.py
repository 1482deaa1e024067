"""The opening morning: an organizer imports 3,000 attendees, and all of them sign in from
the venue's one network address within minutes, while spam, a pestering address and wrong
guesses from the same network are held back (issue 18)."""

import re
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.conftest import Mailbox, Server, text_of
from tests.events.helpers import create_event, imported
from tests.meetings.factories import Someone

ATTENDEES = 3000
UNKNOWN = 500
THREADS = 8


def codes_for(mailbox: Mailbox, addresses: set[str], timeout: float) -> dict[str, str]:
    """Every address's code, once all have arrived (each mail read once)."""
    found: dict[str, str] = {}
    read = 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        messages = mailbox.messages[read:]
        read += len(messages)
        for message in messages:
            if message["To"] in addresses:
                found[message["To"]] = re.search(r"code is (\d{6})", text_of(message)).group(1)  # type: ignore[union-attr]
        if len(found) == len(addresses):
            return found
        time.sleep(0.2)
    raise AssertionError(f"{len(found)} of {len(addresses)} codes arrived")


def test_a_whole_venue_signs_in_from_one_network_address(
    person: Callable[..., Someone],
    server: Server,
    mailbox: Mailbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server.settings, "signin_failures_per_ip_per_hour", 40)
    # It runs for minutes: its limits count in one hour all the same (conftest.SteadyClock).
    run = uuid.uuid4().hex[:8]
    olga = person("Olga Organizer")
    create_event(olga)
    emails = [f"att{n}-{run}@example.org" for n in range(ATTENDEES)]
    csv = "email,name\n" + "".join(f"{e},Attendee {n}\n" for n, e in enumerate(emails))
    assert imported(olga, csv)["created"] == ATTENDEES
    clients = [httpx.Client(base_url=server.url, timeout=60) for _ in range(THREADS)]

    def ask(n: int) -> int:
        email = emails[n]
        return clients[n % THREADS].post("/api/auth/email", json={"email": email}).status_code

    started = time.monotonic()
    with ThreadPoolExecutor(THREADS) as pool:
        assert set(pool.map(ask, range(ATTENDEES))) == {202}
        codes = codes_for(mailbox, set(emails), timeout=300)

        def verify(n: int) -> int:
            email = emails[n]
            c = clients[n % THREADS]  # the session cookie it gets back is not used
            return c.post(
                "/api/auth/verify", json={"email": email, "code": codes[email]}
            ).status_code

        assert list(pool.map(verify, range(ATTENDEES))) == [200] * ATTENDEES
    minutes = (time.monotonic() - started) / 60
    print(f"\n{ATTENDEES} attendees signed in from one address in {minutes:.1f} min")
    assert minutes < 5

    # Spam: unknown addresses from the same network get the same answer, and only the
    # documented allowance of them is mailed.
    c = clients[0]
    unknown = [f"spam{n}-{run}@example.org" for n in range(UNKNOWN)]
    seen = len(mailbox.messages)
    answers = {c.post("/api/auth/email", json={"email": e}).status_code for e in unknown}
    assert answers == {202}
    allowance = server.settings.signin_new_accounts_per_ip_per_hour
    codes_for(mailbox, set(unknown[:allowance]), timeout=60)
    time.sleep(1)
    assert sum(1 for m in mailbox.messages[seen:] if m["To"] in set(unknown)) == allowance

    # One address asking ten times is throttled after its own limit.
    pest = emails[0]
    statuses = [c.post("/api/auth/email", json={"email": pest}).status_code for _ in range(10)]
    limit = server.settings.signin_mails_per_hour
    assert statuses == [202] * (limit - 1) + [429] * (11 - limit)  # one was asked above

    # 50 wrong codes from the network throttle its wrong guesses, not the next right code.
    late = emails[-1]
    before = mailbox.count_to(late)
    assert c.post("/api/auth/email", json={"email": late}).status_code == 202
    right = mailbox.code_for(late, after=before)
    guesses = [
        c.post("/api/auth/verify", json={"email": emails[1 + n], "code": "000000"}).status_code
        for n in range(50)
    ]
    assert guesses == [401] * 40 + [429] * 10
    assert c.post("/api/auth/verify", json={"email": late, "code": right}).status_code == 200
    for client in clients:
        client.close()
