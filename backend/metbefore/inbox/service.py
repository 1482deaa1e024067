"""The inbox gathers what waits for me from every domain."""

from datetime import timedelta

from sqlalchemy.orm import Session

from ..circle import service as circle
from ..db import utcnow
from ..friends import service as friends
from ..introductions import service as introductions
from ..meetings import lists
from ..notes import service as notes
from ..people.models import Person
from ..review import service as review
from .schemas import Inbox

NEW_FOR = timedelta(days=7)  # how long a friend's ask or a reply to mine counts as new


def build(session: Session, *, viewer: Person, pending_days: int, tz_name: str | None) -> Inbox:
    scans = lists.scans_waiting(session, viewer=viewer, pending_days=pending_days)
    intros = introductions.list_mine(session, viewer=viewer, awaiting_only=True)
    due = notes.follow_ups_due(session, author=viewer)
    reviews = review.reviews_due(session, viewer=viewer, tz_name=tz_name)
    asks, replies = circle.inbox(session, viewer=viewer, since=utcnow() - NEW_FOR)
    return Inbox(
        scans_waiting=scans,
        introductions=intros,
        follow_ups_due=due,
        reviews_due=reviews,
        friends_of_friends=friends.friends_of_friends(session, viewer=viewer),
        asks=asks,
        ask_replies=replies,
        count=len(scans) + len(intros) + len(due) + len(reviews),
    )
