from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from ..deps import SettingsDep, SignedInDep
from ..errors import ERROR_RESPONSES
from ..meetings import lists
from ..meetings.schemas import PersonPage
from . import export, service
from .schemas import FriendBadges
from .service import FriendsExport

router = APIRouter(tags=["friends"], responses=ERROR_RESPONSES)

EventQuery = Annotated[str | None, Query(max_length=80, description="Met at this event")]


@router.get("/api/friends", response_model=PersonPage)
async def friends(
    me: SignedInDep,
    settings: SettingsDep,
    q: Annotated[
        str | None,
        Query(
            max_length=100,
            description="Each word starts a word of the name, other names or affiliation "
            "(case, accents and punctuation aside)",
        ),
    ] = None,
    event: EventQuery = None,
    sort: Annotated[
        Literal["name", "last_met"] | None,
        Query(description="Default: by name; with q, the best matches first, then last met"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> PersonPage:
    """My mutual connections."""
    return await me.read(
        lambda session, viewer: lists.list_people(
            session,
            viewer=viewer,
            mutual_only=True,
            pending_days=settings.pending_scan_days,
            q=q,
            event_slug=event,
            sort=sort,
            limit=limit,
            offset=offset,
        )
    )


@router.get("/api/friends/badge-hashes", response_model=list[FriendBadges])
async def friend_badge_hashes(me: SignedInDep) -> list[FriendBadges]:
    """For the phone's own copy: SHA-256 (hex) of each active badge token of each friend,
    so a friend's new badge is recognised offline. Never the tokens themselves."""
    return await me.read(lambda session, viewer: service.badge_hashes(session, viewer=viewer))


def _download(body: str, media_type: str, name: str, event: str | None) -> Response:
    # The slug is checked by the query above; keep only filename-safe characters anyway.
    suffix = "".join(c for c in event if c.isalnum() or c in "-_") if event else ""
    filename = f"met-before-friends{'-' + suffix if suffix else ''}.{name}"
    return Response(
        body,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


@router.get(
    "/api/friends.vcf",
    response_class=Response,
    responses={200: {"content": {"text/vcard": {}}, "description": "vCard 3.0, one per friend"}},
)
async def friends_vcard(
    me: SignedInDep, settings: SettingsDep, event: EventQuery = None
) -> Response:
    """My friends as vCard 3.0 for phone contacts: name, affiliation, title, links, photo,
    email if they share it, and a NOTE with where and when we met and my notes."""
    data = await _friends(me, settings, event)
    return _download(export.to_vcard(data), "text/vcard; charset=utf-8", "vcf", event)


@router.get(
    "/api/friends.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "UTF-8 CSV, one row per friend"}},
)
async def friends_csv(me: SignedInDep, settings: SettingsDep, event: EventQuery = None) -> Response:
    """My friends as a spreadsheet, with the same fields as the vCard export. Cells that
    a spreadsheet would run as a formula start with an apostrophe."""
    data = await _friends(me, settings, event)
    return _download(export.to_csv(data), "text/csv; charset=utf-8", "csv", event)


async def _friends(me: SignedInDep, settings: SettingsDep, event: str | None) -> FriendsExport:
    return await me.read(
        lambda session, viewer: service.export_friends(
            session, viewer=viewer, event_slug=event, pending_days=settings.pending_scan_days
        ),
        slow=True,
    )
