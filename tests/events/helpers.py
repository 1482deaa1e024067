"""Events for the tests: an organizer who created one through the API, CSV uploads."""

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.meetings.factories import Someone

HEADER = "email,name,affiliation,title,pronouns,role"


def create_event(who: Someone, slug: str = "confx-2025", **fields: Any) -> dict[str, Any]:
    body = {"slug": slug, "name": "ConfX 2025", "timezone": "Europe/Lisbon", **fields}
    response = who.http.post("/api/events", json=body)
    assert response.status_code == 201, response.text
    event: dict[str, Any] = response.json()
    return event


def upload(
    who: Someone, csv: str | bytes, slug: str = "confx-2025", *, as_form: bool = True
) -> httpx.Response:
    data = csv.encode() if isinstance(csv, str) else csv
    url = f"/api/events/{slug}/attendees/import"
    if as_form:
        return who.http.post(url, files={"file": ("attendees.csv", data, "text/csv")})
    return who.http.post(url, content=data, headers={"Content-Type": "text/csv"})


def imported(who: Someone, csv: str | bytes, slug: str = "confx-2025") -> dict[str, Any]:
    response = upload(who, csv, slug)
    assert response.status_code == 200, response.text
    report: dict[str, Any] = response.json()
    return report


def attendees(who: Someone, slug: str = "confx-2025", **params: Any) -> list[dict[str, Any]]:
    response = who.http.get(f"/api/events/{slug}/attendees", params={"limit": 500, **params})
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def event_badge(who: Someone, slug: str = "confx-2025") -> dict[str, Any]:
    badges = [b for b in who.http.get("/api/me/badges").json() if b["event_slug"] == slug]
    assert len(badges) == 1, badges
    badge: dict[str, Any] = badges[0]
    return badge


@pytest.fixture
def organizer(person: Callable[..., Someone]) -> Someone:
    """Olga, who created ConfX 2025 (slug confx-2025, open for joining)."""
    olga = person("Olga Organizer")
    create_event(olga)
    return olga
