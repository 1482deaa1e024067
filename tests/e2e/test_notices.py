"""Notices stack: one never hides another before it is read (the service worker's
"Available offline" once replaced "Your account is deleted.")."""

from playwright.sync_api import expect

from tests.conftest import Server
from tests.e2e.conftest import phone

NOTIFY = (
    "async (texts) => { const ui = await import('/ui.js'); for (const t of texts) ui.notify(t); }"
)


def test_notices_stack_and_each_goes_in_its_own_time(launch, server: Server, sign_in) -> None:
    ana = sign_in("ana@example.org", display_name="Ana Lima")
    page = phone(launch(), server, signed_in=ana).new_page()
    page.goto("/#/profile")
    expect(page.get_by_role("heading", name="Profile")).to_be_visible()
    notices = page.locator("#notices .notice")
    page.evaluate(NOTIFY, ["Saved."])
    expect(notices.filter(has_text="Saved.")).to_be_visible()

    page.evaluate(NOTIFY, ["Your account is deleted.", "Available offline"])
    expect(notices.filter(has_text="Saved.")).to_be_visible()  # still there to be read
    expect(notices.filter(has_text="Your account is deleted.")).to_be_visible()
    expect(notices.filter(has_text="Available offline")).to_be_visible()

    page.evaluate(NOTIFY, ["Available offline", "One more", "And another"])
    # At most three: the oldest went first; the same words are said once, newest last.
    expect(notices).to_have_text(["Available offline", "One more", "And another"])
    expect(notices).to_have_count(0, timeout=9000)  # each gone after its 6 s
