"""People, badges, sessions, friendships and encounters written straight into a database
(many thousands per statement) for the benchmarks, and the server they run against."""

import os
import random
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, create_engine, insert, make_url, text
from sqlalchemy.orm import Session

from metbefore.cli import migrate
from metbefore.db import make_engine, normalise_url, utcnow
from metbefore.models import (
    Attendance,
    AuthSession,
    Badge,
    Connection,
    Encounter,
    Event,
    Meeting,
    Note,
    Person,
)
from metbefore.security import new_token, sha256_hex

ROOT = Path(__file__).resolve().parents[1]
FIRST = "Ana Ben Cara Dan Erin Fay Gus Hana Ivo Jun Kai Lea Mo Nia Omar Pia Quim Rui Sara Tao"
LAST = "Lima Ortiz Diaz Wu Sato Novak Berg Costa Kim Haddad Silva Moreau Ito Okafor Rossi"
COOKIE = "metbefore_session"
BATCH = 20_000


@dataclass(frozen=True)
class Attendee:
    id: uuid.UUID
    name: str
    badge: str  # badge token (the event badge when there is an event)
    cookie: str  # session token


def name_of(i: int) -> str:
    first, last = FIRST.split(), LAST.split()
    return f"{first[i % len(first)]} {last[(i // len(first)) % len(last)]} {i}"


def batched(rows: Sequence[dict[str, Any]]) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def insert_all(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    for chunk in batched(rows):
        session.execute(insert(model), chunk)


def add_people(
    engine: Engine, count: int, *, start: int = 0, event_id: uuid.UUID | None = None
) -> list[Attendee]:
    """`count` signed-in people, each with a badge (for the event, if one is given)."""
    now = utcnow()
    crowd = [
        Attendee(uuid.uuid4(), name_of(start + i), new_token(), new_token()) for i in range(count)
    ]
    with Session(engine) as s, s.begin():
        insert_all(
            s,
            Person,
            [
                {"id": a.id, "email": f"p{a.id.hex}@example.org", "display_name": a.name}
                for a in crowd
            ],
        )
        insert_all(
            s,
            Badge,
            [
                {
                    "person_id": a.id,
                    "event_id": event_id,
                    "token": a.badge,
                    "token_hash": sha256_hex(a.badge),
                }
                for a in crowd
            ],
        )
        insert_all(
            s,
            AuthSession,
            [
                {
                    "token_hash": sha256_hex(a.cookie),
                    "person_id": a.id,
                    "expires_at": now + timedelta(days=2),
                }
                for a in crowd
            ],
        )
        if event_id is not None:
            insert_all(s, Attendance, [{"event_id": event_id, "person_id": a.id} for a in crowd])
    return crowd


def add_event(engine: Engine, slug: str, *, days_ago: int = 0) -> uuid.UUID:
    day = (utcnow() - timedelta(days=days_ago)).date()
    with Session(engine) as s, s.begin():
        event = Event(slug=slug, name=slug.replace("-", " ").title(), starts_on=day, ends_on=day)
        s.add(event)
        s.flush()
        return event.id


def add_friendships(
    engine: Engine,
    pairs: Sequence[tuple[uuid.UUID, uuid.UUID]],
    *,
    met_at: datetime,
    event_id: uuid.UUID | None = None,
    encounters_per_side: int = 1,
) -> int:
    """Mutual connections, each with its meetings (one a day, both sides scanning), written
    a batch at a time; returns how many encounters were written."""
    written = 0
    with Session(engine) as s, s.begin():
        for start in range(0, len(pairs), BATCH // 2):
            connections, meetings, encounters = [], [], []
            for x, y in pairs[start : start + BATCH // 2]:
                a, b = (x, y) if x < y else (y, x)
                connections.append(
                    {
                        "id": uuid.uuid4(),
                        "a_id": a,
                        "b_id": b,
                        "status": "mutual",
                        "a_scanned": True,
                        "b_scanned": True,
                        "meeting_count": encounters_per_side,
                        "event_count": 1 if event_id else 0,
                        "first_met_at": met_at,
                        "first_place": "hall A",
                        "first_event_id": event_id,
                        "last_met_at": met_at + timedelta(days=encounters_per_side - 1),
                        "last_place": "hall A",
                        "last_event_id": event_id,
                        "confirmed_at": met_at,
                    }
                )
                for k in range(encounters_per_side):
                    day = met_at + timedelta(days=k)
                    meeting = {
                        "id": uuid.uuid4(),
                        "a_id": a,
                        "b_id": b,
                        "started_at": day,
                        "ended_at": day + timedelta(minutes=59),
                        "event_id": event_id,
                        "place": "hall A",
                        "a_scanned": True,
                        "b_scanned": True,
                        "silent": False,
                    }
                    meetings.append(meeting)
                    for scanner, scanned in ((x, y), (y, x)):
                        encounters.append(
                            {
                                "id": uuid.uuid4(),
                                "meeting_id": meeting["id"],
                                "client_id": uuid.uuid4(),
                                "scanner_id": scanner,
                                "scanned_id": scanned,
                                "event_id": event_id,
                                "met_at": day + timedelta(minutes=random.randrange(60)),
                                "place": "hall A",
                                "first_meeting": k == 0,
                            }
                        )
            s.execute(insert(Connection), connections)
            s.execute(insert(Meeting), meetings)
            s.execute(insert(Encounter), encounters)
            written += len(encounters)
    return written


def add_notes(engine: Engine, notes: Sequence[tuple[uuid.UUID, uuid.UUID, str]]) -> None:
    with Session(engine) as s, s.begin():
        insert_all(
            s,
            Note,
            [
                {"author_id": a, "subject_id": s, "subject_name": name, "body": "penguins; slides"}
                for a, s, name in notes
            ],
        )


@dataclass
class Database:
    """A fresh database: a SQLite file in `folder`, or a PostgreSQL database created (and
    later dropped) beside the one `postgres_url` names."""

    url: str
    drop: str | None = None

    @classmethod
    def fresh(cls, kind: str, folder: Path) -> "Database":
        """An empty database: a file in folder, or a scratch PostgreSQL database on the
        server METBEFORE_BENCH_POSTGRES, named METBEFORE_BENCH_DB."""
        if kind == "sqlite":
            return cls(f"sqlite:///{folder / 'bench.db'}")
        postgres_url = os.environ.get(
            "METBEFORE_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
        )
        name = os.environ.get("METBEFORE_BENCH_DB", "metbefore_bench")
        admin_url = make_url(normalise_url(postgres_url))
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url = admin_url.set(database=name).render_as_string(hide_password=False)
        return cls(url, drop=postgres_url)

    def engine(self) -> Engine:
        migrate(self.url)
        return make_engine(self.url)

    def remove(self) -> None:
        if self.drop is None:
            return
        admin = create_engine(make_url(normalise_url(self.drop)), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(
                text(f'DROP DATABASE IF EXISTS "{make_url(self.url).database}" WITH (FORCE)')
            )
        admin.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`metbefore serve` as a subprocess (uvicorn with uvloop and httptools)."""

    def __init__(
        self, url: str, data_dir: Path, workers: int, env: dict[str, str] | None = None
    ) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "METBEFORE_DATABASE_URL": url,
            "METBEFORE_DATA_DIR": str(data_dir),
            "METBEFORE_BASE_URL": self.base,
            "METBEFORE_SMTP_URL": "",
            **(env or {}),
        }
        self.log = (data_dir / "server.log").open("wb")
        command = [sys.executable, "-m", "metbefore", "serve", "--no-migrate"]
        command += ["--port", str(self.port), "--workers", str(workers)]
        self.process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/api/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise SystemExit(f"server did not start: see {data_dir / 'server.log'}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
