import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, LargeBinary, String, Text, event, false, inspect
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..db import Base, utcnow
from . import folding

# What the search texts are made of: a change to any of them through the ORM remakes both
# (_refold); a Core UPDATE of them must set the texts itself (_search_texts).
SEARCHED = ("display_name", "affiliation", "other_names", "friend_fields")


def _search_texts(values: dict[str, Any]) -> dict[str, str]:
    shown = values.get("friend_fields")
    return {
        "search_badge": folding.badge_text(
            display_name=values.get("display_name") or "",
            affiliation=values.get("affiliation") or "",
        ),
        "search_friends": folding.friend_text(
            other_names=values.get("other_names") or [],
            shown=shown is None or "other_names" in shown,
        ),
    }


def _on_insert(column: str) -> Any:
    """The column's value for an inserted row, from the row's own values: also for Core
    inserts (an attendee import, sign-in), which no ORM event sees."""

    def default(context: DefaultExecutionContext) -> str:
        values: dict[str, Any] = context.get_current_parameters()  # type: ignore[no-untyped-call]
        return _search_texts(values)[column]

    return default


class Person(Base):
    __tablename__ = "people"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    display_name: Mapped[str] = mapped_column(String(120), default="")
    # Names the person also goes by (romanised, former, nickname), shown to friends.
    other_names: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    pronouns: Mapped[str] = mapped_column(String(40), default="")
    affiliation: Mapped[str] = mapped_column(String(160), default="")
    title: Mapped[str] = mapped_column(String(160), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    interests: Mapped[list[str]] = mapped_column(JSON, default=list)
    links: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    photo_on_badge: Mapped[bool] = mapped_column(Boolean, default=True)
    share_email: Mapped[bool] = mapped_column(Boolean, default=False)
    # Which friend-level fields (bio, interests, links, other_names) mutual friends see;
    # None: all.
    friend_fields: Mapped[list[str] | None] = mapped_column(JSON)
    # Changes with every upload so photo URLs can be cached forever.
    photo_version: Mapped[str | None] = mapped_column(String(32))
    # What I am up to now, for my mutual friends (earlier lines: circle.models.NowLine).
    now_text: Mapped[str | None] = mapped_column(String(280))
    now_at: Mapped[datetime | None]
    # The weekly digest by mail, opt-in.
    digest: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Folded for search (see folding.stored), kept in step with SEARCHED: what anyone who
    # may see the badge fields searches (name, affiliation), and what only friends do.
    # Deferred: only SQL reads them, and every signed-in request loads its Person.
    search_badge: Mapped[str] = mapped_column(
        Text, default=_on_insert("search_badge"), server_default="", deferred=True
    )
    search_friends: Mapped[str] = mapped_column(
        Text, default=_on_insert("search_friends"), server_default="", deferred=True
    )
    # The language chosen on the Profile screen (i18n.LOCALES), which mail follows; None:
    # the browser's (Accept-Language) until a choice is made.
    language: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


@event.listens_for(Session, "before_flush")
def _refold(session: Session, *_: Any) -> None:
    """Every ORM change of a searched field (profile edits, imports) remakes the texts."""
    for person in session.dirty:
        if not isinstance(person, Person):
            continue
        state = inspect(person)
        if any(state.attrs[name].history.has_changes() for name in SEARCHED):
            texts = _search_texts({name: getattr(person, name) for name in SEARCHED})
            for column, text in texts.items():
                setattr(person, column, text)


class PersonPhoto(Base):
    """Re-encoded JPEGs in the database, so every app host can serve them."""

    __tablename__ = "person_photos"

    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    large: Mapped[bytes] = mapped_column(LargeBinary)
    small: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class PersonEmail(Base):
    """A verified address of an account: an address belongs to one account only (unique
    here). Only verified addresses are rows: an addition waiting for its code reserves
    nothing. The primary address, where mail goes, is the one in people.email."""

    __tablename__ = "person_emails"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # Where it came from: signup (a sign-in or an import made the account), added (by
    # code), merged (from an account merged into this one).
    origin: Mapped[str] = mapped_column(String(16), default="signup")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MergedAccount(Base):
    """An account merged into another (merge/): what the keeper's export tells, and the id
    that an old link or a phone's copy may still name, which leads to the keeper. Kept
    with people, as every domain that finds a person by id may meet one."""

    __tablename__ = "merged_accounts"

    absorbed_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    into_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    display_name: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(254))
    merged_at: Mapped[datetime] = mapped_column(default=utcnow)
