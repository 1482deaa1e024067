"""Venue networks: organizers declare their event's Wi-Fi addresses, and during the event
new accounts from them get the venue's allowance, shown with how much is used."""

import uuid
from collections.abc import Callable
from datetime import date, timedelta

import httpx
import pytest

from tests.conftest import Mailbox, Server
from tests.events.helpers import create_event
from tests.meetings.factories import Someone

VENUE = "203.0.113.0/24"


def today() -> date:
    return date.today()


def event_now(who: Someone, slug: str) -> None:
    start = today() - timedelta(days=1)
    create_event(
        who, slug, starts_on=start.isoformat(), ends_on=(start + timedelta(days=3)).isoformat()
    )


def declare(who: Someone, slug: str, *networks: dict[str, str]) -> httpx.Response:
    return who.http.put(f"/api/events/{slug}/networks", json={"networks": list(networks)})


def ask(c: httpx.Client, email: str, ip: str) -> httpx.Response:
    return c.post("/api/auth/email", json={"email": email}, headers={"X-Forwarded-For": ip})


def newcomer() -> str:
    return f"walk-in-{uuid.uuid4().hex[:10]}@example.org"


def test_new_accounts_from_a_declared_venue_network_get_the_venue_s_allowance(
    person: Callable[..., Someone],
    client: Callable[[], httpx.Client],
    mailbox: Mailbox,
    server: Server,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server.settings, "signin_new_accounts_per_ip_per_hour", 2)
    monkeypatch.setattr(server.settings, "venue_new_accounts_per_hour", 6)
    olga = person("Olga Organizer")
    slug = f"venue-{uuid.uuid4().hex[:6]}"
    event_now(olga, slug)
    declared = declare(olga, slug, {"network": "203.0.113.7/24"})
    assert declared.status_code == 200, declared.text
    assert declared.json()[0]["network"] == VENUE  # normalised
    assert declared.json()[0]["active"] is True
    c = client()

    at_venue = [newcomer() for _ in range(8)]
    for n, email in enumerate(at_venue):
        assert ask(c, email, f"203.0.113.{10 + n}").status_code == 202
    elsewhere = [newcomer() for _ in range(3)]
    for email in elsewhere:
        assert ask(c, email, "198.51.100.20").status_code == 202

    for email in at_venue[:6] + elsewhere[:2]:
        mailbox.last_to(email)
    assert [mailbox.count_to(e) for e in at_venue[6:] + elsewhere[2:]] == [0, 0, 0]
    shown = olga.http.get(f"/api/events/{slug}/networks").json()
    assert shown == [
        {
            "network": VENUE,
            "starts_on": shown[0]["starts_on"],
            "ends_on": shown[0]["ends_on"],
            "active": True,
            "allowance_per_hour": 6,
            "used_this_hour": 8,
            "resets_in_seconds": shown[0]["resets_in_seconds"],
        }
    ]
    assert 0 < shown[0]["resets_in_seconds"] <= 3600


def test_a_venue_network_outside_its_dates_raises_nothing(
    person: Callable[..., Someone],
    client: Callable[[], httpx.Client],
    mailbox: Mailbox,
    server: Server,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server.settings, "signin_new_accounts_per_ip_per_hour", 1)
    olga = person("Olga Organizer")
    slug = f"later-{uuid.uuid4().hex[:6]}"
    start = today() + timedelta(days=30)
    create_event(olga, slug, starts_on=start.isoformat(), ends_on=start.isoformat())
    assert declare(olga, slug, {"network": "192.0.2.0/24"}).json()[0]["active"] is False
    c = client()
    first, second = newcomer(), newcomer()

    assert ask(c, first, "192.0.2.5").status_code == 202
    assert ask(c, second, "192.0.2.5").status_code == 202

    mailbox.last_to(first)
    assert mailbox.count_to(second) == 0


@pytest.mark.parametrize(
    ("network", "code"),
    [
        ({"network": "0.0.0.0/0"}, "network_too_wide"),
        ({"network": "10.0.0.0/8"}, "network_too_wide"),
        ({"network": "2001:db8::/32"}, "network_too_wide"),
        ({"network": "not a network"}, "invalid_input"),
        ({"network": VENUE, "starts_on": "2020-01-01", "ends_on": "2020-01-02"}, "network_dates"),
    ],
)
def test_networks_too_wide_or_outside_the_event_are_refused(
    network: dict[str, str], code: str, person: Callable[..., Someone]
) -> None:
    olga = person("Olga Organizer")
    slug = f"bad-{uuid.uuid4().hex[:6]}"
    event_now(olga, slug)

    refused = declare(olga, slug, network)

    assert (refused.status_code, refused.json()["code"]) == (422, code)


def test_only_organizers_see_and_declare_the_venue_s_networks(
    person: Callable[..., Someone],
) -> None:
    olga, dan = person("Olga Organizer"), person("Dan Stranger")
    slug = f"mine-{uuid.uuid4().hex[:6]}"
    event_now(olga, slug)  # open for joining: Dan may see the event itself
    assert declare(olga, slug, {"network": VENUE}).status_code == 200

    assert declare(dan, slug, {"network": "198.51.100.0/24"}).status_code == 403
    assert dan.http.get(f"/api/events/{slug}/networks").status_code == 403
    assert [n["network"] for n in olga.http.get(f"/api/events/{slug}/networks").json()] == [VENUE]
    assert declare(olga, slug).json() == []  # an empty list clears them
