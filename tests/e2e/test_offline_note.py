"""A note written on a friend's card with no network waits in the outbox with its client
UUID, and is stored exactly once: also when a send reached the server but its answer was
lost on the way back, and the outbox sent it again."""

from playwright.sync_api import Route, expect

from tests.conftest import Server
from tests.e2e.conftest import ana_and_ben, phone


def test_notes_written_offline_or_whose_answer_was_lost_are_stored_once(
    launch, server: Server, sign_in
) -> None:
    ana, _, ben_id = ana_and_ben(sign_in)
    # No service worker: the page's own requests are the ones routed below.
    context = phone(launch(), server, signed_in=ana, service_workers="block")
    page = context.new_page()
    page.goto("/#/friends")
    page.get_by_role("link", name="Ben Ortiz").click()
    expect(page.get_by_role("heading", name="Ben Ortiz", level=1)).to_be_visible()
    pending = page.locator("#pending")

    # The first note reaches the server; its answer is lost as the Wi-Fi drops.
    lost: list[str] = []

    def lose_the_answer(route: Route) -> None:
        if route.request.method == "POST" and not lost:
            lost.append(route.request.url)
            route.fetch()
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/api/people/*/notes", lose_the_answer)
    page.get_by_label("Add a private note").fill("wants the cataloguing slides")
    page.get_by_role("button", name="Save note").click()
    expect(page.locator("#notices")).to_contain_text("Note saved on this phone.")
    expect(pending).to_be_visible()
    # The card is drawn again from the server, which has the note (its answer was lost).
    expect(page.locator(".note-body")).to_have_text(["wants the cataloguing slides"])

    # And one written with no network at all.
    context.set_offline(True)
    page.get_by_label("Add a private note").fill("penguins")
    page.get_by_role("button", name="Save note").click()
    expect(pending).to_have_text("2 notes waiting to sync")  # notes, not scans
    context.set_offline(False)
    expect(pending).to_be_hidden()
    page.reload()  # a flush on load sends nothing again

    expect(page.get_by_text("penguins")).to_be_visible()
    notes = [n["body"] for n in ana.get(f"/api/people/{ben_id}/notes").json()["items"]]
    assert sorted(notes) == ["penguins", "wants the cataloguing slides"]
    assert len(lost) == 1
