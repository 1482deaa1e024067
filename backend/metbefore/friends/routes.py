from typing import Annotated, Literal

from fastapi import APIRouter, Query

from ..db import SessionDep
from ..deps import CurrentPerson
from ..errors import ERROR_RESPONSES
from ..meetings import service as meetings
from ..meetings.schemas import PersonPage
from . import service
from .schemas import FriendBadges

router = APIRouter(tags=["friends"], responses=ERROR_RESPONSES)


@router.get("/api/friends", response_model=PersonPage)
def friends(
    session: SessionDep,
    me: CurrentPerson,
    q: Annotated[str | None, Query(max_length=100, description="Name or affiliation")] = None,
    event: Annotated[str | None, Query(max_length=80, description="Met at this event")] = None,
    sort: Literal["name", "last_met"] = "name",
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> PersonPage:
    """My mutual connections."""
    return meetings.list_people(
        session,
        viewer=me,
        mutual_only=True,
        q=q,
        event_slug=event,
        sort=sort,
        limit=limit,
        offset=offset,
    )


@router.get("/api/friends/badge-hashes", response_model=list[FriendBadges])
def friend_badge_hashes(session: SessionDep, me: CurrentPerson) -> list[FriendBadges]:
    """For the phone's own copy: SHA-256 (hex) of each active badge token of each friend,
    so a friend's new badge is recognised offline. Never the tokens themselves."""
    return service.badge_hashes(session, viewer=me)
