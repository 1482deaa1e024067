"""Venue networks: the public addresses of an event's Wi-Fi, declared by its organizers.

During the event, codes for new accounts asked from such a network count against the
venue's allowance (METBEFORE_VENUE_NEW_ACCOUNTS_PER_HOUR) instead of the much smaller one
of any network address (see auth/limits.py). Anyone may create an event, so a declared
network is bounded: at most a /20 (IPv4) or a /48 (IPv6), 16 per event, for at most the
event's days (a day either side for time zones) and two weeks."""

import ipaddress
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..config import Settings
from ..db import utcnow
from ..errors import Invalid
from ..people.models import Person
from ..ratelimit import Limiter
from ..timezones import stored_zone
from .access import organized
from .models import Event, EventNetwork
from .schemas import VenueNetworkIn, VenueNetworkRead

HOUR = 3600
MAX_DAYS = 14
NARROWEST = {4: 20, 6: 48}  # the widest prefix an organizer may declare


def allowance_key(row: EventNetwork) -> str:
    return f"new-account-venue:{row.event_id}:{row.network}"


def _network(text: str) -> str:
    try:
        network = ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        raise Invalid(f"{text!r} is not a network (CIDR such as 203.0.113.0/24).") from None
    if network.prefixlen < NARROWEST[network.version]:
        raise Invalid(
            f"{network} is too wide: at most /{NARROWEST[network.version]} for IPv"
            f"{network.version}.",
            code="network_too_wide",
        )
    return str(network)


def _dates(event: Event, item: VenueNetworkIn) -> tuple[date, date]:
    starts_on = item.starts_on or event.starts_on
    ends_on = item.ends_on or event.ends_on or starts_on
    if starts_on is None or ends_on is None:
        raise Invalid("Give the network's dates, or the event's.", code="network_dates")
    if ends_on < starts_on or (ends_on - starts_on).days >= MAX_DAYS:
        raise Invalid(
            f"A network's dates: in order, {MAX_DAYS} days at most.", code="network_dates"
        )
    if (
        event.starts_on
        and event.ends_on
        and (
            starts_on < event.starts_on - timedelta(days=1)
            or ends_on > event.ends_on + timedelta(days=1)
        )
    ):
        raise Invalid("A network's dates must be within the event's.", code="network_dates")
    return starts_on, ends_on


def _today(event: Event) -> date:
    return datetime.now(stored_zone(event.timezone)).date()


def _read(
    row: EventNetwork, event: Event, *, settings: Settings, limiter: Limiter
) -> VenueNetworkRead:
    used, resets_in = limiter.used(allowance_key(row), seconds=HOUR)
    return VenueNetworkRead(
        network=row.network,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        active=row.starts_on <= _today(event) <= row.ends_on,
        allowance_per_hour=settings.venue_new_accounts_per_hour,
        used_this_hour=used,
        resets_in_seconds=resets_in,
    )


def list_networks(
    session: Session, *, viewer: Person, slug: str, settings: Settings, limiter: Limiter
) -> list[VenueNetworkRead]:
    event = organized(session, viewer=viewer, slug=slug)
    rows = session.scalars(
        select(EventNetwork).where(EventNetwork.event_id == event.id).order_by(EventNetwork.network)
    )
    return [_read(row, event, settings=settings, limiter=limiter) for row in rows]


def set_networks(
    session: Session,
    *,
    viewer: Person,
    slug: str,
    networks: list[VenueNetworkIn],
    settings: Settings,
    limiter: Limiter,
) -> list[VenueNetworkRead]:
    """Organizers: the event's venue networks are now these."""
    event = organized(session, viewer=viewer, slug=slug)
    wanted: dict[str, tuple[date, date]] = {}
    for item in networks:
        wanted[_network(item.network)] = _dates(event, item)
    session.execute(delete(EventNetwork).where(EventNetwork.event_id == event.id))
    session.add_all(
        EventNetwork(event_id=event.id, network=network, starts_on=starts, ends_on=ends)
        for network, (starts, ends) in wanted.items()
    )
    session.flush()
    return list_networks(session, viewer=viewer, slug=slug, settings=settings, limiter=limiter)


def active_network_for(session: Session, *, ip: str) -> EventNetwork | None:
    """The venue network, of an event happening now, that holds this address."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    yesterday = utcnow().date() - timedelta(days=1)  # every zone's today is on or after it
    rows = session.execute(
        select(EventNetwork, Event)
        .join(Event, Event.id == EventNetwork.event_id)
        .where(EventNetwork.ends_on >= yesterday)
    ).all()
    for row, event in rows:
        if row.starts_on <= _today(event) <= row.ends_on and address in ipaddress.ip_network(
            row.network
        ):
            return row
    return None
