"""Introductions in the app: made from a friend's card, accepted by both in their inbox,
after which the two see each other as friends."""

import uuid

import httpx
from playwright.sync_api import Page, expect

from tests.conftest import Server
from tests.e2e.conftest import badge_url, phone, reload_offline


def befriend(a: httpx.Client, b: httpx.Client) -> None:
    scan = {"client_id": str(uuid.uuid4()), "token": badge_url(b)}
    assert a.post("/api/scans", json=scan).status_code == 201
    assert b.post(f"/api/people/{a.get('/api/me').json()['id']}/confirm").status_code == 200


def send_introduction(page: Page, first: str, second: str, second_label: str, message: str) -> None:
    """On the Introduce screen (opened from a card or an ask): pick, write, send."""
    expect(page.get_by_role("heading", name=f"Introduce {first}", level=1)).to_be_visible()
    page.get_by_label(f"Introduce {first} to").select_option(label=second_label)
    page.get_by_label("Message to both").fill(message)
    page.get_by_role("button", name="Send introduction").click()
    expect(page.get_by_text(f"{first} and {second} will find your introduction")).to_be_visible()


def accept(page: Page, other: str, said: str) -> None:
    page.goto("/#/inbox")
    expect(page.get_by_role("heading", name="Introductions")).to_be_visible()
    expect(page.get_by_text("Introduced by Ana Lima")).to_be_visible()
    expect(page.get_by_text("You both catalogue penguins.")).to_be_visible()
    page.get_by_role("button", name=f"Accept introduction to {other}").click()
    expect(page.get_by_role("status").filter(has_text=said)).to_be_visible()


def test_an_introduction_made_in_the_app_is_accepted_by_both(
    launch, server: Server, sign_in
) -> None:
    ana = sign_in("ana@example.org", display_name="Ana Lima")
    ben = sign_in("ben@example.org", display_name="Ben Ortiz")
    cleo = sign_in("cleo@example.org", display_name="Cleo Park", affiliation="Penguin Trust")
    befriend(ana, ben)
    befriend(ana, cleo)
    ben_id = ben.get("/api/me").json()["id"]
    cleo_id = cleo.get("/api/me").json()["id"]
    browser = launch()

    page = phone(browser, server, signed_in=ana).new_page()
    page.goto(f"/#/people/{ben_id}")
    page.get_by_role("link", name="Introduce to a friend").click()
    send_introduction(
        page, "Ben Ortiz", "Cleo Park", "Cleo Park — Penguin Trust", "You both catalogue penguins."
    )

    ben_page = phone(browser, server, signed_in=ben).new_page()
    accept(ben_page, "Cleo Park", "You connect as soon as Cleo Park accepts too.")

    # Offline, the inbox the phone last saw still shows the introduction.
    cleo_context = phone(browser, server, signed_in=cleo)
    cleo_page = cleo_context.new_page()
    cleo_page.goto("/#/inbox")
    expect(cleo_page.get_by_text("Introduced by Ana Lima")).to_be_visible()
    reload_offline(cleo_context, cleo_page)
    expect(cleo_page.get_by_text("You both catalogue penguins.")).to_be_visible()
    cleo_context.set_offline(False)
    accept(cleo_page, "Ben Ortiz", "You and Ben Ortiz are now friends.")

    cleo_page.goto("/#/friends")
    expect(cleo_page.get_by_role("link", name="Ben Ortiz")).to_be_visible()
    card = ben.get(f"/api/people/{cleo_id}").json()
    assert card["relationship"]["status"] == "mutual"
    assert card["relationship"]["introduced_by"]["display_name"] == "Ana Lima"
    friends = cleo.get("/api/friends").json()["items"]
    assert sorted(f["person"]["display_name"] for f in friends) == ["Ana Lima", "Ben Ortiz"]
