"""A crowd of signed-in people made straight in the database (hundreds in one statement per
table), and the HTTP calls that drive them from many threads at once. Everything a test
asserts still goes through the real API or reads the rows the server wrote."""

import threading
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

import httpx
from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from metbefore.db import utcnow
from metbefore.models import AuthSession, Badge, Connection, Encounter, Person
from metbefore.security import new_token, sha256_hex

T = TypeVar("T")
R = TypeVar("R")
COOKIE = "metbefore_session"  # the cookie's name on an http:// base URL


@dataclass(frozen=True)
class Member:
    id: uuid.UUID
    badge: str  # the personal badge token
    cookie: str  # the session token

    def scan(
        self,
        http: httpx.Client,
        other: "Member",
        *,
        client_id: uuid.UUID | None = None,
        at: datetime | None = None,
    ) -> httpx.Response:
        body: dict[str, Any] = {"client_id": str(client_id or uuid.uuid4()), "token": other.badge}
        if at is not None:
            body["scanned_at"] = at.isoformat()
        return http.post("/api/scans", json=body, headers={"Cookie": f"{COOKIE}={self.cookie}"})


def make_crowd(engine: Engine, size: int) -> list[Member]:
    """`size` people, each with a personal badge and a session, in one transaction."""
    now = utcnow()
    crowd = [Member(id=uuid.uuid4(), badge=new_token(), cookie=new_token()) for _ in range(size)]
    with Session(engine) as s, s.begin():
        s.execute(
            insert(Person),
            [
                {"id": m.id, "email": f"p{m.id.hex}@example.org", "display_name": f"Person {i}"}
                for i, m in enumerate(crowd)
            ],
        )
        s.execute(
            insert(Badge),
            [
                {"person_id": m.id, "token": m.badge, "token_hash": sha256_hex(m.badge)}
                for m in crowd
            ],
        )
        s.execute(
            insert(AuthSession),
            [
                {
                    "token_hash": sha256_hex(m.cookie),
                    "person_id": m.id,
                    "expires_at": now + timedelta(days=1),
                }
                for m in crowd
            ],
        )
    return crowd


def in_parallel(
    base_url: str, work: Callable[[httpx.Client, T], R], items: Iterable[T], *, threads: int
) -> list[R]:
    """work(http, item) for every item on a pool of threads, each thread with its own HTTP
    client; the results in the order of the items."""
    local = threading.local()
    clients: list[httpx.Client] = []

    def run(item: T) -> R:
        if not hasattr(local, "http"):
            local.http = httpx.Client(base_url=base_url, timeout=60)
            clients.append(local.http)
        return work(local.http, item)

    try:
        with ThreadPoolExecutor(threads) as pool:
            return list(pool.map(run, items))
    finally:
        for c in clients:
            c.close()


def encounter_keys(engine: Engine) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(scanner_id, client_id) of every encounter stored."""
    with engine.connect() as conn:
        return [
            (r[0], r[1]) for r in conn.execute(select(Encounter.scanner_id, Encounter.client_id))
        ]


def connections(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(select(Connection.__table__)))
