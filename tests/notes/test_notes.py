"""Private notes: create, list, edit, delete; only the author ever sees or changes them."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from tests.meetings.factories import Someone


def write(author: Someone, subject: Someone, **body: object) -> dict:
    response = author.http.post(f"/api/people/{subject.id}/notes", json=body)
    assert response.status_code == 201, response.text
    note: dict = response.json()
    return note


def bodies(author: Someone, subject: Someone) -> list[str]:
    response = author.http.get(f"/api/people/{subject.id}/notes")
    assert response.status_code == 200, response.text
    return [n["body"] for n in response.json()["items"]]


def test_notes_are_written_listed_newest_first_edited_and_deleted(
    person: Callable[..., Someone],
) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    ana.meet(ben)

    first = write(ana, ben, body="penguins")
    second = write(ana, ben, body="wants the cataloguing slides")
    assert (first["subject_id"], first["subject_name"]) == (ben.id, "Ben Ortiz")
    assert bodies(ana, ben) == ["wants the cataloguing slides", "penguins"]

    edited = ana.http.patch(f"/api/notes/{first['id']}", json={"body": "emperor penguins"})
    assert edited.status_code == 200
    assert edited.json()["body"] == "emperor penguins"
    assert edited.json()["updated_at"] >= first["updated_at"]
    assert ana.http.patch(f"/api/notes/{first['id']}", json={}).json()["body"] == (
        "emperor penguins"
    )

    assert ana.http.delete(f"/api/notes/{second['id']}").status_code == 204
    assert bodies(ana, ben) == ["emperor penguins"]
    assert ana.http.delete(f"/api/notes/{second['id']}").status_code == 404
    assert [n["body"] for n in ana.card(ben)["notes"]] == ["emperor penguins"]


def test_only_the_author_ever_sees_or_changes_a_note(person: Callable[..., Someone]) -> None:
    ana, ben, cara = person("Ana Lima"), person("Ben Ortiz"), person("Cara Diaz")
    ana.befriend(ben)
    ana.befriend(cara)
    ben.befriend(cara)
    note = write(ana, ben, body="secret-penguin-canary")

    for other in (ben, cara):
        assert other.http.patch(f"/api/notes/{note['id']}", json={"body": "x"}).status_code == 404
        assert other.http.delete(f"/api/notes/{note['id']}").status_code == 404
        for path in (f"/api/people/{ben.id}", f"/api/people/{ana.id}", "/api/inbox"):
            assert "secret-penguin-canary" not in other.http.get(path).text
    assert ben.http.get(f"/api/people/{ben.id}/notes").status_code == 404  # about himself
    assert cara.http.get(f"/api/people/{ben.id}/notes").json()["items"] == []  # hers: none
    assert bodies(ana, ben) == ["secret-penguin-canary"]


def test_notes_only_about_people_i_have_met(person: Callable[..., Someone]) -> None:
    ana, dan = person("Ana Lima"), person("Dan Wu")
    assert ana.http.post(f"/api/people/{dan.id}/notes", json={"body": "hi"}).status_code == 404
    assert ana.http.get(f"/api/people/{dan.id}/notes").status_code == 404
    assert ana.http.post(f"/api/people/{ana.id}/notes", json={"body": "me"}).status_code == 404


def test_a_note_can_point_at_one_of_our_encounters_only(
    person: Callable[..., Someone], make_event: Callable[..., str]
) -> None:
    ana, ben, cara = person("Ana Lima"), person("Ben Ortiz"), person("Cara Diaz")
    make_event("confx-2026", "ConfX 2026")
    ours = ana.meet(ben, event="confx-2026")["encounter"]["id"]
    theirs = cara.meet(ben)["encounter"]["id"]

    note = write(ana, ben, body="at the booth", encounter_id=ours)
    assert note["encounter_id"] == ours
    assert note["event"] == {"slug": "confx-2026", "name": "ConfX 2026", "timezone": "UTC"}
    foreign = ana.http.post(
        f"/api/people/{ben.id}/notes", json={"body": "x", "encounter_id": theirs}
    )
    assert foreign.status_code == 404
    assert foreign.json()["code"] == "encounter_not_found"
    unknown_event = ana.http.post(
        f"/api/people/{ben.id}/notes", json={"body": "x", "event": "no-such-event"}
    )
    assert unknown_event.status_code == 404


def test_follow_ups_come_due_on_the_card_and_in_the_inbox(
    person: Callable[..., Someone],
) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    ana.meet(ben)
    today = datetime.now(UTC).date()
    due = write(ana, ben, body="send slides", follow_up_on=str(today - timedelta(days=1)))
    write(ana, ben, body="later", follow_up_on=str(today + timedelta(days=30)))

    assert [n["body"] for n in ana.card(ben)["follow_ups_due"]] == ["send slides"]
    inbox = ana.http.get("/api/inbox").json()
    assert [n["body"] for n in inbox["follow_ups_due"]] == ["send slides"]
    assert ben.http.get("/api/inbox").json()["follow_ups_due"] == []

    cleared = ana.http.patch(f"/api/notes/{due['id']}", json={"follow_up_on": None})
    assert cleared.json()["follow_up_on"] is None
    assert ana.card(ben)["follow_ups_due"] == []


def test_note_input_is_checked(person: Callable[..., Someone]) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    ana.meet(ben)
    note = write(ana, ben, body="ok")
    path = f"/api/people/{ben.id}/notes"
    for bad in (
        {},
        {"body": ""},
        {"body": "   "},
        {"body": "x" * 5001},
        {"body": "bell \x07"},
        {"body": "x", "author_id": ana.id},
        {"body": "x", "follow_up_on": "next week"},
    ):
        assert ana.http.post(path, json=bad).status_code == 422, bad
    for bad in ({"body": ""}, {"subject_id": ana.id}):
        assert ana.http.patch(f"/api/notes/{note['id']}", json=bad).status_code == 422, bad
    assert bodies(ana, ben) == ["ok"]
