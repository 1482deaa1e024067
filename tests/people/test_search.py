"""Every name findable: the table of search_cases through GET /api/friends and
GET /api/people on the database under test, the order of results, other names only for
friends, and search texts kept in step with every change of a name."""

from collections.abc import Callable

import pytest

from tests.events.helpers import HEADER, attendees, imported
from tests.meetings.factories import Someone, ago
from tests.people.search_cases import CASES, FRIENDS

Person = Callable[..., Someone]


def found(someone: Someone, q: str, path: str = "/api/friends") -> list[str]:
    response = someone.http.get(path, params={"q": q, "limit": 100})
    assert response.status_code == 200, response.text
    return [item["person"]["display_name"] for item in response.json()["items"]]


@pytest.fixture
def viewer(person: Person) -> Someone:
    """Someone whose friends are the people of the table."""
    ana = person("Ana Lima")
    for friend in FRIENDS:
        ana.befriend(
            person(
                friend.name,
                email=f"friend{FRIENDS.index(friend)}@example.org",
                affiliation=friend.affiliation,
                other_names=list(friend.other_names),
            )
        )
    return ana


def test_every_name_is_found_by_what_people_type_and_nobody_else(viewer: Someone) -> None:
    wrong = [
        (path, typed, sorted(got), sorted(expected))
        for typed, expected in CASES
        for path in ("/api/friends", "/api/people")
        if set(got := found(viewer, typed, path)) != expected
    ]
    print(f"search cases: {len(CASES)} typed, each on friends and people")
    assert wrong == []


def test_a_name_that_is_the_query_then_names_starting_with_it_then_by_last_met(
    person: Person,
) -> None:
    ana = person("Ana Lima")
    for name, days in (("Joana Reis", 1), ("Mari Santos", 2), ("Marianne Roy", 3), ("Mari", 4)):
        friend = person(name, affiliation="Marine Lab" if name == "Joana Reis" else "")
        ana.meet(friend, scanned_at=ago(days=days))
        friend.meet(ana, scanned_at=ago(days=days))
    tom = person("Tom Kowalski", other_names=["Mari"])  # a friend who also goes by Mari
    ana.meet(tom, scanned_at=ago(days=5))
    tom.meet(ana, scanned_at=ago(days=5))

    expected = ["Mari", "Tom Kowalski", "Mari Santos", "Marianne Roy", "Joana Reis"]
    assert found(ana, "mari") == expected
    assert found(ana, "mari", "/api/people") == expected
    # The order asked for breaks ties within a rank.
    by_name = ana.http.get("/api/friends", params={"q": "mari", "sort": "name"}).json()
    assert [i["person"]["display_name"] for i in by_name["items"]] == expected
    assert found(ana, "MARI SAN") == ["Mari Santos"]


def test_other_names_are_seen_and_searched_by_friends_only(person: Person) -> None:
    ana, ben, cara = person("Ana Lima"), person("Ben Ortiz"), person("Cara Diaz")
    assert ben.http.patch("/api/me", json={"other_names": ["Benny", "Benedito"]}).status_code == 200
    cara.http.patch("/api/me", json={"other_names": ["Carita"]})
    ana.befriend(ben)
    ana.meet(cara)  # pending: Ana sees Cara's badge fields only

    assert ana.card(ben)["person"]["other_names"] == ["Benny", "Benedito"]
    assert ana.card(cara)["person"]["other_names"] is None
    assert found(ana, "benny") == ["Ben Ortiz"]
    assert found(ana, "benny", "/api/people") == ["Ben Ortiz"]
    assert found(ana, "carita", "/api/people") == []
    assert found(ana, "cara", "/api/people") == ["Cara Diaz"]

    # Hidden from friends, the other names are not searched either.
    ben.http.patch("/api/me", json={"friend_fields": ["bio"]})
    assert ana.card(ben)["person"]["other_names"] is None
    assert found(ana, "benny") == []
    ben.http.patch("/api/me", json={"friend_fields": ["bio", "other_names"]})
    assert found(ana, "benny") == ["Ben Ortiz"]


def test_a_changed_name_is_found_by_the_new_one_only(person: Person) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz", affiliation="Acme")
    ana.befriend(ben)

    changed = ben.http.patch(
        "/api/me", json={"display_name": "Benedikt Schön", "affiliation": "Café Lab"}
    )

    assert changed.status_code == 200, changed.text
    assert found(ana, "ortiz") == []
    assert found(ana, "acme") == []
    assert found(ana, "schon") == ["Benedikt Schön"]
    assert found(ana, "cafe") == ["Benedikt Schön"]
    ben.http.patch("/api/me", json={"other_names": ["Ben Ortiz"]})  # his former name
    assert found(ana, "ortiz") == ["Benedikt Schön"]
    ben.http.patch("/api/me", json={"other_names": []})
    assert found(ana, "ortiz") == []


def test_the_organizers_import_keeps_search_in_step(organizer: Someone) -> None:
    imported(organizer, f"{HEADER}\ngus@example.org,Gus,,,,\n")
    assert [a["display_name"] for a in attendees(organizer, q="GUS")] == ["Gus"]

    imported(organizer, f"{HEADER}\ngus@example.org,Gústavo Grant,Ünïversity,,,\n")

    for typed in ("gustavo", "grant", "universi", "gus@example"):
        assert [a["display_name"] for a in attendees(organizer, q=typed)] == ["Gústavo Grant"]
    assert attendees(organizer, q="gus ortiz") == []
    assert attendees(organizer, q="%") == []


@pytest.mark.parametrize(
    "other_names",
    [
        ["a", "b", "c", "d", "e", "f"],
        ["x" * 121],
        [""],
        ["   "],
        ["two\nlines"],
        ["bell\u0007"],
        "Benny",
        [1],
    ],
)
def test_other_names_are_bounded_like_the_name(other_names: object, person: Person) -> None:
    ben = person("Ben Ortiz", other_names=["Benny"])

    response = ben.http.patch("/api/me", json={"other_names": other_names})

    assert response.status_code == 422, response.text
    assert ben.http.get("/api/me").json()["other_names"] == ["Benny"]


def test_other_names_are_kept_trimmed_once_each_and_exported(person: Person) -> None:
    ben = person("Ben Ortiz")

    response = ben.http.patch(
        "/api/me", json={"other_names": [" Benny ", "Bento", "BENNY", "Benedito"]}
    )

    assert response.status_code == 200, response.text
    assert response.json()["other_names"] == ["Benny", "Bento", "Benedito"]
    exported = ben.http.get("/api/me/export").json()
    assert exported["profile"]["other_names"] == ["Benny", "Bento", "Benedito"]
