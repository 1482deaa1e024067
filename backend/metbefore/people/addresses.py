"""Which account an address belongs to: what sign-in, imports and merges ask. An account
whose address has no row yet (made before addresses were kept) is found by people.email."""

import uuid
from collections.abc import Iterable

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ..db import insert_for, utcnow
from .models import Person, PersonEmail

_OWNER = (
    select(Person)
    .join(PersonEmail, PersonEmail.person_id == Person.id)
    .where(PersonEmail.email == bindparam("email"))
)
_BY_PRIMARY = select(Person).where(Person.email == bindparam("email"))


def owner_of(session: Session, email: str) -> Person | None:
    """The account this address is verified for, if any."""
    found = session.scalars(_OWNER, {"email": email}).first()
    return found if found is not None else session.scalars(_BY_PRIMARY, {"email": email}).first()


def owners_of(session: Session, emails: Iterable[str]) -> dict[str, Person]:
    """owner_of for many addresses at once (imports)."""
    wanted = list(set(emails))
    found = {
        email: person
        for email, person in session.execute(
            select(PersonEmail.email, Person)
            .join(Person, Person.id == PersonEmail.person_id)
            .where(PersonEmail.email.in_(wanted))
        )
    }
    rest = [e for e in wanted if e not in found]
    if rest:
        found |= {p.email: p for p in session.scalars(select(Person).where(Person.email.in_(rest)))}
    return found


def record(
    session: Session, *, person_id: uuid.UUID, emails: Iterable[str], origin: str = "signup"
) -> None:
    """Keep these addresses as the person's, unless some account already has them."""
    record_many(session, [(person_id, e) for e in emails], origin=origin)


def record_many(
    session: Session, pairs: Iterable[tuple[uuid.UUID, str]], *, origin: str = "signup"
) -> None:
    """record for many people at once (imports): (person id, address) pairs."""
    now = utcnow()
    rows = [
        {"id": uuid.uuid4(), "person_id": p, "email": e, "origin": origin, "created_at": now}
        for p, e in pairs
    ]
    if rows:
        session.execute(
            insert_for(session, PersonEmail.__table__).on_conflict_do_nothing(
                index_elements=["email"]
            ),
            rows,
        )
