import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, Field

from ..events.refs import EventRef
from ..schemas import Input, IsoDate, Line, Output, Text, trim


def _distinct(tags: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for tag in tags:
        seen.setdefault(trim(tag).casefold(), tag)
    return list(seen.values())


Tag = Annotated[Line, Field(min_length=1, max_length=40)]
Tags = Annotated[
    list[Tag],
    Field(max_length=10, description='Short labels of my own, e.g. "hiring".'),
    AfterValidator(_distinct),
]


class NoteCreate(Input):
    client_id: uuid.UUID | None = Field(
        default=None, description="Made by the client; sending it again stores nothing new."
    )
    body: Annotated[Text, Field(min_length=1, max_length=5000)]
    follow_up_on: IsoDate | None = Field(default=None, description="A day to follow up.")
    event: Annotated[str, Field(max_length=80)] | None = Field(
        default=None, description="Slug of the event this note is about."
    )
    encounter_id: uuid.UUID | None = Field(default=None, description="One of our encounters.")
    tags: Tags = []


class NoteUpdate(Input):
    body: Annotated[Text, Field(min_length=1, max_length=5000)] | None = None
    follow_up_on: IsoDate | None = Field(
        default=None, description="Set a follow-up day; send null to clear it."
    )
    tags: Tags | None = Field(default=None, description="Replace the tags; [] clears them.")


class NoteRead(Output):
    id: uuid.UUID
    subject_id: uuid.UUID | None
    subject_name: str
    body: str
    event: EventRef | None = None
    encounter_id: uuid.UUID | None
    follow_up_on: date | None
    tags: list[str]
    photo_url: str | None = Field(description="My photo on this note (JPEG), if any.")
    created_at: datetime
    updated_at: datetime


class NotePage(Output):
    items: list[NoteRead] = Field(description="Newest first.")
    next: str | None = Field(description="Pass as ?before= for the notes before these.")
