"""A new version of the app: the waiting service worker is offered with "update ready —
reload", and reloading puts it in charge (its old caches deleted)."""

from pathlib import Path

from playwright.sync_api import Route, expect

from tests.conftest import Server
from tests.e2e.conftest import phone

SW = Path(__file__).resolve().parents[2] / "frontend" / "sw.js"


def test_a_new_version_is_offered_and_taken_on_reload(launch, server: Server, sign_in) -> None:
    ana = sign_in("ana@example.org", display_name="Ana Lima")
    context = phone(launch(), server, signed_in=ana)
    page = context.new_page()
    page.goto("/#/badge")
    expect(page.get_by_text("Available offline")).to_be_visible()
    old = [n for n in page.evaluate("() => caches.keys()") if n.startswith("mb-shell-")]

    def next_version(route: Route) -> None:
        body = SW.read_text().replace('const VERSION = "', 'const VERSION = "next-', 1)
        route.fulfill(body=body, content_type="text/javascript")

    context.route("**/sw.js?next", next_version)
    # A new script URL for the same scope is a new version to the browser.
    page.evaluate("() => navigator.serviceWorker.register('/sw.js?next')")
    expect(page.get_by_text("Update ready.")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Reload").click()
    expect(page.get_by_role("img", name="QR code of your Personal badge")).to_be_visible()
    # The new worker deletes the old version's cache once it is in charge.
    page.wait_for_function(
        "async (old) => !(await caches.keys()).some((n) => old.includes(n))", arg=old
    )
    assert "mb-shell-next-" in " ".join(page.evaluate("() => caches.keys()"))
