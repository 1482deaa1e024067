"""Events through the API: create, read, edit, organizers, joining, who sees what."""

from collections.abc import Callable

import pytest

from tests.events.helpers import attendees, create_event, event_badge
from tests.meetings.factories import Someone


def test_creator_organizes_the_event_and_edits_it(organizer: Someone) -> None:
    event = organizer.http.get("/api/events/confx-2025").json()
    assert event["name"] == "ConfX 2025"
    assert event["timezone"] == "Europe/Lisbon"
    assert event["join_policy"] == "open"
    assert (event["i_organize"], event["i_attend"], event["attendee_count"]) == (True, False, 0)

    changed = organizer.http.patch(
        "/api/events/confx-2025",
        json={"city": "Lisbon", "starts_on": "2025-06-02", "ends_on": "2025-06-04"},
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["city"], changed.json()["ends_on"]) == ("Lisbon", "2025-06-04")
    assert organizer.http.get("/api/events/confx-2025").json()["venue"] == ""
    assert [e["slug"] for e in organizer.http.get("/api/events").json()] == ["confx-2025"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"slug": "ConfX 2025"}, "slug"),
        ({"slug": "confx--2025"}, "slug"),
        ({"slug": "-confx"}, "slug"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"timezone": "../../etc/passwd"}, "timezone"),
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"join_policy": "invite"}, "join_policy"),
        ({"organizers": []}, "organizers"),
    ],
)
def test_event_fields_are_validated(
    person: Callable[..., Someone], body: dict[str, object], field: str
) -> None:
    olga = person("Olga Organizer")
    response = olga.http.post("/api/events", json={"slug": "confx-2025", "name": "ConfX", **body})
    assert response.status_code == 422, response.text
    assert field in {str(d["loc"][-1]) for d in response.json()["details"]}


def test_an_event_cannot_end_before_it_starts(organizer: Someone) -> None:
    created = organizer.http.post(
        "/api/events",
        json={"slug": "x-2025", "name": "X", "starts_on": "2025-06-04", "ends_on": "2025-06-02"},
    )
    assert (created.status_code, created.json()["code"]) == (422, "ends_before_starts")
    organizer.http.patch("/api/events/confx-2025", json={"starts_on": "2025-06-04"})
    edited = organizer.http.patch("/api/events/confx-2025", json={"ends_on": "2025-06-03"})
    assert (edited.status_code, edited.json()["code"]) == (422, "ends_before_starts")
    assert organizer.http.get("/api/events/confx-2025").json()["ends_on"] is None
    nulled = organizer.http.patch("/api/events/confx-2025", json={"name": None})
    assert nulled.status_code == 422
    slug = organizer.http.patch("/api/events/confx-2025", json={"slug": "other"})
    assert slug.status_code == 422  # the slug is fixed: links and badges carry it


def test_a_taken_slug_is_a_conflict(organizer: Someone, person: Callable[..., Someone]) -> None:
    response = person("Carl").http.post("/api/events", json={"slug": "confx-2025", "name": "X"})
    assert (response.status_code, response.json()["code"]) == (409, "slug_taken")


def test_joining_an_open_event_gives_an_event_badge_once(
    organizer: Someone, person: Callable[..., Someone]
) -> None:
    ana = person("Ana Lima")
    joined = ana.http.post("/api/events/confx-2025/join")
    assert joined.status_code == 201, joined.text
    assert (joined.json()["i_attend"], joined.json()["attendee_count"]) == (True, None)
    again = ana.http.post("/api/events/confx-2025/join")
    assert again.status_code == 200
    badge = event_badge(ana)
    assert badge["kind"] == "event"
    assert badge["url"].endswith(f"/m/{badge['token']}")
    assert [e["slug"] for e in ana.http.get("/api/events").json()] == ["confx-2025"]
    assert [a["display_name"] for a in attendees(organizer)] == ["Ana Lima"]
    assert attendees(organizer)[0]["badge_id"] == badge["id"]


def test_an_import_only_event_is_invisible_to_outsiders(
    person: Callable[..., Someone],
) -> None:
    olga = person("Olga Organizer")
    create_event(olga, "closed-2025", join_policy="import")
    dan = person("Dan Stranger")
    for method, path in [
        ("GET", "/api/events/closed-2025"),
        ("POST", "/api/events/closed-2025/join"),
        ("GET", "/api/events/closed-2025/friends-attending"),
        ("GET", "/api/events/closed-2025/attendees"),
        ("GET", "/api/events/closed-2025/badges.pdf"),
        ("GET", "/api/events/closed-2025/organizers"),
    ]:
        response = dan.http.request(method, path)
        assert (response.status_code, response.json()["code"]) == (404, "event_not_found"), path
    patched = dan.http.patch("/api/events/closed-2025", json={"name": "Mine"})
    assert patched.status_code == 404
    # The organizer may see it, but not join it: import registers attendees.
    own = olga.http.post("/api/events/closed-2025/join")
    assert (own.status_code, own.json()["code"]) == (403, "import_only")


def test_attendees_may_not_do_organizer_things(
    organizer: Someone, person: Callable[..., Someone]
) -> None:
    ana = person("Ana Lima")
    assert ana.http.post("/api/events/confx-2025/join").status_code == 201
    ana_id = ana.id
    for method, path, body in [
        ("PATCH", "/api/events/confx-2025", {"name": "Ana's"}),
        ("GET", "/api/events/confx-2025/attendees", None),
        ("GET", "/api/events/confx-2025/organizers", None),
        ("POST", "/api/events/confx-2025/organizers", {"email": "ana2@example.org"}),
        ("POST", f"/api/events/confx-2025/attendees/{ana_id}/badge", None),
        ("DELETE", f"/api/events/confx-2025/attendees/{organizer.id}", None),
        ("GET", "/api/events/confx-2025/badges.pdf", None),
    ]:
        response = ana.http.request(method, path, json=body)
        assert (response.status_code, response.json()["code"]) == (403, "not_organizer"), path
    seen = ana.http.get("/api/events/confx-2025").json()
    assert (seen["name"], seen["i_organize"], seen["attendee_count"]) == (
        "ConfX 2025",
        False,
        None,
    )


def test_organizers_add_and_remove_co_organizers(
    organizer: Someone, person: Callable[..., Someone]
) -> None:
    ben = person("Ben Ortiz", email="ben@example.org")
    added = organizer.http.post(
        "/api/events/confx-2025/organizers", json={"email": "BEN@example.org"}
    )
    assert added.status_code == 201, added.text
    assert [o["display_name"] for o in added.json()] == ["Ben Ortiz", "Olga Organizer"]
    # Ben now organizes: he sees the attendee count and can edit.
    assert ben.http.get("/api/events/confx-2025").json()["i_organize"] is True
    assert ben.http.patch("/api/events/confx-2025", json={"venue": "Hall 1"}).status_code == 200
    assert [e["slug"] for e in ben.http.get("/api/events").json()] == ["confx-2025"]

    # Someone without an account yet gets one they can sign in with.
    newcomer = organizer.http.post(
        "/api/events/confx-2025/organizers", json={"email": "new@example.org"}
    )
    assert [o["email"] for o in newcomer.json()] == [
        "ben@example.org",
        "new@example.org",
        organizer.email,
    ]
    new_id = next(o["person_id"] for o in newcomer.json() if o["email"] == "new@example.org")
    gone = ben.http.delete(f"/api/events/confx-2025/organizers/{new_id}")
    assert gone.status_code == 204
    assert ben.http.delete(f"/api/events/confx-2025/organizers/{organizer.id}").status_code == 204
    last = ben.http.delete(f"/api/events/confx-2025/organizers/{ben.id}")
    assert (last.status_code, last.json()["code"]) == (409, "last_organizer")
    # Olga is an outsider now; the event is open, so she may see it but not run it.
    assert organizer.http.get("/api/events/confx-2025/attendees").status_code == 403


def test_a_new_co_organizer_signs_in_with_that_email(
    organizer: Someone, sign_in: Callable[..., object]
) -> None:
    organizer.http.post("/api/events/confx-2025/organizers", json={"email": "carla@example.org"})
    carla = sign_in("carla@example.org")
    assert carla.get("/api/events/confx-2025").json()["i_organize"] is True  # type: ignore[attr-defined]


def test_attendee_list_is_searchable_and_paged(
    organizer: Someone, person: Callable[..., Someone]
) -> None:
    for name in ("Ana Lima", "Ben Ortiz", "Carla Mendes"):
        assert person(name).http.post("/api/events/confx-2025/join").status_code == 201
    page = organizer.http.get("/api/events/confx-2025/attendees", params={"limit": 2}).json()
    assert (page["total"], [a["display_name"] for a in page["items"]]) == (
        3,
        ["Ana Lima", "Ben Ortiz"],
    )
    found = attendees(organizer, q="carl")
    assert [a["display_name"] for a in found] == ["Carla Mendes"]
    assert found[0]["role"] == "attendee"
    assert organizer.http.get("/api/events/confx-2025").json()["attendee_count"] == 3
