"""Signing in on the phone with the code from the mail, then seeing my badge."""

from playwright.sync_api import expect

from tests.conftest import Mailbox, Server
from tests.e2e.conftest import new_address, phone


def test_sign_in_with_the_mailed_code_shows_my_badge(
    launch, server: Server, mailbox: Mailbox
) -> None:
    ana = new_address("ana")
    page = phone(launch(), server).new_page()
    page.goto("/")
    page.get_by_label("Email address").fill(ana)
    page.get_by_role("button", name="Send me a code").click()
    code = page.get_by_label("6-digit code")
    expect(code).to_be_focused()
    code.fill(mailbox.code_for(ana))
    page.get_by_role("button", name="Sign in").click()

    qr = page.get_by_role("img", name="QR code of your Personal badge")
    expect(qr).to_be_visible()
    assert qr.locator("path").count() > 0
    expect(page.get_by_role("link", name="Add your name")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


def test_a_wrong_code_is_refused_with_a_message(launch, server: Server, mailbox: Mailbox) -> None:
    ana = new_address("ana")
    page = phone(launch(), server).new_page()
    page.goto("/")
    page.get_by_label("Email address").fill(ana)
    page.get_by_role("button", name="Send me a code").click()
    right = mailbox.code_for(ana)
    page.get_by_label("6-digit code").fill("000000" if right != "000000" else "111111")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("wrong, used or expired")


def test_the_mailed_link_signs_in(launch, server: Server, mailbox: Mailbox, client) -> None:
    ben = new_address("ben")
    assert client().post("/api/auth/email", json={"email": ben}).status_code == 202
    token = mailbox.link_token_for(ben)
    page = phone(launch(), server).new_page()
    page.goto(f"/signin#token={token}")
    expect(page.get_by_role("img", name="QR code of your Personal badge")).to_be_visible()
    assert "token" not in page.url
