import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, column_property, mapped_column

from ..db import Base, utcnow


class Note(Base):
    """Private text about a person; only its author ever sees it."""

    __tablename__ = "notes"
    __table_args__ = (
        Index("ix_notes_author_subject", "author_id", "subject_id", "created_at"),
        UniqueConstraint("author_id", "client_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    # Made by the client (a note written offline waits in the outbox): sent again, it is
    # the same note.
    client_id: Mapped[uuid.UUID | None]
    # SET NULL: when the subject deletes their account, the author keeps the note under
    # the name they knew.
    subject_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    subject_name: Mapped[str] = mapped_column(String(120), default="")
    body: Mapped[str] = mapped_column(Text)
    event_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    encounter_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("encounters.id", ondelete="SET NULL")
    )
    follow_up_on: Mapped[date | None] = mapped_column(Date)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # One photo of the author's (a selfie together, the booth): re-encoded JPEG. Loaded only
    # when asked for: lists of notes need just whether there is one.
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True, deferred_raiseload=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    has_photo: Mapped[bool] = column_property(photo.is_not(None))
