from fastapi import APIRouter, Request

from ..auth import sessions
from ..deps import DatabaseDep, SignedInDep, session_token
from ..errors import ERROR_RESPONSES
from ..people.schemas import MeRead
from . import service
from .schemas import OfflineCopy, SessionState

router = APIRouter(tags=["sync"], responses=ERROR_RESPONSES)


@router.get("/api/session", response_model=SessionState)
async def session_state(request: Request, db: DatabaseDep) -> SessionState:
    """Whether this browser is signed in, and as whom. Answers 200 either way: the app
    asks on every start, and starting signed out is not an error."""
    token = session_token(request)
    if not token:
        return SessionState(signed_in=False, me=None)
    person = await db.read(lambda session: sessions.person_for_token(session, token=token))
    return SessionState(signed_in=person is not None, me=MeRead.of(person) if person else None)


@router.get("/api/me/offline", response_model=OfflineCopy)
async def offline_copy(me: SignedInDep) -> OfflineCopy:
    """What the phone keeps for when there is no network: my friends with their cards, my
    notes about them, and hashes of their active badge tokens to recognise them by."""
    return await me.read(
        lambda session, viewer: service.offline_copy(session, viewer=viewer), slow=True
    )
