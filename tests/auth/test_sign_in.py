"""Passwordless sign-in through the real API and a real SMTP server."""

import threading
from collections.abc import Callable
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from metbefore.auth.models import AuthSession, SignInCode
from metbefore.db import utcnow
from metbefore.models import Person
from tests.auth.conftest import Mailed
from tests.conftest import Mailbox, Server

Client = Callable[[], httpx.Client]
AskMail = Callable[[httpx.Client, str], Mailed]


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_first_sign_in_by_code_creates_the_person_with_a_personal_badge(
    client: Client, ask_mail: AskMail
) -> None:
    c = client()
    mailed = ask_mail(c, "ana@example.org")

    response = c.post("/api/auth/verify", json={"email": "ana@example.org", "code": mailed.code})

    assert response.status_code == 200, response.text
    me = response.json()
    assert me["email"] == "ana@example.org"
    assert c.get("/api/me").json()["id"] == me["id"]
    badges = c.get("/api/me/badges").json()
    assert [b["kind"] for b in badges] == ["personal"]


def test_sign_in_by_link_token_and_again_later_is_the_same_person(
    client: Client, ask_mail: AskMail
) -> None:
    first = client()
    token = ask_mail(first, "ben@example.org").token
    created = first.post("/api/auth/verify", json={"token": token})
    assert created.status_code == 200, created.text

    second = client()  # another device, another session
    code = ask_mail(second, "Ben@Example.ORG").code
    again = second.post("/api/auth/verify", json={"email": "BEN@example.org", "code": code})

    assert again.status_code == 200, again.text
    assert again.json()["id"] == created.json()["id"]
    assert len(second.get("/api/me/badges").json()) == 1
    assert first.get("/api/me").status_code == 200  # the first device stays signed in


def test_new_person_does_not_show_their_email_as_their_name(
    client: Client, ask_mail: AskMail
) -> None:
    # Scanners see the display name; the email address is private to its owner.
    c = client()
    code = ask_mail(c, "jane.private.1987@example.org").code
    me = c.post(
        "/api/auth/verify", json={"email": "jane.private.1987@example.org", "code": code}
    ).json()
    assert "jane" not in me["display_name"]


def test_answer_is_identical_for_known_and_unknown_addresses(
    sign_in: Callable[..., httpx.Client], client: Client, mailbox: Mailbox
) -> None:
    sign_in("known@example.org")
    c = client()

    known = c.post("/api/auth/email", json={"email": "known@example.org"})
    unknown = c.post("/api/auth/email", json={"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 202
    assert known.content == unknown.content
    ignored = {"date", "x-request-id"}  # every answer has its own id
    assert {k: v for k, v in known.headers.items() if k not in ignored} == {
        k: v for k, v in unknown.headers.items() if k not in ignored
    }
    # Both get a mail: the unknown one signs up by using it.
    assert mailbox.code_for("nobody@example.org")


def test_codes_links_and_sessions_are_stored_only_as_hashes(
    client: Client, ask_mail: AskMail, session: Session
) -> None:
    c = client()
    mailed = ask_mail(c, "hash@example.org")
    c.post("/api/auth/verify", json={"email": "hash@example.org", "code": mailed.code})
    cookie = next(iter(c.cookies.values()))

    code = session.scalars(select(SignInCode)).one()
    stored_session = session.scalars(select(AuthSession)).one()
    assert mailed.code not in code.code_hash
    assert mailed.token not in code.link_hash
    assert cookie not in stored_session.token_hash


@pytest.mark.parametrize("way", ["code", "link"])
def test_expired_code_or_link_is_refused(
    way: str, client: Client, ask_mail: AskMail, session: Session
) -> None:
    c = client()
    mailed = ask_mail(c, "late@example.org")
    session.execute(
        update(SignInCode)
        .where(SignInCode.email == "late@example.org")
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )
    session.commit()

    body = (
        {"email": "late@example.org", "code": mailed.code}
        if way == "code"
        else {"token": mailed.token}
    )
    response = c.post("/api/auth/verify", json=body)

    assert response.status_code == 401
    assert response.json()["code"] == "code_invalid"
    assert c.get("/api/me").status_code == 401


def test_a_code_works_once_and_its_link_dies_with_it(client: Client, ask_mail: AskMail) -> None:
    c = client()
    mailed = ask_mail(c, "once@example.org")
    body = {"email": "once@example.org", "code": mailed.code}
    assert c.post("/api/auth/verify", json=body).status_code == 200

    replay = client().post("/api/auth/verify", json=body)
    link = client().post("/api/auth/verify", json={"token": mailed.token})

    assert replay.status_code == 401
    assert replay.json()["code"] == "code_invalid"
    assert link.status_code == 401


def test_a_link_works_once(client: Client, ask_mail: AskMail) -> None:
    c = client()
    token = ask_mail(c, "link@example.org").token
    assert c.post("/api/auth/verify", json={"token": token}).status_code == 200

    again = client().post("/api/auth/verify", json={"token": token})

    assert again.status_code == 401
    assert again.json()["code"] == "code_invalid"


def test_the_same_code_sent_twice_at_once_signs_in_only_once(
    client: Client, ask_mail: AskMail, session: Session
) -> None:
    mailed = ask_mail(client(), "race@example.org")
    body = {"email": "race@example.org", "code": mailed.code}
    clients = [client(), client()]
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def verify(c: httpx.Client) -> None:
        barrier.wait()
        statuses.append(c.post("/api/auth/verify", json=body).status_code)

    threads = [threading.Thread(target=verify, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(statuses) == [200, 401]
    assert session.scalars(select(Person).where(Person.email == "race@example.org")).all()


def test_after_a_few_wrong_codes_even_the_right_one_is_refused(
    client: Client, ask_mail: AskMail, server: Server
) -> None:
    c = client()
    mailed = ask_mail(c, "guess@example.org")
    for _ in range(server.settings.code_attempts):
        response = c.post(
            "/api/auth/verify", json={"email": "guess@example.org", "code": wrong(mailed.code)}
        )
        assert response.status_code == 401

    right = c.post("/api/auth/verify", json={"email": "guess@example.org", "code": mailed.code})

    assert right.status_code == 429
    assert right.json()["code"] == "too_many_requests"
    assert int(right.headers["Retry-After"]) > 0
    assert c.get("/api/me").status_code == 401


def test_a_code_that_died_of_wrong_guesses_stays_dead_after_a_new_mail(
    client: Client, ask_mail: AskMail, server: Server
) -> None:
    c = client()
    dead = ask_mail(c, "guess@example.org")
    for _ in range(server.settings.code_attempts + 1):
        c.post("/api/auth/verify", json={"email": "guess@example.org", "code": wrong(dead.code)})
    fresh = ask_mail(c, "guess@example.org")

    old = c.post("/api/auth/verify", json={"email": "guess@example.org", "code": dead.code})
    new = c.post("/api/auth/verify", json={"email": "guess@example.org", "code": fresh.code})

    if dead.code != fresh.code:  # one in a million they are equal
        assert old.status_code == 401
    assert new.status_code == 200, new.text


def test_an_earlier_code_still_works_when_a_second_mail_was_asked_for(
    client: Client, ask_mail: AskMail
) -> None:
    # Impatient people ask twice and type the code of whichever mail arrives first.
    c = client()
    first = ask_mail(c, "twice@example.org")
    second = ask_mail(c, "twice@example.org")

    response = c.post("/api/auth/verify", json={"email": "twice@example.org", "code": first.code})

    assert response.status_code == 200, response.text
    # ...and that used up the other one.
    assert client().post("/api/auth/verify", json={"token": second.token}).status_code == 401


def test_sign_in_mails_per_address_are_limited(
    client: Client, mailbox: Mailbox, server: Server
) -> None:
    c = client()
    limit = server.settings.signin_mails_per_hour
    seen = mailbox.count_to("spam@example.org")
    for _ in range(limit):
        assert c.post("/api/auth/email", json={"email": "spam@example.org"}).status_code == 202
    mailbox.last_to("spam@example.org", after=seen + limit - 1)  # all of them delivered

    refused = c.post("/api/auth/email", json={"email": "spam@example.org"})

    assert refused.status_code == 429
    assert refused.json()["code"] == "too_many_requests"
    assert int(refused.headers["Retry-After"]) > 0
    assert mailbox.count_to("spam@example.org") == seen + limit
    assert c.post("/api/auth/email", json={"email": "other@example.org"}).status_code == 202


def test_the_address_limit_holds_while_other_limits_turn_over(
    client: Client, ask_mail: AskMail, server: Server
) -> None:
    # Other counters (code tries, sign-in attempts per IP) start and end their own
    # windows in between; that must not reset this one.
    c = client()
    for _ in range(server.settings.signin_mails_per_hour):
        mailed = ask_mail(c, "spam@example.org")
        c.post("/api/auth/verify", json={"email": "spam@example.org", "code": wrong(mailed.code)})

    refused = c.post("/api/auth/email", json={"email": "spam@example.org"})

    assert refused.status_code == 429


@pytest.mark.parametrize(
    "body",
    [
        {"email": "not-an-email"},
        {"email": "a@b"},
        {"email": ""},
        {"email": "x" * 250 + "@example.org"},
        {"email": "ana@example.org\nBcc: victim@example.org"},
        {"email": "ana@example.org", "admin": True},
        {},
        {"email": 42},
    ],
)
def test_invalid_sign_in_requests_are_refused(
    body: dict[str, object], client: Client, session: Session
) -> None:
    response = client().post("/api/auth/email", json=body)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert session.scalars(select(SignInCode)).all() == []


@pytest.mark.parametrize(
    "body",
    [
        {"email": "ana@example.org", "code": "12345"},
        {"email": "ana@example.org", "code": "abcdef"},
        {"email": "ana@example.org"},
        {"code": "123456"},
        {"token": "short"},
        {"token": "a" * 43, "email": "ana@example.org", "code": "123456"},
    ],
)
def test_malformed_verify_requests_are_refused(body: dict[str, object], client: Client) -> None:
    response = client().post("/api/auth/verify", json=body)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_a_code_for_another_address_does_not_work(client: Client, ask_mail: AskMail) -> None:
    c = client()
    mailed = ask_mail(c, "mine@example.org")

    response = c.post("/api/auth/verify", json={"email": "yours@example.org", "code": mailed.code})

    assert response.status_code == 401
