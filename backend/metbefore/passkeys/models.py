"""Passkeys (WebAuthn credentials) and the challenges of their ceremonies."""

import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utcnow


class Passkey(Base):
    """A discoverable credential a person signs in with. Only its public key is kept."""

    __tablename__ = "passkeys"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    # The authenticator's id for it (up to 1,023 bytes by the spec); unique across accounts:
    # a credential signs one person in.
    credential_id: Mapped[bytes] = mapped_column(LargeBinary, unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)  # COSE
    # The last signature counter seen; synced passkeys always report 0.
    sign_count: Mapped[int] = mapped_column(Integer, default=0)
    transports: Mapped[list[str]] = mapped_column(JSON, default=list)
    aaguid: Mapped[str] = mapped_column(String(36), default="")
    backed_up: Mapped[bool] = mapped_column(Boolean, default=False)
    name: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]


class PasskeyChallenge(Base):
    """A challenge handed to a browser: used once, within minutes, by the browser it was
    handed to (its session for a registration, a cookie of its own for a sign-in). In the
    database, so any worker can check what another issued."""

    __tablename__ = "passkey_challenges"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    challenge_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(16))  # register | signin
    # The hash of what ties it to one browser: the session token (register) or the
    # passkey cookie (sign-in).
    binding_hash: Mapped[str] = mapped_column(String(64))
    # Who registers (NULL for a sign-in, where nobody is known yet).
    person_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    expires_at: Mapped[datetime] = mapped_column(index=True)
