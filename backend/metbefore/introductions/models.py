import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utcnow

STANDING = text("NOT (a_answer = 'accepted' AND b_answer = 'accepted')")


class Introduction(Base):
    """One person introduces two of their friends; both must accept (double opt-in)."""

    __tablename__ = "introductions"
    __table_args__ = (
        Index("ix_introductions_pair", "a_id", "b_id"),
        # One open (or declined) introduction per pair, also when two are sent at once.
        Index(
            "uq_introductions_standing_pair",
            "a_id",
            "b_id",
            unique=True,
            sqlite_where=STANDING,
            postgresql_where=STANDING,
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    introducer_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    a_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    b_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    # The ask of one of the two that this introduction answers, if any.
    ask_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("asks.id", ondelete="SET NULL"), index=True
    )
    a_answer: Mapped[str] = mapped_column(
        String(16), default="pending"
    )  # pending|accepted|declined
    b_answer: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
