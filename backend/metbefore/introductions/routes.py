import uuid

from fastapi import APIRouter, status

from ..deps import LimiterDep, SignedInDep
from ..errors import ERROR_RESPONSES
from . import service
from .schemas import IntroductionCreate, IntroductionRead

router = APIRouter(tags=["introductions"], responses=ERROR_RESPONSES)


@router.post(
    "/api/introductions", response_model=IntroductionRead, status_code=status.HTTP_201_CREATED
)
async def introduce(
    body: IntroductionCreate, me: SignedInDep, limiter: LimiterDep
) -> IntroductionRead:
    """Introduce two of my mutual friends, who are not friends yet, with a message. Both
    see it in their inbox and may accept or decline. With ask_id, it answers an open ask
    of one of them (404 if I cannot see it; 422 asker_not_introduced)."""
    return await me.write(
        lambda session, introducer: service.introduce(
            session,
            introducer=introducer,
            limiter=limiter,
            first_id=body.first_id,
            second_id=body.second_id,
            message=body.message,
            ask_id=body.ask_id,
        )
    )


@router.get("/api/introductions", response_model=list[IntroductionRead])
async def introductions(me: SignedInDep) -> list[IntroductionRead]:
    """Introductions I made or received, newest first."""
    return await me.read(lambda session, viewer: service.list_mine(session, viewer=viewer))


@router.post("/api/introductions/{introduction_id}/accept", response_model=IntroductionRead)
async def accept(introduction_id: uuid.UUID, me: SignedInDep) -> IntroductionRead:
    """Accept an introduction to me. When the other accepts too, we become friends."""
    return await _answer(me, introduction_id, accept=True)


@router.post("/api/introductions/{introduction_id}/decline", response_model=IntroductionRead)
async def decline(introduction_id: uuid.UUID, me: SignedInDep) -> IntroductionRead:
    """Decline an introduction to me. Nobody else is told."""
    return await _answer(me, introduction_id, accept=False)


async def _answer(me: SignedInDep, introduction_id: uuid.UUID, *, accept: bool) -> IntroductionRead:
    return await me.write(
        lambda session, viewer: service.answer(
            session, viewer=viewer, introduction_id=introduction_id, accept=accept
        )
    )
