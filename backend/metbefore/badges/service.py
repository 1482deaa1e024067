"""Badge tokens: issue, look up, rotate, revoke."""

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, exists, insert, select, update
from sqlalchemy.orm import Session

from ..db import utcnow
from ..errors import DomainError, NotFound
from ..events.models import EventOrganizer
from ..people.models import Person
from ..security import new_token, sha256_hex
from .models import Badge


class BadgeUnknown(DomainError):
    status, code, message = 404, "badge_not_found", "This is not a Met Before badge."


class BadgeRevoked(DomainError):
    status, code = 410, "badge_revoked"
    message = "This badge is no longer valid: its owner has a new one."


def badge_url(base_url: str, token: str) -> str:
    return f"{base_url}/m/{token}"


def _fresh(person_id: uuid.UUID, event_id: uuid.UUID | None) -> dict[str, Any]:
    token = new_token()
    return {
        "person_id": person_id,
        "event_id": event_id,
        "token": token,
        "token_hash": sha256_hex(token),
    }


def issue(session: Session, *, person_id: uuid.UUID, event_id: uuid.UUID | None = None) -> Badge:
    badge = Badge(**_fresh(person_id, event_id))
    session.add(badge)
    session.flush()
    return badge


def issue_many(
    session: Session, *, person_ids: Iterable[uuid.UUID], event_id: uuid.UUID | None = None
) -> None:
    """issue() for many people in one statement, as attendee imports need."""
    rows = [_fresh(person_id, event_id) for person_id in person_ids]
    if rows:
        session.execute(insert(Badge), rows)


def reissue(session: Session, *, person_id: uuid.UUID, event_id: uuid.UUID) -> Badge:
    """An organizer replaces a lost event badge: the old token stops working at once."""
    revoke(session, person_id=person_id, event_id=event_id)
    return issue(session, person_id=person_id, event_id=event_id)


def revoke(session: Session, *, person_id: uuid.UUID, event_id: uuid.UUID) -> None:
    """Revoke the person's live badge for this event, if any."""
    session.execute(
        update(Badge)
        .where(Badge.person_id == person_id, Badge.event_id == event_id, Badge.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def active_badges(session: Session, *, person: Person) -> list[Badge]:
    return list(
        session.scalars(
            select(Badge)
            .where(Badge.person_id == person.id, Badge.revoked_at.is_(None))
            .order_by(Badge.event_id.is_not(None), Badge.created_at)
        )
    )


# Built once: every scan looks its badge up.
_BY_HASH = select(Badge).where(Badge.token_hash == bindparam("token_hash"))


def find(session: Session, *, token: str) -> Badge | None:
    """Any badge with this token, revoked ones included."""
    return session.scalars(_BY_HASH, {"token_hash": sha256_hex(token)}).first()


def resolve(session: Session, *, token: str) -> Badge:
    """The active badge of this token, or a coded error."""
    badge = find(session, token=token)
    if badge is None:
        raise BadgeUnknown()
    if badge.revoked_at is not None:
        raise BadgeRevoked()
    return badge


def rotate(session: Session, *, person: Person, badge_id: uuid.UUID) -> Badge:
    """Revoke one of my badges and issue its successor; the old token stops at once."""
    badge = session.scalars(
        select(Badge).where(
            Badge.id == badge_id, Badge.person_id == person.id, Badge.revoked_at.is_(None)
        )
    ).first()
    if badge is None:
        raise NotFound("No such badge.")
    badge.revoked_at = utcnow()
    return issue(session, person_id=person.id, event_id=badge.event_id)


def readable_badge(session: Session, *, viewer: Person, token: str) -> Badge:
    """A badge whose QR the viewer may fetch: their own, or one of an event they organise."""
    badge = find(session, token=token)
    if badge is None or badge.revoked_at is not None:
        raise NotFound("No such badge.")
    if badge.person_id == viewer.id:
        return badge
    if badge.event_id is not None and session.scalar(
        select(
            exists().where(
                EventOrganizer.event_id == badge.event_id, EventOrganizer.person_id == viewer.id
            )
        )
    ):
        return badge
    raise NotFound("No such badge.")
