"""Introductions (double opt-in) and friends of friends at my events."""

import uuid
from datetime import timedelta

from tests.after import factories as f
from tests.meetings.factories import run_together


def introduce(c, x, y, message="You two should talk about penguins."):
    return c.post(
        "/api/introductions",
        json={"first_id": str(x.id), "second_id": str(y.id), "message": message},
    )


def test_i_can_only_introduce_two_of_my_friends(session, login) -> None:
    cleo, ana, ben, dan, stranger = (
        f.make_person(session, n) for n in ("Cleo", "Ana", "Ben", "Dan", "Stranger")
    )
    f.befriend(session, cleo, ana)
    f.befriend(session, cleo, dan)
    f.scanned(session, ben, cleo)  # Ben scanned Cleo; she never confirmed
    c = login(cleo)

    for x, y in ((ana, ben), (ben, ana), (ana, stranger), (ana, cleo)):
        refused = introduce(c, x, y)
        assert refused.status_code == 404, (x.display_name, y.display_name)
        assert refused.json()["code"] == "not_friends"
    assert introduce(c, ana, ana).status_code == 422
    for message in ("", " ", "x" * 1001):
        assert introduce(c, ana, dan, message).status_code == 422
    assert (
        c.post(
            "/api/introductions", json={"first_id": str(ana.id), "second_id": "nope"}
        ).status_code
        == 422
    )

    f.befriend(session, ana, dan)
    already = introduce(c, ana, dan)
    assert already.status_code == 409
    assert already.json()["code"] == "already_friends"
    assert login(ana).get("/api/inbox").json()["introductions"] == []


def test_when_both_accept_they_are_friends_introduced_by_me(session, login) -> None:
    cleo = f.make_person(session, "Cleo")
    ana = f.make_person(session, "Ana", bio="Ana's bio")
    ben = f.make_person(session, "Ben", bio="Ben's bio", affiliation="Uni")
    f.befriend(session, cleo, ana)
    f.befriend(session, cleo, ben)
    c, a, b = login(cleo), login(ana), login(ben)

    made = introduce(c, ana, ben)
    assert made.status_code == 201, made.text
    intro = made.json()
    assert intro["status"] == "open"
    assert intro["my_answer"] is None
    assert {p["display_name"] for p in intro["people"]} == {"Ana", "Ben"}
    assert introduce(c, ben, ana).json()["code"] == "already_introduced"

    for me, other in ((a, "Ben"), (b, "Ana")):
        (waiting,) = me.get("/api/inbox").json()["introductions"]
        assert waiting["introducer"]["display_name"] == "Cleo"
        assert waiting["message"] == "You two should talk about penguins."
        assert waiting["other"]["display_name"] == other
        assert waiting["other"]["bio"] is None  # badge fields until both accept
        assert waiting["my_answer"] == "pending"
    assert a.get(f"/api/people/{ben.id}").status_code == 404

    accepted = a.post(f"/api/introductions/{intro['id']}/accept")
    assert accepted.json()["my_answer"] == "accepted"
    assert accepted.json()["status"] == "open"
    assert a.get("/api/inbox").json()["introductions"] == []
    assert a.get(f"/api/people/{ben.id}").status_code == 404
    assert a.post(f"/api/introductions/{intro['id']}/accept").status_code == 200  # same answer

    done = b.post(f"/api/introductions/{intro['id']}/accept").json()
    assert done["status"] == "accepted"
    assert done["other"]["bio"] == "Ana's bio"
    card = a.get(f"/api/people/{ben.id}").json()
    assert card["person"]["bio"] == "Ben's bio"
    assert card["relationship"]["status"] == "mutual"
    assert card["relationship"]["introduced_by"]["display_name"] == "Cleo"
    assert card["relationship"]["times_met"] == 0
    assert [i["status"] for i in c.get("/api/introductions").json()] == ["accepted"]

    # When they meet, it is their first meeting, and the card still remembers Cleo.
    met = a.post("/api/scans", json={"client_id": str(uuid.uuid4()), "token": ben.token})
    assert met.status_code == 201
    assert met.json()["first_meeting"] is True
    assert met.json()["card"]["relationship"]["introduced_by"]["display_name"] == "Cleo"
    assert met.json()["card"]["relationship"]["times_met"] == 1


def test_a_decline_is_told_to_nobody(session, login) -> None:
    cleo, ana, ben, dan = (f.make_person(session, n) for n in ("Cleo", "Ana", "Ben", "Dan"))
    f.befriend(session, cleo, ana)
    f.befriend(session, cleo, ben)
    c, a, b = login(cleo), login(ana), login(ben)
    intro = introduce(c, ana, ben).json()

    declined = a.post(f"/api/introductions/{intro['id']}/decline").json()
    assert (declined["my_answer"], declined["status"]) == ("declined", "declined")
    assert b.get("/api/inbox").json()["introductions"][0]["status"] == "open"
    assert c.get("/api/introductions").json()[0]["status"] == "open"
    assert b.post(f"/api/introductions/{intro['id']}/accept").json()["status"] == "open"
    assert b.get(f"/api/people/{ana.id}").status_code == 404

    changed = a.post(f"/api/introductions/{intro['id']}/accept")
    assert changed.status_code == 409
    assert changed.json()["code"] == "already_answered"
    assert introduce(c, ana, ben).json()["code"] == "already_introduced"
    assert c.post(f"/api/introductions/{intro['id']}/accept").status_code == 403
    assert login(dan).post(f"/api/introductions/{intro['id']}/accept").status_code == 404
    assert a.post(f"/api/introductions/{uuid.uuid4()}/accept").status_code == 404


def test_friends_of_friends_at_an_event_i_attend(session, login) -> None:
    ana, ben, cleo, zoe, yan, xia = (
        f.make_person(session, n) for n in ("Ana", "Ben", "Cleo", "Zoe", "Yan", "Xia")
    )
    soon = f.now().date() + timedelta(days=10)
    confx = f.make_event(session, "confx", "ConfX", starts_on=soon, ends_on=soon)
    over = f.make_event(session, "over", "Over", ends_on=f.now().date() - timedelta(days=1))
    for friend in (ben, cleo):
        f.befriend(session, ana, friend)
        f.befriend(session, friend, zoe)
        f.befriend(session, friend, xia)
    f.befriend(session, ben, yan)  # only one of my friends knows Yan
    f.register(session, ana, confx)
    f.register(session, ana, over)
    for person in (zoe, yan):
        f.register(session, person, confx)
    f.register(session, xia, over)  # an event that is over

    a = login(ana)
    (found,) = a.get("/api/inbox").json()["friends_of_friends"]
    assert found["event"] == {"slug": "confx", "name": "ConfX", "timezone": "UTC"}
    assert found["person"]["display_name"] == "Zoe"
    assert found["person"]["bio"] is None
    assert [v["display_name"] for v in found["via"]] == ["Ben", "Cleo"]

    f.scanned(session, zoe, ana)  # once we have met, she is no stranger to suggest
    assert a.get("/api/inbox").json()["friends_of_friends"] == []


def test_introductions_sent_at_the_same_instant_store_one(session, login) -> None:
    ana, ben = f.make_person(session, "Ana"), f.make_person(session, "Ben")
    introducers = [f.make_person(session, f"Friend {i}") for i in range(8)]
    for someone in introducers:
        f.befriend(session, someone, ana)
        f.befriend(session, someone, ben)
    clients = [login(someone) for someone in introducers]

    answers = run_together([lambda c=c: introduce(c, ana, ben) for c in clients])

    assert sorted(a.status_code for a in answers) == [201] + [409] * 7
    assert {a.json()["code"] for a in answers if a.status_code == 409} == {"already_introduced"}
    assert len(login(ana).get("/api/inbox").json()["introductions"]) == 1
