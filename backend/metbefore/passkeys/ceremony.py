"""What registering and signing in share: the relying party, and the challenges.

The ceremonies are py_webauthn's (options, attestation and assertion checks); what is ours
is where challenges live (the database: any worker may get the answer), what ties a
challenge to the browser it was given to, and the counter policy (signin.py).

A refusal that follows a presented challenge is *returned*, not raised: the route commits
the challenge's removal first, so a challenge is spent by any answer, right or wrong.
"""

import json
import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import delete
from sqlalchemy.orm import Session
from webauthn import options_to_json
from webauthn.helpers import parse_client_data_json
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import AuthenticatorTransport

from ..config import Settings
from ..db import utcnow
from ..security import sha256_hex
from .models import PasskeyChallenge

REGISTER, SIGN_IN = "register", "signin"
CHALLENGE_SECONDS = 300  # also the browser's timeout: a ceremony past it is refused
# Anything a malformed credential may raise while it is taken apart (py_webauthn's own
# errors, bad base64 or CBOR, missing keys).
MALFORMED = (WebAuthnException, ValueError, KeyError, TypeError, IndexError)


def rp_id(settings: Settings) -> str:
    """The relying party: METBEFORE_BASE_URL's host (browsers take `localhost`, never an
    IP address such as 127.0.0.1)."""
    return (urlsplit(settings.base_url).hostname or "").lower()


def issue_challenge(
    session: Session,
    *,
    challenge: bytes,
    purpose: str,
    binding: str,
    person_id: uuid.UUID | None = None,
) -> None:
    now = utcnow()
    # Expired ones go now, so the table holds only what may still be answered.
    session.execute(delete(PasskeyChallenge).where(PasskeyChallenge.expires_at <= now))
    session.add(
        PasskeyChallenge(
            challenge_hash=sha256_hex(challenge.hex()),
            purpose=purpose,
            binding_hash=sha256_hex(binding),
            person_id=person_id,
            expires_at=now + timedelta(seconds=CHALLENGE_SECONDS),
        )
    )
    session.flush()


def spend_challenge(
    session: Session,
    *,
    client_data_json: bytes,
    purpose: str,
    binding: str,
    person_id: uuid.UUID | None = None,
) -> bytes | None:
    """The challenge this answer signed, removed (whoever removes it first wins), if it is
    live, of this purpose, this browser's and this person's; else None."""
    challenge = parse_client_data_json(client_data_json).challenge
    conditions = [
        PasskeyChallenge.challenge_hash == sha256_hex(challenge.hex()),
        PasskeyChallenge.purpose == purpose,
        PasskeyChallenge.binding_hash == sha256_hex(binding),
        PasskeyChallenge.expires_at > utcnow(),
    ]
    if person_id is not None:
        conditions.append(PasskeyChallenge.person_id == person_id)
    spent = session.execute(
        delete(PasskeyChallenge).where(*conditions).returning(PasskeyChallenge.id)
    ).first()
    return challenge if spent is not None else None


def options_dict(options: Any) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(options_to_json(options))
    return value


def known_transports(names: list[str]) -> list[AuthenticatorTransport]:
    known = {t.value for t in AuthenticatorTransport}
    return [AuthenticatorTransport(n) for n in names if n in known]
