"""My signed-in devices: sessions slide with use up to a maximum age, list with a coarse
browser and network, and sign out one at a time or all but this one."""

import uuid
from collections.abc import Callable
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from metbefore.auth.models import AuthSession
from metbefore.auth.sessions import device_parts
from metbefore.db import utcnow
from tests.auth.devices import ANDROID, IPHONE, signed_in
from tests.conftest import Mailbox


def address() -> str:
    return f"devices-{uuid.uuid4().hex[:8]}@example.org"


def test_my_devices_are_listed_coarsely_and_signed_out_one_or_all_but_this(
    client: Callable[[], httpx.Client], mailbox: Mailbox
) -> None:
    email = address()
    phone = signed_in(client, mailbox, email, ANDROID)
    tablet = signed_in(client, mailbox, email, IPHONE)
    laptop = signed_in(client, mailbox, email, "curl/8.5")
    stranger = signed_in(client, mailbox, address(), ANDROID)

    listed = phone.get("/api/me/sessions").json()

    assert sorted(s["browser"] for s in listed) == [
        "Chrome on Android",
        "Safari on iPhone",
        "Unknown browser",
    ]
    assert [s["browser"] for s in listed if s["current"]] == ["Chrome on Android"]
    # The names apart, for the app to set in a sentence of the reader's language.
    assert sorted((s["browser_name"] or "", s["system"] or "") for s in listed) == [
        ("", ""),
        ("Chrome", "Android"),
        ("Safari", "iPhone"),
    ]
    assert {s["network"] for s in listed} == {"127.0.0.0/24"}
    tablets = next(s["id"] for s in listed if s["browser"] == "Safari on iPhone")
    assert stranger.delete(f"/api/me/sessions/{tablets}").status_code == 404
    assert tablet.get("/api/me").status_code == 200

    assert phone.delete(f"/api/me/sessions/{tablets}").status_code == 204
    assert tablet.get("/api/me").status_code == 401
    assert laptop.get("/api/me").status_code == 200
    assert phone.delete("/api/me/sessions").status_code == 204  # everywhere else
    assert laptop.get("/api/me").status_code == 401
    assert [s["current"] for s in phone.get("/api/me/sessions").json()] == [True]
    assert stranger.get("/api/me").status_code == 200
    assert len(stranger.get("/api/me/sessions").json()) == 1


def test_use_slides_a_session_on_up_to_its_maximum_age(
    client: Callable[[], httpx.Client], mailbox: Mailbox, session: Session
) -> None:
    c = signed_in(client, mailbox, address(), ANDROID)
    now = utcnow()
    session.execute(
        update(AuthSession).values(
            last_used_at=now - timedelta(hours=2), expires_at=now + timedelta(hours=1)
        )
    )
    session.commit()

    assert c.get("/api/me").status_code == 200  # a read slides it too

    row = session.scalars(select(AuthSession).execution_options(populate_existing=True)).one()
    assert row.expires_at > now + timedelta(days=29)
    assert row.last_used_at >= now
    # Near its maximum age, use extends it no further than that.
    session.execute(
        update(AuthSession).values(
            created_at=now - timedelta(days=364),
            last_used_at=now - timedelta(hours=2),
            expires_at=now + timedelta(hours=1),
        )
    )
    session.commit()
    assert c.get("/api/me").status_code == 200
    row = session.scalars(select(AuthSession).execution_options(populate_existing=True)).one()
    assert now + timedelta(hours=23) < row.expires_at <= now + timedelta(days=1, minutes=1)


def test_a_session_in_use_within_the_hour_costs_no_write(
    client: Callable[[], httpx.Client], mailbox: Mailbox, session: Session
) -> None:
    c = signed_in(client, mailbox, address(), ANDROID)
    before = session.scalars(select(AuthSession)).one()

    assert c.get("/api/me").status_code == 200

    after = session.scalars(select(AuthSession).execution_options(populate_existing=True)).one()
    assert (after.last_used_at, after.expires_at) == (before.last_used_at, before.expires_at)


@pytest.mark.parametrize(
    ("stored", "parts"),
    [
        ("Edge on Windows", ("Edge", "Windows")),
        ("Firefox", ("Firefox", None)),
        ("Safari", ("Safari", None)),
        ("Linux", (None, "Linux")),
        ("Unknown browser", (None, None)),
        ("", (None, None)),
    ],
)
def test_a_stored_device_reads_as_its_browser_and_its_system(
    stored: str, parts: tuple[str | None, str | None]
) -> None:
    assert device_parts(stored) == parts
