"""Scanning a badge with a real camera stream (chromium's fake camera playing a video of
the badge's QR), decoded by the zxing-wasm polyfill served from our own origin."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import expect

from tests.conftest import Server
from tests.e2e.conftest import badge_video, phone

NOTE = "penguins; wants the cataloguing slides"


def test_scan_shows_the_card_then_met_before_with_my_note(
    launch, server: Server, sign_in, tmp_path: Path
) -> None:
    ana = sign_in("ana@example.org", display_name="Ana Lima", affiliation="Library Co")
    ben = sign_in("ben@example.org", display_name="Ben Ortiz", affiliation="Univ. of Somewhere")
    browser = launch(camera=badge_video(ben, tmp_path / "ben.y4m"))

    # Three weeks ago, at the booth.
    then = phone(browser, server, signed_in=ana)
    then.clock.set_fixed_time(datetime.now(UTC) - timedelta(days=21))
    then.add_init_script("localStorage.setItem('place', 'booth 12')")
    fetched: list[str] = []
    then.on("request", lambda request: fetched.append(request.url))
    page = then.new_page()
    page.goto("/#/scan")
    expect(page.get_by_text("First time meeting Ben Ortiz — Univ. of Somewhere")).to_be_visible()
    expect(page.get_by_text("Meeting recorded.")).to_be_visible()
    # The polyfill decoded it, with its .wasm from our own origin: no CDN.
    assert f"{server.url}/vendor/zxing-wasm/zxing_reader.wasm" in fetched
    assert [u for u in fetched if not u.startswith((server.url, "blob:", "data:"))] == []
    page.get_by_label("Add a private note").fill(NOTE)
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_role("status").filter(has_text="Note saved")).to_be_visible()
    then.close()

    ben_id = ben.get("/api/me").json()["id"]
    ana_id = ana.get("/api/me").json()["id"]
    assert ben.post(f"/api/people/{ana_id}/confirm").status_code == 200

    # Today, scanning the same badge again.
    page = phone(browser, server, signed_in=ana).new_page()
    page.goto("/#/scan")
    verdict = page.locator(".verdict-met")
    expect(verdict).to_contain_text("You've met before — Ben Ortiz, first at booth 12")
    expect(verdict).to_contain_text(f"Your note: {NOTE}")
    expect(page.get_by_text("Meeting recorded.")).to_be_visible()

    card = ana.get(f"/api/people/{ben_id}").json()
    assert card["relationship"]["times_met"] == 2
    assert [n["body"] for n in card["notes"]] == [NOTE]
    assert card["relationship"]["first_met"]["place"] == "booth 12"
