import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utcnow


class NowLine(Base):
    """Every line a person wrote about what they are up to. The current one is also on
    the person (people.now_text), where friends read it; earlier ones are for its author."""

    __tablename__ = "now_lines"
    __table_args__ = (Index("ix_now_lines_person_created", "person_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(280))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Ask(Base):
    """A call for help to the asker's mutual friends, open until it expires or is closed."""

    __tablename__ = "asks"
    __table_args__ = (Index("ix_asks_asker_created", "asker_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    asker_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    expires_on: Mapped[date] = mapped_column(Date, index=True)
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AskReply(Base):
    """A friend's private answer: only the asker (and its author) read it."""

    __tablename__ = "ask_replies"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    ask_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("asks.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AskMute(Base):
    """The muter no longer sees the muted friend's asks; the muted one is never told."""

    __tablename__ = "ask_mutes"

    muter_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    muted_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DigestSent(Base):
    """A week's digest went to this person: sending again that week sends nothing."""

    __tablename__ = "digests_sent"

    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    week: Mapped[date] = mapped_column(Date, primary_key=True)  # its Monday
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
