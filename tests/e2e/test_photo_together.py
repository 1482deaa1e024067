"""The photo together: taken with the camera (chromium's fake one) on Ben's card, it goes
on Ana's note of the day they met, shows on the card, still shows offline from the
phone's copy, and can be removed."""

import io
from pathlib import Path

from PIL import Image
from playwright.sync_api import expect

from tests.conftest import Server
from tests.e2e.conftest import ana_and_ben, phone, qr_video
from tests.e2e.test_offline import offline_ready


def a_picture() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 300), (220, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_photo_taken_on_the_card_shows_there_offline_too_and_can_be_removed(
    launch, server: Server, sign_in, tmp_path: Path
) -> None:
    ana, ben, ben_id = ana_and_ben(sign_in)
    context = phone(
        launch(camera=qr_video(a_picture(), tmp_path / "us.y4m")), server, signed_in=ana
    )
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto("/#/badge")
    offline_ready(page)

    page.get_by_role("link", name="Ben Ortiz").click()
    page.get_by_role("button", name="Add a photo").click()
    page.get_by_role("button", name="Take photo").click()
    photo = page.get_by_role("img", name="Our photo together")
    expect(photo).to_be_visible()
    expect(page.get_by_text("Photo together", exact=True)).to_be_visible()
    page.wait_for_function("() => document.querySelector('.note-photo img')?.naturalWidth > 0")
    (note,) = ana.get(f"/api/people/{ben_id}/notes").json()["items"]
    assert note["photo_url"] and note["encounter_id"] is None
    assert ben.get(note["photo_url"]).status_code == 404  # Ana's alone

    context.set_offline(True)
    page.reload()  # still on Ben's card, now from the phone's copy
    expect(page.get_by_text("From the phone's copy")).to_be_visible()
    expect(photo).to_be_visible()
    page.wait_for_function("() => document.querySelector('.note-photo img')?.naturalWidth > 0")

    context.set_offline(False)
    page.reload()
    page.get_by_role("button", name="Remove photo").click()
    expect(photo).to_be_hidden()
    assert ana.get(f"/api/people/{ben_id}/notes").json()["items"][0]["photo_url"] is None
