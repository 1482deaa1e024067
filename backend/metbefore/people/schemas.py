import re
import uuid
from datetime import datetime
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, Field, StrictBool

from ..i18n import Language
from ..schemas import WHITESPACE, Input, Line, Output, Text, trim
from .models import Person

LinkKind = Literal["website", "mastodon", "bluesky", "linkedin", "facebook", "x"]
# The profile fields a person may show to or hide from mutual friends (email: share_email).
FriendField = Literal["bio", "interests", "links", "other_names"]
FRIEND_FIELDS: tuple[FriendField, ...] = ("bio", "interests", "links", "other_names")
# Rendered as a link by clients: only http(s) URLs with a host, or plain handles; never
# javascript: or markup. The schema carries the same pattern (whitespace around allowed).
_LINK = (
    r"(https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#][^\x00-\x20\x7f<>\"'`\\{}|^]*)?"
    r"|@?[A-Za-z0-9_.-]+(@[A-Za-z0-9_.-]+)?)"
)


def _link(value: str) -> str:
    if not re.fullmatch(_LINK, trim(value)):
        raise ValueError("must be an http(s) URL or a handle such as @name@host")
    return value


LinkValue = Annotated[
    Line,
    Field(
        min_length=1,
        max_length=300,
        json_schema_extra={"pattern": rf"^[{WHITESPACE}]*{_LINK}[{WHITESPACE}]*$"},
    ),
    AfterValidator(_link),
]
Interest = Annotated[Line, Field(min_length=1, max_length=40)]
OtherName = Annotated[Line, Field(min_length=1, max_length=120)]


def _distinct(values: list[str]) -> list[str]:
    """Each value once (whatever its case), in the order given."""
    distinct: dict[str, str] = {}
    for value in values:
        distinct.setdefault(trim(value).casefold(), value)
    return list(distinct.values())


def friend_fields(person: Person) -> list[str]:
    """The friend-level fields this person shows their mutual friends."""
    return list(FRIEND_FIELDS) if person.friend_fields is None else list(person.friend_fields)


class PersonUpdate(Input):
    display_name: Annotated[Line, Field(min_length=1, max_length=120)] | None = None
    other_names: (
        Annotated[list[OtherName], Field(max_length=5), AfterValidator(_distinct)] | None
    ) = Field(
        default=None,
        description="Names I also go by (romanised, former, a nickname): my friends see "
        "them and find me by them.",
    )
    pronouns: Annotated[Line, Field(max_length=40)] | None = None
    affiliation: Annotated[Line, Field(max_length=160)] | None = None
    title: Annotated[Line, Field(max_length=160)] | None = None
    bio: Annotated[Text, Field(max_length=2000)] | None = None
    interests: Annotated[list[Interest], Field(max_length=20), AfterValidator(_distinct)] | None = (
        None
    )
    links: dict[LinkKind, LinkValue] | None = None
    photo_on_badge: StrictBool | None = Field(
        default=None, description="Show my photo to people who scan my badge."
    )
    share_email: StrictBool | None = Field(
        default=None, description="Show my email address to my mutual friends."
    )
    friend_fields: (
        Annotated[list[FriendField], Field(max_length=4), AfterValidator(lambda v: sorted(set(v)))]
        | None
    ) = Field(
        default=None,
        description="Which of bio, interests, links and other names my mutual friends see; "
        "[] hides all.",
    )
    language: Language | None = Field(
        default=None, description="The language of the app and of my mail (BCP 47)."
    )
    digest: StrictBool | None = Field(
        default=None, description="Mail me a weekly digest of my friends' news and asks."
    )


class NowRead(Output):
    """A short line of what someone is up to, and since when."""

    text: str
    at: datetime

    @classmethod
    def of(cls, person: Person) -> "NowRead | None":
        if person.now_text is None or person.now_at is None:
            return None
        return cls(text=person.now_text, at=person.now_at)


def photo_url(person: Person) -> str | None:
    if not person.photo_version:
        return None
    return f"/api/people/{person.id}/photo?v={person.photo_version}"


class MeRead(Output):
    id: uuid.UUID
    email: str
    display_name: str
    other_names: list[str]
    pronouns: str
    affiliation: str
    title: str
    bio: str
    interests: list[str]
    links: dict[str, str]
    photo_on_badge: bool
    share_email: bool
    friend_fields: list[FriendField]
    photo_url: str | None
    language: Language | None
    now: NowRead | None = Field(description="My current line, as my friends see it.")
    digest: bool
    created_at: datetime

    @classmethod
    def of(cls, person: Person) -> Self:
        computed = {
            "photo_url": photo_url(person),
            "friend_fields": friend_fields(person),
            "now": NowRead.of(person),
        }
        return cls.model_validate(
            {
                **{k: getattr(person, k) for k in cls.model_fields if k not in computed},
                **computed,
            }
        )


class PersonView(Output):
    """What one person sees of another: badge fields to anyone who scanned them, the rest
    only to mutual friends, as far as the person shows it (null otherwise)."""

    id: uuid.UUID
    display_name: str
    pronouns: str
    affiliation: str
    title: str
    photo_url: str | None
    bio: str | None = None
    interests: list[str] | None = None
    links: dict[str, str] | None = None
    other_names: list[str] | None = None
    email: str | None = None
    now: NowRead | None = Field(
        default=None, description="What they are up to now: for mutual friends only."
    )

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
            shown = friend_fields(person)
            view.bio = person.bio if "bio" in shown else None
            view.interests = list(person.interests) if "interests" in shown else None
            view.links = dict(person.links) if "links" in shown else None
            view.other_names = list(person.other_names) if "other_names" in shown else None
            view.email = person.email if person.share_email else None
            view.now = NowRead.of(person)
        return view
