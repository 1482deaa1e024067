"""GET /api/me/offline: what the phone keeps for the booth, through the real API."""

import hashlib
import uuid
from datetime import UTC, datetime, timedelta


def _token(c) -> str:
    return next(b["token"] for b in c.get("/api/me/badges").json() if b["kind"] == "personal")


def _scan(c, token: str, **extra) -> dict:
    response = c.post("/api/scans", json={"client_id": str(uuid.uuid4()), "token": token, **extra})
    assert response.status_code == 201, response.text
    return response.json()


def test_copy_holds_friends_cards_my_notes_and_badge_hashes(sign_in) -> None:
    ana = sign_in("ana@example.org", display_name="Ana Lima")
    ben = sign_in("ben@example.org", display_name="Ben Ortiz", bio="Penguins", share_email=True)
    cleo = sign_in("cleo@example.org", display_name="Cleo Park")
    ana_id = ana.get("/api/me").json()["id"]
    ben_id = ben.get("/api/me").json()["id"]
    ben_token = _token(ben)

    earlier = (datetime.now(UTC) - timedelta(days=20)).isoformat()
    _scan(ana, ben_token, place="booth 12", scanned_at=earlier)
    assert ana.post(f"/api/people/{ben_id}/notes", json={"body": "penguins"}).status_code == 201
    assert ben.post(f"/api/people/{ana_id}/confirm").status_code == 200
    _scan(ana, _token(cleo))  # pending: not a friend yet
    assert ben.post(f"/api/people/{ana_id}/notes", json={"body": "Ben's own"}).status_code == 201

    copy = ana.get("/api/me/offline")
    assert copy.status_code == 200
    friends = copy.json()["friends"]
    assert [f["person"]["display_name"] for f in friends] == ["Ben Ortiz"]
    ben_copy = friends[0]
    assert ben_copy["person"]["bio"] == "Penguins"
    assert ben_copy["person"]["email"] == "ben@example.org"
    assert ben_copy["first_met"]["place"] == "booth 12"
    assert ben_copy["times_met"] == 1
    assert [n["body"] for n in ben_copy["notes"]] == ["penguins"]
    assert ben_copy["badge_hashes"] == [hashlib.sha256(ben_token.encode()).hexdigest()]
    assert ben_token not in copy.text

    # Ben's copy carries none of Ana's notes; Ana's none of Ben's.
    ana_copy = ben.get("/api/me/offline").json()["friends"][0]
    assert [n["body"] for n in ana_copy["notes"]] == ["Ben's own"]


def test_a_new_badge_of_a_friend_is_in_the_copy_and_the_old_one_is_not(sign_in) -> None:
    ana = sign_in("ana@example.org")
    ben = sign_in("ben@example.org")
    _scan(ana, _token(ben))
    _scan(ben, _token(ana))  # both scanned: mutual
    old = next(b for b in ben.get("/api/me/badges").json() if b["kind"] == "personal")
    new = ben.post(f"/api/me/badges/{old['id']}/rotate").json()

    hashes = ana.get("/api/me/offline").json()["friends"][0]["badge_hashes"]
    assert hashes == [hashlib.sha256(new["token"].encode()).hexdigest()]


def test_the_copy_needs_a_session(client) -> None:
    assert client().get("/api/me/offline").status_code == 401


def test_the_app_learns_whether_it_is_signed_in_without_an_error(client, sign_in) -> None:
    assert client().get("/api/session").json() == {"signed_in": False, "me": None}
    ana = sign_in("ana@example.org", display_name="Ana Lima")
    state = ana.get("/api/session").json()
    assert state["signed_in"] is True
    assert state["me"]["display_name"] == "Ana Lima"
    assert ana.post("/api/auth/logout").status_code == 204
    assert ana.get("/api/session").json()["signed_in"] is False
