"""Log lines: text for a terminal, or one JSON object per line (METBEFORE_LOG_FORMAT=json)
with the time, level, logger, message and request id; the access line adds method, route,
status and duration_ms. The access line names the route's template (`/m/{token}`), never
the path, and no line carries an email address, a code, a token or note text; the one
exception is the development mail outbox (text logs, no SMTP, not production), which is
there to show the mail."""

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from .config import Settings

REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
ACCESS_FIELDS = ("method", "route", "status", "duration_ms")
access = logging.getLogger("metbefore.access")


class RequestId(logging.Filter):
    """Every line written while a request is answered carries its id."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get() or "-"
        return True


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        for key in ACCESS_FIELDS:
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


TEXT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def formatter(settings: Settings) -> logging.Formatter:
    return JsonLines() if settings.log_format == "json" else logging.Formatter(TEXT)


def uvicorn_config(settings: Settings) -> dict[str, Any]:
    """The server's logging, for uvicorn.run(log_config=...): uvicorn's lines and ours in
    one format on stderr. uvicorn's own access log is off: ours names routes, not paths."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestId}},
        "formatters": {"main": {"()": formatter, "settings": settings}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "main",
                "filters": ["request_id"],
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "metbefore": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        },
        "root": {"handlers": ["stderr"], "level": "WARNING"},
    }
