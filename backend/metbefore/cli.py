"""metbefore serve | migrate | login-link EMAIL"""

import argparse
import sys
from pathlib import Path

from .config import get_settings

ROOT = Path(__file__).resolve().parents[2]


def migrate(url: str | None = None) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "head")


def _serve(args: argparse.Namespace) -> None:
    import uvicorn

    settings = get_settings()
    if args.migrate:
        migrate()
    uvicorn.run(
        "metbefore.app:create_app",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers or settings.workers,
        proxy_headers=True,
        log_level="info",
    )


def _login_link(args: argparse.Namespace) -> None:
    from sqlalchemy.orm import Session

    from .auth.service import login_link
    from .db import make_engine
    from .schemas import Email, Input

    class _Address(Input):
        email: Email

    settings = get_settings()
    email = _Address(email=args.email).email
    engine = make_engine(settings.database_url)
    with Session(engine) as session, session.begin():
        link = login_link(session, settings=settings, email=email)
    engine.dispose()
    print(link)


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
    args = parser.parse_args(argv)
    try:
        args.func(args)
    except ValueError as exc:
        sys.exit(f"metbefore: {exc}")
