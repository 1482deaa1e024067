"""The story's merge step on the My data screen: Ben adds his old address, sees what the
merge brings, confirms, and his friend Ana's card shows one person."""

import uuid

from playwright.sync_api import expect

from tests.conftest import Mailbox, Server
from tests.e2e.conftest import badge_url, phone


def test_adding_an_old_address_offers_the_merge_and_merges(
    launch, server: Server, sign_in, mailbox: Mailbox
) -> None:
    suffix = uuid.uuid4().hex[:6]
    old_address, new_address = f"ben.{suffix}@old.example", f"ben.{suffix}@new.example"
    ana = sign_in(f"ana.{suffix}@example.org", display_name="Ana Lima")
    old = sign_in(old_address, display_name="Ben Ortiz")
    new = sign_in(new_address, display_name="Ben Ortiz")
    scan = {"client_id": str(uuid.uuid4()), "token": badge_url(old)}
    assert ana.post("/api/scans", json=scan).status_code == 201
    old_id = old.get("/api/me").json()["id"]

    page = phone(launch(), server, signed_in=new).new_page()
    page.goto("/#/account")
    addresses = page.locator("section", has=page.get_by_role("heading", name="My addresses"))
    expect(addresses.get_by_text(new_address)).to_be_visible()
    seen = mailbox.count_to(old_address)
    page.get_by_label("Add an address").fill(old_address)
    page.get_by_role("button", name="Send code").click()
    page.get_by_label(f"Code mailed to {old_address}").fill(
        mailbox.code_for(old_address, after=seen)
    )
    page.get_by_role("button", name="Add address").click()

    expect(page.get_by_text("This address has an account of its own")).to_be_visible()
    expect(page.get_by_text("1 pending scan", exact=False)).to_be_visible()
    merge = page.get_by_role("button", name="Merge into this account")
    expect(merge).to_be_disabled()
    page.get_by_label("Merge them", exact=False).check()
    merge.click()

    expect(page.get_by_text(f"Merged: {old_address} is part of this account now.")).to_be_visible()
    expect(addresses.get_by_text(old_address)).to_be_visible()
    new_id = new.get("/api/me").json()["id"]
    people = ana.get("/api/people").json()["items"]
    assert [p["person"]["id"] for p in people] == [new_id]
    # Ana's saved link to the old account leads to the one person now.
    assert ana.get(f"/api/people/{old_id}").json()["person"]["id"] == new_id
