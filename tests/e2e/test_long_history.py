"""A long friendship on the card: the newest meetings and notes at once, the rest on demand."""

import uuid
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from tests.conftest import Server
from tests.e2e.conftest import badge_url, phone


def test_earlier_meetings_and_older_notes_come_on_demand(launch, server: Server, sign_in) -> None:
    ana = sign_in("ana@example.org", display_name="Ana Lima")
    ben = sign_in("ben@example.org", display_name="Ben Ortiz")
    ben_id = ben.get("/api/me").json()["id"]
    now = datetime.now(UTC)
    for i in range(25):  # 25 meetings, a day apart, room 0 the newest
        scan = {
            "client_id": str(uuid.uuid4()),
            "token": badge_url(ben),
            "place": f"room {i}",
            "scanned_at": (now - timedelta(days=i, minutes=5)).isoformat(),
        }
        assert ana.post("/api/scans", json=scan).status_code == 201
    for i in range(23):
        note = ana.post(f"/api/people/{ben_id}/notes", json={"body": f"note number {i}"})
        assert note.status_code == 201

    page = phone(launch(), server, signed_in=ana).new_page()
    page.goto(f"/#/people/{ben_id}")
    meetings = page.locator("section", has=page.get_by_role("heading", name="Meetings"))
    expect(meetings.get_by_text("room 19", exact=False)).to_be_visible()
    expect(meetings.get_by_text("room 20", exact=False)).to_have_count(0)
    expect(page.get_by_text("note number 3", exact=True)).to_be_visible()
    expect(page.get_by_text("note number 2", exact=True)).to_have_count(0)

    page.get_by_role("button", name="Earlier meetings").click()
    expect(meetings.get_by_text("room 24", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="Earlier meetings")).to_have_count(0)
    page.get_by_role("button", name="Older notes").click()
    expect(page.get_by_text("note number 0", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Older notes")).to_have_count(0)
