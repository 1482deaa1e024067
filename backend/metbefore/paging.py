"""Keyset cursors for lists that only grow (a pair's meetings, my notes about someone):
"before" names the last item a client has, by its time and id, so a page costs the same
however far back it is and an item written meanwhile never shifts the pages."""

import base64
import binascii
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from .errors import Invalid

PAGE = 20
T = TypeVar("T")


def cursor(at: datetime, item_id: uuid.UUID) -> str:
    raw = f"{at.astimezone(UTC).isoformat()}|{item_id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def parse(text: str) -> tuple[datetime, uuid.UUID]:
    """(time, id) of a cursor made by `cursor`; 422 bad_cursor for anything else."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
        at, item_id = raw.split("|")
        parsed = datetime.fromisoformat(at)
        if parsed.tzinfo is None:
            raise ValueError(at)
        return parsed, uuid.UUID(item_id)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise Invalid("This cursor is not one the server gave.", code="bad_cursor") from None


def split(
    rows: list[T], limit: int, key: Callable[[T], tuple[datetime, uuid.UUID]]
) -> tuple[list[T], str | None]:
    """A page from the limit + 1 rows read: at most `limit` of them, and the cursor to the
    rest if there is more (the one row past the page says so)."""
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, cursor(*key(rows[-1]))
