"""SQLite's group commit (metbefore.group_commit): the writes waiting together share one
transaction and one commit, each in a savepoint of its own. These run on a SQLite file of
their own whatever database the suite targets: PostgreSQL commits each request alone."""

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session

from metbefore.config import Settings
from metbefore.db import Database, make_database
from tests.conftest import run


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = make_database(
        Settings(database_url=f"sqlite:///{tmp_path / 'gc.db'}", data_dir=tmp_path)
    )
    with database.writer.begin() as conn:
        conn.execute(text("CREATE TABLE parent (id INTEGER PRIMARY KEY)"))
        conn.execute(
            text("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id REFERENCES parent(id))")
        )
    yield database
    database.dispose()


def commits_of(engine: Engine) -> list[int]:
    seen: list[int] = []
    event.listen(engine, "commit", lambda _: seen.append(1))
    return seen


def insert(id_: int, *, then_fail: bool = False) -> Callable[[Session], int]:
    def work(session: Session) -> int:
        session.execute(text("INSERT INTO parent (id) VALUES (:id)"), {"id": id_})
        if then_fail:
            raise ValueError(f"request {id_} changed its mind")
        return id_

    return work


def stored(db: Database) -> list[int]:
    with db.reader.connect() as conn:
        return list(conn.scalars(text("SELECT id FROM parent ORDER BY id")))


async def together(*calls: Any) -> list[Any]:
    return await asyncio.gather(*calls, return_exceptions=True)


def test_writes_waiting_together_share_one_commit_and_a_failure_rolls_back_alone(
    db: Database,
) -> None:
    commits = commits_of(db.writer)
    answers = run(together(*(db.write(insert(i, then_fail=i == 3)) for i in range(1, 6))))

    assert answers[:2] + answers[3:] == [1, 2, 4, 5]
    assert isinstance(answers[2], ValueError)
    assert stored(db) == [1, 2, 4, 5]
    assert len(commits) == 1


def test_an_answer_comes_only_after_its_batch_is_on_disk(db: Database) -> None:
    seen_by_a_reader: list[list[int]] = []

    async def scenario() -> None:
        async def write_then_look() -> None:
            await db.write(insert(7))
            seen_by_a_reader.append(stored(db))  # another connection: only committed rows

        await together(write_then_look(), db.write(insert(8)))

    run(scenario())
    assert seen_by_a_reader == [[7, 8]]


def test_a_batch_whose_commit_fails_fails_every_request_in_it(db: Database) -> None:
    def orphan(session: Session) -> None:
        # A deferred foreign key is checked at COMMIT: the whole batch cannot commit.
        session.execute(text("PRAGMA defer_foreign_keys = ON"))
        session.execute(text("INSERT INTO child (id, parent_id) VALUES (1, 999)"))

    async def scenario() -> tuple[list[Any], list[int], int]:
        answers = await together(db.write(insert(1)), db.write(orphan), db.write(insert(2)))
        after_failure = stored(db)
        return answers, after_failure, await db.write(insert(3))  # the next batch is fine

    answers, after_failure, next_one = run(scenario())
    assert all(isinstance(a, Exception) for a in answers), answers
    assert after_failure == []
    assert next_one == 3
    assert stored(db) == [3]


def test_then_reads_after_the_commit_and_its_failure_keeps_the_write(db: Database) -> None:
    def count(session: Session, written: int) -> tuple[int, int]:
        return written, session.scalar(text("SELECT count(*) FROM parent")) or 0

    def broken(_: Session, __: int) -> None:
        raise LookupError("the card could not be read")

    async def scenario() -> list[Any]:
        return await together(db.write_then(insert(1), count), db.write_then(insert(2), broken))

    counted, failed = run(scenario())
    assert counted == (1, 2)  # both writes of the batch are visible to the read after it
    assert isinstance(failed, LookupError)
    assert stored(db) == [1, 2]
