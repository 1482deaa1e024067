"""Engines per backend, the declarative base, and the one-transaction-per-request session."""

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

import anyio
from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import DateTime, Dialect, Engine, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.types import TypeDecorator

from .config import Settings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
T = TypeVar("T")


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

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@dataclass
class Database:
    writer: Engine
    reader: Engine
    # Requests wait for their turn here, in the event loop, holding no worker thread. A
    # request keeps its connection across several thread-pool hops (dependencies, endpoint,
    # commit): were it to wait for a connection inside a worker thread, a burst of requests
    # would fill the pool of threads with waiters while the holders wait for a thread, and
    # nothing would move (seen: 64 concurrent card reads, 0 served). So each gate admits
    # fewer requests than its engine has connections; the rest is headroom for the health
    # check and the rate limiter's own connection. SQLite has one writer at a time.
    write_gate: asyncio.Semaphore
    read_gate: asyncio.Semaphore
    # SQLite work is CPU in this process (and a commit's fsync, ~0.3 ms here): for
    # run_in_session it runs in the event loop's own thread, as a worker thread would only
    # add a trip (~0.1 ms of CPU each, measured) and a fight for the GIL, in which a
    # writer waited up to 5 ms per statement. PostgreSQL waits on the network: threads.
    inline: bool = False

    def dispose(self) -> None:
        self.writer.dispose()
        if self.reader is not self.writer:
            self.reader.dispose()


def make_engine(url: str) -> Engine:
    """One engine for tools (migrations, CLI): the writer's configuration."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        return _sqlite_engine(url, immediate=True, synchronous="FULL")
    return create_engine(url, pool_pre_ping=True)


def make_database(settings: Settings) -> Database:
    url = normalise_url(settings.database_url)
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        sync = settings.sqlite_synchronous
        return Database(
            writer=_sqlite_engine(url, immediate=True, synchronous=sync),
            reader=_sqlite_engine(url, immediate=False, synchronous=sync),
            write_gate=asyncio.Semaphore(1),
            # Reads here are CPU in this process: beyond two at a time the threads only
            # fight for the GIL (measured: card reads 250 req/s with 12, 330 with 2).
            read_gate=asyncio.Semaphore(2),
            inline=True,
        )
    engine = create_engine(url, pool_size=8, max_overflow=8, pool_pre_ping=True)
    # Per worker: more requests at a time only fight for the GIL (measured: a conference
    # day at 20 had p99 > 1 s, at 4 under 200 ms).
    gate = asyncio.Semaphore(4)
    return Database(writer=engine, reader=engine, write_gate=gate, read_gate=gate)


def _finish(session: Session, ok: bool) -> None:
    try:
        if ok:
            session.commit()
    finally:
        session.close()  # rolls back whatever was not committed


async def _session(request: Request) -> AsyncIterator[Session]:
    """The request's session, inside its gate. Making a Session does no I/O, so only its
    end (commit, or rollback) takes a trip through the thread pool."""
    db: Database = request.app.state.db
    safe = request.method in SAFE_METHODS
    async with db.read_gate if safe else db.write_gate:
        session = Session(db.reader if safe else db.writer, expire_on_commit=False, autoflush=False)
        ok = False
        try:
            yield session
            ok = True
        finally:
            # Shielded: a client that hangs up must not free the gate while the
            # connection is still busy in its thread.
            with anyio.CancelScope(shield=True):
                await run_in_threadpool(_finish, session, ok)


def _run(engine: Engine, work: Callable[[Session], T]) -> T:
    with Session(engine, expire_on_commit=False, autoflush=False) as session:
        result = work(session)
        session.commit()
        return result


async def run_in_session(db: Database, work: Callable[[Session], T], *, write: bool) -> T:
    """`work` in a session of its own, committed, in one trip through the thread pool (none
    on SQLite: see Database.inline). Shielded like the request's session. For the hot
    routes: see deps.SignedIn."""
    engine = db.writer if write else db.reader
    if db.inline:
        # One turn of the loop first, for whatever else is ready (measured under 64
        # connections at full load: without it some waited seconds; p99 4.4 s -> 0.3 s).
        await asyncio.sleep(0)
        if not write:
            return _run(engine, work)  # nothing else runs meanwhile: no gate to wait for
        async with db.write_gate:  # a writer in a thread (SessionDep) may hold the connection
            return _run(engine, work)
    async with db.write_gate if write else db.read_gate:
        with anyio.CancelScope(shield=True):
            result = await run_in_threadpool(_run, engine, work)
    return result


# Commits before the response is sent: a client never sees success for a rolled-back write.
SessionDep = Annotated[Session, Depends(_session, scope="function")]


def insert_for(session: Session, table: Any) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (both SQLite and PostgreSQL have it)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)
