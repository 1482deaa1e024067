"""Before the next event: who that I have met before will be there, and where we last met."""

from collections.abc import Callable

from tests.events.helpers import HEADER, create_event, event_badge, imported
from tests.meetings.factories import Someone, ago


def test_people_i_met_before_who_registered_are_listed_with_where_we_met(
    organizer: Someone, person: Callable[..., Someone]
) -> None:
    ana, ben, carla, dan, erin = (
        person(name) for name in ("Ana Lima", "Ben Ortiz", "Carla Mendes", "Dan Roe", "Erin Fox")
    )
    for who in (ana, ben, carla, dan):
        assert who.http.post("/api/events/confx-2025/join").status_code == 201
    ana.meet(ben, place="booth 12", scanned_at=ago(days=20))  # then Ben confirms: friends
    assert ben.http.post(f"/api/people/{ana.id}/confirm").status_code == 200
    ana.scan(event_badge(carla)["token"], place="hall B", scanned_at=ago(days=10))  # pending
    ana.meet(erin, scanned_at=ago(days=5))  # met, but Erin is not coming
    # Dan scanned Ana and then blocked her: she learns nothing of him any more.
    dan.meet(ana)
    assert dan.http.post(f"/api/people/{ana.id}/block").status_code == 204

    create_event(organizer, "confx-2026", name="ConfX 2026")
    for who in (ana, ben, carla, dan):
        assert who.http.post("/api/events/confx-2026/join").status_code == 201
    response = ana.http.get("/api/events/confx-2026/friends-attending")
    assert response.status_code == 200, response.text
    found = response.json()
    assert found["event"] == {
        "slug": "confx-2026",
        "name": "ConfX 2026",
        "timezone": "Europe/Lisbon",
    }
    assert found["count"] == 2
    summary = [
        (
            f["person"]["display_name"],
            f["status"],
            f["last_met"]["place"],
            f["last_met"]["event"]["slug"] if f["last_met"]["event"] else None,
        )
        for f in found["items"]
    ]
    assert summary == [
        ("Carla Mendes", "pending", "hall B", "confx-2025"),
        ("Ben Ortiz", "mutual", "booth 12", None),
    ]
    # Pending people show badge fields only; friends more.
    assert found["items"][0]["person"]["bio"] is None
    assert found["items"][1]["person"]["bio"] == ""


def test_anyone_who_may_see_the_event_may_ask_before_joining(
    organizer: Someone, person: Callable[..., Someone]
) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    ana.befriend(ben)
    imported(organizer, f"{HEADER}\n{ben.email},Ben Ortiz,,,,\n")
    # The event is open: Ana may see who she knows there before she joins.
    before = ana.http.get("/api/events/confx-2025/friends-attending").json()
    assert [f["person"]["display_name"] for f in before["items"]] == ["Ben Ortiz"]

    create_event(organizer, "closed-2025", join_policy="import")
    imported(organizer, f"{HEADER}\n{ben.email},Ben Ortiz,,,,\n", "closed-2025")
    hidden = ana.http.get("/api/events/closed-2025/friends-attending")
    assert (hidden.status_code, hidden.json()["code"]) == (404, "event_not_found")
    imported(organizer, f"{HEADER}\n{ana.email},Ana Lima,,,,\n", "closed-2025")
    shown = ana.http.get("/api/events/closed-2025/friends-attending").json()
    assert shown["count"] == 1
