"""Engines per backend, the declarative base, and the one way to the database (Database)."""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar, cast

import anyio
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import DateTime, Dialect, Engine, MetaData, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.types import TypeDecorator

from .config import Settings
from .group_commit import GroupCommit

T = TypeVar("T")
R = TypeVar("R")


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite too (which stores no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a timezone-aware column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map = {datetime: UtcDateTime()}


def utcnow() -> datetime:
    return datetime.now(UTC)


def normalise_url(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_engine(url: str, *, immediate: bool, synchronous: str) -> Engine:
    # The writer has one connection: writers queue in the pool (cheap) instead of in
    # SQLite's busy loop, and BEGIN IMMEDIATE takes the write lock up front so a
    # read-then-write transaction can never fail with "database is locked".
    engine = create_engine(
        url,
        hide_parameters=True,  # errors and logs never quote values (emails, tokens, notes)
        connect_args={"check_same_thread": False, "timeout": 30},
        # Readers keep every connection open: a new one starts with a cold page cache
        # and parses the schema again, which under load costs more than the query.
        pool_size=1 if immediate else 4,
        max_overflow=0 if immediate else 4,
        pool_timeout=60,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            f"synchronous={synchronous}",
            "foreign_keys=ON",
            "busy_timeout=30000",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_connection: Any, _: Any) -> None:
        # A COMMIT that failed (a full disk, a deferred constraint) leaves SQLite's
        # transaction open while SQLAlchemy takes it as ended: without this, every later
        # BEGIN on the connection would fail ("cannot start a transaction within a
        # transaction"), and SQLite has one writer connection.
        if dbapi_connection is not None and dbapi_connection.in_transaction:
            dbapi_connection.rollback()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@dataclass
class Database:
    """The one way to the database: `await db.read(work)` or `await db.write(work)`, where
    `work(session)` does its queries and returns its answer. A write's session commits after
    `work` returns (services never commit) and before the caller hears of it.

    SQLite work is CPU in this process: it runs in the event loop's own thread, as a worker
    thread would only add a trip (~0.1 ms of CPU each, measured) and a fight for the GIL, in
    which a writer waited up to 5 ms per statement. Its writes share commits (see
    group_commit). PostgreSQL waits on the network: one trip through the thread pool per
    call. Long work (exports, imports, sheets) says `slow=True`: it runs in a worker thread
    on every database, so the event loop keeps serving the booth meanwhile.
    """

    writer: Engine
    reader: Engine
    # Requests wait for their turn here, in the event loop, holding no worker thread: were
    # they to wait for a connection inside a worker thread, a burst would fill the pool of
    # threads with waiters (seen: 64 concurrent card reads, 0 served). Each gate admits
    # fewer requests than its engine has connections; the rest is headroom for the health
    # check and the rate limiter's own connection. SQLite has one writer at a time.
    write_gate: asyncio.Semaphore
    read_gate: asyncio.Semaphore
    group_commit: GroupCommit | None = None

    async def read(self, work: Callable[[Session], T], *, slow: bool = False) -> T:
        if self.group_commit is not None and not slow:
            # One turn of the loop first, for whatever else is ready (measured under 64
            # connections at full load: without it some waited seconds; p99 4.4 s -> 0.3 s).
            await asyncio.sleep(0)
            return cast(T, _run(self.reader, work))  # nothing else runs meanwhile: no gate
        return await self._in_thread(self.read_gate, partial(_run, self.reader, work))

    async def write(self, work: Callable[[Session], T], *, slow: bool = False) -> T:
        if self.group_commit is not None and not slow:
            return cast(T, await self.group_commit.submit(work))
        return await self._in_thread(self.write_gate, partial(_run, self.writer, work, retry=True))

    async def write_then(self, work: Callable[[Session], T], then: Callable[[Session, T], R]) -> R:
        """Commit `work`, then answer `then(session, its result)`: a read after the commit,
        so that a failure to read cannot undo the write (a scan, then its card)."""
        if self.group_commit is not None:
            return cast(R, await self.group_commit.submit(work, then))
        return await self._in_thread(
            self.write_gate, partial(_run, self.writer, work, then=then, retry=True)
        )

    async def _in_thread(self, gate: asyncio.Semaphore, run: Callable[[], T]) -> T:
        async with gate:
            # Shielded: a client that hangs up must not free the gate while the connection
            # is still busy in its thread.
            with anyio.CancelScope(shield=True):
                result = await run_in_threadpool(run)
        return result

    def dispose(self) -> None:
        self.writer.dispose()
        if self.reader is not self.writer:
            self.reader.dispose()


def make_engine(url: str) -> Engine:
    """One engine for tools (migrations, CLI): the writer's configuration."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        return _sqlite_engine(url, immediate=True, synchronous="FULL")
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def make_database(settings: Settings) -> Database:
    url = normalise_url(settings.database_url)
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        sync = settings.sqlite_synchronous
        writer = _sqlite_engine(url, immediate=True, synchronous=sync)
        reader = _sqlite_engine(url, immediate=False, synchronous=sync)
        write_gate = asyncio.Semaphore(1)
        return Database(
            writer=writer,
            reader=reader,
            write_gate=write_gate,
            # Slow reads in threads: beyond two at a time the threads only fight for the
            # GIL (measured: card reads 250 req/s with 12, 330 with 2).
            read_gate=asyncio.Semaphore(2),
            group_commit=GroupCommit(writer=writer, reader=reader, gate=write_gate),
        )
    engine = create_engine(
        url, pool_size=8, max_overflow=8, pool_pre_ping=True, hide_parameters=True
    )
    # Per worker: more requests at a time only fight for the GIL (measured: a conference
    # day at 20 had p99 > 1 s, at 4 under 200 ms).
    gate = asyncio.Semaphore(4)
    return Database(writer=engine, reader=engine, write_gate=gate, read_gate=gate)


# PostgreSQL: a deadlock or serialization failure, or a row the work named that vanished
# while it waited for its lock (a person merged into another meanwhile, whose id now leads
# to the survivor: see merge/). Run again, it sees the world as it is now.
_RETRY_SQLSTATES = frozenset({"40001", "40P01", "23503"})
_ATTEMPTS = 3


class Vanished(Exception):
    """A row the work had found was gone (or moved) once its lock was granted: on
    PostgreSQL a concurrent merge can re-point a pair's connection meanwhile. The work is
    run again, as for the SQLSTATEs above."""


def _run(
    engine: Engine,
    work: Callable[[Session], Any],
    *,
    then: Callable[[Session, Any], Any] | None = None,
    retry: bool = False,
) -> Any:
    """`work` in a session of its own, committed; then `then` (a read) if given."""
    for attempt in range(1, _ATTEMPTS + 1 if retry else 2):
        with Session(engine, expire_on_commit=False, autoflush=False) as session:
            try:
                result = work(session)
                session.commit()
            except (DBAPIError, Vanished) as exc:
                sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None)
                again = isinstance(exc, Vanished) or sqlstate in _RETRY_SQLSTATES
                if not retry or attempt == _ATTEMPTS or not again:
                    raise
                continue
            return result if then is None else then(session, result)
    raise AssertionError("unreachable")


def insert_for(session: Session, table: Any) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (both SQLite and PostgreSQL have it)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)
