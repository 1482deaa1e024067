"""The calls a table's members make, through the API."""

from typing import Any

import httpx

from tests.meetings.factories import Someone


def open_table(host: Someone, **body: Any) -> dict[str, Any]:
    response = host.http.post("/api/tables", json={"name": "Dinner at Luigi's", **body})
    assert response.status_code == 201, response.text
    opened: dict[str, Any] = response.json()
    return opened


def join(someone: Someone, token: str) -> httpx.Response:
    return someone.http.post(f"/api/tables/{token}/join")


def roster(someone: Someone, token: str) -> httpx.Response:
    return someone.http.get(f"/api/tables/{token}")


def add(someone: Someone, token: str, *people: Someone, **extra: Any) -> httpx.Response:
    body = {"person_ids": [p.id for p in people], **extra}
    return someone.http.post(f"/api/tables/{token}/add", json=body)


def names(table: dict[str, Any]) -> list[str]:
    return [m["person"]["display_name"] for m in table["members"]]
