"""Passwordless sign-in: codes and links by mail, server-side sessions."""

import secrets
import uuid
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ..badges import service as badges
from ..config import Settings
from ..db import utcnow
from ..errors import DomainError
from ..mailer import send_mail
from ..people.models import Person
from ..ratelimit import Limiter
from ..security import keyed_hash, new_token, same, sha256_hex
from .models import AuthSession, SignInCode


class CodeInvalid(DomainError):
    status, code = 401, "code_invalid"
    message = "That code or link is wrong, used or expired. Ask for a new one."


def _code_hash(settings: Settings, email: str, code: str) -> str:
    return keyed_hash(settings.secret_key, f"{email}:{code}")


def _issue_code(session: Session, *, settings: Settings, email: str) -> tuple[str, str]:
    code = f"{secrets.randbelow(1_000_000):06d}"
    token = new_token()
    session.add(
        SignInCode(
            email=email,
            code_hash=_code_hash(settings, email, code),
            link_hash=sha256_hex(token),
            expires_at=utcnow() + timedelta(minutes=settings.code_minutes),
        )
    )
    session.flush()
    return code, token


def sign_in_link(settings: Settings, token: str) -> str:
    return f"{settings.base_url}/signin#token={token}"


def request_sign_in(
    session: Session, *, settings: Settings, limiter: Limiter, email: str, ip: str
) -> None:
    """Mail a code and a link. Same answer whether or not the address has an account."""
    limiter.hit(f"mail-ip:{ip}", limit=settings.signin_mails_per_ip_per_hour, seconds=3600)
    limiter.hit(f"mail:{email}", limit=settings.signin_mails_per_hour, seconds=3600)
    code, token = _issue_code(session, settings=settings, email=email)
    send_mail(
        settings,
        to=email,
        subject=f"Your Met Before sign-in code: {code}",
        body=(
            f"Your sign-in code is {code}\n\n"
            "Or open this link on the device you want to sign in on:\n"
            f"{sign_in_link(settings, token)}\n\n"
            f"Both work once and expire in {settings.code_minutes} minutes. "
            "If you did not ask for this, ignore this mail."
        ),
    )


def login_link(session: Session, *, settings: Settings, email: str) -> str:
    """For operators: a link that signs in (and, the first time, creates) this person."""
    _, token = _issue_code(session, settings=settings, email=email)
    return sign_in_link(settings, token)


def verify(
    session: Session,
    *,
    settings: Settings,
    limiter: Limiter,
    ip: str,
    email: str | None,
    code: str | None,
    token: str | None,
) -> tuple[Person, str]:
    """Exchange a code (with its email) or a link token for a new session token."""
    limiter.hit(f"verify-ip:{ip}", limit=60, seconds=600)
    now = utcnow()
    if token:
        found = session.scalars(
            select(SignInCode).where(
                SignInCode.link_hash == sha256_hex(token),
                SignInCode.used_at.is_(None),
                SignInCode.expires_at > now,
            )
        ).first()
    else:
        assert email and code
        candidates = session.scalars(
            select(SignInCode)
            .where(
                SignInCode.email == email,
                SignInCode.used_at.is_(None),
                SignInCode.expires_at > now,
            )
            .order_by(SignInCode.created_at.desc())
        ).all()
        if not candidates:
            raise CodeInvalid()
        # Tries are counted against the newest code: a few wrong ones and it dies.
        limiter.hit(
            f"code:{candidates[0].id}",
            limit=settings.code_attempts,
            seconds=settings.code_minutes * 60,
            message="Too many wrong codes. Ask for a new one.",
        )
        wanted = _code_hash(settings, email, code)
        found = next((c for c in candidates if same(c.code_hash, wanted)), None)
    if found is None:
        raise CodeInvalid()
    # Single use: every outstanding code of this address dies with the one used.
    session.execute(
        update(SignInCode)
        .where(SignInCode.email == found.email, SignInCode.used_at.is_(None))
        .values(used_at=now)
    )
    person = session.scalars(select(Person).where(Person.email == found.email)).first()
    if person is None:
        person = Person(email=found.email, display_name=found.email.split("@")[0][:120])
        session.add(person)
        session.flush()
        badges.issue(session, person_id=person.id)  # everyone has a personal badge
    return person, start_session(session, settings=settings, person_id=person.id)


def start_session(session: Session, *, settings: Settings, person_id: uuid.UUID) -> str:
    token = new_token()
    session.add(
        AuthSession(
            token_hash=sha256_hex(token),
            person_id=person_id,
            expires_at=utcnow() + timedelta(days=settings.session_days),
        )
    )
    return token


def person_for_token(session: Session, *, token: str) -> Person | None:
    return session.scalars(
        select(Person)
        .join(AuthSession, AuthSession.person_id == Person.id)
        .where(AuthSession.token_hash == sha256_hex(token), AuthSession.expires_at > utcnow())
    ).first()


def end_session(session: Session, *, token: str) -> None:
    session.execute(delete(AuthSession).where(AuthSession.token_hash == sha256_hex(token)))
