import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator
from pydantic.json_schema import SkipJsonSchema

from ..meetings.schemas import PersonSummary
from ..schemas import Email, Input, IsoDate, Line, Output
from ..timezones import ZoneName
from .refs import EventRef

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

JoinPolicy = Literal["open", "import"]
Slug = Annotated[
    str,
    StringConstraints(min_length=2, max_length=80, pattern=SLUG_PATTERN),
    Field(description="Lower-case letters, digits and single hyphens, e.g. confx-2025."),
]


TimeZone = Annotated[
    ZoneName, Field(description="IANA time zone where the event happens, e.g. Europe/Lisbon.")
]
EventName = Annotated[Line, Field(min_length=1, max_length=200)]
City = Annotated[Line, Field(max_length=120)]
Venue = Annotated[Line, Field(max_length=200)]
JOIN_POLICY = (
    "open: anyone signed in who has the link may register; import: only the organizers' "
    "attendee import registers people."
)


class EventCreate(Input):
    slug: Slug
    name: EventName
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = Field(default=None, description="On or after starts_on.")
    timezone: TimeZone = "UTC"
    city: City = ""
    venue: Venue = ""
    join_policy: JoinPolicy = Field(default="open", description=JOIN_POLICY)


class EventUpdate(Input):
    """Only the fields sent change; the slug is fixed, as links and badges carry it.
    Dates may be null (unknown); the other fields may not."""

    # SkipJsonSchema: absent means unchanged, but the schema admits no null for these.
    name: EventName | SkipJsonSchema[None] = None
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    timezone: TimeZone | SkipJsonSchema[None] = None
    city: City | SkipJsonSchema[None] = None
    venue: Venue | SkipJsonSchema[None] = None
    join_policy: JoinPolicy | SkipJsonSchema[None] = Field(default=None, description=JOIN_POLICY)

    @model_validator(mode="after")
    def _no_null_text(self) -> "EventUpdate":
        for field in ("name", "timezone", "city", "venue", "join_policy"):
            if field in self.model_fields_set and getattr(self, field) is None:
                raise ValueError(f"{field} may not be null")
        return self


class EventRead(Output):
    slug: str
    name: str
    starts_on: date | None
    ends_on: date | None
    timezone: str
    city: str
    venue: str
    join_policy: JoinPolicy
    i_organize: bool
    i_attend: bool
    attendee_count: int | None = Field(description="Organizers only; null for others.")
    created_at: datetime


class OrganizerAdd(Input):
    email: Email = Field(
        description="The co-organizer's sign-in address. Without an account yet, one is "
        "made: they sign in with this address."
    )


class OrganizerRead(Output):
    person_id: uuid.UUID
    display_name: str
    email: str


class AttendeeRead(Output):
    person_id: uuid.UUID
    email: str
    display_name: str
    pronouns: str
    affiliation: str
    title: str
    role: str
    registered_at: datetime
    badge_id: uuid.UUID | None = Field(description="The live event badge.")
    badge_issued_at: datetime | None


class AttendeePage(Output):
    items: list[AttendeeRead]
    total: int
    limit: int
    offset: int


class FriendsAttending(Output):
    """People I have met before (mutual or pending) who are registered for the event."""

    event: EventRef
    count: int
    items: list[PersonSummary]


RowOutcome = Literal["created", "updated", "unchanged", "rejected"]


class ImportRow(Output):
    line: int = Field(description="Line in the file where the row starts; the header is 1.")
    email: str
    outcome: RowOutcome = Field(
        description="created: registered by this row; updated: already registered, role or "
        "profile changed; unchanged: nothing to do; rejected: see reason."
    )
    code: str | None = Field(
        default=None,
        description="Why the row was rejected: missing_email, invalid_email, "
        "duplicate_email, too_long, formula, invalid_cell or extra_cells.",
    )
    reason: str | None = None


class ImportReport(Output):
    rows: int = Field(description="Data rows read (blank lines are skipped).")
    created: int
    updated: int
    unchanged: int
    rejected: int
    new_people: int = Field(description="People who had no account and got one.")
    results: list[ImportRow] = Field(description="Every row's outcome, in file order.")


class VenueNetworkIn(Input):
    network: Annotated[str, StringConstraints(min_length=2, max_length=50)] = Field(
        description="The venue Wi-Fi's public addresses, as CIDR (203.0.113.0/24, "
        "2001:db8:5::/48) or one address; at most 4,096 IPv4 addresses (/20) or an IPv6 /48."
    )
    starts_on: IsoDate | None = Field(default=None, description="Default: the event's start.")
    ends_on: IsoDate | None = Field(default=None, description="Default: the event's end.")


class VenueNetworksPut(Input):
    networks: list[VenueNetworkIn] = Field(max_length=16, description="Replaces the list.")


class VenueNetworkRead(Output):
    network: str
    starts_on: date
    ends_on: date
    active: bool = Field(description="Today (in the event's time zone) is within its dates.")
    allowance_per_hour: int = Field(description="New accounts an hour from this network.")
    used_this_hour: int = Field(description="New accounts' codes asked from it this hour.")
    resets_in_seconds: int
