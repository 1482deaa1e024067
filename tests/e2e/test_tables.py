"""Three phones at a dinner table: the host opens it and shows its QR, two others sit down
by scanning it with the in-app scanner (chromium's fake camera), each adds the others (one
add queued offline), and every card then says they are friends."""

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from metbefore.badges.qr import qr_png
from tests.conftest import Server
from tests.e2e.conftest import new_address, phone, qr_video


def add_everyone(page: Page, count: int) -> None:
    page.get_by_role("button", name="I met everyone").click()
    expect(page.get_by_text("Met ✓")).to_have_count(count)


def test_three_phones_at_a_table_add_each_other_and_become_friends(
    launch, server: Server, sign_in, tmp_path: Path
) -> None:
    people = {
        name: sign_in(new_address(name.split()[0].lower()), display_name=name)
        for name in ("Ana Lima", "Ben Ortiz", "Cara Diaz")
    }
    host = phone(launch(), server, signed_in=people["Ana Lima"]).new_page()
    host.goto("/#/table")
    host.get_by_label("What is it?").fill("Dinner at Luigi's")
    host.get_by_role("button", name="Open a table").click()
    expect(host.get_by_role("heading", name="Dinner at Luigi's")).to_be_visible()
    expect(host.get_by_role("img", name="QR code of this table")).to_be_visible()
    token = re.fullmatch(r".*#/table/([A-Za-z0-9_-]+)", host.url)
    assert token is not None
    camera = qr_video(qr_png(f"{server.url}/t/{token[1]}"), tmp_path / "table.y4m")

    # Ben and Cara point the in-app scanner at the table's code on Ana's phone.
    scanning = launch(camera=camera)
    guests = {}
    for name in ("Ben Ortiz", "Cara Diaz"):
        page = phone(scanning, server, signed_in=people[name]).new_page()
        page.goto("/#/scan")
        expect(page.get_by_role("heading", name="Dinner at Luigi's")).to_be_visible()
        guests[name] = page
    ben, cara = guests["Ben Ortiz"], guests["Cara Diaz"]
    # Nobody has met anybody by sitting down; the host's roster fills in by itself.
    expect(host.get_by_role("heading", name="At this table: 3")).to_be_visible()
    expect(host.get_by_role("button", name="Add Cara Diaz")).to_be_visible()
    assert people["Ana Lima"].get("/api/people").json()["items"] == []

    add_everyone(host, 2)
    ben.get_by_role("button", name="Add Ana Lima").click()
    expect(ben.get_by_text("Met ✓")).to_have_count(1)
    add_everyone(cara, 2)
    # The Wi-Fi drops: Ben's add waits in the outbox and goes when it is back.
    ben.context.set_offline(True)
    ben.get_by_role("button", name="Add Cara Diaz").click()
    expect(ben.get_by_text("Met — syncs when online")).to_be_visible()
    expect(ben.locator("#pending")).to_have_text("1 scan waiting to sync")  # an add is a scan
    ben.context.set_offline(False)
    expect(ben.get_by_text("Met ✓")).to_have_count(2)

    for page, other in ((host, "Ben Ortiz"), (ben, "Cara Diaz"), (cara, "Ana Lima")):
        page.get_by_role("link", name=other).click()
        expect(page.get_by_role("heading", name=other)).to_be_visible()
        expect(page.locator(".facts")).to_contain_text("Friends")
        expect(page.locator(".facts")).to_contain_text("Dinner at Luigi's")
    host.goto("/#/table")
    host.get_by_role("link", name="Back to my table").click()
    host.get_by_role("button", name="Close the table").click()
    expect(host.get_by_role("alert")).to_contain_text("The table is closed.")
