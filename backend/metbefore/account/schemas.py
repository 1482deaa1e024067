import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from ..auth.schemas import Code
from ..circle.schemas import CircleExport
from ..events.refs import EventRef
from ..introductions.schemas import IntroductionRead
from ..meetings.schemas import MetAt, PersonRef
from ..notes.schemas import NoteRead
from ..passkeys.schemas import PasskeyRead
from ..people.schemas import MeRead
from ..schemas import Input, Output


class AccountDelete(Input):
    code: Code = Field(description="The code mailed by POST /api/me/delete-code.")


class DeleteCodeSent(Output):
    status: str = "sent"
    message: str = "A confirmation code is on its way to your address."


class BadgeExport(Output):
    id: uuid.UUID
    event: EventRef | None
    token: str
    created_at: datetime
    revoked_at: datetime | None


class EventExport(Output):
    event: EventRef
    registered_as: str | None = Field(description="Null: organizer only.")
    organizer: bool


class EncounterExport(Output):
    id: uuid.UUID
    scanned_by_me: bool
    person: PersonRef = Field(description="Whom I scanned, or who scanned me.")
    client_id: uuid.UUID | None = Field(description="Only on my own scans.")
    at: datetime
    place: str
    event: EventRef | None


class ConnectionExport(Output):
    person: PersonRef
    status: Literal["pending", "mutual"]
    i_scanned: bool
    they_scanned: bool
    times_met: int
    first_met: MetAt | None
    last_met: MetAt | None
    introduced_by: PersonRef | None
    confirmed_at: datetime | None
    ignored_at: datetime | None
    created_at: datetime


class NoteExport(NoteRead):
    photo_jpeg_base64: str | None


class SessionExport(Output):
    browser: str = Field(description='As the devices list names it, e.g. "Chrome on Android".')
    network: str
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime


class MergedAccountExport(Output):
    display_name: str
    email: str
    merged_at: datetime


class AccountExport(Output):
    """Everything the service holds about me. Notes others wrote about me are theirs and
    are not included; nor are scans of me by people I have no connection with."""

    exported_at: datetime
    profile: MeRead
    addresses: list[str] = Field(description="Every verified address, the primary first.")
    merged_accounts: list[MergedAccountExport] = Field(
        description="Accounts of mine merged into this one."
    )
    photo_jpeg_base64: str | None
    badges: list[BadgeExport]
    events: list[EventExport]
    encounters: list[EncounterExport]
    connections: list[ConnectionExport]
    notes: list[NoteExport] = Field(description="The notes I wrote.")
    introductions: list[IntroductionRead]
    circle: CircleExport = Field(description="My now lines, my asks and my replies.")
    blocked: list[PersonRef] = Field(description="People I blocked.")
    sessions: list[SessionExport]
    passkeys: list[PasskeyRead] = Field(
        description="My passkeys (their public keys, which only verify, are not included)."
    )
