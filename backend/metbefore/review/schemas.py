from datetime import date, datetime
from typing import Literal

from pydantic import Field

from ..events.refs import EventRef
from ..meetings.schemas import PersonRef
from ..notes.schemas import NoteRead
from ..people.schemas import PersonView
from ..schemas import Output


class MetPerson(Output):
    person: PersonView
    status: Literal["none", "pending", "mutual"]
    first_at: datetime = Field(description="Our first encounter of the day.")
    place: str
    event: EventRef | None
    notes: list[NoteRead] = Field(description="My notes about them written since the day began.")
    has_note: bool = Field(description="False: the review still waits for a note.")


class MetToday(Output):
    day: date
    timezone: str
    event: EventRef | None
    people: list[MetPerson]


class ReviewDue(Output):
    """One reminder per day (and event) while people I met that day have no note."""

    day: date
    timezone: str
    event: EventRef | None
    people_without_note: list[PersonRef]
