"""Event badges: a scan of one records the meeting at that event; a lost badge is revoked
and reissued by an organizer, and the old token stops working at once."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine, text

from tests.events.helpers import HEADER, attendees, create_event, event_badge, upload
from tests.meetings.factories import Someone, ago


def registered(person: Callable[..., Someone], name: str, slug: str = "confx-2025") -> Someone:
    someone = person(name)
    assert someone.http.post(f"/api/events/{slug}/join").status_code == 201
    return someone


def test_a_scan_of_an_event_badge_records_the_meeting_at_that_event(
    organizer: Someone, person: Callable[..., Someone]
) -> None:
    create_event(organizer, "confx-2026", name="ConfX 2026")
    ana, ben = registered(person, "Ana Lima"), registered(person, "Ben Ortiz")
    for who in (ana, ben):
        assert who.http.post("/api/events/confx-2026/join").status_code == 201

    first = ana.scan(event_badge(ben)["token"], place="booth 12", scanned_at=ago(days=20))
    assert first.status_code == 201, first.text
    assert first.json()["encounter"]["event"] == {
        "slug": "confx-2025",
        "name": "ConfX 2025",
        "timezone": "Europe/Lisbon",
    }
    assert ben.http.post(f"/api/people/{ana.id}/confirm").status_code == 200
    # At the next edition, Ben wears that edition's badge.
    again = ana.scan(event_badge(ben, "confx-2026")["token"], place="hall B")
    assert again.status_code == 201, again.text
    assert again.json()["first_meeting"] is False

    card = ana.card(ben)
    by_event = [
        (group["event"]["slug"], [m["place"] for m in group["meetings"]])
        for group in card["relationship"]["meetings_by_event"]
    ]
    assert by_event == [("confx-2026", ["hall B"]), ("confx-2025", ["booth 12"])]
    met_2025 = ana.http.get("/api/friends", params={"event": "confx-2025"}).json()
    assert [f["person"]["display_name"] for f in met_2025["items"]] == ["Ben Ortiz"]
    assert ana.http.get("/api/friends", params={"event": "other"}).status_code == 404


def test_a_personal_badge_records_no_event_unless_the_scanner_names_one(
    organizer: Someone, person: Callable[..., Someone]
) -> None:
    ana, ben = registered(person, "Ana Lima"), registered(person, "Ben Ortiz")
    plain = ana.scan(ben.token)
    assert plain.json()["encounter"]["event"] is None
    named = ana.scan(ben.token, event="confx-2025")
    assert named.json()["encounter"]["event"]["slug"] == "confx-2025"


def test_a_reissued_badge_replaces_the_lost_one_at_once(
    organizer: Someone, person: Callable[..., Someone]
) -> None:
    ana, ben = registered(person, "Ana Lima"), registered(person, "Ben Ortiz")
    lost = event_badge(ben)
    response = organizer.http.post(f"/api/events/confx-2025/attendees/{ben.id}/badge")
    assert response.status_code == 201, response.text
    new_id = response.json()["badge_id"]
    assert new_id != lost["id"]
    assert next(a for a in attendees(organizer) if a["person_id"] == ben.id)["badge_id"] == new_id

    refused = ana.scan(lost["token"])
    assert (refused.status_code, refused.json()["code"]) == (410, "badge_revoked")
    fresh = event_badge(ben)
    assert fresh["id"] == new_id
    assert ana.scan(fresh["token"]).status_code == 201
    # Organizers may fetch the new badge's QR to check it, not the old one.
    assert organizer.http.get(f"/api/badges/{fresh['token']}/qr.svg").status_code == 200
    assert organizer.http.get(f"/api/badges/{lost['token']}/qr.svg").status_code == 404


def test_reissuing_needs_an_attendee_of_the_event(
    organizer: Someone, person: Callable[..., Someone]
) -> None:
    outsider = person("Dan Stranger")
    response = organizer.http.post(f"/api/events/confx-2025/attendees/{outsider.id}/badge")
    assert (response.status_code, response.json()["code"]) == (404, "attendee_not_found")


def test_a_removed_attendee_s_badge_stops_working(
    organizer: Someone, person: Callable[..., Someone]
) -> None:
    ana, ben = registered(person, "Ana Lima"), registered(person, "Ben Ortiz")
    token = event_badge(ben)["token"]
    assert organizer.http.delete(f"/api/events/confx-2025/attendees/{ben.id}").status_code == 204
    assert [a["display_name"] for a in attendees(organizer)] == ["Ana Lima"]
    assert ana.scan(token).status_code == 410
    assert ben.http.get("/api/events").json() == []
    # The event is open: Ben may join again and gets a new badge.
    assert ben.http.post("/api/events/confx-2025/join").status_code == 201
    assert event_badge(ben)["token"] != token


def test_joins_and_imports_at_the_same_time_make_one_account_and_one_badge_each(
    organizer: Someone, person: Callable[..., Someone], engine: Engine
) -> None:
    ana = person("Ana Lima")
    ben = person("Ben Ortiz")
    organizer.http.post("/api/events/confx-2025/organizers", json={"email": ben.email})
    rows = "\n".join(f"p{i}@example.org,P {i},,,," for i in range(40))
    csv = f"{HEADER}\n{ana.email},Ana Lima,,,,\n{rows}\n"
    clients = [ana.another_client() for _ in range(4)]
    with ThreadPoolExecutor(6) as pool:
        joins = [pool.submit(c.post, "/api/events/confx-2025/join") for c in clients]
        imports = [pool.submit(upload, who, csv) for who in (organizer, ben)]
        joined = [f.result().status_code for f in joins]
        reports = [f.result().json() for f in imports]
    assert set(joined) <= {200, 201}
    # Each of the 41 was registered exactly once, by a join or by one of the imports.
    assert joined.count(201) + sum(r["created"] for r in reports) == 41, (joined, reports)
    assert len(attendees(organizer)) == 41
    with engine.connect() as conn:
        people = conn.execute(text("SELECT count(*) FROM people")).scalar_one()
        live = conn.execute(
            text(
                "SELECT person_id, count(*) FROM badges WHERE event_id IS NOT NULL"
                " AND revoked_at IS NULL GROUP BY person_id"
            )
        ).all()
    assert people == 43  # Olga, Ana, Ben and the 40 imported once
    assert len(live) == 41 and all(n == 1 for _, n in live)
