import uuid
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utcnow


class Meeting(Base):
    """What people remember: the scans of one pair within SAME_MEETING of each other, for
    at most LONGEST_MEETING (history.one_meeting). The
    card reads meetings, never scans, so it costs the same however often a badge was read.
    A meeting made in silence (see Encounter.silent) is its scanner's alone."""

    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint("a_id < b_id", name="ordered_meeting_pair"),
        Index("ix_meetings_pair", "a_id", "b_id", "started_at"),
        Index("ix_meetings_pair_event", "a_id", "b_id", "event_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    a_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    b_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime]
    event_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    place: Mapped[str] = mapped_column(String(200), default="")
    a_scanned: Mapped[bool] = mapped_column(Boolean, default=False)
    b_scanned: Mapped[bool] = mapped_column(Boolean, default=False)
    silent: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Encounter(Base):
    """One scan. (scanner_id, client_id) is unique, so a resent scan records nothing new;
    the scan is kept to answer a replay, and belongs to one meeting."""

    __tablename__ = "encounters"
    __table_args__ = (
        UniqueConstraint("scanner_id", "client_id"),
        Index("ix_encounters_pair", "scanner_id", "scanned_id", "met_at"),
        Index("ix_encounters_scanned_pair", "scanned_id", "scanner_id", "met_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    client_id: Mapped[uuid.UUID]
    scanner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    scanned_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    badge_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("badges.id", ondelete="SET NULL"))
    event_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    met_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(200), default="")
    # Kept so that a replayed scan is answered exactly as the original was.
    first_meeting: Mapped[bool] = mapped_column(Boolean)
    # Made while the scanned person had blocked the scanner: the scanner's alone, forever,
    # also after an unblock (the other side never sees it: see shared_with).
    silent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Connection(Base):
    """The one row of an unordered pair: a_id < b_id, enforced by the database."""

    __tablename__ = "connections"
    __table_args__ = (
        UniqueConstraint("a_id", "b_id"),
        CheckConstraint("a_id < b_id", name="ordered_pair"),
        Index("ix_connections_b_id", "b_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    a_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    b_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | mutual
    a_scanned: Mapped[bool] = mapped_column(Boolean, default=False)
    b_scanned: Mapped[bool] = mapped_column(Boolean, default=False)
    meeting_count: Mapped[int] = mapped_column(Integer, default=0)
    # How many events the pair's shared (not silent) meetings were at.
    event_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    first_met_at: Mapped[datetime | None]
    first_place: Mapped[str] = mapped_column(String(200), default="")
    first_event_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL")
    )
    last_met_at: Mapped[datetime | None]
    last_place: Mapped[str] = mapped_column(String(200), default="")
    last_event_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL")
    )
    introduced_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    ignored_at: Mapped[datetime | None]
    confirmed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Block(Base):
    __tablename__ = "blocks"

    blocker_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    blocked_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
