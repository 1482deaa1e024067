import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utcnow


class MergeProof(Base):
    """A short-lived, single-use proof that the keeper controls the absorbed account (the
    keeper verified one of its addresses): what POST /api/me/merge redeems."""

    __tablename__ = "merge_proofs"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    keeper_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    absorbed_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    expires_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
