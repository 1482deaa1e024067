"""The profile (fields, and a photo made small on the phone before it is sent) and my
notes on a person's card (add, edit, delete)."""

import io
import uuid
from pathlib import Path

from PIL import Image
from playwright.sync_api import expect

from tests.conftest import Server
from tests.e2e.conftest import badge_url, phone


def test_profile_fields_and_a_photo_resized_before_upload(
    launch, server: Server, sign_in, tmp_path: Path
) -> None:
    ana = sign_in("ana@example.org", display_name="Ana Lima")
    big = tmp_path / "big.png"
    Image.new("RGB", (3000, 2000), (200, 80, 40)).save(big)
    # page.route cannot see a request the service worker makes: none here, so that the
    # upload below is seen whether or not the worker has taken the page over by then.
    page = phone(launch(), server, signed_in=ana, service_workers="block").new_page()
    page.goto("/#/profile")
    page.get_by_label("Affiliation").fill("Library Co")
    page.get_by_label("Interests").fill("penguins, catalogues")
    page.get_by_label("Website").fill("https://ana.example.org")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    me = ana.get("/api/me").json()
    assert me["affiliation"] == "Library Co"
    assert me["interests"] == ["penguins", "catalogues"]
    assert me["links"] == {"website": "https://ana.example.org"}

    sent: list[bytes] = []

    def keep(route) -> None:
        sent.append(route.request.post_data_buffer or b"")
        route.continue_()

    page.route("**/api/me/photo", keep)
    page.locator("#pick-photo").set_input_files(big)
    expect(page.get_by_text("Photo updated.")).to_be_visible()
    uploaded = Image.open(io.BytesIO(sent[0]))
    assert (uploaded.format, uploaded.size) == ("JPEG", (1024, 683))
    assert ana.get("/api/me").json()["photo_url"]


def test_notes_on_a_card_are_added_edited_and_deleted(launch, server: Server, sign_in) -> None:
    ana = sign_in("ana@example.org", display_name="Ana Lima")
    ben = sign_in("ben@example.org", display_name="Ben Ortiz")
    scan = {"client_id": str(uuid.uuid4()), "token": badge_url(ben)}
    ben_id = ana.post("/api/scans", json=scan).json()["card"]["person"]["id"]
    page = phone(launch(), server, signed_in=ana).new_page()
    page.goto(f"/#/people/{ben_id}")
    expect(page.get_by_role("heading", name="Ben Ortiz", level=1)).to_be_visible()

    page.get_by_label("Add a private note").fill("likes penguins")
    page.get_by_role("button", name="Save note").click()
    expect(page.locator(".note-body")).to_have_text("likes penguins")

    page.get_by_role("button", name="Edit note: likes penguins").click()
    page.get_by_label("Edit note").fill("likes emperor penguins")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".note-body")).to_have_text("likes emperor penguins")
    assert [n["body"] for n in ana.get(f"/api/people/{ben_id}/notes").json()["items"]] == [
        "likes emperor penguins"
    ]

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete note: likes emperor penguins").click()
    expect(page.get_by_text("No notes yet.")).to_be_visible()
    assert ana.get(f"/api/people/{ben_id}/notes").json()["items"] == []
