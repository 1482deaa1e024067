"""/m/{token}: the page a badge's QR opens in the phone's own camera app. It asks first:
nothing is recorded on page load alone."""

from playwright.sync_api import expect

from tests.conftest import Server
from tests.e2e.conftest import badge_url, new_address, phone


def test_badge_link_asks_before_recording(launch, server: Server, sign_in) -> None:
    ana = sign_in("ana@example.org", display_name="Ana Lima")
    ben = sign_in("ben@example.org", display_name="Ben Ortiz")
    page = phone(launch(), server, signed_in=ana).new_page()
    page.goto(badge_url(ben))
    expect(
        page.get_by_role("heading", name="Record a meeting with this badge's owner?")
    ).to_be_visible()
    page.get_by_label("Where are you?").fill("hall B")
    assert ana.get("/api/people").json()["total"] == 0

    page.get_by_role("button", name="Record meeting").click()
    expect(page.get_by_text("First time meeting Ben Ortiz")).to_be_visible()
    people = ana.get("/api/people").json()
    assert [p["person"]["display_name"] for p in people["items"]] == ["Ben Ortiz"]
    assert people["items"][0]["last_met"]["place"] == "hall B"


def test_badge_link_when_signed_out_signs_in_first(
    launch, server: Server, sign_in, mailbox
) -> None:
    ben = sign_in("ben@example.org", display_name="Ben Ortiz")
    page = phone(launch(), server).new_page()
    page.goto(badge_url(ben))
    ana = new_address("ana")
    page.get_by_label("Email address").fill(ana)
    page.get_by_role("button", name="Send me a code").click()
    page.get_by_label("6-digit code").fill(mailbox.code_for(ana))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Record meeting")).to_be_visible()
