"""The opening morning (run: `make bench-opening`; `--attendees N`, default 5,000).

An event's attendees, imported (they are known addresses), all sign in from one network
address, as behind a venue's Wi-Fi, within `--minutes` (default 10): an open workload
(Poisson arrivals at a fixed rate, whatever the server's speed; each latency counted from
the moment its request was due). Each asks for a code, waits for it at a real SMTP server
(aiosmtpd, in this process), then signs in with it. `metbefore serve` runs with SQLite and
1 worker, then PostgreSQL and 2. One line per database:
`opening <db>: signed in N of 5000, p99 ms N`. Target: all of them, p99 <= 500 ms.

    python bench/opening.py [--attendees 5000] [--minutes 10] [--sqlite-only | --postgresql-only]
PostgreSQL: METBEFORE_BENCH_POSTGRES and METBEFORE_BENCH_DB, as for bench/conference_day.py.
"""

import argparse
import asyncio
import random
import re
import tempfile
import time
from email import message_from_bytes
from pathlib import Path
from typing import Any

import aiohttp
from aiosmtpd.controller import Controller
from population import Database, Server, add_event, add_people, free_port

TARGET_P99_MS = 500
CODE_WAIT_SECONDS = 120


class Sink:
    """The SMTP server: each arriving code, by address."""

    def __init__(self) -> None:
        self.codes: dict[str, str] = {}

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content)
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                found = re.search(r"code is (\d{6})", part.get_payload(decode=True).decode())
                if found:
                    self.codes[str(message["To"])] = found.group(1)
        return "250 OK"


async def attendee(
    http: aiohttp.ClientSession, sink: Sink, email: str, due: float, latencies: list[float]
) -> bool:
    await asyncio.sleep(max(0.0, due - time.monotonic()))
    async with http.post("/api/auth/email", json={"email": email}) as response:
        await response.read()
        latencies.append(time.monotonic() - due)
        if response.status != 202:
            return False
    deadline = time.monotonic() + CODE_WAIT_SECONDS
    while email not in sink.codes:
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.1)
    started = time.monotonic()
    async with http.post(
        "/api/auth/verify", json={"email": email, "code": sink.codes[email]}
    ) as response:
        await response.read()
        latencies.append(time.monotonic() - started)
        return response.status == 200


async def attempt(
    http: aiohttp.ClientSession, sink: Sink, email: str, due: float, latencies: list[float]
) -> bool:
    """One attendee; a connection the server dropped is an attendee not signed in (counted,
    not the end of the run)."""
    try:
        return await attendee(http, sink, email, due, latencies)
    except aiohttp.ClientError:
        return False


async def morning(base: str, sink: Sink, emails: list[str], seconds: float) -> tuple[int, float]:
    latencies: list[float] = []
    rate = len(emails) / seconds
    due, start = 0.0, time.monotonic()
    schedule = []
    for email in emails:
        due += random.expovariate(rate)
        schedule.append((email, start + due))
    # One client, as one network address; its own cookies are not used.
    connector = aiohttp.TCPConnector(limit=256)
    async with aiohttp.ClientSession(base, connector=connector) as http:
        done = await asyncio.gather(
            *(attempt(http, sink, email, at, latencies) for email, at in schedule)
        )
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else 0
    return sum(done), p99 * 1000


def run(kind: str, workers: int, attendees: int, seconds: float) -> str:
    sink = Sink()
    smtp_port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    with tempfile.TemporaryDirectory(prefix="mb-opening-") as folder:
        database = Database.fresh(kind, Path(folder))
        try:
            engine = database.engine()
            event_id = add_event(engine, "opening")
            crowd = add_people(engine, attendees, event_id=event_id)  # as an import would
            engine.dispose()
            emails = [f"p{a.id.hex}@example.org" for a in crowd]
            random.shuffle(emails)
            server = Server(
                database.url,
                Path(folder),
                workers,
                env={"METBEFORE_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}"},
            )
            try:
                signed_in, p99 = asyncio.run(morning(server.base, sink, emails, seconds))
            finally:
                server.stop()
        finally:
            database.remove()
            controller.stop()
    return f"opening {kind}: signed in {signed_in} of {attendees}, p99 ms {p99:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--attendees", type=int, default=5000)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgresql-only", action="store_true")
    args = parser.parse_args()
    lines = []
    if not args.postgresql_only:
        lines.append(run("sqlite", 1, args.attendees, args.minutes * 60))
        print(lines[-1])
    if not args.sqlite_only:
        lines.append(run("postgresql", 2, args.attendees, args.minutes * 60))
        print(lines[-1])
    print(f"(target: all of them signed in, p99 <= {TARGET_P99_MS} ms)")


if __name__ == "__main__":
    main()
