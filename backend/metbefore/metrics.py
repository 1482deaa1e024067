"""Prometheus metrics: requests by route template, and domain counters.

The domain's API is one call, `count("scans_recorded")`: add a name and its help to
COUNTERS to count something new. GET /metrics answers (when METBEFORE_METRICS is on) only
to the networks of METBEFORE_METRICS_ALLOW, others get a 404 like any unknown path.

Several workers: `metbefore serve` points PROMETHEUS_MULTIPROC_DIR at a fresh folder
(DATA_DIR/metrics) before the workers start and before anything imports prometheus_client;
each writes its figures there (memory-mapped files) and a scrape of any worker sums them
all. Counters in the database would add a write to every
request, which SQLite's one writer cannot spare. (In that mode the per-process CPU and GC
figures are not reported, as prometheus_client documents.)"""

import ipaddress
import os

from fastapi import APIRouter, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

from .config import Settings
from .errors import NotFound

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
COUNTERS = {
    "scans_recorded": "Scans stored as new encounters.",
    "scan_replays": "Scans sent again (same client id), answered with the original.",
    "cards_served": "Met-before cards put together (card views and scan results).",
    "mails_sent": "Mails handed to SMTP or the log (sign-in codes and links, address checks).",
    "mail_attempts_failed": "Attempts to deliver a mail that failed (it is tried again later).",
    "mails_given_up": "Mails dropped undelivered: refused for good, or expired while waiting.",
    "signin_new_accounts_throttled": "Codes for unknown addresses not mailed: the "
    "network's allowance of new accounts was spent (answered as if mailed).",
    "attendee_imports": "Attendee CSV imports completed.",
    "account_merges": "Accounts merged into another.",
    "tables_opened": "Tables opened (a group code for meeting several people at once).",
    "digests_sent": "Weekly digests put in the mail outbox.",
    "passkey_sign_ins": "Sign-ins with a passkey.",
}
_counters = {name: Counter(f"metbefore_{name}", text) for name, text in sorted(COUNTERS.items())}
REQUESTS = Counter(
    "metbefore_http_requests", "HTTP requests answered.", ["method", "route", "status"]
)
LATENCY = Histogram(
    "metbefore_http_request_duration_seconds",
    "Time to answer, by route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)


def count(name: str, amount: int = 1) -> None:
    """Adds to a domain counter of COUNTERS (a KeyError names one that is not there)."""
    _counters[name].inc(amount)


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(method, route, str(status)).inc()
    LATENCY.labels(method, route).observe(seconds)


def _allowed(settings: Settings, host: str | None) -> bool:
    if host is None:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    networks = (n.strip() for n in settings.metrics_allow.split(",") if n.strip())
    return any(address in ipaddress.ip_network(n, strict=False) for n in networks)


router = APIRouter(include_in_schema=False)


@router.get("/metrics")
def metrics(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    client = request.client.host if request.client else None
    if not settings.metrics or not _allowed(settings, client):
        raise NotFound("Not found.")
    registry = REGISTRY
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
