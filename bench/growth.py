"""The card and friends search as the database grows (run: `make bench-growth`).

One viewer with a fixed history (50 friends, three meetings each, a note about each)
lives in a database that grows around them to 10k, 100k and 1M encounters (a tenth as
many people, each with ten friends of their own). At each size, `metbefore serve`
answers the viewer's card requests and friend searches, one at a time; the median
latency of each is printed. Indexes, not scans, keep the ratio 1M/10k near 1 (target
<= 1.3). At the largest size it prints the query plan of every statement that a card and
a search run, and ends with `growth card 1M/10k: R` and `growth search 1M/10k: R`.

    python bench/growth.py [--requests 300] [--postgres | --postgres-only]
PostgreSQL (--postgres, after SQLite): METBEFORE_BENCH_POSTGRES and METBEFORE_BENCH_DB
as for bench/conference_day.py; it is ANALYZEd after each growth, as autovacuum would.
"""

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from population import COOKIE, Attendee, Database, Server, add_friendships, add_notes, add_people
from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session

from metbefore.db import utcnow
from metbefore.meetings import card as cards
from metbefore.meetings import lists
from metbefore.models import Person

STEPS = (10_000, 100_000, 1_000_000)
FRIENDS = 50
FRIENDS_EACH = 10  # of a background person
TARGET = 1.3


def grow(engine: Engine, *, encounters: int, named_from: int) -> int:
    """Background people and their friendships: `encounters` more encounters."""
    people = add_people(engine, max(FRIENDS_EACH + 1, encounters // 10), start=named_from)
    ring = len(people)
    pairs = [
        (people[i].id, people[(i + k) % ring].id)
        for k in range(1, FRIENDS_EACH // 2 + 1)
        for i in range(ring)
    ][: encounters // 2]
    return add_friendships(engine, pairs, met_at=utcnow() - timedelta(days=200))


def latencies(base: str, viewer: Attendee, friends: list[Attendee], requests: int) -> tuple:
    """Median ms of a card and of a friend search, sequential requests after a warm-up."""
    headers = {"Cookie": f"{COOKIE}={viewer.cookie}"}
    card, search = [], []
    with httpx.Client(base_url=base, headers=headers, timeout=30) as http:
        for i in range(requests + 20):
            friend = random.choice(friends)
            t = time.perf_counter()
            assert http.get(f"/api/people/{friend.id}").status_code == 200
            middle = time.perf_counter()
            query = {"q": friend.name.split()[1][:4], "limit": 20}
            assert http.get("/api/friends", params=query).status_code == 200
            end = time.perf_counter()
            if i >= 20:
                card.append((middle - t) * 1000)
                search.append((end - middle) * 1000)
    return statistics.median(card), statistics.median(search)


@contextmanager
def statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def print_plans(engine: Engine, viewer: Attendee, friend: Attendee) -> None:
    """EXPLAIN every statement of one card and one search, run as the server runs them."""
    with Session(engine) as s:
        me = s.get_one(Person, viewer.id)
        with statements(engine) as card:
            cards.build_card(s, viewer=me, subject_id=friend.id)
        with statements(engine) as search:
            lists.list_people(
                s, viewer=me, mutual_only=True, pending_days=30, q=friend.name.split()[1][:4]
            )
    sqlite = engine.dialect.name == "sqlite"
    explain = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
    raw = engine.raw_connection()
    try:
        for what, seen in (("card", card), ("friends search", search)):
            print(f"\n  query plans of a {what} ({len(seen)} statements):")
            for statement, parameters in seen:
                cursor = raw.cursor()
                cursor.execute(explain + statement, parameters)
                rows = cursor.fetchall()
                cursor.close()
                print("   ", " ".join(statement.split())[:150])
                for row in rows:
                    print("       ", row[-1] if sqlite else row[0])
    finally:
        raw.close()


def run(kind: str, requests: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="mb-growth-") as folder:
        database = Database.fresh(kind, Path(folder))
        try:
            return measure(kind, database, Path(folder), requests)
        finally:
            database.remove()


def measure(kind: str, database: Database, folder: Path, requests: int) -> tuple[float, float]:
    engine = database.engine()
    viewer, *friends = add_people(engine, FRIENDS + 1)
    have = add_friendships(
        engine,
        [(viewer.id, f.id) for f in friends],
        met_at=utcnow() - timedelta(days=700),
        encounters_per_side=3,
    )
    add_notes(engine, [(viewer.id, f.id, f.name) for f in friends])
    named = FRIENDS + 1
    print(f"\n{kind}:")
    print(f"  {'encounters':>10} {'people':>8} {'grown in':>8} {'card ms':>8} {'search ms':>9}")
    results = []
    for step in STEPS:
        t = time.monotonic()
        added = grow(engine, encounters=step - have, named_from=named)
        named += max(FRIENDS_EACH + 1, (step - have) // 10)
        have += added
        if kind == "postgresql":
            with engine.connect() as conn:
                conn.execute(text("ANALYZE"))
                conn.commit()
        grown = time.monotonic() - t
        server = Server(database.url, folder, 1)
        try:
            card, search = latencies(server.base, viewer, friends, requests)
        finally:
            server.stop()
        results.append((card, search))
        print(f"  {have:>10,} {named:>8,} {grown:>7.0f}s {card:>8.2f} {search:>9.2f}")
    print_plans(engine, viewer, friends[0])
    engine.dispose()
    (card_small, search_small), (card_big, search_big) = results[0], results[-1]
    return card_big / card_small, search_big / search_small


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="of each kind, per size")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL too")
    parser.add_argument("--postgres-only", action="store_true")
    args = parser.parse_args()
    kinds = [] if args.postgres_only else ["sqlite"]
    kinds += ["postgresql"] if args.postgres or args.postgres_only else []
    ratios = {kind: run(kind, args.requests) for kind in kinds}
    print()
    for kind, (card, search) in ratios.items():
        suffix = "" if kind == "sqlite" else f" ({kind})"
        print(f"growth card 1M/10k: {card:.2f}{suffix}")
        print(f"growth search 1M/10k: {search:.2f}{suffix}")
    print(f"(target: <= {TARGET})")


if __name__ == "__main__":
    main()
