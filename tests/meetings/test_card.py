"""GET /api/people/{id}: what the card shows, to whom, and at a bounded cost."""

import io
from collections.abc import Callable

import httpx
from PIL import Image

from tests.conftest import Server
from tests.meetings.factories import Someone, ago, run_together, statements

BADGE_FIELDS = ("display_name", "pronouns", "affiliation", "title")
FRIEND_FIELDS = ("bio", "interests", "links", "email")


def ben_profile() -> dict:
    return {
        "pronouns": "he/him",
        "affiliation": "Univ. of Somewhere",
        "title": "Archivist",
        "bio": "Penguin person",
        "interests": ["Penguins", "Go"],
        "links": {"website": "https://ben.example"},
        "share_email": True,
    }


def upload_photo(someone: Someone) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(buffer, "JPEG")
    response = someone.http.put(
        "/api/me/photo", content=buffer.getvalue(), headers={"Content-Type": "image/jpeg"}
    )
    assert response.status_code == 200, response.text


def test_a_pending_card_shows_badge_fields_only(person: Callable[..., Someone]) -> None:
    ana = person("Ana Lima", interests=["penguins"], bio="Ana's bio")
    ben = person("Ben Ortiz", **ben_profile())

    card = ana.meet(ben)["card"]

    shown = card["person"]
    assert [shown[k] for k in BADGE_FIELDS] == [
        "Ben Ortiz",
        "he/him",
        "Univ. of Somewhere",
        "Archivist",
    ]
    assert [shown[k] for k in FRIEND_FIELDS] == [None] * 4
    assert card["shared_interests"] == []
    relationship = card["relationship"]
    assert (relationship["status"], relationship["i_scanned"], relationship["they_scanned"]) == (
        "pending",
        True,
        False,
    )
    # The scanned person sees the scanner the same way until they confirm.
    theirs = ben.card(ana)
    assert [theirs["person"][k] for k in FRIEND_FIELDS] == [None] * 4
    assert (theirs["relationship"]["i_scanned"], theirs["relationship"]["they_scanned"]) == (
        False,
        True,
    )


def test_a_mutual_card_shows_the_friend_fields(person: Callable[..., Someone]) -> None:
    ana = person("Ana Lima", interests=["penguins", "Rust"])
    ben = person("Ben Ortiz", **ben_profile())
    ana.befriend(ben)

    card = ana.card(ben)

    assert card["relationship"]["status"] == "mutual"
    shown = card["person"]
    assert shown["bio"] == "Penguin person"
    assert shown["interests"] == ["Penguins", "Go"]
    assert shown["links"] == {"website": "https://ben.example"}
    assert shown["email"] == ben.email
    assert [i.casefold() for i in card["shared_interests"]] == ["penguins"]
    # Ana does not share her email: Ben's card of her has none.
    assert ben.card(ana)["person"]["email"] is None


def test_photo_is_hidden_from_scanners_unless_it_is_on_the_badge(
    person: Callable[..., Someone],
) -> None:
    ana = person("Ana Lima")
    ben = person("Ben Ortiz", photo_on_badge=False)
    cara = person("Cara Diaz", photo_on_badge=True)
    upload_photo(ben)
    upload_photo(cara)

    ben_card, cara_card = ana.meet(ben)["card"], ana.meet(cara)["card"]

    assert ben_card["person"]["photo_url"] is None
    assert ana.http.get(f"/api/people/{ben.id}/photo").status_code == 404
    shown = ana.http.get(cara_card["person"]["photo_url"])
    assert shown.status_code == 200
    assert shown.headers["content-type"] == "image/jpeg"
    # Once we are friends, Ben's photo shows.
    assert ben.http.post(f"/api/people/{ana.id}/confirm").status_code == 200
    photo_url = ana.card(ben)["person"]["photo_url"]
    assert photo_url is not None
    assert ana.http.get(photo_url).status_code == 200


def test_card_tells_when_and_where_we_met_grouped_by_event(
    person: Callable[..., Someone], make_event: Callable[..., str]
) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    make_event("confx-2025", "ConfX 2025")
    make_event("confx-2026", "ConfX 2026")
    ana.meet(ben, event="confx-2025", place="booth 12", scanned_at=ago(days=20))
    ben.meet(ana, event="confx-2025", scanned_at=ago(days=20, minutes=-5))  # scans back
    ana.meet(ben, event="confx-2026", place="hall B", scanned_at=ago(hours=1))

    card = ana.card(ben)

    relationship = card["relationship"]
    assert relationship["status"] == "mutual"
    assert relationship["times_met"] == 2  # scanning back is part of the same meeting
    first, last = relationship["first_met"], relationship["last_met"]
    assert (first["place"], first["event"]["slug"]) == ("booth 12", "confx-2025")
    assert (last["place"], last["event"]["name"]) == ("hall B", "ConfX 2026")
    assert relationship["events_together"] == 2
    groups = relationship["meetings_by_event"]
    assert [g["event"]["slug"] for g in groups] == ["confx-2026", "confx-2025"]
    # Ana's scan and Ben's scan back, five minutes apart, are one meeting of both.
    assert [[(m["i_scanned"], m["they_scanned"]) for m in g["meetings"]] for g in groups] == [
        [(True, False)],
        [(True, True)],
    ]
    met_2025 = groups[1]["meetings"][0]
    assert met_2025["place"] == "booth 12"
    assert met_2025["ended_at"] > met_2025["started_at"]
    assert relationship["earlier_meetings"] is None
    # Ben sees the same meetings from his side.
    seen_by_ben = ben.card(ana)["relationship"]["meetings_by_event"][1]["meetings"][0]
    assert (seen_by_ben["id"], seen_by_ben["i_scanned"]) == (met_2025["id"], True)


def test_card_shows_mutual_friends_and_events_in_common(
    person: Callable[..., Someone], make_event: Callable[..., str]
) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    cara, dan, eve = person("Cara Diaz"), person("Dan Wu"), person("Eve Stone")
    for friend in (ben, cara, dan):
        ana.befriend(friend)
    ben.befriend(cara)
    ben.befriend(dan)
    ben.meet(eve)  # pending on Ben's side: not a friend of his
    ana.befriend(eve)
    make_event("confx-2026", "ConfX 2026", attendees=(ana, ben))
    make_event("other-2026", "Other 2026", attendees=(ben,))

    card = ana.card(ben)

    mutual = card["mutual_friends"]
    assert mutual["count"] == 2
    assert [(p["id"], p["display_name"]) for p in mutual["some"]] == [
        (cara.id, "Cara Diaz"),
        (dan.id, "Dan Wu"),
    ]
    assert [e["slug"] for e in card["events_in_common"]] == ["confx-2026"]


def test_whom_they_know_is_for_friends_only(
    person: Callable[..., Someone], make_event: Callable[..., str]
) -> None:
    ana, ben, cara = person("Ana Lima"), person("Ben Ortiz"), person("Cara Diaz")
    ana.befriend(cara)
    ben.befriend(cara)
    make_event("confx-2026", "ConfX 2026", attendees=(ana, ben))

    card = ana.meet(ben)["card"]  # pending: a badge scan reveals badge fields only

    assert card["mutual_friends"] == {"count": 0, "some": []}
    assert card["events_in_common"] == []


def test_the_card_costs_the_same_queries_however_long_the_history(
    person: Callable[..., Someone], make_event: Callable[..., str], server: Server
) -> None:
    ana, ben, cara = person("Ana Lima"), person("Ben Ortiz"), person("Cara Diaz")
    make_event("confx-2025", "ConfX 2025")
    make_event("confx-2026", "ConfX 2026")

    def history(other: Someone, meetings: int, notes: int) -> None:
        for i in range(meetings):  # alternate sides and events, 16 hours apart
            scanner, scanned = (ana, other) if i % 2 == 0 else (other, ana)
            event = "confx-2025" if i < meetings // 2 else "confx-2026"
            scanner.meet(scanned, event=event, place=f"room {i}", scanned_at=ago(hours=16 * i + 1))
        for i in range(notes):
            body = {"body": f"note {i}", "event": "confx-2026", "follow_up_on": "2020-01-01"}
            assert ana.http.post(f"/api/people/{other.id}/notes", json=body).status_code == 201

    history(ben, meetings=2, notes=2)
    history(cara, meetings=40, notes=25)

    with statements(server) as short:
        small = ana.card(ben)
    with statements(server) as long:
        large = ana.card(cara)

    assert large["relationship"]["times_met"] == 40
    assert large["relationship"]["events_together"] == 2
    assert len(large["notes"]) == 20
    assert len(large["follow_ups_due"]) == 20
    shown = [m for g in large["relationship"]["meetings_by_event"] for m in g["meetings"]]
    assert [m["place"] for m in shown] == [f"room {i}" for i in range(20)]  # newest first
    assert small["relationship"]["times_met"] == 2
    assert short, "the request's statements were not seen"
    assert len(long) == len(short), (short, long)
    assert len(long) <= 14, "\n".join(long)

    # The rest, a page at a time, in order, each once.
    pages, before = [], large["relationship"]["earlier_meetings"]
    while before:
        page = ana.http.get(f"/api/people/{cara.id}/meetings", params={"before": before})
        assert page.status_code == 200, page.text
        pages += page.json()["items"]
        before = page.json()["next"]
    assert [m["place"] for m in pages] == [f"room {i}" for i in range(20, 40)]
    older = ana.http.get(f"/api/people/{cara.id}/notes", params={"before": large["older_notes"]})
    assert [n["body"] for n in older.json()["items"]] == [f"note {i}" for i in range(4, -1, -1)]
    assert older.json()["next"] is None


def test_scanning_one_badge_again_and_again_is_one_meeting(
    person: Callable[..., Someone], server: Server
) -> None:
    ana, ben, cara = person("Ana Lima"), person("Ben Ortiz"), person("Cara Diaz")
    ana.meet(cara)
    for i in range(30):  # a booth that scans the same badge for twenty minutes
        ana.meet(ben, place="booth 12" if i == 0 else "", scanned_at=ago(minutes=30 - i))

    with statements(server) as short:
        once = ana.meet(cara)
    with statements(server) as long:
        again = ana.meet(ben)

    assert again["first_meeting"] is True  # still the first meeting: the same one
    relationship = again["card"]["relationship"]
    assert relationship["times_met"] == 1
    [group] = relationship["meetings_by_event"]
    [meeting] = group["meetings"]
    assert meeting["place"] == "booth 12"
    assert once["card"]["relationship"]["times_met"] == 1
    assert short, "the request's statements were not seen"
    assert len(long) == len(short), (short, long)


def test_a_pair_scanning_every_fifty_minutes_all_day_has_met_more_than_once(
    person: Callable[..., Someone],
) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    for i in range(11):  # 8:00 to 16:20 at the same booth: each scan within the hour
        ana.meet(ben, place="booth 12", scanned_at=ago(minutes=600 - 50 * i))

    relationship = ana.card(ben)["relationship"]
    # A meeting lasts three hours at most: 8:00-10:30, 11:20-13:50, 14:40-16:20.
    assert relationship["times_met"] == 3
    [group] = relationship["meetings_by_event"]
    assert len(group["meetings"]) == 3


def test_a_removed_friend_met_again_keeps_the_count_of_meetings(
    person: Callable[..., Someone],
) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    for hours in (50, 30, 10):
        ana.meet(ben, scanned_at=ago(hours=hours))
    ben.meet(ana, scanned_at=ago(hours=10))
    assert ana.http.delete(f"/api/people/{ben.id}/connection").status_code == 204

    alone = ana.card(ben)["relationship"]
    assert (alone["status"], alone["times_met"]) == ("pending", 3)  # my own scans only

    result = ana.meet(ben)
    assert result["first_meeting"] is False
    assert result["card"]["relationship"]["times_met"] == 4


def test_a_cursor_that_the_server_did_not_give_is_refused(
    person: Callable[..., Someone],
) -> None:
    ana, ben, cara = person("Ana Lima"), person("Ben Ortiz"), person("Cara Diaz")
    ana.meet(ben)
    for before in ("nonsense", "MjAyNi0wMS0wMQ", "x" * 201):
        answer = ana.http.get(f"/api/people/{ben.id}/meetings", params={"before": before})
        assert answer.status_code == 422, (before, answer.text)
    # Someone I never met has no meetings to page through, not even an empty list.
    assert ana.http.get(f"/api/people/{cara.id}/meetings").status_code == 404
    assert ana.http.get(f"/api/people/{cara.id}/notes").status_code == 404


def test_a_crowd_reading_cards_at_once_is_served(person: Callable[..., Someone]) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    ana.befriend(ben)
    # More readers than the server has worker threads and database connections, for long
    # enough that holders of connections and waiters for them meet.
    clients = [ana.another_client() for _ in range(80)]

    def keep_reading(c: httpx.Client) -> list[int]:
        return [c.get(f"/api/people/{ben.id}").status_code for _ in range(5)]

    results = run_together([lambda c=c: keep_reading(c) for c in clients])

    assert results == [[200] * 5] * 80
