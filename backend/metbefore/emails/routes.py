import uuid

from fastapi import APIRouter, status

from ..deps import LimiterDep, SettingsDep, SignedInDep
from ..errors import ERROR_RESPONSES
from ..mailer import Outbox
from . import service
from .schemas import EmailAdd, EmailRead, EmailSent, EmailUpdate, EmailVerified, EmailVerify

router = APIRouter(prefix="/api/me/emails", tags=["addresses"], responses=ERROR_RESPONSES)


@router.get("", response_model=list[EmailRead])
async def list_addresses(me: SignedInDep) -> list[EmailRead]:
    """My verified addresses; the primary one is where mail goes."""
    return await me.write(lambda session, person: service.list_mine(session, person=person))


@router.post("", response_model=EmailSent, status_code=status.HTTP_202_ACCEPTED)
async def add_address(
    body: EmailAdd, outbox: Outbox, me: SignedInDep, settings: SettingsDep, limiter: LimiterDep
) -> EmailSent:
    """Mail a 6-digit code to an address to add (the same limits as sign-in codes)."""
    mail = await me.write(
        lambda session, person: service.request_add(
            session, settings=settings, limiter=limiter, person=person, email=body.email
        )
    )
    outbox.append(mail)
    return EmailSent()


@router.post("/verify", response_model=EmailVerified)
async def verify_address(
    body: EmailVerify, outbox: Outbox, me: SignedInDep, settings: SettingsDep, limiter: LimiterDep
) -> EmailVerified:
    """Add the address the code proves. If another account has it, the answer offers to
    merge that account into mine (POST /api/me/merge with its token)."""
    answer, notices = await me.write(
        lambda session, person: service.verify_add(
            session,
            settings=settings,
            limiter=limiter,
            person=person,
            email=body.email,
            code=body.code,
        )
    )
    outbox.extend(notices)
    return answer


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
