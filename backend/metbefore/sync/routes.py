from fastapi import APIRouter

from ..db import SessionDep
from ..deps import CurrentPerson
from ..errors import ERROR_RESPONSES
from . import service
from .schemas import OfflineCopy

router = APIRouter(tags=["sync"], responses=ERROR_RESPONSES)


@router.get("/api/me/offline", response_model=OfflineCopy)
def offline_copy(session: SessionDep, me: CurrentPerson) -> OfflineCopy:
    """What the phone keeps for when there is no network: my friends with their cards, my
    notes about them, and hashes of their active badge tokens to recognise them by."""
    return service.offline_copy(session, viewer=me)
