"""Group commit for SQLite: the write requests waiting at one moment share one transaction
and one fsync.

SQLite has one writer, and with synchronous=FULL each commit waits for the disk (measured
on this project's machine: 0.3 ms on a quiet disk, 5.7 ms on a busy one). One request per
commit queues every writer behind the disk. Here the requests that arrive while a batch
is being written form the next batch: each runs in a SAVEPOINT of its own (a request that
fails rolls back alone and the batch carries on), then the batch commits once, in a worker
thread so the event loop keeps taking requests meanwhile, and only then is each request
answered: nobody hears of a write before it is durable, and a failed commit fails them all.
"""

import asyncio
import contextvars
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import anyio
from sqlalchemy import Engine
from sqlalchemy.orm import Session

# Enough to share an fsync among a burst, few enough that the first of a batch does not
# wait long for the last.
MAX_BATCH = 64

Work = Callable[[Session], Any]
Then = Callable[[Session, Any], Any]


@dataclass
class _Request:
    work: Work
    then: Then | None
    answer: asyncio.Future[Any]
    result: Any = None
    error: BaseException | None = None
    # The request's own context (its request id): the work runs in the batch's task, but
    # what it logs (and its statements) belong to the request that asked for it.
    context: contextvars.Context = field(default_factory=contextvars.copy_context)


@dataclass
class GroupCommit:
    writer: Engine
    reader: Engine
    # Held while a batch writes: slow writes run in threads on the same one connection.
    gate: asyncio.Semaphore
    _waiting: list[_Request] = field(default_factory=list)
    _draining: asyncio.Task[None] | None = None

    async def submit(self, work: Work, then: Then | None = None) -> Any:
        """Run `work` in the next batch; after the batch is durable, run `then` (if any)
        with a reading session and the work's result, and answer its result."""
        request = _Request(work, then, asyncio.get_running_loop().create_future())
        self._waiting.append(request)
        if self._draining is None:
            self._draining = asyncio.create_task(self._drain())
        # Shielded: a client that hangs up does not take its write out of a batch midway.
        return await asyncio.shield(request.answer)

    async def _drain(self) -> None:
        try:
            while self._waiting:
                # One turn of the loop first, for whatever else is ready: requests that
                # arrive meanwhile join this batch.
                await asyncio.sleep(0)
                batch = self._waiting[:MAX_BATCH]
                del self._waiting[:MAX_BATCH]
                try:
                    async with self.gate:
                        await self._write(batch)
                except BaseException as exc:  # cancelled (shutting down): nothing was written
                    for request in batch:
                        request.error = exc
                    raise
                finally:
                    self._answer(batch)
        finally:
            self._draining = None

    async def _write(self, batch: list[_Request]) -> None:
        session = Session(self.writer, expire_on_commit=False, autoflush=False)
        try:
            for request in batch:
                request.context.run(self._one, session, request)
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(session.commit)
        except Exception as exc:  # the batch did not reach the disk: nobody succeeded
            for request in batch:
                request.error = request.error or exc
        finally:
            session.close()

    @staticmethod
    def _one(session: Session, request: _Request) -> None:
        savepoint = session.begin_nested()
        try:
            request.result = request.work(session)
            session.flush()  # its changes belong to its own savepoint
            savepoint.commit()
        except Exception as exc:
            request.error = exc
            savepoint.rollback()

    def _answer(self, batch: list[_Request]) -> None:
        followers = [r for r in batch if r.error is None and r.then is not None]
        if followers:
            with Session(self.reader, expire_on_commit=False, autoflush=False) as session:
                for request in followers:
                    assert request.then is not None
                    try:
                        request.result = request.context.run(request.then, session, request.result)
                    except Exception as exc:  # the write stays; only this answer fails
                        request.error = exc
        for request in batch:
            if request.answer.done():
                continue
            if request.error is not None:
                request.answer.set_exception(request.error)
            else:
                request.answer.set_result(request.result)
