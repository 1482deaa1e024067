import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field

from ..events.refs import EventRef
from ..people.schemas import PersonView
from ..schemas import Input, IsoDateTime, Line, Output

MAX_MEMBERS = 12


class TableCreate(Input):
    name: Annotated[Line, Field(max_length=80)] = Field(
        default="",
        description='What the table is, e.g. "Dinner at Luigi\'s"; the place of its meetings.',
    )
    event: Annotated[str, Field(max_length=80)] | None = Field(
        default=None, description="Slug of the event the table is at."
    )


class TableAdd(Input):
    person_ids: list[uuid.UUID] = Field(
        min_length=1,
        max_length=MAX_MEMBERS,
        description="Members I met here. Each counts as my scan of their badge; adding "
        "someone again records nothing new. Ids not (or no longer) on my roster are skipped.",
    )
    added_at: IsoDateTime | None = Field(
        default=None,
        description="When I tapped (an add queued offline arrives later): an add made while "
        "the table was open still counts after it closed. Needs a time zone.",
    )


class TableMemberRead(Output):
    person: PersonView = Field(description="Badge fields only, as a scan shows them.")
    host: bool
    me: bool
    added_by_me: bool = Field(description="I added this person at this table.")


class TableRead(Output):
    """A table as its members see it: the people I may see at it, me first."""

    name: str
    event: EventRef | None
    url: str = Field(description="What the table's QR encodes: <BASE_URL>/t/<token>.")
    qr_svg: str = Field(description="The QR image of the url.")
    host: bool = Field(description="I opened this table (and may close it).")
    expires_at: datetime
    members: list[TableMemberRead]


class TableOpened(TableRead):
    token: str = Field(description="The table's code; only its hash is kept.")
