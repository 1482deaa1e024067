"""Building blocks shared by the API schemas."""

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, StringConstraints

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _no_control(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value


def _single_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("must be a single line")
    return value


# Use with a length: Annotated[Line, Field(max_length=120)].
Line = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(_no_control),
    AfterValidator(_single_line),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_no_control)]


Email = Annotated[EmailStr, StringConstraints(max_length=254), AfterValidator(lambda v: v.lower())]


class Input(BaseModel):
    """Requests: unknown fields are refused, never silently dropped or stored."""

    model_config = ConfigDict(extra="forbid")


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)
