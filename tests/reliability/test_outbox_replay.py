"""Phones that were offline send their outbox when the network returns, often more than
once (on load, on `online`, from two tabs). Each scan is recorded once, and every copy is
answered with what the first one got."""

import random
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import Engine

from metbefore.db import utcnow
from tests.conftest import Server
from tests.reliability.crowd import Member, encounter_keys, in_parallel, make_crowd

PEOPLE, SCANS, HOT, SENDERS = 100, 500, 25, 20


@dataclass(frozen=True)
class Queued:
    scanner: Member
    scanned: Member
    client_id: uuid.UUID
    at: datetime


def outbox(crowd: list[Member]) -> list[Queued]:
    """Five scans by each person over the last days, the first of them scanned twice."""
    now = utcnow()
    scans = []
    for i, scanner in enumerate(crowd):
        for k, offset in enumerate((1, 2, 3, 4, 1)):
            at = now - timedelta(days=4 - k, minutes=random.randrange(600))
            scans.append(Queued(scanner, crowd[(i + offset) % len(crowd)], uuid.uuid4(), at))
    random.shuffle(scans)
    return scans


def send(http: httpx.Client, scan: Queued) -> tuple[int, str, bool, bool]:
    """(status, encounter id, first_meeting, replayed) of one delivery."""
    response = scan.scanner.scan(http, scan.scanned, client_id=scan.client_id, at=scan.at)
    assert response.status_code in (200, 201), response.text
    body = response.json()
    return response.status_code, body["encounter"]["id"], body["first_meeting"], body["replayed"]


def race(server: Server, scans: list[Queued]) -> list[list[tuple[int, str, bool, bool]]]:
    """SENDERS threads released at one instant, each sending all of `scans` in its own order."""
    barrier = threading.Barrier(SENDERS)
    answers: list[dict[uuid.UUID, tuple[int, str, bool, bool]]] = [{} for _ in range(SENDERS)]

    def sender(i: int) -> None:
        mine = random.sample(scans, len(scans))
        with httpx.Client(base_url=server.url, timeout=60) as http:
            barrier.wait()
            for scan in mine:
                answers[i][scan.client_id] = send(http, scan)

    threads = [threading.Thread(target=sender, args=(i,)) for i in range(SENDERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [[answers[i][scan.client_id] for i in range(SENDERS)] for scan in scans]


def test_an_outbox_replayed_and_raced_records_each_scan_once(
    server: Server, engine: Engine
) -> None:
    scans = outbox(make_crowd(engine, PEOPLE))
    assert len(scans) == SCANS
    hot = scans[:HOT]
    started = time.monotonic()

    # Twenty senders deliver the same scans at once: one copy each is recorded (201).
    raced = race(server, hot)
    original = {}
    for scan, copies in zip(hot, raced, strict=True):
        assert sorted(status for status, *_ in copies) == [200] * (SENDERS - 1) + [201]
        assert len({(enc, first) for _, enc, first, _ in copies}) == 1, copies
        original[scan.client_id] = copies[0][1:3]

    # The whole outbox, then twice more: everything new is recorded once, the rest is
    # answered with the original encounter and the original "first meeting".
    rounds = [in_parallel(server.url, send, scans, threads=16) for _ in range(3)]
    for scan, (status, enc, first, replayed) in zip(scans, rounds[0], strict=True):
        if scan.client_id in original:
            assert (status, replayed) == (200, True)
            assert (enc, first) == original[scan.client_id]
        else:
            assert (status, replayed) == (201, False)
            original[scan.client_id] = (enc, first)
    for replay in rounds[1:]:
        for scan, (status, enc, first, replayed) in zip(scans, replay, strict=True):
            assert (status, replayed) == (200, True)
            assert (enc, first) == original[scan.client_id]
    elapsed = time.monotonic() - started

    stored = encounter_keys(engine)
    assert len(stored) == SCANS
    assert set(stored) == {(s.scanner.id, s.client_id) for s in scans}
    assert len({enc for enc, _ in original.values()}) == SCANS
    assert any(first for _, first in original.values())
    assert not all(first for _, first in original.values())  # the second scans of a pair
    requests = HOT * SENDERS + 3 * SCANS
    print(
        f"\noutbox replay: {SCANS} scans, {requests} deliveries "
        f"({HOT} raced by {SENDERS} senders, the outbox sent 3 times) in {elapsed:.1f} s "
        f"({requests / elapsed:.0f}/s): {len(stored)} encounters, 0 duplicates, "
        f"{requests - SCANS} duplicates answered with the original"
    )
