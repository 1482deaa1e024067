"""Control over my data in the app: which fields friends see, unblocking, exports to
download, and deleting my account with a mailed code. The after-event screens fit a phone."""

import json
import os
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import Server
from tests.e2e.conftest import badge_url, new_address, phone
from tests.e2e.test_screens import check


def test_friends_see_only_the_fields_i_choose(launch, server: Server, sign_in) -> None:
    ana = sign_in(
        "ana@example.org", display_name="Ana Lima", bio="Archivist", interests=["penguins"]
    )
    page = phone(launch(), server, signed_in=ana).new_page()
    page.goto("/#/profile")
    page.get_by_label("Interest list").uncheck()
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    assert ana.get("/api/me").json()["friend_fields"] == ["bio", "links", "other_names"]


def test_unblock_and_exports_from_my_data(launch, server: Server, sign_in, tmp_path: Path) -> None:
    ana = sign_in("ana@example.org", display_name="Ana Lima")
    ben = sign_in("ben@example.org", display_name="Ben Ortiz")
    scan = {"client_id": str(uuid.uuid4()), "token": badge_url(ben)}
    ben_id = ana.post("/api/scans", json=scan).json()["card"]["person"]["id"]
    assert ana.post(f"/api/people/{ben_id}/block").status_code == 204
    page = phone(launch(), server, signed_in=ana).new_page()
    page.goto("/#/profile")
    page.get_by_role("link", name="My data").click()
    expect(page.get_by_role("heading", name="My data", level=1)).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Everything Met Before holds about me").click()
    mine = json.loads(Path(download.value.path()).read_text())
    assert mine["profile"]["display_name"] == "Ana Lima"
    assert [p["display_name"] for p in mine["blocked"]] == ["Ben Ortiz"]
    with page.expect_download() as download:
        page.get_by_role("link", name="Friends as vCard").click()
    assert download.value.suggested_filename.endswith(".vcf")

    page.get_by_role("button", name="Unblock Ben Ortiz").click()
    expect(page.get_by_text("Ben Ortiz is unblocked.")).to_be_visible()
    assert ana.get("/api/me/export").json()["blocked"] == []


def test_delete_my_account_with_the_mailed_code(launch, server: Server, sign_in, mailbox) -> None:
    address = new_address("ana")
    ana = sign_in(address, display_name="Ana Lima")
    page = phone(launch(), server, signed_in=ana).new_page()
    page.goto("/#/account")
    # The one notice line says "Available offline" once the service worker takes over:
    # let that happen first, so it cannot replace the answer this test waits for.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    mails = mailbox.count_to(address)
    page.get_by_role("button", name="Email me a deletion code").click()
    page.get_by_label("Confirmation code").fill(mailbox.code_for(address, after=mails))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account is deleted.")).to_be_visible()
    expect(page.get_by_label("Email address")).to_be_visible()
    assert ana.get("/api/me").status_code == 401


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_after_event_screens_fit_a_phone(
    launch, server: Server, sign_in, tmp_path: Path, scheme: str
) -> None:
    ana = sign_in("ana@example.org", display_name="Ana Lima")
    ben = sign_in("ben@example.org", display_name="Ben Ortiz", affiliation="Univ. of Somewhere")
    cleo = sign_in("cleo@example.org", display_name="Cleo Park")
    ids = {}
    for c, name in ((ben, "ben"), (cleo, "cleo")):
        scan = {"client_id": str(uuid.uuid4()), "token": badge_url(c), "place": "booth 7"}
        ids[name] = ana.post("/api/scans", json=scan).json()["card"]["person"]["id"]
        assert c.post(f"/api/people/{ana.get('/api/me').json()['id']}/confirm").status_code == 200
    intro = {"first_id": ids["ben"], "second_id": ids["cleo"], "message": "Penguins, both."}
    assert ana.post("/api/introductions", json=intro).status_code == 201

    out = Path(os.environ.get("METBEFORE_SCREENSHOTS") or tmp_path) / scheme
    out.mkdir(parents=True, exist_ok=True)
    page = phone(launch(), server, signed_in=ana, color_scheme=scheme).new_page()
    for name, hash_ in (
        ("review", "#/review"),
        ("introduce", f"#/introduce/{ids['ben']}"),
        ("account", "#/account"),
    ):
        page.goto(f"/{hash_}")
        expect(page.locator("h1")).not_to_have_text("Loading…")
        page.wait_for_load_state("networkidle")
        check(page, f"after-{name}", out)
    ben_page = phone(launch(), server, signed_in=ben, color_scheme=scheme).new_page()
    ben_page.goto("/#/inbox")
    expect(ben_page.get_by_role("button", name="Accept introduction to Cleo Park")).to_be_visible()
    check(ben_page, "after-inbox", out)
