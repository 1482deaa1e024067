import uuid
from datetime import datetime
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from ..circle.schemas import AskRef
from ..meetings.schemas import PersonRef
from ..people.schemas import PersonView
from ..schemas import Input, Output, Text

Answer = Literal["pending", "accepted", "declined"]


class IntroductionCreate(Input):
    first_id: uuid.UUID = Field(description="One of my mutual friends.")
    second_id: uuid.UUID = Field(description="Another of my mutual friends.")
    message: Annotated[Text, Field(min_length=1, max_length=1000)] = Field(
        description="Why these two should meet; both read it."
    )
    ask_id: uuid.UUID | None = Field(
        default=None,
        description="A friend's open ask this answers: the asker must be one of the two.",
    )

    @model_validator(mode="after")
    def _two_people(self) -> Self:
        if self.first_id == self.second_id:
            raise ValueError("introduce two different people")
        return self


class IntroductionRead(Output):
    id: uuid.UUID
    introducer: PersonRef | None = Field(description="Null when the introducer left.")
    people: list[PersonRef] = Field(description="The two people introduced.")
    other: PersonView | None = Field(
        description="To one of the two: the person I am introduced to. Badge fields until "
        "both accept, then what friends see."
    )
    message: str
    ask: AskRef | None = Field(
        default=None,
        description="The ask it answers: shown to the asker and the introducer only.",
    )
    my_answer: Answer | None = Field(description="Null for the introducer.")
    status: Literal["open", "accepted", "declined"] = Field(
        description="accepted once both accepted; declined only to the one who declined "
        "(nobody else learns of a decline)."
    )
    created_at: datetime
