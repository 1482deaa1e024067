import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..badges.models import Badge
from ..meetings.models import Connection
from ..people.models import Person
from .schemas import FriendBadges


def badge_hashes(session: Session, *, viewer: Person) -> list[FriendBadges]:
    friends = (
        select(Connection.b_id)
        .where(Connection.a_id == viewer.id, Connection.status == "mutual")
        .union(
            select(Connection.a_id).where(
                Connection.b_id == viewer.id, Connection.status == "mutual"
            )
        )
    )
    rows = session.execute(
        select(Badge.person_id, Badge.token_hash)
        .where(Badge.person_id.in_(friends), Badge.revoked_at.is_(None))
        .order_by(Badge.person_id)
    )
    grouped: dict[uuid.UUID, list[str]] = {}
    for person_id, token_hash in rows:
        grouped.setdefault(person_id, []).append(token_hash)
    return [FriendBadges(person_id=p, badge_hashes=h) for p, h in grouped.items()]
