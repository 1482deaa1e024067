import uuid

from ..events.refs import EventRef
from ..meetings.schemas import PersonRef
from ..people.schemas import PersonView
from ..schemas import Output


class FriendBadges(Output):
    person_id: uuid.UUID
    badge_hashes: list[str]


class FriendOfFriend(Output):
    """Someone registered for an event I attend whom at least two of my friends know."""

    event: EventRef
    person: PersonView
    via: list[PersonRef]
