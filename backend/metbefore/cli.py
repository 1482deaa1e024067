"""metbefore serve | migrate | login-link EMAIL | import-attendees SLUG FILE | badges SLUG |
backup PATH | restore PATH | merge-people KEEP_EMAIL ABSORB_EMAIL | send-mail [--once]"""

import argparse
import contextlib
import os
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .config import get_settings

if TYPE_CHECKING:
    from alembic.config import Config

ROOT = Path(__file__).resolve().parents[2]


def alembic_config(url: str | None = None) -> "Config":
    """Alembic's configuration for this project, wherever it is run from."""
    from alembic.config import Config

    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    return config


def migrate(url: str | None = None) -> None:
    from alembic import command

    command.upgrade(alembic_config(url), "head")


def _serve(args: argparse.Namespace) -> None:
    import uvicorn

    from .logs import uvicorn_config

    settings = get_settings()
    if args.migrate:
        migrate()
    workers = args.workers or settings.workers
    if settings.metrics and workers > 1:
        # Each worker's figures reach every scrape (metrics.py); set before any import of
        # prometheus_client, emptied of a previous run's.
        folder = settings.data_dir / "metrics"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder.resolve())
    # The address to open, whatever uvicorn says it listens on: the app's own origin
    # (sign-in refuses writes from any other, and passkeys are bound to its host).
    if settings.log_format == "text":  # JSON logs hold only JSON lines
        print(f"Met Before: open {settings.base_url}", flush=True)
    uvicorn.run(
        "metbefore.app:create_app",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=workers,
        proxy_headers=False,  # the app applies them itself (observe.py): it sees the peer
        log_config=uvicorn_config(settings),
        access_log=False,  # ours names routes, not paths (paths carry badge tokens)
    )


def _login_link(args: argparse.Namespace) -> None:
    from pydantic import ValidationError
    from sqlalchemy.orm import Session

    from .auth.service import login_link
    from .db import make_engine
    from .schemas import Email, Input

    class _Address(Input):
        email: Email

    try:
        email = _Address(email=args.email).email
    except ValidationError:
        sys.exit(f"metbefore: not a valid email address: {args.email!r}")
    settings = get_settings()
    engine = make_engine(settings.database_url)
    with Session(engine) as session, session.begin():
        link = login_link(session, settings=settings, email=email)
    engine.dispose()
    print(link)


def _send_mail(args: argparse.Namespace) -> None:
    import asyncio

    from .db import make_database
    from .mail.sender import Sender

    settings = get_settings()

    async def run() -> None:
        db = make_database(settings)
        sender = Sender(settings, db)
        try:
            if args.once:
                print(f"sent {await sender.drain()} mails")
                return
            sender.start()
            await asyncio.Event().wait()  # until interrupted
        finally:
            await sender.stop()
            db.dispose()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())


def _send_digests(_: argparse.Namespace) -> None:
    from .circle.digest import send_all

    print(f"queued {send_all(get_settings())} digests")


def _event_command(args: argparse.Namespace) -> None:
    from .errors import DomainError
    from .events import commands

    settings = get_settings()
    try:
        if args.command == "import-attendees":
            commands.import_attendees(settings, slug=args.slug, path=args.file, as_json=args.json)
        else:
            commands.badges(
                settings,
                slug=args.slug,
                out=args.output,
                paper=args.paper,
                layout=args.layout,
                attendees=args.attendee or [],
            )
    except DomainError as exc:
        sys.exit(f"metbefore: {exc.message}")
    except OSError as exc:
        sys.exit(f"metbefore: {exc}")


def _backup_command(args: argparse.Namespace) -> None:
    from . import backup

    settings = get_settings()
    try:
        if args.command == "backup":
            print(backup.backup(settings, args.path))
        else:
            print(backup.restore(settings, args.path, force=args.force))
    except (backup.Refused, OSError, sqlite3.Error) as exc:
        sys.exit(f"metbefore: {exc}")


def _merge_people(args: argparse.Namespace) -> None:
    from .errors import DomainError
    from .merge.commands import merge_people

    def confirm(prompt: str) -> bool:
        return bool(args.yes) or input(prompt).strip() == "MERGE"

    try:
        merge_people(get_settings(), keep=args.keep, absorb=args.absorb, confirm=confirm)
    except DomainError as exc:
        sys.exit(f"metbefore: {exc.message}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="metbefore", description="Met Before server")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the API and the PWA")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int)
    serve.add_argument(
        "--no-migrate", dest="migrate", action="store_false", help="skip applying migrations first"
    )
    serve.set_defaults(func=_serve)
    sub.add_parser("migrate", help="apply database migrations").set_defaults(
        func=lambda _: migrate()
    )
    link = sub.add_parser("login-link", help="print a sign-in link for an email address")
    link.add_argument("email")
    link.set_defaults(func=_login_link)
    send = sub.add_parser(
        "send-mail", help="deliver the mail outbox (when METBEFORE_MAIL_IN_WORKERS is false)"
    )
    send.add_argument("--once", action="store_true", help="deliver what is due, then stop")
    send.set_defaults(func=_send_mail)
    digests = sub.add_parser(
        "send-digests",
        help="queue this week's digests (cron-able: a second run in a week sends nothing)",
    )
    digests.set_defaults(func=_send_digests)
    attendees = sub.add_parser(
        "import-attendees", help="register an event's attendees from a CSV file"
    )
    attendees.add_argument("slug")
    attendees.add_argument(
        "file", type=Path, help="CSV: email,name,affiliation,title,pronouns,role"
    )
    attendees.add_argument("--json", action="store_true", help="print the report as JSON")
    attendees.set_defaults(func=_event_command)
    sheet = sub.add_parser("badges", help="write an event's printable badge sheets (PDF)")
    sheet.add_argument("slug")
    sheet.add_argument("-o", "--output", type=Path, required=True, help="the PDF file to write")
    sheet.add_argument("--paper", choices=("a4", "letter"), default="a4")
    sheet.add_argument("--layout", choices=("2x3", "2x4"), default="2x4", help="columns x rows")
    sheet.add_argument(
        "--attendee", action="append", help="only this attendee (id or email); repeatable"
    )
    sheet.set_defaults(func=_event_command)
    save = sub.add_parser("backup", help="write a consistent copy of the database, live")
    save.add_argument("path", type=Path, help="the file to write (replaced when done)")
    save.set_defaults(func=_backup_command)
    load = sub.add_parser("restore", help="put a backup in place (every server stopped)")
    load.add_argument("path", type=Path, help="a file written by metbefore backup")
    load.add_argument("--force", action="store_true", help="replace the data that is there")
    load.set_defaults(func=_backup_command)
    merge = sub.add_parser(
        "merge-people", help="merge one person's two accounts (shows what moves, then asks)"
    )
    merge.add_argument("keep", help="an address of the account that stays")
    merge.add_argument("absorb", help="an address of the account merged into it")
    merge.add_argument("--yes", action="store_true", help="merge without asking")
    merge.set_defaults(func=_merge_people)
    args = parser.parse_args(argv)
    try:
        args.func(args)
    except ValueError as exc:
        sys.exit(f"metbefore: {exc}")
