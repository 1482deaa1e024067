"""The evening review: whom I met today, a note with tags and a follow-up for each, and the
list still readable on the phone offline."""

import uuid
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.conftest import Server
from tests.e2e.conftest import badge_url, phone


def test_evening_review_adds_a_note_with_tags_and_a_follow_up(
    launch, server: Server, sign_in
) -> None:
    ana = sign_in("ana@example.org", display_name="Ana Lima")
    ben = sign_in("ben@example.org", display_name="Ben Ortiz", affiliation="Univ. of Somewhere")
    scan = {"client_id": str(uuid.uuid4()), "token": badge_url(ben), "place": "booth 7"}
    ben_id = ana.post("/api/scans", json=scan).json()["card"]["person"]["id"]
    follow_up = (date.today() + timedelta(days=14)).isoformat()

    context = phone(launch(), server, signed_in=ana)
    page = context.new_page()
    page.goto("/#/inbox")
    page.get_by_role("link", name="Review whom I met today").click()
    expect(page.get_by_role("heading", name="Met today", level=1)).to_be_visible()
    expect(page.get_by_text("1 of 1 still without a note.")).to_be_visible()
    page.get_by_label("Note about Ben Ortiz").fill("knows every penguin in the archive")
    page.get_by_label("Tags for Ben Ortiz").fill("hiring, penguins")
    page.get_by_label("Follow up with Ben Ortiz on").fill(follow_up)
    page.get_by_role("button", name="Save note for Ben Ortiz").click()
    expect(page.get_by_text("Everyone has a note. Well done.")).to_be_visible()

    notes = ana.get(f"/api/people/{ben_id}/notes").json()["items"]
    assert [(n["body"], n["tags"], n["follow_up_on"]) for n in notes] == [
        ("knows every penguin in the archive", ["hiring", "penguins"], follow_up)
    ]
    (met,) = ana.get("/api/met-today").json()["people"]
    assert met["has_note"] is True

    # What the phone saw stays readable without a network.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    page.reload()
    expect(page.get_by_text("From the phone's copy")).to_be_visible()
    expect(page.get_by_text("knows every penguin in the archive")).to_be_visible()
    expect(page.get_by_text("#hiring #penguins")).to_be_visible()
