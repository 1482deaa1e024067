"""A merge racing scans, notes and confirmations on either account loses nothing and
duplicates nothing (threads, real HTTP; on PostgreSQL the merge and the writes truly
overlap)."""

import uuid
from collections.abc import Callable

import httpx
from sqlalchemy import Engine, func, or_, select

from metbefore.models import Connection, Encounter, Note
from tests.meetings.factories import Someone, ago, run_together

ROUNDS = 12


def test_a_merge_in_the_middle_of_scans_and_notes(
    person: Callable[..., Someone],
    add_address: Callable[[Someone, str], dict],
    engine: Engine,
) -> None:
    old, new = person("Ben Ortiz"), person("Ben Ortiz")
    cara, dan = person("Cara Diaz"), person("Dan Wu")
    dan.meet(old)  # waiting for old Ben to confirm
    offer = add_address(new, old.email)["merge"]["merge_token"]
    acknowledged: list[str] = []
    notes: list[str] = []

    def scans(scanner: Someone, token: str, minutes: int) -> list[int]:
        c = scanner.another_client()
        codes = []
        for i in range(ROUNDS):
            client_id = str(uuid.uuid4())
            body = {"client_id": client_id, "token": token, "scanned_at": ago(minutes=minutes + i)}
            answer = c.post("/api/scans", json=body)
            codes.append(answer.status_code)
            if answer.status_code == 201:
                acknowledged.append(client_id)
        return codes

    def write_notes(author: Someone, about: Someone) -> list[int]:
        c = author.another_client()
        codes = []
        for _ in range(ROUNDS):
            body = f"race note {uuid.uuid4().hex}"
            answer = c.post(f"/api/people/{about.id}/notes", json={"body": body})
            codes.append(answer.status_code)
            if answer.status_code == 201:
                notes.append(body)
        return codes

    def merge() -> list[int]:
        c: httpx.Client = new.another_client()
        return [c.post("/api/me/merge", json={"merge_token": offer}).status_code]

    def confirm() -> list[int]:
        return [old.another_client().post(f"/api/people/{dan.id}/confirm").status_code]

    results = run_together(
        [
            lambda: scans(cara, old.token, 0),  # Cara scans old Ben's badge
            lambda: scans(old, cara.token, 200),  # old Ben scans Cara, until signed out
            lambda: scans(new, cara.token, 400),
            lambda: write_notes(cara, old),
            lambda: write_notes(old, cara),
            confirm,
            merge,
        ]
    )

    assert results[-1] == [200]
    # Old Ben's own requests end with his sessions (401), or the person they named is
    # gone (404); nothing else.
    for codes in results[:-1]:
        assert set(codes) <= {200, 201, 401, 404}, codes
    n, c = uuid.UUID(new.id), uuid.UUID(cara.id)
    with engine.connect() as conn:
        stored = [
            str(i)
            for i in conn.execute(
                select(Encounter.client_id).where(
                    or_(Encounter.scanner_id.in_((n, c)), Encounter.scanned_id == n)
                )
            ).scalars()
        ]
        bodies = set(conn.execute(select(Note.body)).scalars())
        pairs = conn.execute(
            select(func.count()).where(Connection.a_id.in_((n, c)), Connection.b_id.in_((n, c)))
        ).scalar()
    assert sorted(set(acknowledged) & set(stored)) == sorted(acknowledged)  # none lost
    assert len(stored) == len(set(stored))  # none twice
    assert set(notes) <= bodies
    assert pairs == 1
    card = new.card(cara)["relationship"]
    assert card["times_met"] >= 1 and card["status"] == "mutual"
    assert old.http.get("/api/me").status_code == 401
