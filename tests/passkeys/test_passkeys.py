"""Passkeys through the API, made and used by a software authenticator with real
signatures: register, sign in, and every way an answer is refused."""

import os
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from metbefore.passkeys.models import Passkey, PasskeyChallenge
from tests.conftest import Mailbox, Server, free_port, serving, text_of
from tests.passkeys.authenticator import SoftAuthenticator, b64url
from tests.passkeys.conftest import Holder, new_address

Register = Callable[..., Holder]
PasskeySignIn = Callable[..., tuple[httpx.Client, httpx.Response]]


def count(engine: Engine, model: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


def refused(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["code"] == code, response.text


@pytest.mark.parametrize("fmt", ["none", "packed"])
def test_a_registered_passkey_signs_in_a_new_browser_like_the_mailed_code(
    register: Register, passkey_sign_in: PasskeySignIn, mailbox: Mailbox, fmt: str
) -> None:
    ana = register("ana", fmt=fmt)

    listed = ana.http.get("/api/me/passkeys").json()
    assert [p["id"] for p in listed] == [ana.passkey["id"]]
    assert listed[0]["last_used_at"] is None
    notice = mailbox.titled(ana.email, "A passkey was added to your Met Before account")
    assert ana.passkey["name"] in text_of(notice)

    browser, answer = passkey_sign_in(ana.key)

    assert answer.status_code == 200, answer.text
    assert answer.json()["email"] == ana.email
    assert browser.get("/api/me").json()["email"] == ana.email
    assert "metbefore_session" in browser.cookies
    assert "metbefore_passkey" not in browser.cookies
    assert ana.http.get("/api/me/passkeys").json()[0]["last_used_at"] is not None
    exported = ana.http.get("/api/me/export").json()["passkeys"]
    assert [p["id"] for p in exported] == [ana.passkey["id"]]


def test_the_registration_options_ask_for_a_discoverable_credential_and_exclude_mine(
    register: Register, server: Server
) -> None:
    ana = register("ana")

    options = ana.http.post("/api/me/passkeys/options").json()

    assert options["rp"]["id"] == "127.0.0.1"  # METBEFORE_BASE_URL's host
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["authenticatorSelection"]["userVerification"] == "preferred"
    assert [c["id"] for c in options["excludeCredentials"]] == [b64url(ana.key.credential_id)]


def test_a_replayed_sign_in_is_refused(
    register: Register, client: Callable[[], httpx.Client]
) -> None:
    ana = register("ana")
    browser = client()
    options = browser.post("/api/auth/passkey/options").json()
    cookie = browser.cookies["metbefore_passkey"]
    answer = {"credential": ana.key.get(options)}
    assert browser.post("/api/auth/passkey", json=answer).status_code == 200

    # The same answer again, with the cookie the challenge was given with.
    again = client()
    again.cookies.set("metbefore_passkey", cookie, domain="127.0.0.1")
    refused(again.post("/api/auth/passkey", json=answer), 401, "passkey_challenge_invalid")


def test_an_answer_refused_still_spends_its_challenge(
    register: Register, client: Callable[[], httpx.Client], server: Server
) -> None:
    ana = register("ana")
    browser = client()
    options = browser.post("/api/auth/passkey/options").json()
    lying = {"credential": ana.key.get(options, origin="https://evil.example")}
    refused(browser.post("/api/auth/passkey", json=lying), 401, "passkey_invalid")

    honest = {"credential": ana.key.get(options)}
    refused(browser.post("/api/auth/passkey", json=honest), 401, "passkey_challenge_invalid")


def test_a_challenge_given_to_another_browser_is_refused(
    register: Register, client: Callable[[], httpx.Client]
) -> None:
    ana = register("ana")
    mallory, victim = client(), client()
    mallory.post("/api/auth/passkey/options")
    options = victim.post("/api/auth/passkey/options").json()
    answer = {"credential": ana.key.get(options)}

    refused(mallory.post("/api/auth/passkey", json=answer), 401, "passkey_challenge_invalid")
    refused(client().post("/api/auth/passkey", json=answer), 401, "passkey_challenge_invalid")
    # The browser it was given to may still use it.
    assert victim.post("/api/auth/passkey", json=answer).status_code == 200


def test_a_registration_challenge_of_another_session_is_refused(
    sign_in: Callable[..., httpx.Client], server: Server
) -> None:
    email = new_address("ana")
    phone, laptop = sign_in(email), sign_in(email)
    key = SoftAuthenticator(origin=server.settings.origin)
    options = phone.post("/api/me/passkeys/options").json()
    credential = {"credential": key.create(options)}

    refused(laptop.post("/api/me/passkeys", json=credential), 422, "passkey_challenge_invalid")
    ben = sign_in(new_address("ben"))
    refused(ben.post("/api/me/passkeys", json=credential), 422, "passkey_challenge_invalid")
    assert phone.post("/api/me/passkeys", json=credential).status_code == 201
    refused(phone.post("/api/me/passkeys", json=credential), 422, "passkey_challenge_invalid")


@pytest.mark.parametrize(
    "lie", [{"origin": "https://evil.example"}, {"rp_id": "evil.example"}], ids=["origin", "rp_id"]
)
def test_a_wrong_origin_or_rp_id_is_refused(
    register: Register,
    passkey_sign_in: PasskeySignIn,
    sign_in: Callable[..., httpx.Client],
    server: Server,
    engine: Engine,
    lie: dict[str, str],
) -> None:
    ana = register("ana")
    _, answer = passkey_sign_in(ana.key, **lie)
    refused(answer, 401, "passkey_invalid")

    ben = sign_in(new_address("ben"))
    key = SoftAuthenticator(origin=server.settings.origin)
    options = ben.post("/api/me/passkeys/options").json()
    made = ben.post("/api/me/passkeys", json={"credential": key.create(options, **lie)})
    refused(made, 422, "passkey_invalid")
    assert count(engine, Passkey) == 1


def test_a_counter_that_goes_backwards_is_refused(
    register: Register, passkey_sign_in: PasskeySignIn
) -> None:
    ana = register("ana", counter=5)
    assert passkey_sign_in(ana.key)[1].status_code == 200  # 6

    refused(passkey_sign_in(ana.key, counter=6)[1], 401, "passkey_counter_invalid")
    refused(passkey_sign_in(ana.key, counter=3)[1], 401, "passkey_counter_invalid")
    refused(passkey_sign_in(ana.key, counter=0)[1], 401, "passkey_counter_invalid")
    assert passkey_sign_in(ana.key, counter=7)[1].status_code == 200


def test_a_synced_passkey_that_always_counts_zero_signs_in_again_and_again(
    register: Register, passkey_sign_in: PasskeySignIn
) -> None:
    ana = register("ana", synced=True)
    assert ana.passkey["backed_up"] is True
    for _ in range(3):
        assert passkey_sign_in(ana.key)[1].status_code == 200


def test_a_removed_passkey_signs_nobody_in(
    register: Register, passkey_sign_in: PasskeySignIn
) -> None:
    ana = register("ana")
    assert ana.http.delete(f"/api/me/passkeys/{ana.passkey['id']}").status_code == 204
    assert ana.http.get("/api/me/passkeys").json() == []

    refused(passkey_sign_in(ana.key)[1], 401, "passkey_unknown")


def test_someone_elses_passkey_is_not_found(register: Register) -> None:
    ana, ben = register("ana"), register("ben")
    path = f"/api/me/passkeys/{ana.passkey['id']}"

    refused(ben.http.delete(path), 404, "not_found")
    refused(ben.http.patch(path, json={"name": "mine now"}), 404, "not_found")
    assert [p["name"] for p in ana.http.get("/api/me/passkeys").json()] == [ana.passkey["name"]]


def test_my_passkey_is_renamed(register: Register) -> None:
    ana = register("ana")
    path = f"/api/me/passkeys/{ana.passkey['id']}"

    renamed = ana.http.patch(path, json={"name": "  Pixel 9  "})

    assert renamed.status_code == 200, renamed.text
    assert [p["name"] for p in ana.http.get("/api/me/passkeys").json()] == ["Pixel 9"]
    refused(ana.http.patch(path, json={"name": ""}), 422, "invalid_input")


def test_the_same_credential_is_registered_once(register: Register, server: Server) -> None:
    ana = register("ana")
    options = ana.http.post("/api/me/passkeys/options").json()
    options["excludeCredentials"] = []  # an authenticator that ignores the list
    again = ana.http.post("/api/me/passkeys", json={"credential": ana.key.create(options)})
    refused(again, 409, "passkey_exists")


def test_a_sign_in_without_options_or_with_garbage_is_refused_not_a_crash(
    register: Register, client: Callable[[], httpx.Client]
) -> None:
    ana = register("ana")
    browser = client()
    options = browser.post("/api/auth/passkey/options").json()
    answer = ana.key.get(options)

    refused(
        client().post("/api/auth/passkey", json={"credential": answer}),
        401,
        "passkey_challenge_invalid",
    )
    garbage = {**answer, "response": {**answer["response"], "clientDataJSON": "AAAA"}}
    refused(browser.post("/api/auth/passkey", json={"credential": garbage}), 401, "passkey_invalid")
    signature = {**answer, "response": {**answer["response"], "signature": "AAAA"}}
    refused(
        browser.post("/api/auth/passkey", json={"credential": signature}), 401, "passkey_invalid"
    )


def test_deleting_the_account_removes_its_passkeys(
    register: Register, mailbox: Mailbox, engine: Engine, passkey_sign_in: PasskeySignIn
) -> None:
    ana = register("ana")
    ana.http.post("/api/me/passkeys/options")  # a challenge outstanding too
    seen = mailbox.count_to(ana.email)
    assert ana.http.post("/api/me/delete-code").status_code == 202
    code = mailbox.code_for(ana.email, after=seen)

    assert ana.http.request("DELETE", "/api/me", json={"code": code}).status_code == 204

    assert count(engine, Passkey) == 0
    assert count(engine, PasskeyChallenge) == 0
    refused(passkey_sign_in(ana.key)[1], 401, "passkey_unknown")


def test_registrations_are_rate_limited_per_person(register: Register) -> None:
    ana = register("ana")  # two hits: the options and the answer
    answers = [ana.http.post("/api/me/passkeys/options") for _ in range(29)]

    assert {a.status_code for a in answers[:28]} == {200}
    refused(answers[28], 429, "too_many_requests")
    assert "Retry-After" in answers[28].headers


def test_a_browser_may_answer_either_of_two_challenges_it_was_given(
    register: Register, client: Callable[[], httpx.Client]
) -> None:
    # The email field's autofill asked first, then the button: both challenges are this
    # browser's, whichever of their options arrived last.
    ana = register("ana")
    browser = client()
    first = browser.post("/api/auth/passkey/options").json()
    browser.post("/api/auth/passkey/options")

    assert browser.post("/api/auth/passkey", json={"credential": ana.key.get(first)}).is_success


def test_a_challenge_one_worker_gave_is_answered_at_another(
    register: Register, client: Callable[[], httpx.Client], server: Server
) -> None:
    ana = register("ana")
    port = free_port()
    with serving(server.settings, port):  # a second worker behind the same address
        browser = client()
        options = browser.post("/api/auth/passkey/options").json()
        answer = {"credential": ana.key.get(options)}

        signed_in = browser.post(f"http://127.0.0.1:{port}/api/auth/passkey", json=answer)

    assert signed_in.status_code == 200, signed_in.text
    assert browser.get("/api/me").json()["email"] == ana.email


def test_an_account_keeps_at_most_twenty_passkeys(
    register: Register, session: Session, engine: Engine
) -> None:
    ana = register("ana")
    person_id = session.scalars(select(Passkey.person_id)).one()
    session.add_all(
        Passkey(person_id=person_id, credential_id=os.urandom(16), public_key=b"-", name=f"{i}")
        for i in range(19)
    )
    session.commit()

    refused(ana.http.post("/api/me/passkeys/options"), 409, "passkey_limit")
    assert count(engine, Passkey) == 20
