"""Building blocks shared by the API schemas."""

import re
from datetime import date, datetime
from typing import Annotated, Any, Self

import email_validator
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    model_validator,
)

# Text is checked as sent, lengths included, so that the schema can say exactly what is
# accepted: empty, or something visible with no control characters (and in a line, no
# line break), with any whitespace around it; blank text is refused. Input then keeps
# the text without the whitespace around it.
WHITESPACE = r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_VISIBLE = r"[^\x00-\x20\x7f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
_LINE_CHAR = r"[^\x00-\x08\x0a-\x1f\x7f]"
_TEXT_CHAR = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
LINE_PATTERN = rf"^([{WHITESPACE}]*{_LINE_CHAR}*{_VISIBLE}{_LINE_CHAR}*[{WHITESPACE}]*)?$"
TEXT_PATTERN = rf"^([{WHITESPACE}]*{_TEXT_CHAR}*{_VISIBLE}{_TEXT_CHAR}*[{WHITESPACE}]*)?$"
_BLANK = re.compile(rf"[{WHITESPACE}]+")
_AROUND = re.compile(rf"^[{WHITESPACE}]+|[{WHITESPACE}]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def trim(value: str) -> str:
    """The text without the whitespace around it."""
    return _AROUND.sub("", value)


def _not_blank(value: object) -> object:
    if isinstance(value, str) and _BLANK.fullmatch(value):
        raise ValueError("must not be blank (send an empty string to clear it)")
    return value


def _no_control(value: str) -> str:
    if _CONTROL.search(trim(value)):
        raise ValueError("must not contain control characters")
    return value


def _single_line(value: str) -> str:
    if "\n" in trim(value) or "\r" in trim(value):
        raise ValueError("must be a single line")
    return value


# Use with a length: Annotated[Line, Field(max_length=120)].
Line = Annotated[
    str,
    BeforeValidator(_not_blank),
    AfterValidator(_no_control),
    AfterValidator(_single_line),
    Field(json_schema_extra={"pattern": LINE_PATTERN}),
]
Text = Annotated[
    str,
    BeforeValidator(_not_blank),
    AfterValidator(_no_control),
    Field(json_schema_extra={"pattern": TEXT_PATTERN}),
]


# JSON has no dates: pydantic alone would also take 0, 1.5 or "0" for 1970-01-01.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?")


def _iso(pattern: re.Pattern[str], what: str) -> BeforeValidator:
    def check(value: object) -> object:
        if isinstance(value, date) or (isinstance(value, str) and pattern.fullmatch(value)):
            return value
        raise ValueError(f"must be {what}")

    return BeforeValidator(check)


IsoDate = Annotated[date, _iso(_ISO_DATE, "a date as YYYY-MM-DD")]
IsoDateTime = Annotated[datetime, _iso(_ISO_DATETIME, "a time as YYYY-MM-DDTHH:MM:SS+HH:MM")]

# Addresses at special-use domains (.test, .invalid, …) are well-formed, as the schema's
# `format: email` says; they just never receive mail.
email_validator.SPECIAL_USE_DOMAIN_NAMES.clear()
Email = Annotated[EmailStr, StringConstraints(max_length=254), AfterValidator(lambda v: v.lower())]


def _trimmed(value: Any) -> Any:
    if isinstance(value, str):
        return trim(value)
    if isinstance(value, list):
        return [_trimmed(item) for item in value]
    if isinstance(value, dict):
        return {key: _trimmed(item) for key, item in value.items()}
    return value


class Input(BaseModel):
    """Requests: unknown fields are refused, never silently dropped or stored."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="after")
    def _trim_text(self) -> Self:
        # Checked as sent (above), kept trimmed; __dict__, so "fields sent" stays as it was.
        for name, value in self.__dict__.items():
            self.__dict__[name] = _trimmed(value)
        return self


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)
