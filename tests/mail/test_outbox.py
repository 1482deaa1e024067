"""Mail through the outbox: the request stores it and answers at once; senders deliver it
over a reused connection, complete, once, and again after the mail server comes back."""

import asyncio
import re
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import Message
from email.utils import parsedate_to_datetime

import httpx
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from metbefore.db import make_database
from metbefore.mail import Mail, enqueue
from metbefore.mail.message import build
from metbefore.mail.outbox import claim, waiting
from metbefore.mail.sender import Permanent, Sender, Transport
from tests.conftest import Mailbox, Server, free_port, run, serving, text_of


@dataclass
class SlowSink:
    """An SMTP server that takes `seconds` per message, counting its connections."""

    seconds: float
    messages: list[Message] = field(default_factory=list)
    connections: int = 0

    async def handle_EHLO(  # noqa: N802
        self, server: object, session: object, envelope: object, hostname: str, responses: list[str]
    ) -> list[str]:
        self.connections += 1
        session.host_name = hostname  # type: ignore[attr-defined]
        return responses

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
        await asyncio.sleep(self.seconds)
        self.messages.append(message_from_bytes(envelope.content))  # type: ignore[attr-defined]
        return "250 OK"

    def codes_to(self, addresses: list[str], timeout: float) -> dict[str, str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = {
                m["To"]: re.search(r"code is (\d{6})", text_of(m)).group(1)  # type: ignore[union-attr]
                for m in list(self.messages)
            }
            if set(addresses) <= set(found):
                return found
            time.sleep(0.05)
        raise AssertionError(f"{len(self.messages)} of {len(addresses)} mails arrived")


@contextmanager
def sink(seconds: float, port: int | None = None) -> Iterator[tuple[SlowSink, int]]:
    box = SlowSink(seconds)
    port = port or free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


@contextmanager
def senders_paused(server: Server) -> Iterator[None]:
    """The shared test server's senders stop meanwhile: the mail goes through the app
    under test (all workers deliver the one outbox, each to its own SMTP settings here)."""
    sender = server.app.state.sender  # type: ignore[attr-defined]
    loop = sender._loop
    asyncio.run_coroutine_threadsafe(sender.stop(), loop).result(timeout=30)
    try:
        yield
    finally:
        loop.call_soon_threadsafe(sender.start)


@contextmanager
def app_mailing_to(server: Server, port: int, **overrides: object) -> Iterator[Server]:
    app_port = free_port()
    settings = server.settings.model_copy(
        update={
            "base_url": f"http://127.0.0.1:{app_port}",
            "smtp_url": f"smtp://127.0.0.1:{port}",
            **overrides,
        }
    )
    with senders_paused(server), serving(settings, app_port) as running:
        yield running


def unique(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:10]}@example.org"


def test_a_slow_mail_server_does_not_slow_the_answer_and_every_code_arrives(
    server: Server,
) -> None:
    with sink(seconds=2.0) as (box, port), app_mailing_to(server, port) as app:
        emails = [unique("slow") for _ in range(4)]
        with httpx.Client(base_url=app.url) as http:
            timings = []
            for email in emails:
                started = time.perf_counter()
                assert http.post("/api/auth/email", json={"email": email}).status_code == 202
                timings.append(time.perf_counter() - started)
            codes = box.codes_to(emails, timeout=20)  # 2 connections: ~4 s
            for email in emails:
                right = http.post("/api/auth/verify", json={"email": email, "code": codes[email]})
                assert right.status_code == 200, right.text
        assert max(timings) < 0.5, timings
        assert box.connections <= app.settings.mail_connections  # reused, not one per mail


def test_codes_asked_while_the_mail_server_is_down_arrive_once_it_is_back(
    server: Server,
) -> None:
    port = free_port()  # nobody listens there yet
    with app_mailing_to(server, port) as app, httpx.Client(base_url=app.url) as http:
        emails = [unique("down") for _ in range(3)]
        for email in emails:
            assert http.post("/api/auth/email", json={"email": email}).status_code == 202
        time.sleep(1.0)  # a few attempts fail meanwhile
        with sink(seconds=0, port=port) as (box, _):
            codes = box.codes_to(emails, timeout=20)
            time.sleep(0.5)
            assert sorted(m["To"] for m in box.messages) == sorted(emails)  # each once
        for email in emails:
            assert (
                http.post(
                    "/api/auth/verify", json={"email": email, "code": codes[email]}
                ).status_code
                == 200
            )


def test_a_mail_is_complete_by_the_standards_receiving_servers_check(
    client: object, mailbox: Mailbox, server: Server
) -> None:
    email = unique("headers")
    with httpx.Client(base_url=server.url) as http:
        assert http.post("/api/auth/email", json={"email": email}).status_code == 202
    mail = mailbox.last_to(email)

    assert parsedate_to_datetime(mail["Date"]).tzinfo is not None
    assert re.fullmatch(r"<[0-9a-f]{32}@127\.0\.0\.1>", mail["Message-ID"])
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail.get_content_type() == "multipart/alternative"
    types = [part.get_content_type() for part in mail.walk()]
    assert types == ["multipart/alternative", "text/plain", "text/html"]
    html = mail.get_payload()[1].get_payload(decode=True).decode()
    assert re.search(r'<a href="http://127\.0\.0\.1:\d+/signin#token=', html)
    assert re.search(r"code is \d{6}", html)


def test_two_senders_never_claim_the_same_mail(engine: Engine, server: Server) -> None:
    claimed: list[object] = []

    def take() -> None:
        while True:
            with Session(engine) as session, session.begin():
                mail = claim(session)
            if mail is None:
                return
            claimed.append(mail.id)

    with senders_paused(server):  # before the mails exist: the server's would take some
        with Session(engine) as session, session.begin():
            for n in range(20):
                enqueue(session, Mail(to=unique(f"claim{n}"), subject="s", body="t"))
        threads = [threading.Thread(target=take) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(claimed) == len(set(claimed)) == 20


def test_metbefore_send_mail_delivers_what_the_workers_left(
    server: Server, mailbox: Mailbox, engine: Engine
) -> None:
    email = unique("cli")
    settings = server.settings.model_copy(update={"mail_in_workers": False})

    async def drain() -> int:
        db = make_database(settings)
        try:
            with Session(db.writer) as session, session.begin():
                enqueue(
                    session, Mail(to=email, subject="Hello", body="Your sign-in code is 123456")
                )
            return await Sender(settings, db).drain()
        finally:
            db.dispose()

    with senders_paused(server):
        assert run(drain()) == 1
    assert mailbox.last_to(email)["Subject"] == "Hello"
    with Session(engine) as session:
        assert waiting(session) == 0


def test_a_closed_port_is_never_an_answer_for_the_asker(server: Server) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    with app_mailing_to(server, port) as app, httpx.Client(base_url=app.url) as http:
        known = http.post("/api/auth/email", json={"email": unique("a")})
        unknown = http.post("/api/auth/email", json={"email": unique("b")})
    assert known.status_code == unknown.status_code == 202
    assert known.content == unknown.content


def test_an_internationalised_address_needs_smtputf8_and_says_so(server: Server) -> None:
    """A server without SMTPUTF8 cannot take mail for zoë@exämple.org: the mail is refused
    for good with that reason (not retried forever), and nothing is half-sent."""
    box, port = SlowSink(0.0), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port, enable_SMTPUTF8=False)
    controller.start()
    try:
        settings = server.settings.model_copy(update={"smtp_url": f"smtp://127.0.0.1:{port}"})
        transport = Transport(settings)
        message = build(
            settings,
            mail_id=uuid.uuid4(),
            to="zoë@exämple.org",
            subject="Your code",
            text="Your code is 123456",
            html_body=None,
            created_at=datetime.now(UTC),
        )
        with pytest.raises(Permanent, match="SMTPUTF8"):
            transport.send(message)
        transport.close()
    finally:
        controller.stop()
    assert box.messages == []
