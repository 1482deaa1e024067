"""kill -9 the server ten times while twenty phones send scans. A phone resends a scan until
it sees it acknowledged, with the same client UUID (the outbox). Afterwards the database
holds exactly the scans that were acknowledged: none lost, none twice, every connection
agreeing with its encounters, and SQLite's file intact."""

import random
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, make_url, select

from metbefore.cli import migrate
from metbefore.db import make_engine
from metbefore.models import Encounter
from tests.conftest import TEST_DATABASE_URL
from tests.reliability.crowd import Member, connections, make_crowd
from tests.reliability.processes import ServerProcess, scratch_database

PHONES, KILLS = 20, 10


@pytest.fixture
def crash_database(tmp_path: Path) -> Iterator[str]:
    """A database for this test alone: the killed server is not the suite's server."""
    if TEST_DATABASE_URL:
        with scratch_database(TEST_DATABASE_URL, "crash") as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'crash.db'}"


@dataclass
class Phone:
    me: Member
    others: list[Member]
    acknowledged: list[uuid.UUID] = field(default_factory=list)
    interrupted: int = 0  # scans whose first delivery got no answer
    recovered: int = 0  # of those, stored before the kill: the resend was answered as a replay

    def run(self, url: str, stop: threading.Event) -> None:
        with httpx.Client(base_url=url, timeout=10) as http:
            while not stop.is_set():
                self.deliver(http, uuid.uuid4(), random.choice(self.others))

    def deliver(self, http: httpx.Client, client_id: uuid.UUID, other: Member) -> None:
        """Until acknowledged, however often the server dies meanwhile."""
        deadline, attempts = time.monotonic() + 120, 0
        while time.monotonic() < deadline:
            attempts += 1
            try:
                response = self.me.scan(http, other, client_id=client_id)
            except httpx.TransportError:
                response = None
            if response is None or response.status_code >= 500:
                time.sleep(0.05)
                continue
            assert response.status_code in (200, 201), response.text
            self.acknowledged.append(client_id)
            self.interrupted += attempts > 1
            self.recovered += response.status_code == 200
            return
        raise AssertionError("a scan was never acknowledged")


def test_killing_the_server_loses_no_acknowledged_scan(crash_database: str, tmp_path: Path) -> None:
    migrate(crash_database)
    engine: Engine = make_engine(crash_database)
    sqlite = engine.dialect.name == "sqlite"
    crowd = make_crowd(engine, 2 * PHONES)
    phones = [Phone(me, [o for o in crowd if o is not me]) for me in crowd[:PHONES]]
    # SQLite runs the embedded default (one process); PostgreSQL as in production.
    server = ServerProcess(crash_database, tmp_path, workers=1 if sqlite else 2)
    server.start()
    stop = threading.Event()
    threads = [threading.Thread(target=p.run, args=(server.url, stop)) for p in phones]
    started = time.monotonic()
    try:
        for t in threads:
            t.start()
        for _ in range(KILLS):
            time.sleep(random.uniform(0.2, 1.5))
            server.kill()
            server.start()
        time.sleep(0.5)
        stop.set()
        for t in threads:
            t.join(timeout=180)
    finally:
        stop.set()
        server.stop()
    elapsed = time.monotonic() - started

    acknowledged = {(p.me.id, c) for p in phones for c in p.acknowledged}
    with engine.connect() as conn:
        stored = [
            (r.scanner_id, r.client_id, r.scanned_id)
            for r in conn.execute(
                select(Encounter.scanner_id, Encounter.client_id, Encounter.scanned_id)
            )
        ]
    assert len(acknowledged) == sum(len(p.acknowledged) for p in phones) > 0
    assert sorted((s, c) for s, c, _ in stored) == sorted(acknowledged)
    scanned = {(s, t) for s, _, t in stored}
    rows = connections(engine)
    assert {(r.a_id, r.b_id) for r in rows} == {tuple(sorted(pair)) for pair in scanned}
    for r in rows:
        assert (r.a_scanned, r.b_scanned) == (
            (r.a_id, r.b_id) in scanned,
            (r.b_id, r.a_id) in scanned,
        )
        assert r.status == ("mutual" if r.a_scanned and r.b_scanned else "pending")
    integrity = "-"
    if sqlite:
        path = make_url(crash_database).database
        with sqlite3.connect(str(path)) as db:
            integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        assert integrity == "ok"
    engine.dispose()
    print(
        f"\ncrash ({'sqlite' if sqlite else 'postgresql'}): {KILLS} kill -9 in {elapsed:.0f} s, "
        f"{PHONES} phones, {len(acknowledged)} scans acknowledged, {len(stored)} stored, "
        f"0 lost, 0 twice; {sum(p.interrupted for p in phones)} resent after a lost answer, "
        f"{sum(p.recovered for p in phones)} of them stored before the kill (answered as "
        f"replays); {len(rows)} connections consistent, integrity_check {integrity}"
    )
