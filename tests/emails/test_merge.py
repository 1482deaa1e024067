"""Two accounts of one person become one: the story of issue 10, the collisions, the
takeover attempts, and the operator's command."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from metbefore import paging
from metbefore.merge.commands import merge_people
from metbefore.merge.service import MOVED
from metbefore.models import Base, Introduction, MergeProof, Passkey
from tests.conftest import Mailbox, Server
from tests.emails.test_addresses import signed_in_as
from tests.meetings.factories import Someone, ago


def _far_future() -> str:
    """A meetings cursor later than every meeting: the whole history, a page at a time."""
    return paging.cursor(datetime.now(UTC) + timedelta(days=1), uuid.UUID(int=0))


def test_the_story_one_person_across_two_addresses(
    person: Callable[..., Someone],
    make_event: Callable[..., str],
    add_address: Callable[[Someone, str], dict],
    client: Callable[[], httpx.Client],
    mailbox: Mailbox,
) -> None:
    make_event("confx-2025", "ConfX 2025")
    make_event("confx-2026", "ConfX 2026")
    ana, old, new = person("Ana Lima"), person("Ben Ortiz"), person("Ben Ortiz")
    ana.meet(old, event="confx-2025", place="booth 12", scanned_at=ago(days=25))
    old.meet(ana, event="confx-2025", scanned_at=ago(days=25, minutes=-3))
    note = {"body": "penguins; wants the cataloguing slides"}
    assert ana.http.post(f"/api/people/{old.id}/notes", json=note).status_code == 201
    # A year on Ben registers from his new address: to Ana a stranger, a first meeting.
    assert ana.meet(new, event="confx-2026", place="hall B")["first_meeting"] is True

    offered = add_address(new, old.email)

    assert offered["status"] == "merge_available"
    preview = offered["merge"]["preview"]
    assert (preview["email"], preview["friends"], preview["badges"]) == (old.email, 1, 1)
    seen = mailbox.count_to(new.email)
    merged = new.http.post("/api/me/merge", json={"merge_token": offered["merge"]["merge_token"]})
    assert merged.status_code == 200, merged.text
    assert "merged into your" in mailbox.last_to(new.email, after=seen)["Subject"]

    card = ana.card(new)
    relationship = card["relationship"]
    assert (relationship["times_met"], relationship["events_together"]) == (2, 2)
    assert [g["event"]["slug"] for g in relationship["meetings_by_event"]] == [
        "confx-2026",
        "confx-2025",
    ]
    assert relationship["first_met"]["place"] == "booth 12"
    assert [n["body"] for n in card["notes"]] == [note["body"]]
    assert [p["person"]["id"] for p in ana.http.get("/api/people").json()["items"]] == [new.id]
    # A link or a phone's copy from before the merge, naming the old id, leads to Ben.
    by_old_id = ana.http.get(f"/api/people/{old.id}")
    assert by_old_id.status_code == 200, by_old_id.text
    assert by_old_id.json()["person"]["id"] == new.id
    assert by_old_id.json()["relationship"]["times_met"] == 2
    assert [n["body"] for n in ana.http.get(f"/api/people/{old.id}/notes").json()["items"]] == [
        note["body"]
    ]
    earlier = ana.http.get(f"/api/people/{old.id}/meetings", params={"before": _far_future()})
    assert [m["place"] for m in earlier.json()["items"]] == ["hall B", "booth 12"]
    # Only for those who may see Ben: to a stranger, and to Ben himself, the old id is gone.
    stranger = person("Dan Wu")
    assert stranger.http.get(f"/api/people/{old.id}").status_code == 404
    assert stranger.http.get(f"/api/people/{old.id}/meetings").status_code == 404
    assert new.http.get(f"/api/people/{old.id}").status_code == 404
    # Ben's printed 2025 badge still opens Ben's card.
    again = ana.meet(old, place="lobby")
    assert (again["card"]["person"]["id"], again["first_meeting"]) == (new.id, False)
    # The old account's sessions ended; either address signs in to the one account.
    assert old.http.get("/api/me").status_code == 401
    for address in (old.email, new.email):
        assert signed_in_as(client, mailbox, address).get("/api/me").json()["id"] == new.id
    exported = new.http.get("/api/me/export").json()
    assert exported["addresses"] == [new.email, old.email]
    assert [m["email"] for m in exported["merged_accounts"]] == [old.email]
    # The token was used up.
    replay = new.http.post("/api/me/merge", json={"merge_token": offered["merge"]["merge_token"]})
    assert (replay.status_code, replay.json()["code"]) == (403, "merge_token_invalid")


def test_connections_with_the_same_person_become_one_and_what_linked_the_two_goes(
    person: Callable[..., Someone], add_address: Callable[[Someone, str], dict]
) -> None:
    old, new = person("Ben Ortiz"), person("Ben Ortiz")
    cara, dan, eve = person("Cara Diaz"), person("Dan Wu"), person("Eve Stone")
    # Cara met both accounts within the same hour (one meeting) and an hour later again.
    cara.meet(old, place="booth", scanned_at=ago(hours=5))
    new.meet(cara, scanned_at=ago(hours=4, minutes=30))
    cara.meet(new, place="bar", scanned_at=ago(hours=2))
    old.meet(cara, scanned_at=ago(hours=2))  # Cara and old Ben: mutual
    old.befriend(new)  # the two accounts had met each other
    old.befriend(dan)
    eve.meet(old)
    assert old.http.post(f"/api/people/{eve.id}/block").status_code == 204

    offer = add_address(new, old.email)["merge"]
    assert (
        new.http.post("/api/me/merge", json={"merge_token": offer["merge_token"]}).status_code
        == 200
    )

    with_cara = new.card(cara)["relationship"]
    assert with_cara["status"] == "mutual"
    assert with_cara["times_met"] == 2  # 5h and 4h30 ago: one meeting; 2h ago: another
    assert (with_cara["i_scanned"], with_cara["they_scanned"]) == (True, True)
    assert cara.card(new)["relationship"]["times_met"] == 2
    friends = {f["person"]["id"] for f in new.http.get("/api/friends").json()["items"]}
    assert friends == {cara.id, dan.id}  # not himself
    assert new.http.get(f"/api/people/{new.id}").status_code == 404
    # A block of a third person stays: Eve keeps her own scan, and learns nothing more.
    assert eve.card(new)["relationship"]["they_scanned"] is False
    assert eve.scan(new.token).status_code == 201  # a silent scan, as under any block
    assert eve.id not in new.http.get("/api/inbox").text


def test_introductions_move_to_the_keeper_once_each(
    person: Callable[..., Someone], add_address: Callable[[Someone, str], dict], engine: Engine
) -> None:
    old, new = person("Ben Ortiz"), person("Ben Ortiz")
    cara, dan, eve, fay = (person(n) for n in ("Cara Diaz", "Dan Wu", "Eve Stone", "Fay Lin"))
    ids = {
        k: uuid.UUID(p.id)
        for k, p in {
            "old": old,
            "new": new,
            "cara": cara,
            "dan": dan,
            "eve": eve,
            "fay": fay,
        }.items()
    }

    def introduce(introducer: str, a: str, b: str) -> None:
        s.add(Introduction(introducer_id=ids[introducer], a_id=ids[a], b_id=ids[b]))

    with Session(engine) as s, s.begin():
        introduce("eve", "old", "cara")  # only the old account: moves to the keeper
        introduce("eve", "dan", "old")  # both accounts were introduced to Dan: one stays
        introduce("fay", "new", "dan")
        introduce("eve", "old", "new")  # the two accounts to each other: goes
        introduce("old", "cara", "fay")  # the old account introduced two friends
    token = add_address(new, old.email)["merge"]["merge_token"]
    assert new.http.post("/api/me/merge", json={"merge_token": token}).status_code == 200

    names = {v: k for k, v in ids.items()}
    with Session(engine) as s:
        left = sorted(
            (names[i.introducer_id], *sorted((names[i.a_id], names[i.b_id])))
            for i in s.scalars(select(Introduction))
        )
    assert left == [("eve", "cara", "new"), ("fay", "dan", "new"), ("new", "cara", "fay")]


def test_passkeys_move_with_the_account(
    person: Callable[..., Someone], add_address: Callable[[Someone, str], dict], engine: Engine
) -> None:
    old, new = person("Ben Ortiz"), person("Ben Ortiz")
    with Session(engine) as s, s.begin():
        s.add(
            Passkey(
                person_id=uuid.UUID(old.id),
                credential_id=b"old phone",
                public_key=b"cose",
                name="Old phone",
            )
        )
    token = add_address(new, old.email)["merge"]["merge_token"]
    assert new.http.post("/api/me/merge", json={"merge_token": token}).status_code == 200

    assert [p["name"] for p in new.http.get("/api/me/passkeys").json()] == ["Old phone"]


def test_a_merge_token_is_the_keepers_alone_and_expires(
    person: Callable[..., Someone],
    add_address: Callable[[Someone, str], dict],
    engine: Engine,
) -> None:
    old, new, eve = person("Ben Ortiz"), person("Ben Ortiz"), person("Eve Stone")
    token = add_address(new, old.email)["merge"]["merge_token"]

    stolen = eve.http.post("/api/me/merge", json={"merge_token": token})
    assert (stolen.status_code, stolen.json()["code"]) == (403, "merge_token_invalid")
    made_up = new.http.post("/api/me/merge", json={"merge_token": "x" * 43})
    assert made_up.status_code == 403
    with engine.begin() as conn:
        conn.execute(update(MergeProof).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    expired = new.http.post("/api/me/merge", json={"merge_token": token})
    assert (expired.status_code, expired.json()["code"]) == (403, "merge_token_invalid")
    assert old.http.get("/api/me").status_code == 200  # nothing merged


def test_the_operators_command_shows_the_preview_and_asks(
    person: Callable[..., Someone], server: Server
) -> None:
    old, new, cara = person("Ben Ortiz"), person("Ben Ortiz"), person("Cara Diaz")
    old.befriend(cara)
    said: list[str] = []

    kept = merge_people(
        server.settings, keep=new.email, absorb=old.email, confirm=lambda _: False, out=said.append
    )
    assert kept is False
    assert "1 friends" in said[0] and old.email in said[0]
    assert old.http.get("/api/me").status_code == 200

    assert merge_people(
        server.settings,
        keep=new.email.upper(),
        absorb=old.email,
        confirm=lambda _: True,
        out=said.append,
    )
    assert old.http.get("/api/me").status_code == 401
    assert [f["person"]["id"] for f in new.http.get("/api/friends").json()["items"]] == [cara.id]


def test_every_reference_to_a_person_is_moved_by_a_merge() -> None:
    """A new table that points at people must say what a merge does with it."""
    pointing = {
        (table.name, fk.parent.name)
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == "people"
    }
    assert pointing == MOVED
