from fastapi import APIRouter

from ..db import SessionDep
from ..deps import CurrentPerson, SettingsDep
from ..errors import ERROR_RESPONSES
from ..review.routes import TimeZoneQuery
from . import service
from .schemas import Inbox

router = APIRouter(tags=["inbox"], responses=ERROR_RESPONSES)


@router.get("/api/inbox", response_model=Inbox)
def inbox(
    session: SessionDep, me: CurrentPerson, settings: SettingsDep, tz: TimeZoneQuery = None
) -> Inbox:
    """What waits for me: scans to confirm, introductions to answer, follow-ups due,
    days to review, and friends of friends at my events."""
    return service.build(session, viewer=me, pending_days=settings.pending_scan_days, tz_name=tz)
