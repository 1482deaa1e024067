import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from ..meetings.schemas import PersonRef
from ..people.schemas import NowRead, PersonView
from ..schemas import Input, IsoDate, Line, Output, Text

MAX_ASK_DAYS = 30


class NowUpdate(Input):
    text: Annotated[Line, Field(min_length=1, max_length=280)] = Field(
        description="What I am up to, in a line: my mutual friends see it."
    )


class NewsItem(Output):
    person: PersonView
    now: NowRead


class NewsPage(Output):
    items: list[NewsItem] = Field(description="My friends' current lines, newest first.")
    next: str | None = Field(description="Pass as ?before= for the lines before these.")


class AskCreate(Input):
    text: Annotated[Text, Field(min_length=1, max_length=1000)] = Field(
        description="What I am looking for; only my mutual friends read it."
    )
    expires_on: IsoDate | None = Field(
        default=None,
        description=f"The last day it is open: today to {MAX_ASK_DAYS} days ahead "
        f"(default {MAX_ASK_DAYS}).",
    )


class ReplyCreate(Input):
    text: Annotated[Text, Field(min_length=1, max_length=1000)] = Field(
        description="My answer: only the asker reads it."
    )


class ReplyRead(Output):
    id: uuid.UUID
    ask_id: uuid.UUID
    author: PersonRef
    text: str
    created_at: datetime


class AskRead(Output):
    id: uuid.UUID
    asker: PersonRef
    text: str
    expires_on: date
    open: bool
    mine: bool
    replies: list[ReplyRead] = Field(
        description="To the asker: every reply. To a friend: only their own."
    )
    created_at: datetime


class AskList(Output):
    mine: list[AskRead] = Field(description="My asks of the last 90 days, newest first.")
    friends: list[AskRead] = Field(
        description="My friends' open asks (not those I muted), newest first."
    )


class AskRef(Output):
    """An introduction's ask, to the asker and the introducer (nobody else reads it)."""

    id: uuid.UUID
    text: str


class Unsubscribed(Output):
    unsubscribed: bool


class NowExport(Output):
    text: str
    created_at: datetime


class CircleExport(Output):
    now_lines: list[NowExport] = Field(description="Every line I wrote, current and earlier.")
    asks: list[AskRead] = Field(description="My asks with the replies to them.")
    replies: list[ReplyRead] = Field(description="My replies to friends' asks.")
