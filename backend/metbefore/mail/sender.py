"""Senders: deliver the outbox over a reused SMTP connection, with retries and backoff.

Every worker runs `Sender` (METBEFORE_MAIL_IN_WORKERS), with METBEFORE_MAIL_CONNECTIONS
lanes, each its own SMTP connection; or `metbefore send-mail` runs it on its own. With no
SMTP configured, the embedded default writes mails to the log (Settings.mail_to_log).
Log lines name a mail by its id, never its address (the server's words may quote it)."""

import asyncio
import logging
import smtplib
import time
from contextlib import suppress
from datetime import timedelta
from email.message import EmailMessage
from functools import partial
from urllib.parse import unquote, urlsplit

import anyio

from .. import metrics
from ..config import Settings
from ..db import Database
from . import message, outbox
from .outbox import Claimed

log = logging.getLogger("metbefore.mail")

POLL_SECONDS = 1.0  # how soon mail stored by another process, or due again, is seen
TIMEOUT = 10
IDLE_SECONDS = 30  # a connection unused this long is closed (servers drop idle ones)


class Permanent(Exception):
    """The server refused this mail for good (5xx): trying again would not help."""


class Transport:
    """One SMTP connection, opened on first use and kept; the log when mail goes there."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None
        self._used = 0.0

    def send(self, mail: EmailMessage) -> None:
        if self.settings.mail_to_log:  # the development outbox: see Settings.mail_to_log
            body = mail.get_body(("plain",))
            text = body.get_content() if body is not None else ""
            log.warning(
                "mail (no SMTP configured) to %s: %s\n%s", mail["To"], mail["Subject"], text
            )
            return
        if not self.settings.smtp_url:
            raise ConnectionError("no SMTP configured (METBEFORE_SMTP_URL)")
        for attempt in (1, 2):
            smtp = self._smtp or self._connect()
            self._smtp = smtp
            try:
                smtp.send_message(mail)
                self._used = time.monotonic()
                return
            except smtplib.SMTPServerDisconnected:
                self.close()  # an idle connection the server closed: once more, anew
                if attempt == 2:
                    raise
                continue
            except smtplib.SMTPRecipientsRefused as exc:
                codes = [code for code, _ in exc.recipients.values()]
                if all(code >= 500 for code in codes):
                    raise Permanent(f"recipient refused {codes[0]}") from None
                raise
            except smtplib.SMTPNotSupportedError:
                # An internationalised address needs SMTPUTF8, and this server lacks it.
                raise Permanent("the mail server does not offer SMTPUTF8") from None
            except smtplib.SMTPResponseException as exc:
                if exc.smtp_code >= 500 and not isinstance(exc, smtplib.SMTPSenderRefused):
                    raise Permanent(f"refused {exc.smtp_code}") from None
                self.close()
                raise
            except (OSError, smtplib.SMTPException):
                self.close()
                raise

    def _connect(self) -> smtplib.SMTP:
        url = urlsplit(self.settings.smtp_url)
        smtp_class = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
        default_port = 465 if url.scheme == "smtps" else 25
        smtp = smtp_class(url.hostname or "localhost", url.port or default_port, timeout=TIMEOUT)
        if "starttls=1" in url.query:
            smtp.starttls()
        if url.username:
            smtp.login(unquote(url.username), unquote(url.password or ""))
        return smtp

    def close_if_idle(self) -> None:
        if time.monotonic() - self._used > IDLE_SECONDS:
            self.close()

    def close(self) -> None:
        if self._smtp is not None:
            with suppress(OSError, smtplib.SMTPException):
                self._smtp.quit()
            self._smtp = None


def backoff(settings: Settings, attempts: int) -> timedelta:
    """Doubling from METBEFORE_MAIL_RETRY_SECONDS, up to 60 times it."""
    base = settings.mail_retry_seconds
    return timedelta(seconds=min(base * 2 ** (attempts - 1), base * 60))


class Sender:
    def __init__(self, settings: Settings, db: Database) -> None:
        self.settings = settings
        self.db = db
        self._ready = asyncio.Event()
        self._loop = asyncio.get_running_loop()
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = False

    def wake(self) -> None:
        """From any thread: mail was stored (called after its transaction commits)."""
        self._loop.call_soon_threadsafe(self._ready.set)

    def start(self) -> None:
        self._stopping = False
        outbox.on_commit(self.wake)
        self._tasks = [
            asyncio.create_task(self._lane()) for _ in range(self.settings.mail_connections)
        ]

    async def stop(self) -> None:
        """Lanes finish the mail in hand (a cancel could land inside the thread that talks
        to the server, where it would be lost), then end."""
        outbox.off_commit(self.wake)
        self._stopping = True
        self._ready.set()
        if self._tasks:
            _, late = await asyncio.wait(self._tasks, timeout=2 * TIMEOUT + 5)
            for task in late:
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []

    async def drain(self) -> int:
        """Deliver every mail due now, then answer how many were handed over."""
        transport = Transport(self.settings)
        sent = 0
        try:
            while (mail := await self.db.write(outbox.claim)) is not None:
                sent += await self._deliver(transport, mail)
        finally:
            transport.close()
        return sent

    async def _lane(self) -> None:
        transport = Transport(self.settings)
        try:
            while not self._stopping:
                self._ready.clear()  # before looking: a wake meanwhile is not lost
                try:
                    mail = await self.db.write(outbox.claim)
                    if mail is not None:
                        await self._deliver(transport, mail)
                        continue
                except Exception as exc:  # the database is away: look again later
                    log.error("mail outbox unreachable: %s", type(exc).__name__)
                transport.close_if_idle()
                with suppress(TimeoutError):
                    await asyncio.wait_for(self._ready.wait(), self._poll())
        finally:
            transport.close()

    def _poll(self) -> float:
        return min(POLL_SECONDS, self.settings.mail_retry_seconds)

    async def _deliver(self, transport: Transport, mail: Claimed) -> int:
        built = message.build(
            self.settings,
            mail_id=mail.id,
            to=mail.to,
            subject=mail.subject,
            text=mail.text,
            html_body=mail.html,
            created_at=mail.created_at,
            unsubscribe_url=mail.unsubscribe_url,
        )
        try:
            await anyio.to_thread.run_sync(transport.send, built)
        except Permanent as exc:
            log.error("mail %s not sent, refused for good: %s", mail.id, exc)
            metrics.count("mails_given_up")
            await self.db.write(partial(outbox.delivered, mail_id=mail.id))
            return 0
        except (OSError, smtplib.SMTPException) as exc:
            # The kind of failure only: the server's words may quote the address.
            wait = backoff(self.settings, mail.attempts)
            log.error(
                "mail %s not sent (attempt %d, again in %d s): %s %s",
                mail.id,
                mail.attempts,
                wait.total_seconds(),
                type(exc).__name__,
                getattr(exc, "smtp_code", ""),
            )
            metrics.count("mail_attempts_failed")
            await self.db.write(partial(outbox.retry_later, mail_id=mail.id, after=wait))
            return 0
        await self.db.write(partial(outbox.delivered, mail_id=mail.id))
        metrics.count("mails_sent")
        return 1
