"""The suite runs against a real server (uvicorn in a thread), a real SMTP server
(aiosmtpd) and a real database: a fresh SQLite file, or the PostgreSQL database named by
METBEFORE_TEST_DATABASE_URL. Each test starts from empty tables."""

import asyncio
import logging
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import uvicorn
from aiosmtpd.controller import Controller
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from metbefore.app import create_app
from metbefore.cli import migrate
from metbefore.config import Settings
from metbefore.db import make_engine, normalise_url
from metbefore.logs import JsonLines, RequestId
from metbefore.models import Base
from metbefore.ratelimit import MemoryCounter

T = TypeVar("T")
TEST_DATABASE_URL = os.environ.get("METBEFORE_TEST_DATABASE_URL", "")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """asyncio.run in a thread of its own: after the browser tests, Playwright's event loop
    still runs in the main thread, where asyncio.run refuses to start another."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def text_of(message: Message) -> str:
    """A mail's plain-text part (mails carry an HTML alternative too)."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError("a mail without a plain-text part")


@dataclass
class Mailbox:
    port: int
    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
        # policy.default reads the UTF-8 headers of an SMTPUTF8 mail as text.
        content = envelope.content  # type: ignore[attr-defined]
        self.messages.append(message_from_bytes(content, policy=policy.default))
        return "250 OK"

    def count_to(self, address: str) -> int:
        return sum(1 for message in self.messages if message["To"] == address)

    def last_to(self, address: str, *, after: int = 0) -> Message:
        """The newest mail to `address`, once more than `after` have arrived."""
        deadline = time.monotonic() + 10  # delivered from the outbox, a moment later
        while time.monotonic() < deadline:
            mine = [message for message in self.messages if message["To"] == address]
            if len(mine) > after:
                return mine[-1]
            time.sleep(0.02)
        raise AssertionError(f"no new mail to {address}")

    def titled(self, address: str, subject: str) -> Message:
        """The newest mail to `address` with this subject, once it has arrived."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            mine = [m for m in self.messages if m["To"] == address and m["Subject"] == subject]
            if mine:
                return mine[-1]
            time.sleep(0.02)
        raise AssertionError(f"no mail {subject!r} to {address}")

    def _matching(self, address: str, after: int, pattern: str) -> str:
        """What `pattern` finds in the newest mail to `address` past the first `after` that
        holds it (mail arrives from the outbox a moment later, a notice maybe last)."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            mine = [m for m in self.messages if m["To"] == address][after:]
            for message in reversed(mine):
                match = re.search(pattern, text_of(message))
                if match:
                    return match.group(1)
            time.sleep(0.02)
        raise AssertionError(f"no new mail to {address} holding {pattern}")

    def code_for(self, address: str, *, after: int = 0) -> str:
        return self._matching(address, after, r"code is (\d{6})")

    def link_token_for(self, address: str, *, after: int = 0) -> str:
        return self._matching(address, after, r"/signin#token=([A-Za-z0-9_-]+)")


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox(port=free_port())
    # SMTPUTF8, as large providers offer it: internationalised addresses are delivered.
    controller = Controller(box, hostname="127.0.0.1", port=box.port, enable_SMTPUTF8=True)
    controller.start()
    yield box
    controller.stop()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    if TEST_DATABASE_URL:
        return normalise_url(TEST_DATABASE_URL)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    migrate(database_url)
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@dataclass
class Server:
    url: str
    settings: Settings
    app: object


@pytest.fixture(scope="session")
def server(
    engine: Engine, database_url: str, mailbox: Mailbox, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    port = free_port()
    settings = Settings(
        database_url=database_url,
        data_dir=Path(tmp_path_factory.mktemp("data")),
        base_url=f"http://127.0.0.1:{port}",
        smtp_url=f"smtp://127.0.0.1:{mailbox.port}",
        sqlite_synchronous="NORMAL",
        mail_retry_seconds=0.2,  # a mail server that was down is tried again soon
        badge_system_fonts=False,  # the project's own fonts must print every name
    )
    with serving(settings, port) as running:
        yield running


class SteadyClock:
    """The limiters' clock in tests: one instant per test, the middle of an hour that has
    not begun. The limits count in fixed windows (an hour, ten minutes, a day), which a
    test could otherwise straddle, letting one more attempt through; and no sweep of ended
    windows reaches an hour to come. Every app a test serves reads it (several workers
    count alike)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.next_test()

    def __call__(self) -> float:
        return self.now

    def next_test(self) -> None:
        self.now = float((int(time.time()) // 3600 + 1) * 3600 + 1800)


LIMITER_CLOCK = SteadyClock()


@pytest.fixture(autouse=True)
def _steady_limits() -> None:
    LIMITER_CLOCK.next_test()


@contextmanager
def serving(settings: Settings, port: int) -> Iterator[Server]:
    """create_app(settings) served by uvicorn in a thread (another worker, say)."""
    app = create_app(settings)
    app.state.limiter.clock = LIMITER_CLOCK
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not uv.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    try:
        yield Server(url=settings.base_url, settings=settings, app=app)
    finally:
        uv.should_exit = True
        thread.join(timeout=10)


@dataclass
class Secrets:
    """What no log line may hold, gathered from each test's rows before they are wiped."""

    found: set[str] = field(default_factory=set)

    def gather(self, engine: Engine) -> None:
        with engine.connect() as conn:
            for statement in (
                "SELECT email FROM people",
                "SELECT token FROM badges",
                "SELECT body FROM notes",
            ):
                self.found.update(str(v) for v in conn.execute(text(statement)).scalars() if v)


@pytest.fixture(scope="session")
def secrets() -> Secrets:
    return Secrets()


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


@pytest.fixture(scope="session", autouse=True)
def _app_logs(
    tmp_path_factory: pytest.TempPathFactory, mailbox: Mailbox, secrets: Secrets
) -> Iterator[None]:
    """Every line the app logs during the whole run, as JSON. At the end none may hold an
    email address, a mailed code or link token, a badge token or a note's text."""
    path = tmp_path_factory.mktemp("logs") / "app.jsonl"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(JsonLines())
    handler.addFilter(RequestId())
    app_logger = logging.getLogger("metbefore")
    app_logger.setLevel(logging.INFO)  # the access lines too
    for name in ("metbefore", "uvicorn"):
        logging.getLogger(name).addHandler(handler)
    yield
    for name in ("metbefore", "uvicorn"):
        logging.getLogger(name).removeHandler(handler)
    handler.close()
    logged = path.read_text(encoding="utf-8")
    address = EMAIL.search(logged)
    assert address is None, f"an email address in the logs: {address.group(0)}"
    mailed = set()
    for message in mailbox.messages:
        body = text_of(message)
        mailed.update(re.findall(r"code is (\d{6})", body))
        mailed.update(re.findall(r"#token=([A-Za-z0-9_-]+)", body))
    # The log grows to many megabytes and the secrets to thousands: a one-word secret is
    # looked up among the log's words, another is first looked for as plain text (fast),
    # and only where it appears is it matched with its word boundaries.
    words = set(re.findall(r"[\w-]+", logged))
    for secret in mailed | {s for s in secrets.found if len(s) >= 8}:
        if re.fullmatch(r"[\w-]+", secret):
            assert secret not in words, secret[:80]
        elif secret in logged:
            assert not re.search(rf"(?<![\w-]){re.escape(secret)}(?![\w-])", logged), secret[:80]
    print(
        f"\nlogs: {logged.count(chr(10))} lines, none holding any of {len(mailed)} mailed codes "
        f"and links or {len(secrets.found)} addresses, badge tokens and notes"
    )


def _wipe(engine: Engine) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(tables)} CASCADE"))
        else:
            for name in tables:
                conn.execute(text(f"DELETE FROM {name}"))


@pytest.fixture(autouse=True)
def _clean(request: pytest.FixtureRequest, engine: Engine, secrets: Secrets) -> Iterator[None]:
    yield
    secrets.gather(engine)
    _wipe(engine)
    if "server" in request.fixturenames:
        limiter = request.getfixturevalue("server").app.state.limiter
        if isinstance(limiter.counter, MemoryCounter):
            limiter.counter = MemoryCounter()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def client(server: Server) -> Iterator[Callable[[], httpx.Client]]:
    """A factory of HTTP clients, each with its own cookie jar (one per person)."""
    made: list[httpx.Client] = []

    def make() -> httpx.Client:
        c = httpx.Client(base_url=server.url, timeout=30)
        made.append(c)
        return c

    yield make
    for c in made:
        c.close()


@pytest.fixture
def sign_in(client: Callable[[], httpx.Client], mailbox: Mailbox) -> Callable[..., httpx.Client]:
    """Sign a person in the way a user does: mail a code, read it from SMTP, verify."""

    def _sign_in(email: str, **profile: object) -> httpx.Client:
        c = client()
        seen = mailbox.count_to(email)
        assert c.post("/api/auth/email", json={"email": email}).status_code == 202
        code = mailbox.code_for(email, after=seen)
        response = c.post("/api/auth/verify", json={"email": email, "code": code})
        assert response.status_code == 200, response.text
        if profile:
            assert c.patch("/api/me", json=profile).status_code == 200
        return c

    return _sign_in
