import re
import uuid
from datetime import datetime
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, Field, StrictBool

from ..schemas import Input, Line, Output
from .models import Person

LinkKind = Literal["website", "mastodon", "bluesky", "linkedin", "facebook", "x"]
_HANDLE = re.compile(r"^@?[\w.\-]+(@[\w.\-]+)?$")


def _link(value: str) -> str:
    # Rendered as a link by clients: only http(s) URLs or plain handles, never javascript:.
    if value.lower().startswith(("https://", "http://")) or _HANDLE.match(value):
        return value
    raise ValueError("must be an http(s) URL or a handle such as @name@host")


LinkValue = Annotated[Line, Field(min_length=1, max_length=300), AfterValidator(_link)]
Interest = Annotated[Line, Field(min_length=1, max_length=40)]


class PersonUpdate(Input):
    display_name: Annotated[Line, Field(min_length=1, max_length=120)] | None = None
    pronouns: Annotated[Line, Field(max_length=40)] | None = None
    affiliation: Annotated[Line, Field(max_length=160)] | None = None
    title: Annotated[Line, Field(max_length=160)] | None = None
    bio: Annotated[str, Field(max_length=2000)] | None = None
    interests: Annotated[list[Interest], Field(max_length=20)] | None = None
    links: dict[LinkKind, LinkValue] | None = None
    photo_on_badge: StrictBool | None = Field(
        default=None, description="Show my photo to people who scan my badge."
    )
    share_email: StrictBool | None = Field(
        default=None, description="Show my email address to my mutual friends."
    )


def photo_url(person: Person) -> str | None:
    if not person.photo_version:
        return None
    return f"/api/people/{person.id}/photo?v={person.photo_version}"


class MeRead(Output):
    id: uuid.UUID
    email: str
    display_name: str
    pronouns: str
    affiliation: str
    title: str
    bio: str
    interests: list[str]
    links: dict[str, str]
    photo_on_badge: bool
    share_email: bool
    photo_url: str | None
    created_at: datetime

    @classmethod
    def of(cls, person: Person) -> Self:
        return cls.model_validate(
            {
                **{k: getattr(person, k) for k in cls.model_fields if k != "photo_url"},
                "photo_url": photo_url(person),
            }
        )


class PersonView(Output):
    """What one person sees of another: badge fields to anyone who scanned them, the rest
    only to mutual friends (null otherwise)."""

    id: uuid.UUID
    display_name: str
    pronouns: str
    affiliation: str
    title: str
    photo_url: str | None
    bio: str | None = None
    interests: list[str] | None = None
    links: dict[str, str] | None = None
    email: str | None = None

    @classmethod
    def of(cls, person: Person, *, friend: bool) -> Self:
        view = cls(
            id=person.id,
            display_name=person.display_name,
            pronouns=person.pronouns,
            affiliation=person.affiliation,
            title=person.title,
            photo_url=photo_url(person) if friend or person.photo_on_badge else None,
        )
        if friend:
            view.bio = person.bio
            view.interests = list(person.interests)
            view.links = dict(person.links)
            view.email = person.email if person.share_email else None
        return view
