import uuid
from collections.abc import Callable

from fastapi import APIRouter, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..config import Settings
from ..deps import SettingsDep, SignedInDep
from ..errors import ERROR_RESPONSES
from ..events.models import Event
from ..people.models import Person
from . import qr, service
from .models import Badge
from .schemas import BadgeRead

router = APIRouter(tags=["badges"], responses=ERROR_RESPONSES)


def _read(badge: Badge, base_url: str, events: dict[uuid.UUID, Event]) -> BadgeRead:
    event = events.get(badge.event_id) if badge.event_id else None
    return BadgeRead(
        id=badge.id,
        kind="event" if event else "personal",
        event_slug=event.slug if event else None,
        event_name=event.name if event else None,
        token=badge.token,
        url=service.badge_url(base_url, badge.token),
        qr_svg=f"/api/badges/{badge.token}/qr.svg",
        qr_png=f"/api/badges/{badge.token}/qr.png",
        created_at=badge.created_at,
    )


def _events(session: Session, badges: list[Badge]) -> dict[uuid.UUID, Event]:
    ids = {b.event_id for b in badges if b.event_id}
    if not ids:
        return {}
    return {e.id: e for e in session.scalars(select(Event).where(Event.id.in_(ids)))}


@router.get("/api/me/badges", response_model=list[BadgeRead])
async def my_badges(me: SignedInDep, settings: SettingsDep) -> list[BadgeRead]:
    """My active badges (personal first) with their tokens, badge URLs and QR image links."""

    def mine(session: Session, person: Person) -> list[BadgeRead]:
        badges = service.active_badges(session, person=person)
        events = _events(session, badges)
        return [_read(b, settings.base_url, events) for b in badges]

    return await me.read(mine)


@router.post("/api/me/badges/{badge_id}/rotate", response_model=BadgeRead, status_code=201)
async def rotate_badge(badge_id: uuid.UUID, me: SignedInDep, settings: SettingsDep) -> BadgeRead:
    """Revoke this badge (lost, or shown to the wrong people) and issue a new one."""

    def rotate(session: Session, person: Person) -> BadgeRead:
        badge = service.rotate(session, person=person, badge_id=badge_id)
        return _read(badge, settings.base_url, _events(session, [badge]))

    return await me.write(rotate)


async def _qr_response(
    me: SignedInDep,
    settings: Settings,
    token: str,
    render: Callable[[str], bytes],
    media_type: str,
) -> Response:
    badge = await me.read(
        lambda session, viewer: service.readable_badge(session, viewer=viewer, token=token)
    )
    # Drawing a code takes milliseconds of CPU: in a worker thread, off the event loop.
    image = await run_in_threadpool(render, service.badge_url(settings.base_url, badge.token))
    return Response(
        image,
        media_type=media_type,
        headers={"Cache-Control": "private, no-store"},
    )


@router.get(
    "/api/badges/{token}/qr.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}, "description": "The badge's QR code"}},
)
async def badge_qr_svg(token: str, me: SignedInDep, settings: SettingsDep) -> Response:
    """The QR image of a badge URL, for its owner or the event's organizers."""
    return await _qr_response(me, settings, token, qr.qr_svg, "image/svg+xml")


@router.get(
    "/api/badges/{token}/qr.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}, "description": "The badge's QR code"}},
)
async def badge_qr_png(token: str, me: SignedInDep, settings: SettingsDep) -> Response:
    """The QR image of a badge URL, for its owner or the event's organizers."""
    return await _qr_response(me, settings, token, qr.qr_png, "image/png")
