"""At the booth with no network: the app reloads, friends' cards open, a scan of a
friend's badge is recognised from the phone's copy and waits in the outbox, and once the
network is back it is recorded exactly once."""

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.conftest import Server
from tests.e2e.conftest import badge_url, badge_video, phone

NOTE = "penguins; wants the cataloguing slides"


def my_meetings(c, person_id: str) -> list[dict]:
    card = c.get(f"/api/people/{person_id}").json()
    return [
        m
        for group in card["relationship"]["meetings_by_event"]
        for m in group["meetings"]
        if m["i_scanned"]
    ]


def offline_ready(page: Page) -> None:
    """The service worker controls the page and the phone's copy holds a friend."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.goto("/#/friends")
    expect(page.get_by_role("link", name="Ben Ortiz")).to_be_visible()


def test_offline_reload_card_and_scan_then_sync_once(
    launch, server: Server, sign_in, tmp_path: Path
) -> None:
    ana = sign_in("ana@example.org", display_name="Ana Lima")
    ben = sign_in("ben@example.org", display_name="Ben Ortiz", affiliation="Univ. of Somewhere")
    ana_id, ben_id = ana.get("/api/me").json()["id"], ben.get("/api/me").json()["id"]
    earlier = (datetime.now(UTC) - timedelta(days=25)).isoformat()
    first = {"client_id": str(uuid.uuid4()), "token": badge_url(ben), "place": "booth 12"}
    assert ana.post("/api/scans", json={**first, "scanned_at": earlier}).status_code == 201
    assert ana.post(f"/api/people/{ben_id}/notes", json={"body": NOTE}).status_code == 201
    assert ben.post(f"/api/people/{ana_id}/confirm").status_code == 200

    context = phone(launch(camera=badge_video(ben, tmp_path / "ben.y4m")), server, signed_in=ana)
    page = context.new_page()
    page.goto("/#/badge")
    offline_ready(page)

    context.set_offline(True)
    page.reload()
    expect(page.get_by_text("Offline", exact=True)).to_be_visible()
    # The service worker answers the app's pages from its cache, but never the API.
    answer = page.evaluate("() => fetch('/api/me').then((r) => r.status, () => 'no network')")
    assert answer == "no network"
    expect(page.get_by_role("heading", name="Friends")).to_be_visible()
    page.get_by_role("link", name="Ben Ortiz").click()
    expect(page.get_by_role("heading", name="Ben Ortiz", level=1)).to_be_visible()
    expect(page.get_by_text(NOTE)).to_be_visible()
    expect(page.get_by_text("From the phone's copy")).to_be_visible()

    page.get_by_role("link", name="Scan", exact=True).click()
    verdict = page.locator(".verdict-met")
    expect(verdict).to_contain_text("You've met before — Ben Ortiz, first at booth 12")
    expect(verdict).to_contain_text(f"Your note: {NOTE}")
    pending = page.locator("#pending")
    expect(pending).to_have_text("1 scan waiting to sync")

    # Reloading (or closing the app) loses nothing.
    page.get_by_role("link", name="My badge").click()
    page.reload()
    expect(pending).to_have_text("1 scan waiting to sync")
    assert len(my_meetings(ana, ben_id)) == 1

    context.set_offline(False)
    expect(pending).to_be_hidden()
    page.reload()  # a second flush on load sends nothing twice
    expect(page.get_by_role("img", name="QR code of your Personal badge")).to_be_visible()
    meetings = my_meetings(ana, ben_id)
    assert len(meetings) == 2
    assert sorted(m["place"] for m in meetings) == ["", "booth 12"]


def test_an_unknown_badge_scanned_offline_is_saved_for_later(
    launch, server: Server, sign_in, tmp_path: Path
) -> None:
    ana = sign_in("ana@example.org", display_name="Ana Lima")
    cleo = sign_in("cleo@example.org", display_name="Cleo Park")
    cleo_id = cleo.get("/api/me").json()["id"]
    context = phone(launch(camera=badge_video(cleo, tmp_path / "cleo.y4m")), server, signed_in=ana)
    page = context.new_page()
    page.goto("/#/badge")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    context.set_offline(True)
    page.get_by_role("link", name="Scan", exact=True).click()
    expect(page.get_by_text("Saved — details when you're back online.")).to_be_visible()
    page.get_by_label("Add a private note").fill("met at the coffee queue")
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_text("Note saved. It is sent with the scan.")).to_be_visible()

    context.set_offline(False)
    expect(page.get_by_text("First time meeting Cleo Park")).to_be_visible()
    expect(page.locator("#pending")).to_be_hidden()
    card = ana.get(f"/api/people/{cleo_id}").json()
    assert [n["body"] for n in card["notes"]] == ["met at the coffee queue"]
    assert len(my_meetings(ana, cleo_id)) == 1
