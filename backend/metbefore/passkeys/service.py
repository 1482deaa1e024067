"""My passkeys: list, rename, remove. (Registering: registration.py; signing in:
signin.py; what they share: ceremony.py.)"""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import NotFound
from ..people.models import Person
from .models import Passkey


def list_mine(session: Session, *, person: Person) -> list[Passkey]:
    return list(
        session.scalars(
            select(Passkey).where(Passkey.person_id == person.id).order_by(Passkey.created_at)
        )
    )


def _mine(session: Session, *, person: Person, passkey_id: uuid.UUID) -> Passkey:
    passkey = session.scalars(
        select(Passkey).where(Passkey.id == passkey_id, Passkey.person_id == person.id)
    ).one_or_none()
    if passkey is None:  # someone else's is as unknown as one that never was
        raise NotFound("No such passkey.")
    return passkey


def rename(session: Session, *, person: Person, passkey_id: uuid.UUID, name: str) -> Passkey:
    passkey = _mine(session, person=person, passkey_id=passkey_id)
    passkey.name = name
    session.flush()
    return passkey


def remove(session: Session, *, person: Person, passkey_id: uuid.UUID) -> None:
    session.delete(_mine(session, person=person, passkey_id=passkey_id))
    session.flush()
