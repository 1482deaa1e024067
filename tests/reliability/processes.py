"""Servers the reliability suite may kill: `python -m metbefore serve` as a process group of
its own, and a private PostgreSQL cluster it may stop (never the shared one)."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
from sqlalchemy import create_engine, make_url, text

from tests.conftest import free_port

SERVE = (sys.executable, "-m", "metbefore", "serve", "--no-migrate")


class ServerProcess:
    """`python -m metbefore serve` on a port of its own, started and killed at will."""

    def __init__(self, database_url: str, data_dir: Path, *, workers: int = 1) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = data_dir / "server.log"
        self.workers = workers
        self.env = {
            **os.environ,
            "METBEFORE_DATABASE_URL": database_url,
            "METBEFORE_DATA_DIR": str(data_dir),
            "METBEFORE_BASE_URL": self.url,
            "METBEFORE_SMTP_URL": "",
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [*SERVE, "--port", str(self.port), "--workers", str(self.workers)],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: kill takes every worker
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            try:
                if httpx.get(f"{self.url}/api/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise AssertionError("server did not start:\n" + self.log.read_text()[-3000:])

    def kill(self) -> None:
        """kill -9: no shutdown, no flush, no rollback but the database's own."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.kill()


def _postgres_bin(name: str) -> str:
    found = shutil.which(name) or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))), None
    )
    assert found, f"{name} not found: install PostgreSQL (Debian: postgresql)"
    return found


def _as_postgres(*args: str) -> None:
    """PostgreSQL refuses to run as root: its tools run as the postgres user then."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run(prefix + list(args), check=True, capture_output=True, timeout=60)


class PrivateCluster:
    """A throwaway PostgreSQL cluster on its own port, to stop and start at will."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="mb-cluster-"))
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        _as_postgres(_postgres_bin("initdb"), "-D", str(self.dir / "data"), "-A", "trust")

    def _ctl(self, *args: str) -> None:
        _as_postgres(_postgres_bin("pg_ctl"), "-D", str(self.dir / "data"), *args)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._ctl("-o", options, "-l", str(self.dir / "log"), "-w", "start")

    def stop(self) -> None:
        self._ctl("-m", "fast", "-w", "stop")

    def remove(self) -> None:
        with suppress(subprocess.CalledProcessError):  # it may be stopped already
            self._ctl("-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


@contextmanager
def scratch_database(test_url: str, suffix: str) -> Iterator[str]:
    """A database of its own beside the test database (same server), dropped afterwards."""
    url = make_url(test_url)
    name = f"{url.database}_{suffix}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
