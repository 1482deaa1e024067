import uuid
from collections.abc import Callable

from fastapi import APIRouter, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..config import Settings
from ..db import SessionDep
from ..deps import CurrentPerson, SettingsDep
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


def _events(session: SessionDep, badges: list[Badge]) -> dict[uuid.UUID, Event]:
    ids = {b.event_id for b in badges if b.event_id}
    if not ids:
        return {}
    return {e.id: e for e in session.scalars(select(Event).where(Event.id.in_(ids)))}


@router.get("/api/me/badges", response_model=list[BadgeRead])
def my_badges(session: SessionDep, me: CurrentPerson, settings: SettingsDep) -> list[BadgeRead]:
    """My active badges (personal first) with their tokens, badge URLs and QR image links."""
    badges = service.active_badges(session, person=me)
    events = _events(session, badges)
    return [_read(b, settings.base_url, events) for b in badges]


@router.post("/api/me/badges/{badge_id}/rotate", response_model=BadgeRead, status_code=201)
def rotate_badge(
    badge_id: uuid.UUID, session: SessionDep, me: CurrentPerson, settings: SettingsDep
) -> BadgeRead:
    """Revoke this badge (lost, or shown to the wrong people) and issue a new one."""
    badge = service.rotate(session, person=me, badge_id=badge_id)
    return _read(badge, settings.base_url, _events(session, [badge]))


def _qr_response(
    session: Session,
    me: Person,
    settings: Settings,
    token: str,
    render: Callable[[str], bytes],
    media_type: str,
) -> Response:
    badge = service.readable_badge(session, viewer=me, token=token)
    return Response(
        render(service.badge_url(settings.base_url, badge.token)),
        media_type=media_type,
        headers={"Cache-Control": "private, no-store"},
    )


@router.get(
    "/api/badges/{token}/qr.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}, "description": "The badge's QR code"}},
)
def badge_qr_svg(
    token: str, session: SessionDep, me: CurrentPerson, settings: SettingsDep
) -> Response:
    """The QR image of a badge URL, for its owner or the event's organizers."""
    return _qr_response(session, me, settings, token, qr.qr_svg, "image/svg+xml")


@router.get(
    "/api/badges/{token}/qr.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}, "description": "The badge's QR code"}},
)
def badge_qr_png(
    token: str, session: SessionDep, me: CurrentPerson, settings: SettingsDep
) -> Response:
    """The QR image of a badge URL, for its owner or the event's organizers."""
    return _qr_response(session, me, settings, token, qr.qr_png, "image/png")
