"""GET /api/friends, GET /api/people and the badge hashes for the phone's own copy."""

import hashlib
import uuid
from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from metbefore.badges import service as badges
from tests.meetings.factories import Someone, ago


def names(someone: Someone, path: str = "/api/friends", **params: object) -> list[str]:
    response = someone.http.get(path, params=params)
    assert response.status_code == 200, response.text
    return [item["person"]["display_name"] for item in response.json()["items"]]


def test_friends_are_my_mutual_connections_and_people_all_of_them(
    person: Callable[..., Someone],
) -> None:
    ana = person("Ana Lima")
    ben, cara, dan, eve = (person(n) for n in ("Ben Ortiz", "Cara Diaz", "Dan Wu", "Eve Stone"))
    ana.befriend(ben)
    cara.befriend(ana)
    ana.meet(dan)  # pending, my scan
    eve.meet(ana)  # pending, theirs

    assert names(ana) == ["Ben Ortiz", "Cara Diaz"]
    people = ana.http.get("/api/people").json()
    assert [(p["person"]["display_name"], p["status"]) for p in people["items"]] == [
        ("Ben Ortiz", "mutual"),
        ("Cara Diaz", "mutual"),
        ("Dan Wu", "pending"),
        ("Eve Stone", "pending"),
    ]
    assert people["total"] == 4
    assert names(ana, "/api/people", q="wu") == ["Dan Wu"]
    # Pending people show badge fields only, also in lists.
    assert all(p["person"]["bio"] is None for p in people["items"][2:])


def test_friends_search_by_name_or_affiliation(person: Callable[..., Someone]) -> None:
    ana = person("Ana Lima")
    ana.befriend(person("Ben Ortiz", affiliation="Univ. of Somewhere"))
    ana.befriend(person("Cara Diaz", affiliation="Library Co"))
    ana.befriend(person("Dan 50%_off"))

    assert names(ana, q="somewhere") == ["Ben Ortiz"]
    assert names(ana, q="LIBRARY") == ["Cara Diaz"]
    assert names(ana, q="ortiz") == ["Ben Ortiz"]
    # Punctuation parts words and is never a wildcard: only punctuation finds nobody.
    assert names(ana, q="50%_off") == ["Dan 50%_off"]
    assert names(ana, q="50 off") == ["Dan 50%_off"]
    assert names(ana, q="%") == []
    assert names(ana, q="_") == []
    assert names(ana, q="nobody") == []
    assert names(ana, "/api/people", q="library") == ["Cara Diaz"]


def test_friends_sort_by_name_or_by_last_met(person: Callable[..., Someone]) -> None:
    ana = person("Ana Lima")
    for name, days in (("ben Ortiz", 3), ("Cara Diaz", 1), ("Dan Wu", 2)):
        friend = person(name)
        ana.meet(friend, scanned_at=ago(days=days))
        friend.meet(ana, scanned_at=ago(days=days))

    assert names(ana) == ["ben Ortiz", "Cara Diaz", "Dan Wu"]  # case does not matter
    assert names(ana, sort="name") == ["ben Ortiz", "Cara Diaz", "Dan Wu"]
    assert names(ana, sort="last_met") == ["Cara Diaz", "Dan Wu", "ben Ortiz"]
    assert ana.http.get("/api/friends", params={"sort": "loudest"}).status_code == 422


def test_friends_come_in_bounded_pages(person: Callable[..., Someone]) -> None:
    ana = person("Ana Lima")
    for i in range(5):
        ana.befriend(person(f"Friend {i}"))

    first = ana.http.get("/api/friends", params={"limit": 2}).json()
    assert (len(first["items"]), first["total"], first["limit"], first["offset"]) == (2, 5, 2, 0)
    assert names(ana, limit=2, offset=2) == ["Friend 2", "Friend 3"]
    assert names(ana, limit=2, offset=4) == ["Friend 4"]
    past = ana.http.get("/api/friends", params={"offset": 10}).json()
    assert (past["items"], past["total"]) == ([], 5)
    for bad in ({"limit": 101}, {"limit": 0}, {"offset": -1}, {"limit": "many"}):
        assert ana.http.get("/api/friends", params=bad).status_code == 422, bad
        assert ana.http.get("/api/people", params=bad).status_code == 422, bad


def test_friends_filter_by_the_event_we_met_at(
    person: Callable[..., Someone], make_event: Callable[..., str]
) -> None:
    ana, ben, cara, dan = (person(n) for n in ("Ana Lima", "Ben Ortiz", "Cara Diaz", "Dan Wu"))
    make_event("confx-2025", "ConfX 2025")
    make_event("confx-2026", "ConfX 2026")
    ana.meet(ben, event="confx-2025")
    ben.meet(ana, event="confx-2025")
    cara.meet(ana, event="confx-2025")  # her scan at the event, my confirmation
    assert ana.http.post(f"/api/people/{cara.id}/confirm").status_code == 200
    ana.meet(dan, event="confx-2026")
    dan.meet(ana, event="confx-2026")

    assert names(ana, event="confx-2025") == ["Ben Ortiz", "Cara Diaz"]
    assert names(ana, event="confx-2026") == ["Dan Wu"]
    missing = ana.http.get("/api/friends", params={"event": "no-such-event"})
    assert missing.status_code == 404
    assert missing.json()["code"] == "event_not_found"


def sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def test_badge_hashes_cover_friends_active_badges_only(
    person: Callable[..., Someone], make_event: Callable[..., str], engine: Engine
) -> None:
    ana, ben, cara = person("Ana Lima"), person("Ben Ortiz"), person("Cara Diaz")
    ana.befriend(ben)
    ana.meet(cara)  # pending: not a friend
    event_id = make_event("confx-2026", "ConfX 2026", attendees=(ben,))
    with Session(engine) as s, s.begin():
        event_token = badges.issue(
            s, person_id=uuid.UUID(ben.id), event_id=uuid.UUID(event_id)
        ).token
    rotated = ben.http.post(f"/api/me/badges/{ben.badge_id}/rotate")
    new_token = rotated.json()["token"]

    response = ana.http.get("/api/friends/badge-hashes")

    assert response.status_code == 200
    assert [entry["person_id"] for entry in response.json()] == [ben.id]
    assert set(response.json()[0]["badge_hashes"]) == {sha256(new_token), sha256(event_token)}
    for token in (ben.token, new_token, event_token, cara.token):
        assert token not in response.text
    assert ben.http.get("/api/friends/badge-hashes").json()[0]["badge_hashes"] == [
        sha256(ana.token)
    ]
