"""Server-side sessions: a random token in an HttpOnly cookie, its hash in the database,
ended on sign-out, on account deletion and on a merge."""

import uuid
from datetime import timedelta

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from ..config import Settings
from ..db import utcnow
from ..people.models import Person
from ..security import new_token, sha256_hex
from .models import AuthSession


def start_session(session: Session, *, settings: Settings, person_id: uuid.UUID) -> str:
    now = utcnow()
    session.execute(  # this person's ended sessions go now, so the table stays small
        delete(AuthSession).where(AuthSession.person_id == person_id, AuthSession.expires_at <= now)
    )
    token = new_token()
    session.add(
        AuthSession(
            token_hash=sha256_hex(token),
            person_id=person_id,
            created_at=now,
            expires_at=now + timedelta(days=settings.session_days),
        )
    )
    return token


# Built once: every signed-in request runs it (see meetings/pairs.py on why).
_PERSON_FOR_TOKEN = (
    select(Person)
    .join(AuthSession, AuthSession.person_id == Person.id)
    .where(
        AuthSession.token_hash == bindparam("token_hash"), AuthSession.expires_at > bindparam("now")
    )
)


def person_for_token(session: Session, *, token: str) -> Person | None:
    return session.scalars(
        _PERSON_FOR_TOKEN, {"token_hash": sha256_hex(token), "now": utcnow()}
    ).first()


def end_session(session: Session, *, token: str) -> None:
    session.execute(delete(AuthSession).where(AuthSession.token_hash == sha256_hex(token)))
