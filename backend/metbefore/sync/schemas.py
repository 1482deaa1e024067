from datetime import datetime

from pydantic import Field

from ..events.refs import EventRef
from ..meetings.schemas import MetAt
from ..notes.schemas import NoteRead
from ..people.schemas import MeRead, PersonView
from ..schemas import Output


class FriendCopy(Output):
    """One friend as the phone keeps them: enough for the card and to recognise them."""

    person: PersonView
    times_met: int
    first_met: MetAt | None
    last_met: MetAt | None
    events: list[EventRef] = Field(description="The events where we met, newest first.")
    notes: list[NoteRead] = Field(description="My own notes about this friend, newest first.")
    badge_hashes: list[str] = Field(description="SHA-256 (hex) of each active badge token.")


class OfflineCopy(Output):
    friends: list[FriendCopy] = Field(description="My friends, most recently met first.")
    limit: int = Field(description="At most this many friends are included.")
    generated_at: datetime


class SessionState(Output):
    signed_in: bool
    me: MeRead | None
