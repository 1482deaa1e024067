"""My addresses: add one by code, make one primary, remove one. Verifying an address that
another account has proves both are mine, and offers a merge."""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import i18n
from ..auth import service as auth
from ..config import Settings
from ..errors import Conflict, NotFound
from ..mail import Mail
from ..merge import service as merge
from ..people import addresses as registry
from ..people.models import Person, PersonEmail
from ..ratelimit import Limiter
from .schemas import EmailRead, EmailVerified


def _rows(session: Session, person: Person) -> list[PersonEmail]:
    # An account made before addresses were kept gets its row on first look.
    registry.record(session, person_id=person.id, emails=[person.email])
    return list(
        session.scalars(
            select(PersonEmail)
            .where(PersonEmail.person_id == person.id)
            .order_by(PersonEmail.created_at, PersonEmail.email)
        )
    )


def _read(row: PersonEmail, person: Person) -> EmailRead:
    return EmailRead(
        id=row.id,
        email=row.email,
        primary=row.email == person.email,
        verified=True,
        origin=row.origin,
        added_at=row.created_at,
    )


def list_mine(session: Session, *, person: Person) -> list[EmailRead]:
    return [_read(r, person) for r in _rows(session, person)]


def request_add(
    session: Session, *, settings: Settings, limiter: Limiter, person: Person, email: str
) -> Mail:
    """The code mail for an address to add. Nothing is reserved until it is verified."""
    if any(r.email == email for r in _rows(session, person)):
        raise Conflict("This address is already yours.", code="already_yours")
    return auth.request_address_code(
        session, settings=settings, limiter=limiter, person=person, email=email
    )


def verify_add(
    session: Session,
    *,
    settings: Settings,
    limiter: Limiter,
    person: Person,
    email: str,
    code: str,
) -> tuple[EmailVerified, list[Mail]]:
    """Add the address the code proves, or, if another account has it, offer the merge.
    Answers the notices to mail to my other addresses."""
    auth.redeem_address_code(
        session, settings=settings, limiter=limiter, person=person, email=email, code=code
    )
    owner = registry.owner_of(session, email)
    if owner is not None and owner.id != person.id:
        offer = merge.offer(session, keeper=person, absorbed=owner)
        return EmailVerified(status="merge_available", address=None, merge=offer), []
    others = [r.email for r in _rows(session, person)]
    registry.record(session, person_id=person.id, emails=[email], origin="added")
    row = session.scalars(select(PersonEmail).where(PersonEmail.email == email)).one()
    lang = i18n.choose(person.language)
    notices = [
        Mail(
            to=address,
            subject=i18n.text(lang, "address_added.subject"),
            body=i18n.text(lang, "address_added.body", email=email),
        )
        for address in others
    ]
    return EmailVerified(status="added", address=_read(row, person), merge=None), notices


def _mine(session: Session, person: Person, address_id: uuid.UUID) -> PersonEmail:
    row = session.get(PersonEmail, address_id)
    if row is None or row.person_id != person.id:
        raise NotFound("No such address of yours.", code="address_not_found")
    return row


def make_primary(session: Session, *, person: Person, address_id: uuid.UUID) -> list[EmailRead]:
    """Mail goes to this address from now on."""
    person.email = _mine(session, person, address_id).email
    session.flush()
    return list_mine(session, person=person)


def remove(session: Session, *, person: Person, address_id: uuid.UUID) -> None:
    """Remove an address; never the primary one (so never the last)."""
    row = _mine(session, person, address_id)
    if row.email == person.email:
        raise Conflict(
            "This is your primary address: make another one primary first.",
            code="primary_address",
        )
    session.delete(row)
