from typing import Annotated

from fastapi import APIRouter, Query

from ..deps import SignedInDep
from ..errors import ERROR_RESPONSES
from ..schemas import IsoDate
from ..timezones import ZoneName
from . import service
from .schemas import MetToday

router = APIRouter(tags=["review"], responses=ERROR_RESPONSES)

TimeZoneQuery = Annotated[
    ZoneName | None,
    Query(
        description="IANA time zone (e.g. Europe/Lisbon) for days without an event; default UTC.",
    ),
]


@router.get("/api/met-today", response_model=MetToday)
async def met_today(
    me: SignedInDep,
    event: Annotated[
        str | None, Query(max_length=80, description="Only this event, in its time zone")
    ] = None,
    day: Annotated[IsoDate | None, Query(description="Another day than today")] = None,
    tz: TimeZoneQuery = None,
) -> MetToday:
    """The evening review: the people I met today (in the event's time zone), each with my
    notes and tags of that day, and whether one still waits for a note."""
    return await me.read(
        lambda session, viewer: service.met_today(
            session, viewer=viewer, event_slug=event, day=day, tz_name=tz
        )
    )
