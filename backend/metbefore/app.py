"""create_app(): the API, its error handlers, the PWA and the badge page /m/{token}."""

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.routing import compile_path

from .account.routes import router as account_router
from .auth.routes import router as auth_router
from .auth.session_routes import router as sessions_router
from .backup import serving
from .badges.routes import router as badges_router
from .circle.routes import router as circle_router
from .config import Settings, get_settings
from .db import Database, make_database
from .emails.routes import router as emails_router
from .errors import error_response, install_error_handlers
from .events.routes import router as events_router
from .events.venue_routes import router as venue_router
from .friends.routes import router as friends_router
from .inbox.routes import router as inbox_router
from .introductions.routes import router as introductions_router
from .links import add_links
from .mail.sender import Sender
from .meetings.routes import router as meetings_router
from .merge.routes import router as merge_router
from .metrics import router as metrics_router
from .middleware import Guard
from .notes.routes import router as notes_router
from .observe import Observe
from .passkeys.routes import router as passkeys_router
from .people.routes import router as people_router
from .pwa import router as pwa_router
from .ratelimit import Counter, Limiter, MemoryCounter, PostgresCounter, RedisCounter
from .review.routes import router as review_router
from .sync.routes import router as sync_router
from .tables.routes import router as tables_router

log = logging.getLogger("metbefore")
FRONTEND = Path(__file__).resolve().parents[2] / "frontend"


class Health(BaseModel):
    status: str
    database: str


class Live(BaseModel):
    status: str


def _counter(settings: Settings, db: Database) -> Counter:
    if settings.redis_url:
        return RedisCounter(settings.redis_url)
    if settings.is_sqlite:  # the embedded default is a single process
        return MemoryCounter()
    return PostgresCounter(db.writer)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    db = make_database(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        sender = Sender(settings, db) if settings.mail_in_workers else None
        app.state.sender = sender
        with serving(settings):  # metbefore restore refuses while any server holds it
            if sender is not None:
                sender.start()
            try:
                yield
            finally:
                if sender is not None:
                    await sender.stop()
        db.dispose()

    app = FastAPI(
        title="Met Before",
        version="0.1.0",
        summary="Remember whom you have met at conferences.",
        lifespan=lifespan,
    )
    schema_of_routes = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            add_links(schema_of_routes())  # fills and keeps app.openapi_schema
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.state.settings = settings
    app.state.db = db
    app.state.limiter = Limiter(_counter(settings, db))
    install_error_handlers(app)

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeout)
    async def _db_down(_: Request, exc: Exception) -> JSONResponse:
        # The driver's words only: SQLAlchemy's message quotes the statement's parameters.
        log.error("database unavailable: %s", str(getattr(exc, "orig", None) or exc).split("\n")[0])
        return error_response(
            503,
            "database_unavailable",
            "The database is unavailable; try again shortly.",
            {"Retry-After": "5"},
        )

    @cache
    def documented_methods() -> list[tuple[int, re.Pattern[str], set[str]]]:
        return [
            (path.count("{"), compile_path(path)[0], {method.upper() for method in operations})
            for path, operations in app.openapi()["paths"].items()
        ]

    def allowed_methods(path: str) -> set[str]:
        # The most literal paths that match: …/attendees/import, not …/attendees/{person_id}.
        matching = [(n, methods) for n, rx, methods in documented_methods() if rx.match(path)]
        fewest = min((n for n, _ in matching), default=0)
        return set().union(*(methods for n, methods in matching if n == fewest))

    def method_not_allowed(allowed: set[str]) -> JSONResponse:
        return error_response(
            405,
            "method_not_allowed",
            "This method is not allowed here.",
            {"Allow": ", ".join(sorted(allowed))},
        )

    # Starlette answers a method no API route has from the static files: 405 with their
    # "GET, HEAD", or 404 for a GET. Answer with the methods the schema documents instead.
    @app.exception_handler(405)
    async def _method_not_allowed(request: Request, _: Exception) -> JSONResponse:
        allowed = allowed_methods(request.url.path)
        if request.method in allowed:  # the route refused the id's form (…/{person_id:uuid})
            return error_response(404, "not_found", "Not found.")
        return method_not_allowed(allowed or {"GET", "HEAD"})

    @app.exception_handler(404)
    async def _not_found(request: Request, exc: HTTPException) -> JSONResponse:
        allowed = allowed_methods(request.url.path)
        if allowed and request.method not in allowed:
            return method_not_allowed(allowed)
        return error_response(404, "not_found", str(exc.detail))

    @app.get(
        "/api/health",
        response_model=Health,
        tags=["health"],
        responses={503: {"model": Health, "description": "Database unreachable"}},
    )
    async def health() -> Health | JSONResponse:
        """Readiness: whether the database answers."""
        try:
            await db.read(lambda session: session.execute(text("SELECT 1")))
        except (OperationalError, PoolTimeout):
            return JSONResponse({"status": "degraded", "database": "unreachable"}, 503)
        return Health(status="ok", database="ok")

    @app.get("/api/live", response_model=Live, tags=["health"])
    async def live() -> Live:
        """Liveness: the process answers. Touches nothing else, so it is also the ceiling
        that benchmarks compare the real endpoints with."""
        return Live(status="ok")

    for router in (
        auth_router,
        passkeys_router,
        people_router,
        badges_router,
        meetings_router,
        notes_router,
        friends_router,
        events_router,
        venue_router,
        introductions_router,
        circle_router,
        inbox_router,
        review_router,
        account_router,
        emails_router,
        merge_router,
        sync_router,
        sessions_router,
        tables_router,
        pwa_router,
        metrics_router,
    ):
        app.include_router(router)

    index = FRONTEND / "index.html"

    @app.get("/m/{token}", include_in_schema=False)
    @app.get("/t/{token}", include_in_schema=False)
    @app.get("/signin", include_in_schema=False)
    @app.get("/events/{slug}", include_in_schema=False)
    def pwa_page() -> FileResponse:
        # A badge URL opens the app, which asks before recording: a GET never writes.
        return FileResponse(index, headers={"Cache-Control": "no-cache"})

    app.mount("/", StaticFiles(directory=FRONTEND, html=True), name="frontend")
    # Compressed when the client accepts it and it is worth it (the shell, JSON pages, the
    # decoder); PDFs and images are compressed already.
    app.add_middleware(
        GZipMiddleware,
        minimum_size=1024,
        compresslevel=6,
        exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES, "application/pdf"),
    )
    app.add_middleware(Guard, settings=settings)
    app.add_middleware(Observe, forwarded_allow_ips=settings.forwarded_allow_ips)
    return app
