"""Two people scan each other at the same moment, a thousand pairs at once: each pair ends
with one mutual connection, never two rows, never a lost side."""

import os
import time

import httpx
from sqlalchemy import Engine

from tests.conftest import Server
from tests.reliability.crowd import Member, connections, encounter_keys, in_parallel, make_crowd

# The full size runs by default; METBEFORE_RACE_PAIRS scales it (up or down) by hand.
PAIRS = int(os.environ.get("METBEFORE_RACE_PAIRS", "1000"))


def test_reciprocal_scans_sent_together_make_one_mutual_connection_per_pair(
    server: Server, engine: Engine
) -> None:
    crowd = make_crowd(engine, 2 * PAIRS)
    pairs = list(zip(crowd[::2], crowd[1::2], strict=True))
    # Both sides of a pair next to each other in the queue: two threads take them together.
    jobs = [scan for a, b in pairs for scan in ((a, b), (b, a))]

    def scan(http: httpx.Client, job: tuple[Member, Member]) -> int:
        return job[0].scan(http, job[1]).status_code

    started = time.monotonic()
    statuses = in_parallel(server.url, scan, jobs, threads=32)
    elapsed = time.monotonic() - started

    assert statuses == [201] * len(jobs)
    rows = connections(engine)
    assert len(rows) == PAIRS
    assert {(r.a_id, r.b_id) for r in rows} == {tuple(sorted((a.id, b.id))) for a, b in pairs}
    assert {(r.status, r.a_scanned, r.b_scanned, r.meeting_count) for r in rows} == {
        ("mutual", True, True, 1)
    }
    assert len(encounter_keys(engine)) == 2 * PAIRS
    print(
        f"\nraces ({engine.dialect.name}): {PAIRS} reciprocal pairs, {len(jobs)} scans on 32 "
        f"threads in {elapsed:.1f} s ({len(jobs) / elapsed:.0f}/s): {len(rows)} connections, "
        "all mutual, 0 duplicates"
    )
