"""Consent and control after the event: expiring scans, blocks, per-field visibility."""

import uuid
from datetime import timedelta

from tests.after import factories as f


def scan(c, person, **extra):
    body = {"client_id": str(uuid.uuid4()), "token": person.token, **extra}
    return c.post("/api/scans", json=body)


def waiting(c) -> list[str]:
    return sorted(s["person"]["display_name"] for s in c.get("/api/inbox").json()["scans_waiting"])


def people(c) -> list[str]:
    return sorted(i["person"]["display_name"] for i in c.get("/api/people").json()["items"])


def test_pending_scans_expire_30_days_after_the_event_and_vanish_from_my_inbox(
    session, login
) -> None:
    ana, dan, eve, finn, gus = (
        f.make_person(session, n) for n in ("Ana", "Dan", "Eve", "Finn", "Gus")
    )
    today = f.now().date()
    old = f.make_event(session, "old", ends_on=today - timedelta(days=31))
    recent = f.make_event(session, "recent", ends_on=today - timedelta(days=29))
    f.scanned(session, dan, ana, event=old, met_at=f.now() - timedelta(days=33))
    f.scanned(session, eve, ana, event=recent, met_at=f.now() - timedelta(days=31))
    f.scanned(session, finn, ana, met_at=f.now() - timedelta(days=31))  # no event
    f.scanned(session, gus, ana, met_at=f.now() - timedelta(days=29))
    d = login(dan)
    assert d.post(f"/api/people/{ana.id}/notes", json={"body": "met at old"}).status_code == 201

    a = login(ana)
    assert waiting(a) == ["Eve", "Gus"]
    assert people(a) == ["Eve", "Gus"]
    expired = a.post(f"/api/people/{dan.id}/confirm")
    assert expired.status_code == 409
    assert expired.json()["code"] == "nothing_to_confirm"
    assert a.post(f"/api/people/{eve.id}/confirm").status_code == 200

    # The scanner keeps the person, the history and their notes.
    assert people(d) == ["Ana"]
    card = d.get(f"/api/people/{ana.id}").json()
    assert card["relationship"]["status"] == "pending"
    assert [n["body"] for n in card["notes"]] == ["met at old"]

    # Scanning back later is a fresh answer: we both say we met.
    assert scan(a, dan).status_code == 201
    assert d.get(f"/api/people/{ana.id}").json()["relationship"]["status"] == "mutual"


def test_a_block_hides_everything_and_tells_nothing(session, login) -> None:
    ana = f.make_person(session, "Ana", bio="Ana's bio", interests=["tea"], share_email=True)
    ben = f.make_person(session, "Ben", bio="Ben's bio")
    cleo, dora, zoe = (f.make_person(session, n) for n in ("Cleo", "Dora", "Zoe"))
    event = f.make_event(session, "confx", "ConfX", ends_on=f.now().date() + timedelta(days=2))
    f.befriend(session, ana, ben, event=event)
    for x, y in ((cleo, ana), (cleo, ben), (dora, ben), (dora, ana)):
        f.befriend(session, x, y)
    for person in (ana, ben):
        f.register(session, person, event)
    a, b, c = login(ana), login(ben), login(cleo)
    assert b.post(f"/api/people/{ana.id}/notes", json={"body": "Ben's memo"}).status_code == 201

    assert a.post(f"/api/people/{ben.id}/block").status_code == 204

    # Ben's scans of Ana look normal to him, and record nothing Ana ever sees.
    again = scan(b, ana, event="confx")
    assert again.status_code == 201
    assert again.json()["card"]["person"]["bio"] is None
    assert waiting(a) == []
    assert "Ben" not in people(a)
    assert a.get(f"/api/people/{ben.id}").status_code == 404
    assert a.get("/api/met-today", params={"event": "confx"}).json()["people"] == []
    assert "Ben" not in a.get("/api/friends.vcf").text
    assert "Ben" not in a.get("/api/friends.csv").text
    assert all(
        e["person"]["display_name"] != "Ben" or e["scanned_by_me"]
        for e in a.get("/api/me/export").json()["encounters"]
    )

    # Ben sees Ana's badge fields only, and is not a friend any more.
    card = b.get(f"/api/people/{ana.id}").json()
    assert card["relationship"]["status"] == "pending"
    assert (card["person"]["bio"], card["person"]["email"], card["person"]["links"]) == (
        None,
        None,
        None,
    )
    assert card["mutual_friends"] == {"count": 0, "some": []}
    assert "Ana" not in [i["person"]["display_name"] for i in b.get("/api/friends").json()["items"]]
    assert "Ana" not in b.get("/api/friends.vcf").text
    assert [n["body"] for n in card["notes"]] == ["Ben's memo"]  # his own note stays his

    # Ben's friends of friends at the event: not Ana, though Cleo and Dora know her.
    f.register(session, zoe, event)
    for x in (cleo, dora):
        f.befriend(session, x, zoe)
    suggested = [
        s["person"]["display_name"] for s in b.get("/api/inbox").json()["friends_of_friends"]
    ]
    assert suggested == ["Zoe"]

    # An introduction between the two is accepted for Cleo (she is not told) and seen by neither.
    intro = c.post(
        "/api/introductions",
        json={"first_id": str(ana.id), "second_id": str(ben.id), "message": "meet!"},
    )
    assert intro.status_code == 201
    assert a.get("/api/inbox").json()["introductions"] == []
    assert b.get("/api/inbox").json()["introductions"] == []
    assert b.get("/api/introductions").json() == []
    assert b.post(f"/api/introductions/{intro.json()['id']}/accept").status_code == 404

    # Unblocking restores nothing by itself.
    assert a.delete(f"/api/people/{ben.id}/block").status_code == 204
    assert waiting(a) == []
    card = a.get(f"/api/people/{ben.id}").json()  # her own scans of him, nothing of his
    assert card["relationship"]["they_scanned"] is False
    assert card["person"]["bio"] is None
    meetings = [m for g in card["relationship"]["meetings_by_event"] for m in g["meetings"]]
    assert meetings and all(m["i_scanned"] for m in meetings)


def test_each_person_chooses_which_fields_friends_see(session, login) -> None:
    ana = f.make_person(session, "Ana", interests=["penguins"])
    ben = f.make_person(
        session,
        "Ben",
        bio="Ben's bio",
        interests=["penguins", "tea"],
        links={"website": "https://ben.example"},
        share_email=True,
    )
    f.befriend(session, ana, ben)
    a, b = login(ana), login(ben)
    assert b.get("/api/me").json()["friend_fields"] == ["bio", "interests", "links", "other_names"]

    changed = b.patch("/api/me", json={"friend_fields": ["links", "links"]})
    assert changed.status_code == 200
    assert changed.json()["friend_fields"] == ["links"]
    card = a.get(f"/api/people/{ben.id}").json()
    assert card["person"]["bio"] is None
    assert card["person"]["interests"] is None
    assert card["person"]["links"] == {"website": "https://ben.example"}
    assert card["person"]["email"] == ben.email  # the email follows share_email
    assert card["shared_interests"] == []  # would tell his interests
    listed = a.get("/api/friends").json()["items"][0]["person"]
    assert (listed["bio"], listed["interests"]) == (None, None)
    assert "https://ben.example" in a.get("/api/friends.vcf").text

    for bad in (["email"], ["bio", "password"], "bio", [1]):
        assert b.patch("/api/me", json={"friend_fields": bad}).status_code == 422, bad
    assert b.get("/api/me").json()["friend_fields"] == ["links"]

    assert b.patch("/api/me", json={"friend_fields": []}).json()["friend_fields"] == []
    assert a.get(f"/api/people/{ben.id}").json()["person"]["links"] is None
    everything = b.patch("/api/me", json={"friend_fields": ["bio", "interests", "links"]})
    assert everything.json()["friend_fields"] == ["bio", "interests", "links"]
    card = a.get(f"/api/people/{ben.id}").json()
    assert card["person"]["bio"] == "Ben's bio"
    assert card["shared_interests"] == ["penguins"]
