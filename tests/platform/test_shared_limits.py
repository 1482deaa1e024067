"""Several workers share one set of limits: through Redis when configured, else through
PostgreSQL. (The embedded SQLite default is one process and counts in memory.)"""

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import httpx
import pytest
import redis

from tests.conftest import TEST_DATABASE_URL, Mailbox, Server, free_port, serving


@contextmanager
def worker(server: Server, **overrides: object) -> Iterator[Server]:
    """Another app process on the same database and mail server."""
    port = free_port()
    settings = server.settings.model_copy(
        update={"base_url": f"http://127.0.0.1:{port}", **overrides}
    )
    with serving(settings, port) as running:
        yield running


@pytest.fixture
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    executable = shutil.which("redis-server")
    if executable is None:
        pytest.skip(
            "LOUD SKIP: redis-server is not installed (apt-get install redis-server, as "
            ".ci/run does), so the Redis-backed limiter is not tested here"
        )
    port = free_port()
    data = tmp_path_factory.mktemp("redis")
    options = ["--bind", "127.0.0.1", "--port", str(port), "--save", "", "--dir", str(data)]
    process = subprocess.Popen([executable, *options], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def limits_hold_across(first: Server, second: Server, mailbox: Mailbox) -> None:
    """Requests alternate between the two workers; the limits count them all."""
    settings = first.settings
    with httpx.Client(base_url=first.url) as a, httpx.Client(base_url=second.url) as b:
        workers = [a, b]
        seen = mailbox.count_to("shared@example.org")
        for n in range(settings.signin_mails_per_hour):
            response = workers[n % 2].post("/api/auth/email", json={"email": "shared@example.org"})
            assert response.status_code == 202
        assert b.post("/api/auth/email", json={"email": "shared@example.org"}).status_code == 429
        assert a.post("/api/auth/email", json={"email": "shared@example.org"}).status_code == 429

        # A code's tries, too: wrong guesses on either worker kill it on both.
        code = mailbox.code_for("shared@example.org", after=seen)
        for n in range(settings.code_attempts):
            guess = {"email": "shared@example.org", "code": wrong(code)}
            assert workers[n % 2].post("/api/auth/verify", json=guess).status_code == 401
        right = {"email": "shared@example.org", "code": code}
        assert b.post("/api/auth/verify", json=right).status_code == 429


def test_workers_share_limits_through_redis(
    server: Server, mailbox: Mailbox, redis_url: str
) -> None:
    with ExitStack() as stack:
        first = stack.enter_context(worker(server, redis_url=redis_url))
        second = stack.enter_context(worker(server, redis_url=redis_url))
        limits_hold_across(first, second, mailbox)


@pytest.mark.skipif(
    not TEST_DATABASE_URL,
    reason="PostgreSQL only: on SQLite the server is a single process counting in memory",
)
def test_workers_share_limits_through_postgresql(server: Server, mailbox: Mailbox) -> None:
    with worker(server) as second:
        limits_hold_across(server, second, mailbox)
