"""`metbefore backup` while a real server process takes a burst of scans, then `metbefore
restore` into a fresh data folder: every scan acknowledged before the backup began is
there, and SQLite's integrity check passes. Restore refuses a live database, existing data
(without --force) and files that are not a Met Before backup. On PostgreSQL the backup is
pg_dump's custom format."""

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from metbefore.cli import migrate
from metbefore.db import make_engine
from tests.conftest import TEST_DATABASE_URL
from tests.reliability.crowd import Member, make_crowd
from tests.reliability.processes import ServerProcess, scratch_database

PHONES = 8


def metbefore(database_url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "METBEFORE_DATABASE_URL": database_url,
        "METBEFORE_DATA_DIR": str(data_dir),
    }
    return subprocess.run(
        [sys.executable, "-m", "metbefore", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


class Burst:
    """Phones scanning one another as fast as the server answers, each scan recorded as
    acknowledged (with the time) once the server said so."""

    def __init__(self, url: str, crowd: list[Member]) -> None:
        self.url, self.crowd = url, crowd
        self.acknowledged: list[tuple[float, uuid.UUID]] = []
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.phone, args=(me,)) for me in crowd[:PHONES]]

    def phone(self, me: Member) -> None:
        others = [o for o in self.crowd if o is not me]
        with httpx.Client(base_url=self.url, timeout=30) as http:
            for i in range(100_000):
                if self.stop.is_set():
                    return
                client_id = uuid.uuid4()
                response = me.scan(http, others[i % len(others)], client_id=client_id)
                assert response.status_code in (200, 201), response.text
                self.acknowledged.append((time.monotonic(), client_id))

    def __enter__(self) -> "Burst":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="SQLite's backup (PostgreSQL: pg_dump below)")
def test_a_backup_under_a_burst_of_scans_restores_every_acknowledged_scan(tmp_path: Path) -> None:
    live = tmp_path / "live"
    live.mkdir()
    url = f"sqlite:///{live / 'metbefore.db'}"
    migrate(url)
    engine: Engine = make_engine(url)
    crowd = make_crowd(engine, 2 * PHONES)
    engine.dispose()
    server = ServerProcess(url, live)
    server.start()
    backup = tmp_path / "backup.db"
    try:
        with Burst(server.url, crowd) as burst:
            while len(burst.acknowledged) < 300:
                time.sleep(0.05)
            began = time.monotonic()
            saved = metbefore(url, live, "backup", str(backup))
            seconds = time.monotonic() - began
            time.sleep(0.5)  # scans go on after the backup too
        assert saved.returncode == 0, saved.stderr
        assert "backing up [#########################]" in saved.stderr
        before = {client_id for at, client_id in burst.acknowledged if at < began}
        after = len(burst.acknowledged) - len(before)

        busy = metbefore(url, live, "restore", str(backup), "--force")
        assert busy.returncode == 1
        assert "A server is using" in busy.stderr
    finally:
        server.stop()

    fresh = tmp_path / "fresh"
    restored = metbefore(f"sqlite:///{fresh / 'metbefore.db'}", fresh, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    with sqlite3.connect(fresh / "metbefore.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {uuid.UUID(row[0]) for row in conn.execute("SELECT client_id FROM encounters")}
    missing = before - stored
    assert not missing, f"{len(missing)} acknowledged scans missing"
    print(
        f"\nbackup: {saved.stdout.strip()}; the command took {seconds:.2f} s under a burst of "
        f"{PHONES} phones; "
        f"{len(before)} scans acknowledged before it began, all restored; {len(stored)} in "
        f"the copy, {after} acknowledged after it began"
    )


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="SQLite's restore (PostgreSQL: pg_restore)")
def test_restore_refuses_existing_data_and_what_is_not_a_backup(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a' / 'metbefore.db'}"
    (tmp_path / "a").mkdir()
    migrate(url)
    engine = make_engine(url)
    make_crowd(engine, 2)
    engine.dispose()
    backup = tmp_path / "a.db"
    assert metbefore(url, tmp_path / "a", "backup", str(backup)).returncode == 0

    target = tmp_path / "b"
    target_url = f"sqlite:///{target / 'metbefore.db'}"
    assert metbefore(target_url, target, "restore", str(backup)).returncode == 0
    again = metbefore(target_url, target, "restore", str(backup))
    assert again.returncode == 1
    assert "holds data: restore over it with --force" in again.stderr
    assert metbefore(target_url, target, "restore", str(backup), "--force").returncode == 0

    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    refused = metbefore(target_url, target, "restore", str(junk), "--force")
    assert refused.returncode == 1 and "metbefore:" in refused.stderr
    alien = tmp_path / "alien.db"
    with sqlite3.connect(alien) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
        conn.execute("INSERT INTO alembic_version VALUES ('9999')")
    newer = metbefore(target_url, target, "restore", str(alien), "--force")
    assert newer.returncode == 1
    assert "schema revision (9999) is not one this version knows" in newer.stderr
    with sqlite3.connect(target / "metbefore.db") as conn:  # untouched by the refusals
        assert conn.execute("SELECT count(*) FROM people").fetchone() == (2,)


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="PostgreSQL's backup is pg_dump's")
def test_on_postgresql_backup_is_a_pg_dump_and_restore_explains_pg_restore(
    tmp_path: Path,
) -> None:
    pg_restore = shutil.which("pg_restore") or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_restore"))), None
    )
    assert pg_restore, "pg_restore not found: install PostgreSQL (Debian: postgresql)"
    with scratch_database(TEST_DATABASE_URL, "backup") as url:
        migrate(url)
        engine = make_engine(url)
        make_crowd(engine, 3)
        engine.dispose()
        dump = tmp_path / "metbefore.dump"
        saved = metbefore(url, tmp_path, "backup", str(dump))
        assert saved.returncode == 0, saved.stderr
        assert "pg_dump custom format" in saved.stdout
        listing = subprocess.run(
            [pg_restore, "--list", str(dump)], capture_output=True, text=True, check=True
        ).stdout
        assert "TABLE DATA public encounters" in listing
        explained = metbefore(url, tmp_path, "restore", str(dump))
        assert explained.returncode == 1
        assert "pg_restore --no-owner --exit-on-error" in explained.stderr
