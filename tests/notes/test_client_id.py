"""A note written offline carries its client UUID: replayed by the outbox, or arriving in
two copies at once, it is stored exactly once."""

import uuid
from collections.abc import Callable

from sqlalchemy import Engine

from tests.meetings.factories import Someone, count_rows, run_together


def test_a_note_sent_again_or_twice_at_once_is_stored_once(
    person: Callable[..., Someone], engine: Engine
) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    ana.meet(ben)
    body = {"client_id": str(uuid.uuid4()), "body": "penguins"}
    first = ana.http.post(f"/api/people/{ben.id}/notes", json=body)
    again = ana.http.post(f"/api/people/{ben.id}/notes", json=body)
    together = {"client_id": str(uuid.uuid4()), "body": "cataloguing slides"}
    clients = [ana.another_client() for _ in range(4)]
    copies = run_together(
        [lambda c=c: c.post(f"/api/people/{ben.id}/notes", json=together) for c in clients]
    )

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert {c.status_code for c in copies} == {201}
    assert len({c.json()["id"] for c in copies}) == 1
    assert count_rows(engine, "notes", author_id=ana.id) == 2
    assert [n["body"] for n in ana.card(ben)["notes"]] == ["cataloguing slides", "penguins"]


def test_a_client_id_is_one_note_of_one_author(person: Callable[..., Someone]) -> None:
    ana, ben, cara = person("Ana Lima"), person("Ben Ortiz"), person("Cara Diaz")
    ana.meet(ben)
    ana.meet(cara)
    ben.meet(ana)
    client_id = str(uuid.uuid4())
    assert ana.http.post(
        f"/api/people/{ben.id}/notes", json={"client_id": client_id, "body": "about Ben"}
    ).is_success

    reused = ana.http.post(
        f"/api/people/{cara.id}/notes", json={"client_id": client_id, "body": "about Cara"}
    )
    bens = ben.http.post(
        f"/api/people/{ana.id}/notes", json={"client_id": client_id, "body": "about Ana"}
    )

    assert (reused.status_code, reused.json()["code"]) == (409, "client_id_reused")
    assert bens.status_code == 201  # another author's ids are theirs
