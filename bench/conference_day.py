"""A conference day (run: `make bench-day`; `--attendees N`, default 20,000).

Seeds the attendees of today's event straight into a fresh database (each with an event
badge and a session, ten friends from last year's edition with their encounters, and a
note about one of them), starts `metbefore serve` (SQLite with 1 worker, PostgreSQL with
2), and drives it from a bounded asyncio client on loopback with an open workload:
requests arrive at fixed rates (Poisson), whatever the server's speed, and each latency
is counted from the moment its request was due, so a slow server cannot hide its queue.

The day alternates talks (a tenth of the break rate) with session breaks, at twice the
peak of a conference of that size (the arithmetic is in the README, "Reliability": five
meetings a day per attendee, in three hours of breaks, three times the average in a
break's first minutes; each scan brings a card and a search, every other one a note).
Per operation it prints the rate, p50/p95/p99 and errors, then one line per database:
`conference day <db>: errors N, worst p99 ms N`.
Target: 0 errors and p99 <= 150 ms for every operation.

    python bench/conference_day.py [--attendees 20000] [--cycles 3] [--break-seconds 20]
                                   [--sqlite-only | --postgresql-only]
                                   [--scale 1]  (the peak itself; default 2: twice it)
PostgreSQL: METBEFORE_BENCH_POSTGRES (a server URL, default the local one) and
METBEFORE_BENCH_DB (the scratch database's name, default metbefore_bench).
"""

import argparse
import asyncio
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import aiohttp
from population import (
    COOKIE,
    Attendee,
    Database,
    Server,
    add_event,
    add_friendships,
    add_notes,
    add_people,
)

from metbefore.db import utcnow

FRIENDS_FROM_LAST_YEAR = 10
MEETINGS_A_DAY, BREAK_SECONDS_A_DAY, BREAK_PEAK = 5, 3 * 3600, 3


def break_rates(attendees: int, scale: float) -> dict[str, float]:
    """Requests per second during a break: `scale` times the peak (20,000 attendees: 28
    scans a second at the peak)."""
    scans = attendees * MEETINGS_A_DAY / BREAK_SECONDS_A_DAY * BREAK_PEAK * scale
    return {"scan": scans, "card": scans, "search": scans, "note": scans / 2}


BREAK_RATES: dict[str, float] = {}
TALK_SHARE = 0.1  # during talks, a tenth of that
MAX_IN_FLIGHT = 64  # as a proxy in front would: requests due beyond it wait (and count)
TARGET_P99_MS = 150


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


@dataclass
class Day:
    crowd: list[Attendee]
    friends: dict[uuid.UUID, list[Attendee]]
    stats: dict[str, Stats] = field(default_factory=lambda: {op: Stats() for op in BREAK_RATES})

    def request(self, op: str) -> tuple[str, str, dict[str, object], Attendee, set[int]]:
        me = random.choice(self.crowd)
        friend = random.choice(self.friends[me.id])
        if op == "scan":  # someone new, at today's event (their event badge)
            other = random.choice(self.crowd)
            while other is me:
                other = random.choice(self.crowd)
            body = {"client_id": str(uuid.uuid4()), "token": other.badge, "place": "hall B"}
            return "POST", "/api/scans", {"json": body}, me, {200, 201}
        if op == "card":
            return "GET", f"/api/people/{friend.id}", {}, me, {200}
        if op == "search":  # what the friends screen asks while typing a name
            query = friend.name.split()[1][: random.randint(2, 5)]
            return "GET", "/api/friends", {"params": {"q": query, "limit": "20"}}, me, {200}
        body = {"body": "talked about the keynote; send the paper", "tags": ["follow-up"]}
        return "POST", f"/api/people/{friend.id}/notes", {"json": body}, me, {201}


async def one(http: aiohttp.ClientSession, day: Day, op: str, due: float, gate: asyncio.Semaphore):
    method, path, extra, me, ok = day.request(op)
    stats = day.stats[op]
    async with gate:
        try:
            async with http.request(
                method, path, headers={"Cookie": f"{COOKIE}={me.cookie}"}, **extra
            ) as response:
                await response.read()
                if response.status not in ok:
                    stats.errors += 1
        except (aiohttp.ClientError, TimeoutError):
            stats.errors += 1
    stats.latencies.append(time.monotonic() - due)


async def drive(base: str, day: Day, schedule: list[tuple[str, float, float]]) -> float:
    """Open-loop arrivals per operation through the schedule of (phase, seconds, share)."""
    gate = asyncio.Semaphore(MAX_IN_FLIGHT)
    tasks: set[asyncio.Task[None]] = set()
    started = time.monotonic()
    # aiohttp, not httpx: httpx's pool does work in proportion to its connections times
    # the requests waiting, and at 64 connections the client, not the server, saturated.
    connector = aiohttp.TCPConnector(limit=MAX_IN_FLIGHT)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as http:

        async def arrivals(op: str) -> None:
            at = time.monotonic()
            for _, seconds, share in schedule:
                end = at + seconds
                while True:
                    at += random.expovariate(BREAK_RATES[op] * share)
                    if at >= end:
                        at = end
                        break
                    await asyncio.sleep(max(0.0, at - time.monotonic()))
                    task = asyncio.create_task(one(http, day, op, at, gate))
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)

        await asyncio.gather(*(arrivals(op) for op in BREAK_RATES))
        while tasks:
            await asyncio.gather(*list(tasks))
    return time.monotonic() - started


def seed(database: Database, attendees: int) -> Day:
    engine = database.engine()
    event = add_event(engine, "confday-2026")
    last_year = add_event(engine, "confday-2025", days_ago=365)
    crowd = add_people(engine, attendees, event_id=event)
    half = FRIENDS_FROM_LAST_YEAR // 2
    pairs = [
        (crowd[i].id, crowd[(i + k) % attendees].id)
        for i in range(attendees)
        for k in range(1, half + 1)
    ]
    add_friendships(engine, pairs, met_at=utcnow() - timedelta(days=365), event_id=last_year)
    friends: dict[uuid.UUID, list[Attendee]] = {a.id: [] for a in crowd}
    for i, a in enumerate(crowd):
        for k in range(1, half + 1):
            b = crowd[(i + k) % attendees]
            friends[a.id].append(b)
            friends[b.id].append(a)
    add_notes(engine, [(a.id, friends[a.id][0].id, friends[a.id][0].name) for a in crowd])
    engine.dispose()
    return Day(crowd, friends)


def report(db: str, day: Day, elapsed: float) -> tuple[int, float]:
    print(f"\n{db}: {elapsed:.0f} s")
    print(f"  {'operation':<8} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'p99 ms':>7} {'errors':>6}")  # fmt: skip
    worst = 0.0
    errors = 0
    for op, stats in day.stats.items():
        p99 = stats.percentile(99)
        worst, errors = max(worst, p99), errors + stats.errors
        print(
            f"  {op:<8} {len(stats.latencies):>8} {len(stats.latencies) / elapsed:>7.1f} "
            f"{stats.percentile(50):>7.1f} {stats.percentile(95):>7.1f} {p99:>7.1f} "
            f"{stats.errors:>6}"
        )
    total = sum(len(s.latencies) for s in day.stats.values())
    mean = statistics.fmean(s for s in (len(x.latencies) for x in day.stats.values()))
    print(f"  all      {total:>8} {total / elapsed:>7.1f}  (mean {mean:.0f} per operation)")
    return errors, worst


def run(
    kind: str, workers: int, attendees: int, schedule: list[tuple[str, float, float]]
) -> tuple[int, float]:
    with tempfile.TemporaryDirectory(prefix="mb-day-") as folder:
        database = Database.fresh(kind, Path(folder))
        try:
            t = time.monotonic()
            day = seed(database, attendees)
            print(f"\n{kind}: seeded {attendees} attendees in {time.monotonic() - t:.0f} s; "
                  f"serving with {workers} worker(s)")  # fmt: skip
            server = Server(database.url, Path(folder), workers)
            try:
                elapsed = asyncio.run(drive(server.base, day, schedule))
            finally:
                server.stop()
            return report(kind, day, elapsed)
        finally:
            database.remove()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cycles", type=int, default=3, help="talk + break cycles")
    parser.add_argument("--break-seconds", type=float, default=20)
    parser.add_argument("--talk-seconds", type=float, default=10)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgresql-only", action="store_true")
    parser.add_argument("--attendees", type=int, default=20_000)
    parser.add_argument(
        "--scale", type=float, default=2.0, help="break rates as a multiple of the peak"
    )
    args = parser.parse_args()
    BREAK_RATES.update(break_rates(args.attendees, args.scale))
    schedule = [
        phase
        for _ in range(args.cycles)
        for phase in (("talk", args.talk_seconds, TALK_SHARE), ("break", args.break_seconds, 1.0))
    ]
    rates = ", ".join(f"{op} {rate:.1f}/s" for op, rate in BREAK_RATES.items())
    print(f"conference day: {args.attendees} attendees; breaks at {rates} "
          f"({sum(BREAK_RATES.values()):.0f} req/s), talks at {TALK_SHARE:g} of that")  # fmt: skip
    runs: list[tuple[str, Callable[[], tuple[int, float]]]] = []
    if not args.postgresql_only:
        runs.append(("sqlite", lambda: run("sqlite", 1, args.attendees, schedule)))
    if not args.sqlite_only:
        runs.append(("postgresql", lambda: run("postgresql", 2, args.attendees, schedule)))
    lines = []
    for db, go in runs:
        errors, worst = go()
        lines.append(f"conference day {db}: errors {errors}, worst p99 ms {worst:.0f}")
    print()
    for line in lines:
        print(line)
    print(f"(target: errors 0, p99 <= {TARGET_P99_MS} ms for every operation)")


if __name__ == "__main__":
    main()
