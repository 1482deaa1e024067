from fastapi import APIRouter

from ..deps import SettingsDep, SignedInDep
from ..errors import ERROR_RESPONSES
from ..review.routes import TimeZoneQuery
from . import service
from .schemas import Inbox

router = APIRouter(tags=["inbox"], responses=ERROR_RESPONSES)


@router.get("/api/inbox", response_model=Inbox)
async def inbox(me: SignedInDep, settings: SettingsDep, tz: TimeZoneQuery = None) -> Inbox:
    """What waits for me: scans to confirm, introductions to answer, follow-ups due,
    days to review, and friends of friends at my events."""
    return await me.read(
        lambda session, viewer: service.build(
            session, viewer=viewer, pending_days=settings.pending_scan_days, tz_name=tz
        )
    )
