"""What the scanner refuses, and says so: a denied camera, a QR code that is not one of
our badges, and a scan the server rejects (a revoked badge) kept with its reason."""

import re

from playwright.sync_api import expect

from tests.conftest import Server
from tests.e2e.conftest import badge_url, phone

DENY_CAMERA = """
navigator.mediaDevices.getUserMedia = () =>
  Promise.reject(new DOMException("Permission denied", "NotAllowedError"));
"""


def test_denied_camera_foreign_code_and_revoked_badge(launch, server: Server, sign_in) -> None:
    ana = sign_in("ana@example.org", display_name="Ana Lima")
    ben = sign_in("ben@example.org", display_name="Ben Ortiz")
    context = phone(launch(), server, signed_in=ana)
    context.add_init_script(DENY_CAMERA)
    page = context.new_page()
    page.goto("/#/scan")
    expect(page.get_by_text("Camera permission was denied")).to_be_visible()

    # The "available offline" notice appears once the worker installs; let it settle
    # first, so it cannot slide over the control between aiming and clicking.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.get_by_text("Type a code instead").click()
    code = page.get_by_label("Badge code or link")
    code.fill("https://example.com/m/abcdefghijklmnopqrstuvwxyz")
    page.get_by_role("button", name="Look up").click()
    expect(page.get_by_role("alert")).to_have_text("That is not a Met Before badge.")

    old = badge_url(ben)
    badge_id = ben.get("/api/me/badges").json()[0]["id"]
    assert ben.post(f"/api/me/badges/{badge_id}/rotate").status_code == 201
    code.fill(old)
    page.get_by_role("button", name="Look up").click()
    expect(page.get_by_role("alert")).to_contain_text("Not recorded: This badge is no longer valid")
    expect(page.locator("#pending")).to_have_text("1 not recorded")
    rejected = page.locator(".queue li")
    expect(rejected).to_contain_text(re.compile("no longer valid"))
    rejected.get_by_role("button", name="Dismiss").click()
    expect(page.locator("#pending")).to_be_hidden()
