import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utcnow


class Badge(Base):
    """A QR credential: personal (event_id is NULL) or for one event."""

    __tablename__ = "badges"
    __table_args__ = (
        # Each registration has exactly one live event badge; reissuing revokes the old one.
        Index(
            "uq_badges_active_event",
            "person_id",
            "event_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL AND event_id IS NOT NULL"),
            postgresql_where=text("revoked_at IS NULL AND event_id IS NOT NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    token: Mapped[str] = mapped_column(String(64))
    # Lookups go by the SHA-256 of the token: no timing signal about stored tokens, and
    # friends' phones recognise a badge from the same hash.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
