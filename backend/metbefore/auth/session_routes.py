"""My signed-in devices: list them, sign one out, or all but this one."""

import uuid

from fastapi import APIRouter, status

from ..deps import SignedInDep
from ..errors import ERROR_RESPONSES
from . import sessions
from .schemas import SessionRead

router = APIRouter(prefix="/api/me/sessions", tags=["auth"], responses=ERROR_RESPONSES)


@router.get("", response_model=list[SessionRead])
async def my_sessions(me: SignedInDep) -> list[SessionRead]:
    """Where I am signed in: browser, when last used, where from (coarsely)."""
    return await me.read(
        lambda session, person: sessions.list_sessions(session, person=person, token=me.token)
    )


@router.delete("", status_code=status.HTTP_204_NO_CONTENT)
async def sign_out_elsewhere(me: SignedInDep) -> None:
    """Sign out everywhere else: every session of mine but this one ends."""
    await me.write(
        lambda session, person: sessions.end_others(session, person=person, token=me.token)
    )


@router.delete("/{session_id:uuid}", status_code=status.HTTP_204_NO_CONTENT)
async def sign_out_one(session_id: uuid.UUID, me: SignedInDep) -> None:
    """Sign one of my devices out (this one too, if it is this one)."""
    await me.write(
        lambda session, person: sessions.end_one(session, person=person, session_id=session_id)
    )
