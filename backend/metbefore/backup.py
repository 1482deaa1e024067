"""`metbefore backup PATH` and `metbefore restore PATH`.

SQLite: the backup is SQLite's online backup of one read snapshot (a read transaction held
across the steps, so that writers, which WAL lets go on meanwhile, neither block it nor make
it start over), checked with `integrity_check` before it replaces PATH. A restore refuses
while a server uses the database (each server process holds a shared lock on
`<database>.serving` for its life; the lock dies with the process, also under kill -9), and
refuses to overwrite data without --force; it checks the copy's integrity and that its
schema revision is one this version knows, copies it in through the same API, and
migrates it to this version's schema.

PostgreSQL: the backup is `pg_dump --format=custom`; restore is pg_restore's job (the
command explains how)."""

import fcntl
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import IO

from sqlalchemy import make_url

from .config import Settings
from .events.commands import ProgressLine

PAGES_PER_STEP = 1024  # 4 MB a step: a progress line that moves, few steps


class Refused(Exception):
    """The command will not do it; the message says why and what to do."""


def sqlite_path(settings: Settings) -> Path:
    database = make_url(settings.database_url).database
    if not database or database == ":memory:":
        raise Refused("METBEFORE_DATABASE_URL names no SQLite file.")
    return Path(database)


def _lock(database: Path, mode: int) -> IO[bytes]:
    lock = (database.parent / f"{database.name}.serving").open("ab")
    try:
        fcntl.flock(lock, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        raise
    return lock


@contextmanager
def serving(settings: Settings) -> Iterator[None]:
    """Held by every server process on SQLite: restore waits for none to be left."""
    if not settings.is_sqlite:
        yield
        return
    database = sqlite_path(settings)
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        lock = _lock(database, fcntl.LOCK_SH)
    except BlockingIOError:
        raise RuntimeError(f"metbefore restore is writing {database}; start after it") from None
    with closing(lock):
        yield


def _size(path: Path) -> str:
    return f"{path.stat().st_size / 2**20:.1f} MB"


def _counts(conn: sqlite3.Connection) -> str:
    people = conn.execute("SELECT count(*) FROM people").fetchone()[0]
    scans = conn.execute("SELECT count(*) FROM encounters").fetchone()[0]
    return f"{people:,} people, {scans:,} scans"


def _copy(source: sqlite3.Connection, target: sqlite3.Connection, label: str) -> None:
    progress = ProgressLine(label)
    source.backup(
        target,
        pages=PAGES_PER_STEP,
        progress=lambda _, remaining, total: progress(total - remaining, total),
    )


def _check(conn: sqlite3.Connection, what: str) -> None:
    result = conn.execute("PRAGMA integrity_check").fetchall()
    if result != [("ok",)]:
        problems = "; ".join(str(row[0]) for row in result[:5])
        raise Refused(f"{what} fails SQLite's integrity check: {problems}")


def backup(settings: Settings, target: Path) -> str:
    if not settings.is_sqlite:
        return _pg_dump(settings, target)
    database = sqlite_path(settings)
    if not database.is_file():
        raise Refused(f"No database at {database}.")
    started = time.perf_counter()
    partial = target.with_name(f".{target.name}.partial")
    with closing(sqlite3.connect(database, isolation_level=None, timeout=30)) as source:
        source.execute("BEGIN")  # the snapshot: every commit before this line, none after
        counts = _counts(source)
        with closing(sqlite3.connect(partial)) as copy:
            _copy(source, copy, "backing up")
            _check(copy, "The copy")
        source.execute("COMMIT")
    os.replace(partial, target)
    seconds = time.perf_counter() - started
    return f"{target}: {_size(target)} in {seconds:.1f} s, {counts}, integrity ok"


def _revision(conn: sqlite3.Connection) -> str:
    from alembic.script import ScriptDirectory

    from .cli import alembic_config

    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        row = None
    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    if row is None or row[0] not in known:
        found = row[0] if row else "none"
        raise Refused(f"The copy's schema revision ({found}) is not one this version knows.")
    return str(row[0])


def _has_data(database: Path) -> bool:
    if not database.is_file():
        return False
    with closing(sqlite3.connect(database)) as conn:
        try:
            return conn.execute("SELECT 1 FROM people LIMIT 1").fetchone() is not None
        except sqlite3.OperationalError:  # no tables yet
            return False


def restore(settings: Settings, source_path: Path, *, force: bool) -> str:
    if not settings.is_sqlite:
        raise Refused(_pg_restore_hint(settings, source_path))
    from .cli import migrate

    database = sqlite_path(settings)
    if not source_path.is_file():
        raise Refused(f"No backup at {source_path}.")
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        lock = _lock(database, fcntl.LOCK_EX)
    except BlockingIOError:
        raise Refused(f"A server is using {database}: stop it first.") from None
    started = time.perf_counter()
    with closing(lock):
        if _has_data(database) and not force:
            raise Refused(f"{database} holds data: restore over it with --force.")
        uri = f"{source_path.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as source:
            _check(source, "The backup")
            revision = _revision(source)
            counts = _counts(source)
            with closing(sqlite3.connect(database, timeout=30)) as target:
                _copy(source, target, "restoring")
                _check(target, "The restored database")
        migrate(settings.database_url)  # from the copy's revision to this version's
    seconds = time.perf_counter() - started
    return (
        f"{database}: restored from {source_path} (revision {revision}) in {seconds:.1f} s, "
        f"{counts}, integrity ok"
    )


def _libpq(settings: Settings) -> tuple[str, dict[str, str]]:
    """The URL for libpq's tools, and the environment that carries its password (not the
    command line, which every user of the machine can read)."""
    url = make_url(settings.database_url).set(drivername="postgresql")
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return url.set(password=None).render_as_string(hide_password=False), env


def _pg_tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(candidates[-1]) if candidates else None


def _pg_dump(settings: Settings, target: Path) -> str:
    pg_dump = _pg_tool("pg_dump")
    if pg_dump is None:
        raise Refused(
            "On PostgreSQL a backup is pg_dump's: install it (Debian: postgresql-client) and "
            f'run pg_dump --format=custom --file {target} "$METBEFORE_DATABASE_URL".'
        )
    started = time.perf_counter()
    print("backing up with pg_dump --format=custom …", flush=True)
    partial = target.with_name(f".{target.name}.partial")
    url, env = _libpq(settings)
    run = subprocess.run(  # noqa: S603 - the operator's pg_dump, the operator's database
        [pg_dump, "--format=custom", "--no-owner", "--file", str(partial), url],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if run.returncode != 0:
        partial.unlink(missing_ok=True)
        raise Refused(f"pg_dump failed: {run.stderr.strip()}")
    os.replace(partial, target)
    seconds = time.perf_counter() - started
    return f"{target}: {_size(target)} in {seconds:.1f} s (pg_dump custom format)"


def _pg_restore_hint(settings: Settings, source: Path) -> str:
    return (
        "On PostgreSQL, restore with pg_restore, with every server stopped, into an empty "
        "database (or add --clean --if-exists to replace what is there):\n"
        f'  pg_restore --no-owner --exit-on-error --dbname "$METBEFORE_DATABASE_URL" {source}\n'
        "then run metbefore migrate."
    )
