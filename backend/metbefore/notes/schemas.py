import uuid
from datetime import date
from typing import Annotated

from pydantic import Field

from ..schemas import Input, Text


class NoteCreate(Input):
    body: Annotated[Text, Field(min_length=1, max_length=5000)]
    follow_up_on: date | None = Field(default=None, description="A day to follow up.")
    event: Annotated[str, Field(max_length=80)] | None = Field(
        default=None, description="Slug of the event this note is about."
    )
    encounter_id: uuid.UUID | None = Field(default=None, description="One of our encounters.")


class NoteUpdate(Input):
    body: Annotated[Text, Field(min_length=1, max_length=5000)] | None = None
    follow_up_on: date | None = Field(
        default=None, description="Set a follow-up day; send null to clear it."
    )
