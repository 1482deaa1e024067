"""Pure ASGI middleware, outermost: every response carries X-Request-ID (the one a trusted
proxy sent, else a new one), and every request is counted and timed by its route's
template and written as one access line.

It sits outside the proxy-headers middleware (see create_app), where the client address
is still the peer's: only a trusted proxy's request id is believed."""

import re
import time
import uuid
from typing import Any

from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware, _TrustedHosts

from . import metrics
from .errors import error_response
from .logs import REQUEST_ID, access
from .middleware import ASGIApp, Message, Receive, Scope, Send

_SANE_ID = re.compile(rb"[A-Za-z0-9._:-]{1,128}")


class Observe:
    def __init__(self, app: ASGIApp, forwarded_allow_ips: str) -> None:
        # The proxy headers are applied inside, so that this sees the peer itself.
        proxied: Any = ProxyHeadersMiddleware(app, trusted_hosts=forwarded_allow_ips)  # type: ignore[arg-type]
        self.app: ASGIApp = proxied
        self.trusted = _TrustedHosts(forwarded_allow_ips)

    def _request_id(self, scope: Scope) -> str:
        client = scope.get("client")
        if client and client[0] in self.trusted:
            given: bytes = dict(scope["headers"]).get(b"x-request-id", b"")
            if _SANE_ID.fullmatch(given):
                return given.decode()
        return uuid.uuid4().hex

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = self._request_id(scope)
        token = REQUEST_ID.set(request_id)
        started = time.perf_counter()
        status, answered = 500, False  # until the app answers

        async def send_with_id(message: Message) -> None:
            nonlocal status, answered
            if message["type"] == "http.response.start":
                status, answered = message["status"], True
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            # Answered here, with the id, rather than by Starlette's outermost handler
            # (which then only logs it, as the response has started).
            if not answered:
                await error_response(500, "internal_error", "Something went wrong.")(
                    scope, receive, send_with_id
                )
            raise
        finally:
            seconds = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None)
            # Unmatched paths are not labels: a scanner of random URLs would make one each.
            label = route if route else ("static" if scope.get("endpoint") else "unmatched")
            method = scope["method"] if scope["method"] in _METHODS else "OTHER"
            metrics.observe_request(method, label, status, seconds)
            duration_ms = round(seconds * 1000, 1)
            access.info(
                "%s %s %s %.1fms",
                method,
                label,
                status,
                duration_ms,
                extra={
                    "method": method,
                    "route": label,
                    "status": status,
                    "duration_ms": duration_ms,
                },
            )
            REQUEST_ID.reset(token)


_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
