"""Hostile input, walked over the whole schema where it can be: extra privileged fields,
bodies far over the cap, an image that decodes to 400 megapixels, unbounded pages,
thousands of guessed badge tokens, and the security headers on every answer.

(Strangers reading others' data: test_stranger.py. Sign-in guessing and identical
answers for known and unknown addresses: tests/auth. Attendee CSV limits: tests/events.)"""

import os
import re
import struct
import threading
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, select

from metbefore.models import Base
from tests.conftest import Server
from tests.meetings.factories import Someone
from tests.reliability.crowd import in_parallel
from tests.security.test_stranger import sample

MB = 2**20
# Fields a client might hope the server takes from the body instead of the session.
PRIVILEGED = {
    "id": None,
    "person_id": None,
    "owner_id": None,
    "author_id": None,
    "scanner_id": None,
    "organizer": True,
    "is_organizer": True,
    "is_admin": True,
    "role": "organizer",
    "token": "x" * 43,
    "token_hash": "0" * 64,
    "email_verified": True,
    "created_at": "2020-01-01T00:00:00Z",
}
PARAM = re.compile(r"{(\w+)}")
GUESSES = int(os.environ.get("METBEFORE_GUESSES", "10000"))


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in Base.metadata.sorted_tables
            if t.name != "rate_limits"  # counting refusals is the point of that one
        }


def concrete(path: str, **ids: str) -> str:
    """The path with its parameters filled: the event confx, else the ids given or new."""
    ids.setdefault("slug", "confx")
    return PARAM.sub(lambda m: ids.get(m.group(1)) or str(uuid.uuid4()), path)


def json_operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(method, path, body schema) of every operation that takes a JSON object."""
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                yield method.upper(), path, content["application/json"]["schema"]


def test_extra_privileged_fields_are_refused_everywhere_and_nothing_is_stored(
    person: Callable[..., Someone], engine: Engine
) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    ana.befriend(ben)
    spec = ana.http.get("/openapi.json").json()
    before = row_counts(engine)
    tried = 0

    for method, path, schema in json_operations(spec):
        url = concrete(path, person_id=ben.id)
        body = sample(schema, spec)
        for field, value in PRIVILEGED.items():
            if field in body:
                continue
            sent = {**body, field: ben.id if value is None else value}
            response = ana.http.request(method, url, json=sent)
            tried += 1
            assert response.status_code == 422, (method, path, field, response.text)
            assert any(
                d["loc"][-1] == field and d["type"] == "extra_forbidden"
                for d in response.json()["details"]
            ), (method, path, field, response.text)

    assert tried > 100
    assert row_counts(engine) == before
    assert ana.http.get("/api/me").json()["display_name"] == "Ana Lima"
    routes = len(list(json_operations(spec)))
    print(f"\nmass assignment: {tried} requests to {routes} JSON routes, all 422, 0 rows changed")


def rss() -> int:
    """This process's resident memory in bytes (the test server runs in it)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_growth(send: Callable[[], httpx.Response]) -> tuple[httpx.Response, int]:
    """The answer, and how far resident memory rose above where it was meanwhile."""
    start, peak, done = rss(), 0, threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, rss())
            time.sleep(0.002)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        response = send()
    finally:
        done.set()
        watcher.join()
    return response, max(peak, rss()) - start


def fifty_megabytes() -> Iterator[bytes]:
    chunk = b"a" * (64 * 1024)
    for _ in range(50 * MB // len(chunk)):
        yield chunk


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
@pytest.mark.parametrize(
    ("method", "path", "kind"),
    [
        ("POST", "/api/scans", "application/json"),
        ("PUT", "/api/me/photo", "image/jpeg"),
        ("POST", "/api/events/confx/attendees/import", "text/csv"),
    ],
)
def test_a_50_mb_body_is_refused_without_the_server_holding_it(
    method: str, path: str, kind: str, declared: bool, person: Callable[..., Someone]
) -> None:
    ana = person("Ana Lima")
    assert ana.http.post("/api/events", json={"name": "ConfX", "slug": "confx"}).is_success
    headers = {"Content-Type": kind}
    if declared:
        headers["Content-Length"] = str(50 * MB)

    def send() -> httpx.Response:
        try:
            return ana.http.request(method, path, content=fifty_megabytes(), headers=headers)
        except httpx.WriteError:  # refused before it was all sent: ask for the answer again
            return ana.http.request(method, path, content=b"x" * (11 * MB), headers=headers)

    response, grown = peak_growth(send)

    assert response.status_code == 413, response.text
    assert response.json()["code"] in ("too_large", "file_too_large")
    assert grown < 20 * MB, f"memory grew by {grown / MB:.1f} MB"
    print(f"\n50 MB {method} {path} ({'declared' if declared else 'chunked'}): 413, "
          f"memory +{grown / MB:.1f} MB")  # fmt: skip


def png_of_zeros(width: int, height: int) -> bytes:
    """A real grey PNG of width x height black pixels: a few hundred kilobytes that decode
    to width x height bytes (built row by row, never held whole here)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    packer = zlib.compressobj(9)
    row = b"\0" * (width + 1)  # filter byte, then the row
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def test_a_png_of_20000_by_20000_pixels_is_refused_without_decoding_it(
    person: Callable[..., Someone],
) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    ana.befriend(ben)
    note = ana.http.post(f"/api/people/{ben.id}/notes", json={"body": "met"}).json()
    bomb = png_of_zeros(20_000, 20_000)
    assert len(bomb) < 2 * MB  # 400 million pixels once decoded

    for path in ("/api/me/photo", f"/api/notes/{note['id']}/photo"):
        response, grown = peak_growth(
            lambda path=path: ana.http.put(
                path, content=bomb, headers={"Content-Type": "image/png"}, timeout=20
            )
        )
        assert 400 <= response.status_code < 500, (path, response.text)
        assert grown < 50 * MB, f"{path}: memory grew by {grown / MB:.1f} MB"
    assert ana.http.get("/api/me").json()["photo_url"] is None


def test_every_list_comes_in_pages_of_bounded_size(person: Callable[..., Someone]) -> None:
    ana = person("Ana Lima")
    spec = ana.http.get("/openapi.json").json()
    paged = 0

    for path, operations in spec["paths"].items():
        get = operations.get("get", {})
        limit = next((p for p in get.get("parameters", []) if p["name"] == "limit"), None)
        if limit is None:
            continue
        cap = limit["schema"]["maximum"]
        assert cap <= 500, path
        url = path.replace("{slug}", "confx")
        assert ana.http.get(url, params={"limit": cap + 1}).status_code == 422, path
        assert ana.http.get(url, params={"limit": 10**9}).status_code == 422, path
        paged += 1

    assert paged >= 3


def test_ten_thousand_guessed_badge_tokens_are_throttled_and_find_nothing(
    person: Callable[..., Someone], server: Server, engine: Engine
) -> None:
    guesser, ben = person("Dan Wu"), person("Ben Ortiz")
    cookie = guesser.http.cookies["metbefore_session"]

    def guess(http: httpx.Client, _: int) -> tuple[int, str | None]:
        body = {"client_id": str(uuid.uuid4()), "token": uuid.uuid4().hex + uuid.uuid4().hex}
        response = http.post(
            "/api/scans", json=body, headers={"Cookie": f"metbefore_session={cookie}"}
        )
        return response.status_code, response.headers.get("Retry-After")

    started = time.time()
    answers = in_parallel(server.url, guess, range(GUESSES), threads=8)
    ended = time.time()
    elapsed = ended - started
    # Misses are counted in fixed 10-minute windows: a run across a boundary gets two.
    windows = int(ended // 600) - int(started // 600) + 1

    statuses = [status for status, _ in answers]
    assert set(statuses) <= {404, 429}
    assert statuses.count(404) <= 20 * windows  # the misses allowed before the door closes
    assert all(int(after) > 0 for status, after in answers if status == 429)
    assert row_counts(engine)["encounters"] == 0
    assert guesser.scan(ben.token).status_code == 429  # a lucky guess would be worthless too
    print(
        f"\nguessing: {GUESSES} random badge tokens in {elapsed:.0f} s: 0 hits, "
        f"{statuses.count(404)} answered 404, {statuses.count(429)} answered 429 with Retry-After"
    )


def test_every_answer_carries_the_security_headers(
    person: Callable[..., Someone], server: Server
) -> None:
    ana = person("Ana Lima")
    spec = ana.http.get("/openapi.json").json()
    anonymous = httpx.Client(base_url=server.url, timeout=30)
    answers: list[httpx.Response] = []
    for path in spec["paths"]:
        url = concrete(path)
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
            for http in (ana.http, anonymous):  # signed in and not: 2xx, 401, 404, 405, 422…
                answers.append(http.request(method, url))
    answers += [anonymous.get(p) for p in ("/", "/sw.js", "/m/nope", "/signin", "/nope.css")]
    anonymous.close()

    statuses = {r.status_code for r in answers}
    assert {200, 401, 404, 405, 422} <= statuses
    for response in answers:
        what = f"{response.request.method} {response.request.url.path}: {response.status_code}"
        headers = response.headers
        csp = headers.get("content-security-policy", "")
        assert "default-src 'self'" in csp, what
        assert "frame-ancestors 'none'" in csp, what
        assert "'unsafe-inline'" not in csp, what
        assert headers.get("x-content-type-options") == "nosniff", what
        assert headers.get("referrer-policy") == "no-referrer", what
        assert "strict-transport-security" not in headers, what  # http: no HSTS (https: tests/auth)
