"""Pure ASGI middleware (no per-request task overhead): security headers, a cross-site
request guard, and a cap on request bodies."""

from collections.abc import Awaitable, Callable, MutableMapping
from contextlib import suppress
from typing import Any

from .config import Settings
from .errors import error_response

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

UNSAFE = frozenset({b"POST", b"PUT", b"PATCH", b"DELETE"})
CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; "
    "worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


class BodyTooLarge(Exception):
    pass


class Guard:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.origin = settings.origin.encode()
        self.max_body = settings.max_body_bytes
        headers = [
            (b"content-security-policy", CSP.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),  # badge URLs carry tokens
            (b"x-frame-options", b"DENY"),
            (b"permissions-policy", b"camera=(self), geolocation=(), microphone=()"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if settings.is_https:
            headers.append((b"strict-transport-security", b"max-age=63072000; includeSubDomains"))
        self.headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_headers = dict(scope["headers"])
        private = scope["path"].startswith("/api/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", [])) + self.headers
                # A phone shared at a booth must not keep someone's /api/me in its cache;
                # a route that means to be cached (a photo) says so itself.
                if private and not any(name.lower() == b"cache-control" for name, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        if scope["method"].encode() in UNSAFE and not self._same_site(request_headers):
            await error_response(
                403, "cross_site_request", "Cross-site requests are not accepted."
            )(scope, receive, send_with_headers)
            return
        length = request_headers.get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_body:
            await self._too_large(scope, receive, send_with_headers)
            return
        received, started, over = 0, False, False

        async def capped_receive() -> Message:
            nonlocal received, over
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    over = True
                    raise BodyTooLarge()
            return message

        async def send_unless_over(message: Message) -> None:
            # The app may turn BodyTooLarge into an answer of its own (FastAPI: 400
            # "error parsing the body"); a body cut off is a 413, whatever it says.
            nonlocal started
            if over and not started:
                return
            started = True
            await send_with_headers(message)

        with suppress(BodyTooLarge):
            await self.app(scope, capped_receive, send_unless_over)
        if over and not started:
            await self._too_large(scope, receive, send_with_headers)

    def _same_site(self, headers: dict[bytes, bytes]) -> bool:
        # Browsers send Origin on every cross-site POST; tools without a browser send none.
        origin = headers.get(b"origin")
        if origin is not None:
            return origin == self.origin
        return headers.get(b"sec-fetch-site", b"same-origin") in (b"same-origin", b"none")

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        await error_response(
            413, "too_large", f"Request bodies may be at most {self.max_body // 2**20} MB."
        )(scope, receive, send)
