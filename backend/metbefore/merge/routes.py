from fastapi import APIRouter
from sqlalchemy.orm import Session

from ..deps import SignedInDep
from ..errors import ERROR_RESPONSES
from ..mailer import Mail, Outbox
from ..people.models import Person
from . import service
from .schemas import MergeDone, MergePreview, MergeRequest

router = APIRouter(tags=["addresses"], responses=ERROR_RESPONSES)


@router.post("/api/me/merge", response_model=MergeDone)
async def merge(body: MergeRequest, outbox: Outbox, me: SignedInDep) -> MergeDone:
    """Merge the account my verified address proved mine into mine, in one transaction:
    its friends, meetings, notes, events, badges and addresses become mine."""

    def work(session: Session, keeper: Person) -> tuple[MergePreview, list[Mail]]:
        absorbed = service.redeem(session, keeper=keeper, token=body.merge_token)
        brought = service.preview(session, absorbed)
        return brought, service.merge_people(session, keeper=keeper, absorbed=absorbed)

    brought, notices = await me.write(work, slow=True)
    outbox.extend(notices)
    return MergeDone(merged=brought)
