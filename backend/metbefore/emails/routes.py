import uuid

from fastapi import APIRouter, status
from sqlalchemy.orm import Session

from .. import mail
from ..deps import LimiterDep, SettingsDep, SignedInDep
from ..errors import ERROR_RESPONSES
from ..people.models import Person
from . import service
from .schemas import EmailAdd, EmailRead, EmailSent, EmailUpdate, EmailVerified, EmailVerify

router = APIRouter(prefix="/api/me/emails", tags=["addresses"], responses=ERROR_RESPONSES)


@router.get("", response_model=list[EmailRead])
async def list_addresses(me: SignedInDep) -> list[EmailRead]:
    """My verified addresses; the primary one is where mail goes."""
    return await me.write(lambda session, person: service.list_mine(session, person=person))


@router.post("", response_model=EmailSent, status_code=status.HTTP_202_ACCEPTED)
async def add_address(
    body: EmailAdd, me: SignedInDep, settings: SettingsDep, limiter: LimiterDep
) -> EmailSent:
    """Mail a 6-digit code to an address to add (the same limits as sign-in codes)."""
    await me.write(
        lambda session, person: mail.enqueue(
            session,
            service.request_add(
                session, settings=settings, limiter=limiter, person=person, email=body.email
            ),
        )
    )
    return EmailSent()


@router.post("/verify", response_model=EmailVerified)
async def verify_address(
    body: EmailVerify, me: SignedInDep, settings: SettingsDep, limiter: LimiterDep
) -> EmailVerified:
    """Add the address the code proves. If another account has it, the answer offers to
    merge that account into mine (POST /api/me/merge with its token)."""

    def work(session: Session, person: Person) -> EmailVerified:
        answer, notices = service.verify_add(
            session,
            settings=settings,
            limiter=limiter,
            person=person,
            email=body.email,
            code=body.code,
        )
        for notice in notices:
            mail.enqueue(session, notice)
        return answer

    return await me.write(work)


@router.patch("/{address_id:uuid}", response_model=list[EmailRead])
async def make_primary(
    address_id: uuid.UUID, body: EmailUpdate, me: SignedInDep
) -> list[EmailRead]:
    """Make this address the primary one."""
    return await me.write(
        lambda session, person: service.make_primary(session, person=person, address_id=address_id)
    )


@router.delete("/{address_id:uuid}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_address(address_id: uuid.UUID, me: SignedInDep) -> None:
    """Remove an address; never the primary one."""
    await me.write(
        lambda session, person: service.remove(session, person=person, address_id=address_id)
    )
