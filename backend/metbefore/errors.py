"""Domain errors with a stable code and HTTP status, and the one JSON error shape."""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException


class ErrorBody(BaseModel):
    code: str
    message: str
    details: list[dict[str, Any]] | None = None


class DomainError(Exception):
    status = 400
    code = "bad_request"
    message = "The request cannot be handled."

    def __init__(self, message: str | None = None, *, code: str | None = None) -> None:
        super().__init__(message or self.message)
        self.message = message or self.message
        if code:
            self.code = code
        self.headers: dict[str, str] = {}


class NotSignedIn(DomainError):
    status, code, message = 401, "not_signed_in", "Sign in first."


class Forbidden(DomainError):
    status, code, message = 403, "forbidden", "You are not allowed to do this."


class NotFound(DomainError):
    status, code, message = 404, "not_found", "Not found."


class Conflict(DomainError):
    status, code, message = 409, "conflict", "This conflicts with the current state."


class TooLarge(DomainError):
    status, code, message = 413, "too_large", "The request body is too large."


class Invalid(DomainError):
    status, code, message = 422, "invalid_input", "The input is not valid."


class TooManyRequests(DomainError):
    status, code, message = 429, "too_many_requests", "Too many requests."

    def __init__(
        self, retry_after: int, message: str | None = None, *, code: str | None = None
    ) -> None:
        retry_after = max(1, retry_after)
        # The PWA shows the message as it is: it says when to try again, plainly.
        super().__init__(f"{message or self.message} Try again {_in(retry_after)}.", code=code)
        self.headers["Retry-After"] = str(retry_after)
        self.retry_after = retry_after


def _in(seconds: int) -> str:
    if seconds < 90:
        return f"in {seconds} seconds"
    if seconds < 90 * 60:
        return f"in {round(seconds / 60)} minutes"
    return f"in {round(seconds / 3600)} hours"


class Unavailable(DomainError):
    status, code, message = 503, "unavailable", "The service is temporarily unavailable."


HTTP_CODES = {
    400: "bad_request",
    401: "not_signed_in",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "too_many_requests",
    503: "unavailable",
}

# Documented on every route so clients (and schema fuzzers) know the error shape.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": code.replace("_", " ")}
    for status, code in HTTP_CODES.items()
    if status in (400, 401, 403, 404, 409, 413, 422, 429, 503)  # 400: a body that won't parse
}


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    body = ErrorBody(code=code, message=message, **extra).model_dump(exclude_none=True)
    return JSONResponse(body, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(HTTPException)
    async def _http(_: Request, exc: HTTPException) -> JSONResponse:
        code = HTTP_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        return error_response(exc.status_code, code, message, dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"loc": list(err.get("loc", ())), "msg": err.get("msg", ""), "type": err.get("type")}
            for err in exc.errors()
        ]
        return error_response(
            422, "invalid_input", "Some fields are missing or not valid.", details=details
        )
