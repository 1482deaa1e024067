"""Tables: twelve people at most, joining records nothing, each add is a scan, blocks hide
people both ways, and a closed, expired or strange table gives nothing away."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, update

from metbefore.models import Table
from tests.meetings.factories import Someone, count_rows, run_together
from tests.security.test_stranger import jpeg
from tests.tables.helpers import add, join, names, open_table, roster


def test_a_full_table_of_twelve_hides_two_who_blocked_each_other_from_each_other_only(
    person: Callable[..., Someone], engine: Engine
) -> None:
    host = person("Hana Host")
    guests = [person(f"Guest {i:02d}") for i in range(11)]
    gil, gus = guests[0], guests[1]
    gil.meet(gus)
    assert gil.http.post(f"/api/people/{gus.id}/block").status_code == 204
    token = open_table(host)["token"]

    for guest in guests:
        assert join(guest, token).status_code == 200
    thirteenth = join(person("Late Comer"), token)

    assert thirteenth.status_code == 409
    assert thirteenth.json()["code"] == "table_full"
    assert len(roster(host, token).json()["members"]) == 12
    gils_view, gus_view = roster(gil, token).json(), roster(gus, token).json()
    assert "Guest 01" not in names(gils_view) and len(gils_view["members"]) == 11
    assert "Guest 00" not in names(gus_view) and len(gus_view["members"]) == 11
    assert names(gils_view)[0] == "Guest 00"  # me first
    # "Everyone" from Gil's roster, and Gus's id sent anyway: Gus is skipped, silently.
    everyone = [m["person"]["id"] for m in gils_view["members"] if not m["me"]]
    added = gil.http.post(f"/api/tables/{token}/add", json={"person_ids": [*everyone, gus.id][:12]})
    assert added.status_code == 200, added.text
    assert all(m["added_by_me"] for m in added.json()["members"] if not m["me"])
    assert count_rows(engine, "encounters", scanner_id=gil.id, scanned_id=gus.id) == 1  # before
    assert gus.http.get(f"/api/people/{gil.id}").status_code == 404


def test_joining_records_nothing_and_two_who_add_each_other_are_friends(
    person: Callable[..., Someone], engine: Engine, make_event: Callable[..., str]
) -> None:
    ana, ben, cara = person("Ana Lima"), person("Ben Ortiz"), person("Cara Diaz")
    make_event("confx-2026", "ConfX 2026", attendees=(ana, ben, cara))
    opened = open_table(ana, name="Workshop table 3", event="confx-2026")
    token = opened["token"]
    assert opened["url"].endswith(f"/t/{token}")
    assert opened["qr_svg"].startswith("<?xml") or "<svg" in opened["qr_svg"]
    join(ben, token)
    join(cara, token)
    assert count_rows(engine, "connections") == 0
    assert count_rows(engine, "encounters") == 0

    assert add(ana, token, ben).status_code == 200
    waiting = ben.http.get("/api/inbox").json()["scans_waiting"]
    assert [(w["person"]["display_name"], w["place"], w["event"]["slug"]) for w in waiting] == [
        ("Ana Lima", "Workshop table 3", "confx-2026")
    ]
    assert ana.card(ben)["relationship"]["status"] == "pending"
    assert add(ben, token, ana, cara).status_code == 200

    card = ana.card(ben)
    assert card["relationship"]["status"] == "mutual"
    assert card["relationship"]["times_met"] == 1
    assert card["relationship"]["first_met"]["place"] == "Workshop table 3"
    assert card["relationship"]["first_met"]["event"]["slug"] == "confx-2026"
    assert cara.card(ben)["relationship"]["status"] == "pending"
    assert count_rows(engine, "encounters", scanner_id=ana.id, scanned_id=cara.id) == 0


def test_adds_sent_again_or_at_once_record_one_scan(
    person: Callable[..., Someone], engine: Engine
) -> None:
    ana, ben, cara = person("Ana Lima"), person("Ben Ortiz"), person("Cara Diaz")
    token = open_table(ana)["token"]
    join(ben, token)
    join(cara, token)
    assert add(ana, token, ben).status_code == 200

    assert add(ana, token, ben).status_code == 200
    clients = [ana.another_client() for _ in range(3)]
    answers = run_together(
        [
            lambda c=c: c.post(f"/api/tables/{token}/add", json={"person_ids": [cara.id, ben.id]})
            for c in clients
        ]
    )

    assert [a.status_code for a in answers] == [200, 200, 200]
    assert count_rows(engine, "encounters", scanner_id=ana.id) == 2
    assert ana.card(ben)["relationship"]["times_met"] == 1
    assert ana.card(cara)["relationship"]["times_met"] == 1


def test_members_adding_everyone_at_once_all_become_friends(
    person: Callable[..., Someone], engine: Engine
) -> None:
    people = [person(f"Diner {i}") for i in range(4)]
    token = open_table(people[0])["token"]
    for p in people[1:]:
        join(p, token)

    answers = run_together(
        [
            lambda p=p: p.another_client().post(
                f"/api/tables/{token}/add", json={"person_ids": [o.id for o in people if o != p]}
            )
            for p in people
        ]
    )

    assert [a.status_code for a in answers] == [200] * 4
    assert count_rows(engine, "connections") == 6
    assert all(
        p.card(o)["relationship"]["status"] == "mutual" for p in people for o in people if o != p
    )


def test_a_closed_table_answers_410_and_only_its_host_closes_it(
    person: Callable[..., Someone], engine: Engine
) -> None:
    ana, ben, cara = person("Ana Lima"), person("Ben Ortiz"), person("Cara Diaz")
    token = open_table(ana)["token"]
    join(ben, token)
    tapped = datetime.now(UTC).isoformat()

    refused = ben.http.post(f"/api/tables/{token}/close")
    closed = ana.http.post(f"/api/tables/{token}/close")

    assert (refused.status_code, refused.json()["code"]) == (403, "not_host")
    assert closed.status_code == 204
    assert ana.http.post(f"/api/tables/{token}/close").status_code == 204
    for answer in (join(cara, token), join(ben, token), roster(ben, token), add(ben, token, ana)):
        assert (answer.status_code, answer.json()["code"]) == (410, "table_closed")
    # An add tapped while the table was open, queued offline, still counts.
    assert add(ben, token, ana, added_at=tapped).status_code == 200
    assert count_rows(engine, "encounters", scanner_id=ben.id) == 1


def test_an_expired_table_answers_410(person: Callable[..., Someone], engine: Engine) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    token = open_table(ana)["token"]
    join(ben, token)
    with engine.begin() as conn:
        conn.execute(update(Table).values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))

    for answer in (join(person("Cara Diaz"), token), roster(ben, token), add(ben, token, ana)):
        assert answer.status_code == 410
    assert count_rows(engine, "encounters") == 0


def test_a_stranger_learns_nothing_of_a_table(person: Callable[..., Someone]) -> None:
    ana, ben, dan = person("Ana Lima"), person("Ben Ortiz"), person("Dan Wu")
    token = open_table(ana)["token"]
    join(ben, token)

    for answer in (
        roster(dan, token),
        add(dan, token, ana),
        dan.http.post(f"/api/tables/{token}/close"),
        roster(dan, uuid.uuid4().hex),
        join(dan, uuid.uuid4().hex),
    ):
        assert (answer.status_code, answer.json()["code"]) == (404, "table_not_found")
    # Adding someone who is not at the table records nothing.
    assert add(ben, token, dan).json()["members"][0]["me"] is True
    assert dan.http.get(f"/api/people/{ben.id}").status_code == 404
    assert dan.http.get("/api/inbox").json()["scans_waiting"] == []


def test_table_mates_see_a_badge_photo_while_the_table_is_open(
    person: Callable[..., Someone],
) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz", photo_on_badge=True)
    dan = person("Dan Wu")
    assert ben.http.put(
        "/api/me/photo", content=jpeg(), headers={"Content-Type": "image/jpeg"}
    ).is_success
    token = open_table(ana)["token"]
    join(ben, token)

    (seen,) = [m for m in roster(ana, token).json()["members"] if not m["me"]]
    url = seen["person"]["photo_url"]

    assert ana.http.get(url).status_code == 200
    assert dan.http.get(url).status_code == 404
    assert ana.http.post(f"/api/tables/{token}/close").status_code == 204
    assert ana.http.get(url).status_code == 404
