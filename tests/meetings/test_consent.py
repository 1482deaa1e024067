"""Confirm, ignore, remove, block and unblock, as PRODUCT.md describes them."""

from collections.abc import Callable

from tests.meetings.factories import Someone, ago


def waiting(someone: Someone) -> list[str]:
    response = someone.http.get("/api/inbox")
    assert response.status_code == 200, response.text
    return [scan["person"]["id"] for scan in response.json()["scans_waiting"]]


def ids(someone: Someone, path: str, **params: str) -> list[str]:
    response = someone.http.get(path, params=params)
    assert response.status_code == 200, response.text
    return [item["person"]["id"] for item in response.json()["items"]]


def test_confirming_a_scan_makes_us_friends(person: Callable[..., Someone]) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz", bio="Penguin person")
    ana.meet(ben)
    assert waiting(ben) == [ana.id]
    assert ids(ana, "/api/friends") == ids(ben, "/api/friends") == []

    confirmed = ben.http.post(f"/api/people/{ana.id}/confirm")

    assert confirmed.status_code == 200
    assert confirmed.json()["relationship"]["status"] == "mutual"
    assert waiting(ben) == []
    assert ids(ana, "/api/friends") == [ben.id]
    assert ids(ben, "/api/friends") == [ana.id]
    assert ana.card(ben)["person"]["bio"] == "Penguin person"
    assert ben.http.post(f"/api/people/{ana.id}/confirm").status_code == 200  # idempotent


def test_only_the_scanned_person_can_confirm(person: Callable[..., Someone]) -> None:
    ana, ben, cara = person("Ana Lima"), person("Ben Ortiz"), person("Cara Diaz")
    ana.meet(ben)

    mine = ana.http.post(f"/api/people/{ben.id}/confirm")
    assert mine.status_code == 409
    assert mine.json()["code"] == "nothing_to_confirm"
    assert cara.http.post(f"/api/people/{ana.id}/confirm").status_code == 404
    assert ana.card(ben)["relationship"]["status"] == "pending"


def test_ignoring_a_scan_hides_it_without_telling_the_scanner(
    person: Callable[..., Someone],
) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    ana.meet(ben, place="booth 12")
    before = ana.card(ben)

    assert ben.http.post(f"/api/people/{ana.id}/ignore").status_code == 204

    assert waiting(ben) == []
    assert ana.card(ben) == before
    assert ben.http.post(f"/api/people/{ana.id}/ignore").status_code == 204  # still waiting
    assert ana.http.post(f"/api/people/{ben.id}/ignore").status_code == 404  # nothing to ignore
    # Changing one's mind later is still possible.
    assert ben.http.post(f"/api/people/{ana.id}/confirm").status_code == 200
    assert ids(ana, "/api/friends") == [ben.id]


def test_removing_a_connection_ends_it_for_both_and_keeps_my_notes(
    person: Callable[..., Someone],
) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    ana.befriend(ben)
    note = ana.http.post(f"/api/people/{ben.id}/notes", json={"body": "penguins"})
    assert note.status_code == 201

    assert ana.http.delete(f"/api/people/{ben.id}/connection").status_code == 204

    assert ids(ana, "/api/friends") == ids(ben, "/api/friends") == []
    assert ids(ben, "/api/people") == []
    assert ben.http.get(f"/api/people/{ana.id}").status_code == 404  # he never scanned her
    notes = ana.http.get(f"/api/people/{ben.id}/notes")
    assert [n["body"] for n in notes.json()["items"]] == ["penguins"]
    assert ana.http.delete(f"/api/people/{ben.id}/connection").status_code == 404


def test_the_blocker_sees_nothing_of_the_blocked_person(person: Callable[..., Someone]) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    ben.meet(ana, place="booth 12")
    assert waiting(ana) == [ben.id]

    assert ana.http.post(f"/api/people/{ben.id}/block").status_code == 204
    ben.meet(ana, place="hall B")  # he scans again: recorded for him only

    assert waiting(ana) == []
    assert ids(ana, "/api/people", q="Ben") == []
    assert ids(ana, "/api/friends") == []
    assert ana.http.get(f"/api/people/{ben.id}").status_code == 404
    refused = ana.scan(ben.token)
    assert refused.status_code == 409
    assert refused.json()["code"] == "blocked"


def test_a_blocked_person_gets_a_normal_looking_answer(person: Callable[..., Someone]) -> None:
    ana = person("Ana Lima", bio="Ana's bio", share_email=True)
    ben, cara = person("Ben Ortiz"), person("Cara Diaz")
    ana.meet(ben)
    ben.meet(ana)  # scanned back: mutual friends
    assert ben.card(ana)["person"]["bio"] == "Ana's bio"

    assert ana.http.post(f"/api/people/{ben.id}/block").status_code == 204
    blocked = ben.scan(ana.token, place="hall B")
    stranger = cara.scan(ana.token, place="hall B")

    assert blocked.status_code == stranger.status_code == 201
    seen, control = blocked.json()["card"], stranger.json()["card"]
    assert seen["person"] == control["person"]  # badge fields only, as for anyone
    assert seen["person"]["bio"] is None and seen["person"]["email"] is None
    for key in ("status", "i_scanned", "they_scanned"):
        assert seen["relationship"][key] == control["relationship"][key]
    assert seen["mutual_friends"] == control["mutual_friends"]
    assert ids(ben, "/api/friends") == []
    assert ben.http.get("/api/friends/badge-hashes").json() == []


def test_unblocking_restores_nothing(person: Callable[..., Someone]) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    ben.meet(ana)
    assert ana.http.post(f"/api/people/{ben.id}/block").status_code == 204

    assert ana.http.delete(f"/api/people/{ben.id}/block").status_code == 204

    assert waiting(ana) == []
    assert ana.http.get(f"/api/people/{ben.id}").status_code == 404
    assert ana.http.delete(f"/api/people/{ben.id}/block").status_code == 404
    ben.meet(ana)  # a new meeting starts afresh
    assert waiting(ana) == [ben.id]


def test_blocking_a_stranger_is_not_found(person: Callable[..., Someone]) -> None:
    ana, dan = person("Ana Lima"), person("Dan Wu")
    assert ana.http.post(f"/api/people/{dan.id}/block").status_code == 404
    assert ana.http.post(f"/api/people/{ana.id}/block").status_code == 404


def test_scans_made_during_a_block_stay_the_scanners_own_after_an_unblock(
    person: Callable[..., Someone],
) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    assert ben.scan(ana.token, place="booth 12").status_code == 201
    assert ana.http.post(f"/api/people/{ben.id}/block").status_code == 204
    assert ben.scan(ana.token, place="secret corridor").status_code == 201  # silent
    assert ana.http.delete(f"/api/people/{ben.id}/block").status_code == 204

    ana.befriend(ben)  # they meet again, and both scan

    places = {
        m["place"]
        for group in ana.card(ben)["relationship"]["meetings_by_event"]
        for m in group["meetings"]
    }
    assert "secret corridor" not in places
    assert "secret corridor" not in ana.http.get("/api/me/offline").text
    assert "secret corridor" not in ana.http.get("/api/me/export").text
    # Ben's own record keeps every scan he made.
    his = ben.card(ana)["relationship"]["meetings_by_event"]
    assert "secret corridor" in {m["place"] for g in his for m in g["meetings"]}


def test_an_ignored_scan_comes_back_when_they_meet_again_later(
    person: Callable[..., Someone],
) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    ana.meet(ben, scanned_at=ago(hours=3))
    assert ben.http.post(f"/api/people/{ana.id}/ignore").status_code == 204

    ana.meet(ben, scanned_at=ago(hours=2, minutes=30))  # the same meeting: still ignored
    hidden = ben.http.get("/api/inbox").json()["scans_waiting"]
    ana.meet(ben)  # a new meeting, later

    assert hidden == []
    waiting = ben.http.get("/api/inbox").json()["scans_waiting"]
    assert [w["person"]["display_name"] for w in waiting] == ["Ana Lima"]


def test_my_blocks_are_listed_for_me_alone_and_unblocked_from_there(
    person: Callable[..., Someone],
) -> None:
    ana, ben, dan = person("Ana Lima"), person("Ben Ortiz", photo_on_badge=True), person("Dan Wu")
    ana.meet(ben)
    assert ana.http.post(f"/api/people/{ben.id}/block").status_code == 204

    listed = ana.http.get("/api/blocks").json()

    assert [(b["person"]["id"], b["person"]["photo_url"]) for b in listed] == [(ben.id, None)]
    assert dan.http.get("/api/blocks").json() == []
    assert ben.http.get("/api/blocks").json() == []
    assert ana.http.delete(f"/api/people/{ben.id}/block").status_code == 204
    assert ana.http.get("/api/blocks").json() == []
