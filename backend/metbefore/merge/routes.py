from fastapi import APIRouter
from sqlalchemy.orm import Session

from .. import mail
from ..deps import SignedInDep
from ..errors import ERROR_RESPONSES
from ..people.models import Person
from . import service
from .schemas import MergeDone, MergePreview, MergeRequest

router = APIRouter(tags=["addresses"], responses=ERROR_RESPONSES)


@router.post("/api/me/merge", response_model=MergeDone)
async def merge(body: MergeRequest, me: SignedInDep) -> MergeDone:
    """Merge the account my verified address proved mine into mine, in one transaction:
    its friends, meetings, notes, events, badges and addresses become mine."""

    def work(session: Session, keeper: Person) -> MergePreview:
        absorbed = service.redeem(session, keeper=keeper, token=body.merge_token)
        brought = service.preview(session, absorbed)
        for notice in service.merge_people(session, keeper=keeper, absorbed=absorbed):
            mail.enqueue(session, notice)
        return brought

    return MergeDone(merged=await me.write(work, slow=True))
