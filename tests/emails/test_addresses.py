"""Several verified addresses per account: add by code, sign in with any, one primary."""

import uuid
from collections.abc import Callable

import httpx

from tests.conftest import Mailbox, text_of
from tests.meetings.factories import Someone


def fresh(name: str) -> str:
    return f"{name}.{uuid.uuid4().hex[:8]}@example.org"


def signed_in_as(client: Callable[[], httpx.Client], mailbox: Mailbox, email: str) -> httpx.Client:
    c = client()
    seen = mailbox.count_to(email)
    assert c.post("/api/auth/email", json={"email": email}).status_code == 202
    code = mailbox.code_for(email, after=seen)
    verified = c.post("/api/auth/verify", json={"email": email, "code": code})
    assert verified.status_code == 200, verified.text
    return c


def test_an_added_address_signs_in_to_the_same_account_and_the_others_are_told(
    person: Callable[..., Someone],
    add_address: Callable[[Someone, str], dict],
    client: Callable[[], httpx.Client],
    mailbox: Mailbox,
) -> None:
    ben = person("Ben Ortiz")
    new = fresh("ben")
    notices = mailbox.count_to(ben.email)

    answer = add_address(ben, new)

    assert answer["status"] == "added"
    assert (answer["address"]["email"], answer["address"]["primary"]) == (new, False)
    listed = ben.http.get("/api/me/emails").json()
    assert [(a["email"], a["primary"], a["verified"]) for a in listed] == [
        (ben.email, True, True),
        (new, False, True),
    ]
    notice = mailbox.last_to(ben.email, after=notices)
    assert new in text_of(notice)
    assert "If this wasn't you" in text_of(notice)
    # Signing in with the new address reaches Ben's account.
    other_phone = signed_in_as(client, mailbox, new)
    assert other_phone.get("/api/me").json()["id"] == ben.id


def test_an_address_is_added_only_with_its_own_code_for_its_own_account(
    person: Callable[..., Someone], mailbox: Mailbox, add_address: Callable[[Someone, str], dict]
) -> None:
    ana, eve = person("Ana Lima"), person("Eve Stone")
    target = fresh("ana-work")
    assert eve.http.post("/api/me/emails", json={"email": target}).status_code == 202
    eves_code = mailbox.code_for(target)

    # A wrong code, and Eve's code tried by Ana for the same address: refused.
    wrong = eve.http.post("/api/me/emails/verify", json={"email": target, "code": "000000"})
    assert (wrong.status_code, wrong.json()["code"]) == (403, "code_invalid")
    theft = ana.http.post("/api/me/emails/verify", json={"email": target, "code": eves_code})
    assert (theft.status_code, theft.json()["code"]) == (403, "code_invalid")
    # A code sent to one address does not prove another.
    other = fresh("other")
    assert eve.http.post("/api/me/emails", json={"email": other}).status_code == 202
    crossed = eve.http.post("/api/me/emails/verify", json={"email": other, "code": eves_code})
    assert crossed.status_code == 403
    # Eve's unverified addition reserves nothing: the address's owner adds it.
    assert add_address(ana, target)["status"] == "added"
    assert [a["email"] for a in eve.http.get("/api/me/emails").json()] == [eve.email]
    # Eve's code still proves that mailbox, which now is Ana's: whoever reads it could
    # sign in to Ana's account with it anyway, so it offers Eve a merge, nothing more.
    late = eve.http.post("/api/me/emails/verify", json={"email": target, "code": eves_code})
    assert (late.status_code, late.json()["status"]) == (200, "merge_available")
    assert [a["email"] for a in ana.http.get("/api/me/emails").json()] == [ana.email, target]


def test_primary_address_and_removal(
    person: Callable[..., Someone],
    add_address: Callable[[Someone, str], dict],
    client: Callable[[], httpx.Client],
    mailbox: Mailbox,
) -> None:
    ben, eve = person("Ben Ortiz"), person("Eve Stone")
    new = fresh("ben-new")
    added = add_address(ben, new)["address"]
    old = next(a for a in ben.http.get("/api/me/emails").json() if a["primary"])

    listed = ben.http.patch(f"/api/me/emails/{added['id']}", json={"primary": True}).json()
    assert [(a["email"], a["primary"]) for a in listed] == [(ben.email, False), (new, True)]
    assert ben.http.get("/api/me").json()["email"] == new
    # Mail goes to the primary address now.
    seen = mailbox.count_to(new)
    assert ben.http.post("/api/me/delete-code").status_code == 202
    assert mailbox.last_to(new, after=seen)

    refused = ben.http.delete(f"/api/me/emails/{added['id']}")
    assert (refused.status_code, refused.json()["code"]) == (409, "primary_address")
    assert eve.http.delete(f"/api/me/emails/{old['id']}").status_code == 404
    assert eve.http.patch(f"/api/me/emails/{old['id']}", json={"primary": True}).status_code == 404
    assert ben.http.patch(f"/api/me/emails/{old['id']}", json={"primary": False}).status_code == 422
    assert ben.http.delete(f"/api/me/emails/{old['id']}").status_code == 204
    assert [a["email"] for a in ben.http.get("/api/me/emails").json()] == [new]
    # The removed address is free: signing in with it makes a new account.
    stranger = signed_in_as(client, mailbox, ben.email)
    assert stranger.get("/api/me").json()["id"] != ben.id


def test_export_lists_every_address_and_deleting_the_account_frees_them(
    person: Callable[..., Someone],
    add_address: Callable[[Someone, str], dict],
    client: Callable[[], httpx.Client],
    mailbox: Mailbox,
) -> None:
    ben = person("Ben Ortiz")
    new = fresh("ben-second")
    add_address(ben, new)
    assert ben.http.get("/api/me/export").json()["addresses"] == [ben.email, new]

    seen = mailbox.count_to(ben.email)
    assert ben.http.post("/api/me/delete-code").status_code == 202
    code = mailbox.code_for(ben.email, after=seen)
    assert ben.http.request("DELETE", "/api/me", json={"code": code}).status_code == 204

    again = signed_in_as(client, mailbox, new)
    assert again.get("/api/me").json()["id"] != ben.id
    assert [a["email"] for a in again.get("/api/me/emails").json()] == [new]


def test_an_internationalised_address_is_added_and_signs_in(
    person: Callable[..., Someone],
    add_address: Callable[[Someone, str], dict],
    client: Callable[[], httpx.Client],
    mailbox: Mailbox,
) -> None:
    zoe = person("Zoë Ångström")
    address = f"zoë.{uuid.uuid4().hex[:6]}@exämple.org"

    assert add_address(zoe, address)["status"] == "added"

    assert signed_in_as(client, mailbox, address).get("/api/me").json()["id"] == zoe.id
