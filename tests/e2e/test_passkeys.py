"""Passkeys in Chromium, with a virtual authenticator (DevTools protocol: a platform
authenticator holding resident keys that verifies its user): sign in by code, create a
passkey from the offer, sign out, sign in with it in one tap, see it on My data, remove it.

Browsers refuse an IP address as the relying party's id, so these tests talk to a server
whose METBEFORE_BASE_URL is http://localhost:PORT (the same database as the others)."""

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.conftest import Mailbox, Server, free_port, serving
from tests.e2e.conftest import new_address, phone


@pytest.fixture
def localhost(server: Server) -> Iterator[Server]:
    port = free_port()
    settings = server.settings.model_copy(update={"base_url": f"http://localhost:{port}"})
    with serving(settings, port) as running:
        yield running


def virtual_authenticator(context: BrowserContext, page: Page) -> tuple[Any, str]:
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def sign_in_by_code(page: Page, mailbox: Mailbox, email: str) -> None:
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Send me a code").click()
    page.get_by_label("6-digit code").fill(mailbox.code_for(email))
    page.get_by_role("button", name="Sign in", exact=True).click()


def sign_out(page: Page) -> None:
    page.get_by_role("link", name="Profile").click()
    # Not waiting for the sign-in screen: where the autofill is on, the virtual
    # authenticator may have signed in again before anyone looks.
    page.get_by_role("button", name="Sign out").click()


def my_passkeys(page: Page) -> Locator:
    page.get_by_role("link", name="Profile").click()
    page.get_by_role("link", name="My data").click()
    return page.get_by_role("region", name="Passkeys")


def test_a_passkey_from_the_offer_signs_in_with_one_tap_and_is_removed_on_my_data(
    launch, localhost: Server, mailbox: Mailbox
) -> None:
    ana = new_address("ana")
    context = phone(launch(), localhost)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    cdp, authenticator = virtual_authenticator(context, page)
    page.goto("/")
    expect(page.get_by_label("Email address")).to_have_attribute(
        "autocomplete", "username webauthn"
    )

    sign_in_by_code(page, mailbox, ana)
    seen = mailbox.count_to(ana)  # the notice comes from the outbox, after the sign-in mail
    page.get_by_role("button", name="Create a passkey").click()

    expect(page.get_by_text("Passkey created.")).to_be_visible()
    (credential,) = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})[
        "credentials"
    ]
    assert credential["isResidentCredential"] is True
    assert credential["rpId"] == "localhost"
    assert "A passkey was added" in mailbox.last_to(ana, after=seen)["Subject"]

    # Signed out, the email field's autofill offers the passkey; the virtual
    # authenticator picks it as a person's one tap would.
    sign_out(page)

    expect(page.get_by_role("img", name="QR code of your Personal badge")).to_be_visible()
    passkeys = my_passkeys(page)
    expect(passkeys.get_by_role("listitem")).to_have_count(1)
    expect(passkeys.get_by_role("listitem")).to_contain_text("last used")

    passkeys.get_by_role("button", name="Remove").click()

    expect(passkeys.get_by_text("No passkeys yet")).to_be_visible()
    # The authenticator still holds it; the server no longer takes it.
    sign_out(page)
    expect(page.get_by_role("alert")).to_contain_text("not (or no longer) on any account")
    expect(page.get_by_role("button", name="Send me a code")).to_be_visible()


def test_the_passkey_button_signs_in_where_the_email_field_offers_none(
    launch, localhost: Server, mailbox: Mailbox
) -> None:
    context = phone(launch(), localhost)
    context.add_init_script(
        "PublicKeyCredential.isConditionalMediationAvailable = async () => false;"
    )
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    virtual_authenticator(context, page)
    page.goto("/")
    expect(page.get_by_label("Email address")).to_have_attribute("autocomplete", "email")
    sign_in_by_code(page, mailbox, new_address("ben"))
    page.get_by_role("button", name="Not now").click()
    passkeys = my_passkeys(page)

    passkeys.get_by_role("button", name="Add a passkey").click()

    expect(passkeys.get_by_role("listitem")).to_have_count(1)
    expect(passkeys.get_by_role("listitem")).to_contain_text("not used yet")
    sign_out(page)
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page.get_by_role("img", name="QR code of your Personal badge")).to_be_visible()


def test_without_webauthn_no_passkey_shows(launch, localhost: Server, mailbox: Mailbox) -> None:
    context = phone(launch(), localhost)
    context.add_init_script("delete window.PublicKeyCredential;")
    page = context.new_page()
    page.goto("/")

    expect(page.get_by_role("button", name="Send me a code")).to_be_visible()
    expect(page.get_by_role("button", name="Sign in with a passkey")).to_have_count(0)
    expect(page.get_by_label("Email address")).to_have_attribute("autocomplete", "email")

    sign_in_by_code(page, mailbox, new_address("ben"))
    expect(page.get_by_role("img", name="QR code of your Personal badge")).to_be_visible()
    expect(page.get_by_role("button", name="Create a passkey")).to_have_count(0)
    page.goto("/#/account")
    expect(page.get_by_role("heading", name="My data")).to_be_visible()
    expect(page.get_by_role("heading", name="Passkeys")).to_have_count(0)
