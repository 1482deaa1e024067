import uuid

from ..schemas import Output


class FriendBadges(Output):
    person_id: uuid.UUID
    badge_hashes: list[str]
