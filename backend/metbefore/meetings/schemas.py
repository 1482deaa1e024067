import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from ..events.refs import EventRef
from ..notes.schemas import NoteRead
from ..people.schemas import NowRead, PersonView
from ..schemas import Input, IsoDateTime, Line, Output


class ScanCreate(Input):
    client_id: uuid.UUID = Field(description="Made by the client; a resend records nothing new.")
    token: Annotated[str, Field(min_length=1, max_length=200)] = Field(
        description="The badge token, or the whole badge URL as read from the QR code."
    )
    scanned_at: IsoDateTime | None = Field(
        default=None,
        description="When the scan happened (offline scans arrive later). Clamped to the "
        "last 30 days, never in the future. Needs a time zone.",
    )
    place: Annotated[Line, Field(max_length=200)] = ""
    event: Annotated[str, Field(max_length=80)] | None = Field(
        default=None, description="Slug of the event the scanner is at, for personal badges."
    )


class MetAt(Output):
    at: datetime
    place: str
    event: EventRef | None

    @classmethod
    def of(
        cls,
        at: datetime | None,
        place: str,
        event_id: uuid.UUID | None,
        events: dict[uuid.UUID, EventRef],
    ) -> "MetAt | None":
        """The meeting at `at`, if there was one, its event named from `events`."""
        if at is None:
            return None
        return cls(at=at, place=place, event=events.get(event_id) if event_id else None)


class EncounterRead(Output):
    id: uuid.UUID
    client_id: uuid.UUID | None = Field(description="Only on my own scans.")
    at: datetime
    place: str
    event: EventRef | None
    scanned_by_me: bool


class MeetingRead(Output):
    """One meeting: however many scans it took, from the first to the last of them."""

    id: uuid.UUID
    started_at: datetime
    ended_at: datetime
    place: str
    event: EventRef | None
    i_scanned: bool
    they_scanned: bool


class EventMeetings(Output):
    event: EventRef | None
    meetings: list[MeetingRead]


class MeetingPage(Output):
    items: list[MeetingRead] = Field(description="Newest first.")
    next: str | None = Field(description="Pass as ?before= for the meetings before these.")


class PersonRef(Output):
    id: uuid.UUID
    display_name: str


class Relationship(Output):
    status: Literal["none", "pending", "mutual"]
    i_scanned: bool
    they_scanned: bool
    times_met: int = Field(description="Meetings, however many scans each took.")
    events_together: int
    first_met: MetAt | None
    last_met: MetAt | None
    meetings_by_event: list[EventMeetings] = Field(
        description="The most recent meetings (at most 20), grouped by event, newest first."
    )
    earlier_meetings: str | None = Field(
        description="Cursor for GET /api/people/{id}/meetings?before= when there are more."
    )
    introduced_by: PersonRef | None


class MutualFriends(Output):
    count: int
    some: list[PersonRef]


class Starters(Output):
    """A few things to open the next conversation with, from what is known already; the
    client words them (in the person's language)."""

    now: NowRead | None = Field(description="Their current line (friends only).")
    last_note: str | None = Field(description="What I noted last time, if anything.")
    last_met: MetAt | None
    months_since_last_met: int | None = Field(description="Whole months since we last met.")
    shared_interests: list[str]
    mutual_friends: list[PersonRef] = Field(description="A few of them.")


class Card(Output):
    """Everything the app needs to render the "met before" card of one person."""

    person: PersonView
    relationship: Relationship
    notes: list[NoteRead] = Field(
        description="My own newest notes about this person (at most 20), newest first."
    )
    older_notes: str | None = Field(
        description="Cursor for GET /api/people/{id}/notes?before= when there are more."
    )
    follow_ups_due: list[NoteRead] = Field(description="At most 20, the earliest due first.")
    mutual_friends: MutualFriends
    events_in_common: list[EventRef]
    shared_interests: list[str]
    starters: Starters


class ScanResult(Output):
    encounter: EncounterRead
    first_meeting: bool = Field(description="False: you've met before.")
    replayed: bool = Field(description="True when this client_id was already recorded.")
    card: Card


class InboxScan(Output):
    person: PersonView
    scanned_at: datetime | None
    place: str
    event: EventRef | None


class PersonSummary(Output):
    person: PersonView
    status: Literal["pending", "mutual"]
    times_met: int
    last_met: MetAt | None


class PersonPage(Output):
    items: list[PersonSummary]
    total: int
    limit: int
    offset: int


class BlockRead(Output):
    person: PersonView = Field(description="Badge fields only (no photo).")
    blocked_at: datetime
