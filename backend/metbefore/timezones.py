"""IANA time zones: days of meetings are counted where the event happens."""

from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import AfterValidator, WithJsonSchema

from .errors import Invalid

UTC = ZoneInfo("UTC")
NAMES = frozenset(available_timezones())


def _known(value: str) -> str:
    if value not in NAMES:
        raise ValueError("unknown time zone; use an IANA name such as Europe/Lisbon")
    return value


# The schema lists every accepted name, so a client (or a fuzzer) knows exactly which.
ZoneName = Annotated[
    str, AfterValidator(_known), WithJsonSchema({"type": "string", "enum": sorted(NAMES)})
]


def zone(name: str) -> ZoneInfo:
    """A zone a client asked for, or 422."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:  # OSError: a folder, e.g. "Europe"
        raise Invalid("Unknown time zone; use an IANA name.", code="unknown_time_zone") from exc


def stored_zone(name: str | None) -> ZoneInfo:
    """A zone stored with an event; UTC if none or no longer known to this system."""
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return UTC
