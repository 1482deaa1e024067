"""The core loop through the real HTTP API: sign in, scan, confirm, note, met before."""

import uuid
from datetime import UTC, datetime, timedelta

from tests.conftest import Mailbox


def badge_token(c) -> str:
    badges = c.get("/api/me/badges").json()
    personal = [b for b in badges if b["kind"] == "personal"]
    assert len(personal) == 1
    return personal[0]["token"]


def scan(c, token: str, **extra):
    return c.post("/api/scans", json={"client_id": str(uuid.uuid4()), "token": token, **extra})


def test_two_people_meet_confirm_and_meet_again(sign_in, mailbox: Mailbox) -> None:
    ana = sign_in("ana@example.org", display_name="Ana Lima", affiliation="Library Co")
    ben = sign_in(
        "ben@example.org",
        display_name="Ben Ortiz",
        affiliation="Univ. of Somewhere",
        bio="Penguin person",
        share_email=True,
    )
    ben_id = ben.get("/api/me").json()["id"]
    ana_id = ana.get("/api/me").json()["id"]

    three_weeks_ago = (datetime.now(UTC) - timedelta(days=21)).isoformat()
    first = scan(ana, badge_token(ben), place="booth 12", scanned_at=three_weeks_ago)
    assert first.status_code == 201, first.text
    result = first.json()
    assert result["first_meeting"] is True
    card = result["card"]
    assert card["person"]["display_name"] == "Ben Ortiz"
    assert card["person"]["affiliation"] == "Univ. of Somewhere"
    assert card["person"]["bio"] is None  # not friends yet: badge fields only
    assert card["person"]["email"] is None
    assert card["relationship"]["status"] == "pending"

    note = ana.post(
        f"/api/people/{ben_id}/notes", json={"body": "penguins; wants the cataloguing slides"}
    )
    assert note.status_code == 201

    inbox = ben.get("/api/inbox").json()
    assert [s["person"]["display_name"] for s in inbox["scans_waiting"]] == ["Ana Lima"]
    assert inbox["scans_waiting"][0]["place"] == "booth 12"

    confirmed = ben.post(f"/api/people/{ana_id}/confirm")
    assert confirmed.status_code == 200
    assert confirmed.json()["relationship"]["status"] == "mutual"
    assert ben.get("/api/inbox").json()["scans_waiting"] == []

    again = scan(ana, badge_token(ben), place="hall B")
    assert again.status_code == 201
    result = again.json()
    assert result["first_meeting"] is False
    card = result["card"]
    assert card["relationship"]["status"] == "mutual"
    assert card["relationship"]["first_met"]["place"] == "booth 12"
    assert card["notes"][0]["body"] == "penguins; wants the cataloguing slides"
    assert card["person"]["bio"] == "Penguin person"
    assert card["person"]["email"] == "ben@example.org"

    friends = ana.get("/api/friends").json()
    assert [f["person"]["display_name"] for f in friends["items"]] == ["Ben Ortiz"]
    # Ben's card of Ana carries none of Ana's notes.
    assert ben.get(f"/api/people/{ana_id}").json()["notes"] == []
