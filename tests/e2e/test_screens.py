"""Every screen at phone size (360x640), light and dark: nothing wider than the screen,
touch targets of at least 44 px, a heading to land on. Screenshots go to
$METBEFORE_SCREENSHOTS when set (the README's pictures), else to a temporary folder."""

import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import Server
from tests.e2e.conftest import badge_url, badge_video, phone

SMALL_TARGETS = """() => {
  const selector = "button, .button, summary, .tabs a, .person, .check, " +
    "input:not([type=checkbox]):not(.visually-hidden), textarea, select";
  return [...document.querySelectorAll(selector)]
    .filter((el) => el.getClientRects().length && !el.closest("[hidden]"))
    .map((el) => [el, el.getBoundingClientRect()])
    .filter(([, r]) => r.height < 44 || r.width < 44)
    .map(([el, r]) => `${el.tagName} "${el.textContent.trim().slice(0, 30)}" ${r.height}px`);
}"""
WIDER_THAN_SCREEN = "() => document.documentElement.scrollWidth > window.innerWidth"


def check(page: Page, name: str, out: Path) -> None:
    expect(page.locator("h1")).to_have_count(1)
    assert page.evaluate(SMALL_TARGETS) == [], name
    assert not page.evaluate(WIDER_THAN_SCREEN), name
    page.evaluate("() => document.getElementById('notices').replaceChildren()")
    page.screenshot(path=out / f"{name}.png")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_screen_fits_a_phone(
    launch, server: Server, sign_in, tmp_path: Path, scheme: str
) -> None:
    out = Path(os.environ.get("METBEFORE_SCREENSHOTS") or tmp_path) / scheme
    out.mkdir(parents=True, exist_ok=True)
    ana = sign_in("ana@example.org", display_name="Ana Lima", affiliation="Library Co")
    ben = sign_in(
        "ben@example.org",
        display_name="Ben Ortiz",
        pronouns="he/him",
        title="Archivist",
        affiliation="Univ. of Somewhere",
        bio="Penguins, catalogues and long walks through stacks.",
        links={"website": "https://ben.example.org", "mastodon": "@ben@example.social"},
    )
    cleo = sign_in("cleo@example.org", display_name="Cleo Park", affiliation="Museum of Maps")
    ana_id, ben_id = ana.get("/api/me").json()["id"], ben.get("/api/me").json()["id"]
    earlier = (datetime.now(UTC) - timedelta(days=3)).isoformat()
    scan = {"client_id": str(uuid.uuid4()), "token": badge_url(ben), "place": "booth 12"}
    assert ana.post("/api/scans", json={**scan, "scanned_at": earlier}).status_code == 201
    note = {"body": "penguins; wants the cataloguing slides"}
    assert ana.post(f"/api/people/{ben_id}/notes", json=note).status_code == 201
    assert ben.post(f"/api/people/{ana_id}/confirm").status_code == 200
    scan = {"client_id": str(uuid.uuid4()), "token": badge_url(ana), "place": "poster 3"}
    assert cleo.post("/api/scans", json=scan).status_code == 201

    browser = launch(camera=badge_video(ben, tmp_path / "ben.y4m"))
    signed_out = phone(browser, server, color_scheme=scheme).new_page()
    page = phone(browser, server, signed_in=ana, color_scheme=scheme).new_page()
    # Console errors would include any Content-Security-Policy violation.
    errors: list[str] = []
    for p in (page, signed_out):
        p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        p.on("pageerror", lambda e: errors.append(str(e)))
    signed_out.goto("/")
    expect(signed_out.get_by_label("Email address")).to_be_visible()
    check(signed_out, "sign-in", out)

    page.goto("/#/badge")
    expect(page.get_by_role("img", name="QR code of your Personal badge")).to_be_visible()
    check(page, "badge", out)
    page.goto("/#/friends")
    expect(page.get_by_role("link", name="Ben Ortiz")).to_be_visible()
    check(page, "friends", out)
    page.get_by_role("link", name="Ben Ortiz").click()
    expect(page.get_by_text("penguins; wants")).to_be_visible()
    check(page, "card", out)
    page.goto("/#/inbox")
    expect(page.get_by_text("Cleo Park")).to_be_visible()
    expect(page.locator("#inbox-count")).to_have_text("1")
    check(page, "inbox", out)
    page.goto("/#/profile")
    expect(page.get_by_label("Name", exact=True)).to_have_value("Ana Lima")
    check(page, "profile", out)
    page.goto("/#/scan")
    expect(page.locator(".verdict-met")).to_be_visible()
    check(page, "scan", out)
    assert errors == []
