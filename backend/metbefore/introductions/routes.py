import uuid

from fastapi import APIRouter, status

from ..db import SessionDep
from ..deps import CurrentPerson, LimiterDep
from ..errors import ERROR_RESPONSES
from . import service
from .schemas import IntroductionCreate, IntroductionRead

router = APIRouter(tags=["introductions"], responses=ERROR_RESPONSES)


@router.post(
    "/api/introductions", response_model=IntroductionRead, status_code=status.HTTP_201_CREATED
)
def introduce(
    body: IntroductionCreate, session: SessionDep, me: CurrentPerson, limiter: LimiterDep
) -> IntroductionRead:
    """Introduce two of my mutual friends, who are not friends yet, with a message. Both
    see it in their inbox and may accept or decline."""
    return service.introduce(
        session,
        introducer=me,
        limiter=limiter,
        first_id=body.first_id,
        second_id=body.second_id,
        message=body.message,
    )


@router.get("/api/introductions", response_model=list[IntroductionRead])
def introductions(session: SessionDep, me: CurrentPerson) -> list[IntroductionRead]:
    """Introductions I made or received, newest first."""
    return service.list_mine(session, viewer=me)


@router.post("/api/introductions/{introduction_id}/accept", response_model=IntroductionRead)
def accept(introduction_id: uuid.UUID, session: SessionDep, me: CurrentPerson) -> IntroductionRead:
    """Accept an introduction to me. When the other accepts too, we become friends."""
    return service.answer(session, viewer=me, introduction_id=introduction_id, accept=True)


@router.post("/api/introductions/{introduction_id}/decline", response_model=IntroductionRead)
def decline(introduction_id: uuid.UUID, session: SessionDep, me: CurrentPerson) -> IntroductionRead:
    """Decline an introduction to me. Nobody else is told."""
    return service.answer(session, viewer=me, introduction_id=introduction_id, accept=False)
