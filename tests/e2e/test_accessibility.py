"""axe-core (npm, installed by `make test`) finds no violation on the main screens, in
English and in Arabic (right to left): what a screen reader or a keyboard meets. With
$METBEFORE_SCREENSHOTS set, each screen's picture goes to its folder `<language>/` (the
README's Arabic row)."""

import json
import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import Server
from tests.e2e.conftest import badge_url, badge_video, phone

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

VIOLATIONS = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map((v) => ({
    id: v.id,
    help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
  }));
}"""


def violations(page: Page, picture: Path | None) -> list[dict[str, object]]:
    expect(page.locator("h1")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    page.evaluate("() => document.getElementById('notices').replaceChildren()")
    if picture is not None:
        page.screenshot(path=picture)
    page.add_script_tag(path=AXE)
    found: list[dict[str, object]] = page.evaluate(VIOLATIONS)
    return found


@pytest.mark.parametrize("locale", ["en-US", "ar-EG"])
def test_the_main_screens_have_no_accessibility_violation(
    launch, server: Server, sign_in, tmp_path: Path, locale: str
) -> None:
    assert AXE.exists(), f"{AXE} is missing: `make test` installs it (npm ci)"
    ana = sign_in(f"ana-{uuid.uuid4().hex[:8]}@example.org", display_name="Ana Lima")
    ben = sign_in(
        f"ben-{uuid.uuid4().hex[:8]}@example.org",
        display_name="Ben Ortiz",
        affiliation="Univ. of Somewhere",
        links={"website": "https://ben.example.org"},
    )
    cleo = sign_in(f"cleo-{uuid.uuid4().hex[:8]}@example.org", display_name="Cleo Park")
    ana_id, ben_id = ana.get("/api/me").json()["id"], ben.get("/api/me").json()["id"]
    earlier = (datetime.now(UTC) - timedelta(days=3)).isoformat()
    scan = {"client_id": str(uuid.uuid4()), "token": badge_url(ben), "place": "booth 12"}
    assert ana.post("/api/scans", json={**scan, "scanned_at": earlier}).status_code == 201
    assert ana.post(f"/api/people/{ben_id}/notes", json={"body": "penguins"}).status_code == 201
    assert ben.post(f"/api/people/{ana_id}/confirm").status_code == 200
    scan = {"client_id": str(uuid.uuid4()), "token": badge_url(ana), "place": "poster 3"}
    assert cleo.post("/api/scans", json=scan).status_code == 201

    browser = launch(camera=badge_video(ben, tmp_path / "ben.y4m"))
    # The app's Content-Security-Policy refuses inline scripts: axe goes in past it.
    signed_out = phone(browser, server, locale=locale, bypass_csp=True).new_page()
    page = phone(browser, server, signed_in=ana, locale=locale, bypass_csp=True).new_page()
    found: dict[str, list[dict[str, object]]] = {}
    pictures = os.environ.get("METBEFORE_SCREENSHOTS")
    folder = Path(pictures) / locale.split("-")[0] if pictures else None
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)

    def picture(name: str) -> Path | None:
        return folder / f"{name}.png" if folder is not None else None

    signed_out.goto("/")
    expect(signed_out.locator("input[type=email]")).to_be_visible()
    found["sign-in"] = violations(signed_out, picture("sign-in"))
    for name, hash_, ready in (
        ("badge", "#/badge", ".badge-name"),
        ("friends", "#/friends", f"a[href='#/people/{ben_id}']"),
        ("card", f"#/people/{ben_id}", "text=penguins"),
        ("inbox", "#/inbox", "main >> text=Cleo Park"),
        ("profile", "#/profile", "input"),
        ("events", "#/events", "h1"),
        ("review", "#/review", "h1"),
        ("account", "#/account", "h1"),
        ("scan", "#/scan", ".verdict-met"),
    ):
        page.goto(f"/{hash_}")
        expect(page.locator(ready).first).to_be_visible()
        found[name] = violations(page, picture(name))
    assert page.evaluate("() => document.documentElement.dir") == (
        "rtl" if locale.startswith("ar") else "ltr"
    )
    assert {name: v for name, v in found.items() if v} == {}, json.dumps(found, indent=1)
    # The check bites: an image with no text alternative is a violation.
    page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")
    assert "image-alt" in [v["id"] for v in page.evaluate(VIOLATIONS)]
