"""PostgreSQL goes away while the app runs: the API says so plainly (503, a stable code, no
stack trace), the health check says so, the PWA shell is still served, and the app comes
back by itself when the database does. On a private cluster: the shared one stays up."""

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import make_url

from metbefore.cli import migrate
from metbefore.config import Settings
from metbefore.db import make_engine
from tests.conftest import TEST_DATABASE_URL, Mailbox, Server, free_port, serving
from tests.reliability.crowd import COOKIE, Member, make_crowd
from tests.reliability.processes import PrivateCluster

pytestmark = pytest.mark.skipif(
    not TEST_DATABASE_URL,
    reason="PostgreSQL run only (METBEFORE_TEST_DATABASE_URL): an embedded SQLite file "
    "cannot go down while the app that holds it runs",
)


@pytest.fixture
def cluster() -> Iterator[PrivateCluster]:
    made = PrivateCluster()
    try:
        made.start()
        yield made
    finally:
        made.remove()


@pytest.fixture
def app_on_cluster(
    cluster: PrivateCluster, mailbox: Mailbox, tmp_path: Path
) -> Iterator[tuple[Server, list[Member]]]:
    migrate(cluster.url)
    engine = make_engine(cluster.url)
    crowd = make_crowd(engine, 2)
    engine.dispose()
    port = free_port()
    settings = Settings(
        database_url=cluster.url,
        data_dir=tmp_path,
        base_url=f"http://127.0.0.1:{port}",
        smtp_url=f"smtp://127.0.0.1:{mailbox.port}",
    )
    with serving(settings, port) as running:
        yield running, crowd


def answers(http: httpx.Client, me: Member, other: Member) -> dict[str, httpx.Response]:
    headers = {"Cookie": f"{COOKIE}={me.cookie}"}
    return {
        "me": http.get("/api/me", headers=headers),
        "friends": http.get("/api/friends", headers=headers),
        "scan": me.scan(http, other),
        "sign-in": http.post("/api/auth/email", json={"email": "ana@example.org"}),
    }


def test_with_the_database_down_the_api_says_so_and_recovers_by_itself(
    cluster: PrivateCluster, app_on_cluster: tuple[Server, list[Member]]
) -> None:
    server, (ana, ben) = app_on_cluster
    http = httpx.Client(base_url=server.url, timeout=30)
    assert {k: r.status_code for k, r in answers(http, ana, ben).items()} == {
        "me": 200,
        "friends": 200,
        "scan": 201,
        "sign-in": 202,
    }

    cluster.stop()

    for what, response in answers(http, ana, ben).items():
        assert response.status_code == 503, (what, response.text)
        assert response.json()["code"] == "database_unavailable", what
        assert int(response.headers["Retry-After"]) > 0
        for leak in ("Traceback", "psycopg", "sqlalchemy", str(cluster.port)):
            assert leak not in response.text, (what, response.text)
    health = http.get("/api/health")
    assert health.status_code == 503
    assert health.json() == {"status": "degraded", "database": "unreachable"}
    # The process itself is alive: a liveness probe must not restart it for this.
    assert http.get("/api/live").json() == {"status": "ok"}
    assert http.get("/").status_code == 200  # the PWA still loads, and queues its scans

    cluster.start()
    started = time.monotonic()
    while http.get("/api/health").status_code != 200:
        assert time.monotonic() - started < 30, "the app did not notice the database return"
        time.sleep(0.1)
    recovered = time.monotonic() - started

    assert {k: r.status_code for k, r in answers(http, ana, ben).items()} == {
        "me": 200,
        "friends": 200,
        "scan": 201,
        "sign-in": 202,
    }
    http.close()
    print(
        f"\ndatabase down ({make_url(cluster.url).get_backend_name()}): 503 "
        f"database_unavailable on every route tried, health 503 'unreachable', back by "
        f"itself {recovered:.1f} s after the database returned"
    )
