from fastapi import APIRouter

from ..deps import LimiterDep, SettingsDep, SignedInDep
from ..errors import ERROR_RESPONSES
from . import venue
from .routes import SlugPath
from .schemas import VenueNetworkRead, VenueNetworksPut

router = APIRouter(tags=["events"], responses=ERROR_RESPONSES)


@router.get("/api/events/{slug}/networks", response_model=list[VenueNetworkRead])
async def list_networks(
    slug: SlugPath, me: SignedInDep, settings: SettingsDep, limiter: LimiterDep
) -> list[VenueNetworkRead]:
    """Organizers: the venue's networks, with how much of their hourly allowance of new
    accounts is used."""
    return await me.read(
        lambda session, viewer: venue.list_networks(
            session, viewer=viewer, slug=slug, settings=settings, limiter=limiter
        )
    )


@router.put("/api/events/{slug}/networks", response_model=list[VenueNetworkRead])
async def set_networks(
    slug: SlugPath,
    body: VenueNetworksPut,
    me: SignedInDep,
    settings: SettingsDep,
    limiter: LimiterDep,
) -> list[VenueNetworkRead]:
    """Organizers: declare the venue Wi-Fi's public addresses (CIDR) and the days they
    serve the event: new accounts from them get a higher allowance then (a conference
    signs in from a handful of addresses). Replaces the list; 422 `network_too_wide`,
    `network_dates`."""
    return await me.write(
        lambda session, viewer: venue.set_networks(
            session,
            viewer=viewer,
            slug=slug,
            networks=body.networks,
            settings=settings,
            limiter=limiter,
        )
    )
