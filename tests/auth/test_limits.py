"""Sign-in limits that stop abuse without throttling a crowd behind one network address
(auth/limits.py)."""

import uuid
from collections.abc import Callable

import httpx
import pytest
from prometheus_client import REGISTRY
from sqlalchemy.orm import Session

from metbefore.auth.limits import network_of
from metbefore.models import Person
from tests.auth.conftest import Mailed
from tests.conftest import Mailbox, Server

Client = Callable[[], httpx.Client]
AskMail = Callable[[httpx.Client, str], Mailed]


def unique(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:10]}@example.org"


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def known(session: Session, count: int) -> list[str]:
    """People an organizer imported (or who signed in before): known addresses."""
    emails = [unique("known") for _ in range(count)]
    session.add_all(Person(id=uuid.uuid4(), email=email) for email in emails)
    session.commit()
    return emails


def throttled() -> float:
    return REGISTRY.get_sample_value("metbefore_signin_new_accounts_throttled_total") or 0.0


def test_known_addresses_behind_one_network_address_are_never_throttled_as_a_crowd(
    client: Client,
    mailbox: Mailbox,
    server: Server,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server.settings, "signin_new_accounts_per_ip_per_hour", 2)
    c = client()
    emails = known(session, 12)

    answers = [c.post("/api/auth/email", json={"email": email}) for email in emails]

    assert {a.status_code for a in answers} == {202}
    for email in emails:
        mailbox.last_to(email)  # every one of them got its code


def test_new_accounts_past_the_network_s_allowance_get_the_same_answer_and_no_mail(
    client: Client,
    mailbox: Mailbox,
    server: Server,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server.settings, "signin_new_accounts_per_ip_per_hour", 3)
    c = client()
    [member] = known(session, 1)
    before = throttled()
    newcomers = [unique("new") for _ in range(5)]

    answers = [c.post("/api/auth/email", json={"email": email}) for email in newcomers]
    member_answer = c.post("/api/auth/email", json={"email": member})
    elsewhere = c.post(
        "/api/auth/email",
        json={"email": newcomers[-1]},
        headers={"X-Forwarded-For": "198.51.100.7"},  # the test server trusts loopback
    )

    assert {(a.status_code, a.content) for a in answers} == {
        (member_answer.status_code, member_answer.content)
    }
    assert member_answer.status_code == 202
    for email in newcomers[:3]:
        mailbox.last_to(email)
    mailbox.last_to(member)
    mailbox.last_to(newcomers[-1])  # the one asked again from another network
    assert mailbox.count_to(newcomers[3]) == 0
    assert mailbox.count_to(newcomers[-1]) == 1
    assert throttled() - before == 2  # counted for the operator
    assert elsewhere.status_code == 202


def test_one_address_asking_again_and_again_is_throttled_by_its_own_limit(
    client: Client, server: Server, session: Session
) -> None:
    [email] = known(session, 1)
    c = client()
    for _ in range(server.settings.signin_mails_per_hour):
        assert c.post("/api/auth/email", json={"email": email}).status_code == 202

    refused = c.post("/api/auth/email", json={"email": email})

    assert refused.status_code == 429
    assert refused.json()["code"] == "too_many_requests"
    assert "Try again in" in refused.json()["message"]
    assert 0 < int(refused.headers["Retry-After"]) <= 3600


def test_wrong_codes_from_a_network_are_throttled_but_a_right_code_still_signs_in(
    client: Client, ask_mail: AskMail, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server.settings, "signin_failures_per_ip_per_hour", 5)
    c = client()
    email = unique("right")
    mailed = ask_mail(c, email)
    guesses = [
        c.post("/api/auth/verify", json={"email": unique("victim"), "code": "123456"})
        for _ in range(7)
    ]

    right = c.post("/api/auth/verify", json={"email": email, "code": mailed.code})

    assert [g.status_code for g in guesses] == [401] * 5 + [429] * 2
    assert guesses[-1].json()["code"] == "too_many_requests"
    assert int(guesses[-1].headers["Retry-After"]) > 0
    assert right.status_code == 200, right.text


def test_many_right_codes_from_one_network_are_never_refused(
    client: Client, ask_mail: AskMail, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server.settings, "signin_failures_per_ip_per_hour", 2)
    for _ in range(6):
        c = client()
        email = unique("crowd")
        response = c.post(
            "/api/auth/verify", json={"email": email, "code": ask_mail(c, email).code}
        )
        assert response.status_code == 200, response.text


def test_wrong_codes_for_one_address_stop_even_its_right_code(
    client: Client, ask_mail: AskMail, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server.settings, "signin_failures_per_address_per_hour", 3)
    c = client()
    email = unique("target")
    code = ask_mail(c, email).code
    for _ in range(3):  # from different networks: the address counts them all
        guess = c.post(
            "/api/auth/verify",
            json={"email": email, "code": wrong(code)},
            headers={"X-Forwarded-For": f"203.0.113.{uuid.uuid4().int % 250}"},
        )
        assert guess.status_code == 401

    right = c.post("/api/auth/verify", json={"email": email, "code": code})

    assert right.status_code == 429
    assert int(right.headers["Retry-After"]) > 0


def test_a_network_address_is_the_ip_or_its_ipv6_64() -> None:
    assert network_of("203.0.113.9") == "203.0.113.9"
    assert network_of("2001:db8:1:2:3:4:5:6") == network_of("2001:db8:1:2:ffff::1")
    assert network_of("2001:db8:1:2::1") == "2001:db8:1:2::/64"
    assert network_of("::ffff:203.0.113.9") == "203.0.113.9"
