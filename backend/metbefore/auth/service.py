"""Passwordless sign-in: codes and links by mail, server-side sessions."""

import secrets
import uuid
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, delete, or_, select, update
from sqlalchemy.orm import Session

from .. import i18n, mail
from ..badges import service as badges
from ..config import Settings
from ..db import insert_for, utcnow
from ..errors import DomainError, Forbidden, TooManyRequests
from ..mail import Mail
from ..people import addresses
from ..people.models import Person
from ..ratelimit import Limiter
from ..security import keyed_hash, new_token, same, sha256_hex
from . import limits, sessions
from .models import SignInCode

SIGN_IN = "signin"
DELETE_ACCOUNT = "delete"  # a code that confirms deleting the account; it never signs in
ADD_ADDRESS = "address"  # proves an address to the account that asked; it never signs in


class CodeInvalid(DomainError):
    status, code = 401, "code_invalid"
    message = "That code or link is wrong, used or expired. Ask for a new one."


def _code_hash(settings: Settings, email: str, code: str, holder: uuid.UUID | None) -> str:
    # A code for an address added to an account is that account's alone: keyed with it.
    key = f"{email}:{code}" if holder is None else f"{email}:{holder}:{code}"
    return keyed_hash(settings.secret_key, key)


def _issue_code(
    session: Session,
    *,
    settings: Settings,
    email: str,
    purpose: str = SIGN_IN,
    holder: uuid.UUID | None = None,
) -> tuple[str, str, datetime]:
    now = utcnow()
    # Spent codes of this address go now: the table holds only what may still be used.
    session.execute(
        delete(SignInCode).where(
            SignInCode.email == email,
            or_(SignInCode.used_at.is_not(None), SignInCode.expires_at <= now),
        )
    )
    code = f"{secrets.randbelow(1_000_000):06d}"
    token = new_token()
    expires_at = now + timedelta(minutes=settings.code_minutes)
    session.add(
        SignInCode(
            email=email,
            purpose=purpose,
            code_hash=_code_hash(settings, email, code, holder),
            link_hash=sha256_hex(token),
            created_at=now,
            expires_at=expires_at,
        )
    )
    session.flush()
    return code, token, expires_at


def sign_in_link(settings: Settings, token: str) -> str:
    return f"{settings.base_url}/signin#token={token}"


def request_sign_in(
    session: Session,
    *,
    settings: Settings,
    limiter: Limiter,
    email: str,
    ip: str,
    language: i18n.Language,
) -> None:
    """Store a mail with a code and a link, to go once this commits; none when a new
    account's allowance of this network is spent (see limits.py). The work is the same
    either way, so that neither the answer nor its timing tells whether the address has
    an account. The mail speaks the account's language, else the request's."""
    mail_it = limits.may_mail_code(session, settings=settings, limiter=limiter, email=email, ip=ip)
    code, token, expires_at = _issue_code(session, settings=settings, email=email)
    owner = addresses.owner_of(session, email)
    lang = i18n.choose(owner.language if owner else None, language)
    if not mail_it:
        return  # the code is never sent, so it can never be used
    minutes = i18n.text(lang, "minutes", n=settings.code_minutes)
    mail.enqueue(
        session,
        Mail(
            to=email,
            subject=i18n.text(lang, "signin.subject", code=code),
            body=i18n.text(
                lang,
                "signin.body",
                code=code,
                link=sign_in_link(settings, token),
                minutes=minutes,
            ),
            expires_at=expires_at,
        ),
    )


def login_link(session: Session, *, settings: Settings, email: str) -> str:
    """For operators: a link that signs in (and, the first time, creates) this person."""
    _, token, _ = _issue_code(session, settings=settings, email=email)
    return sign_in_link(settings, token)


def _code_matching(
    session: Session,
    *,
    settings: Settings,
    limiter: Limiter,
    email: str,
    code: str,
    purpose: str = SIGN_IN,
    holder: uuid.UUID | None = None,
) -> SignInCode | None:
    """The live code of this address that matches. Every try counts against each live
    code; a code past its tries dies, even if a newer mail arrives meanwhile."""
    now = utcnow()
    candidates = session.scalars(
        select(SignInCode).where(
            SignInCode.email == email,
            SignInCode.purpose == purpose,
            SignInCode.used_at.is_(None),
            SignInCode.expires_at > now,
        )
    ).all()
    alive = [
        c
        for c in candidates
        if limiter.tries(f"code:{c.id}", until=c.expires_at) <= settings.code_attempts
    ]
    if candidates and not alive:
        retry_after = max(c.expires_at for c in candidates) - now
        raise TooManyRequests(
            int(retry_after.total_seconds()) + 1, "Too many wrong codes. Ask for a new one."
        )
    wanted = _code_hash(settings, email, code, holder)
    return next((c for c in alive if same(c.code_hash, wanted)), None)


def _person_for_email(session: Session, *, email: str) -> Person:
    """The person with this verified address (any of theirs), created (with a personal
    badge) the first time."""
    owner = addresses.owner_of(session, email)
    if owner is not None:
        return owner
    table = cast(Table, Person.__table__)
    # Tolerates a concurrent creation (another sign-in, an attendee import).
    created = session.scalar(
        insert_for(session, table)
        .values(id=uuid.uuid4(), email=email)
        .on_conflict_do_nothing(index_elements=["email"])
        .returning(table.c.id)
    )
    if created is not None:
        badges.issue(session, person_id=created)  # everyone has a personal badge
    person = session.scalars(select(Person).where(Person.email == email)).one()
    addresses.record(session, person_id=person.id, emails=[email])
    return person


def verify(
    session: Session,
    *,
    settings: Settings,
    limiter: Limiter,
    ip: str,
    user_agent: str,
    email: str | None,
    code: str | None,
    token: str | None,
) -> tuple[Person, str]:
    """Exchange a code (with its email) or a link token for a new session token."""
    limits.check_failures(settings=settings, limiter=limiter, email=email)
    if token:
        found = session.scalars(
            select(SignInCode).where(
                SignInCode.link_hash == sha256_hex(token),
                SignInCode.purpose == SIGN_IN,
                SignInCode.used_at.is_(None),
                SignInCode.expires_at > utcnow(),
            )
        ).first()
    else:
        assert email and code
        found = _code_matching(session, settings=settings, limiter=limiter, email=email, code=code)
    if found is None:
        limits.count_failure(settings=settings, limiter=limiter, email=email, ip=ip)
        raise CodeInvalid()
    # Single use: every outstanding code of the address dies with the one used. Only the
    # request whose update flips this code wins when two present it at once.
    spent = session.scalars(
        update(SignInCode)
        .where(SignInCode.email == found.email, SignInCode.used_at.is_(None))
        .values(used_at=utcnow())
        .returning(SignInCode.id)
        .execution_options(synchronize_session=False)
    ).all()
    if found.id not in spent:
        raise CodeInvalid()
    person = _person_for_email(session, email=found.email)
    device = sessions.Device(user_agent=user_agent, ip=ip)
    return person, sessions.start_session(
        session, settings=settings, person_id=person.id, device=device
    )


def request_delete_code(
    session: Session, *, settings: Settings, limiter: Limiter, person: Person
) -> None:
    """Store the mail with the code that confirms deleting this person's account."""
    limiter.hit(
        f"mail:{person.email}",
        limit=settings.signin_mails_per_hour,
        seconds=3600,
        message=limits.MAILS_REFUSED,
    )
    code, _, expires_at = _issue_code(
        session, settings=settings, email=person.email, purpose=DELETE_ACCOUNT
    )
    lang = i18n.choose(person.language)
    mail.enqueue(
        session,
        Mail(
            to=person.email,
            subject=i18n.text(lang, "delete.subject"),
            body=i18n.text(
                lang,
                "delete.body",
                code=code,
                minutes=i18n.text(lang, "minutes", n=settings.code_minutes),
            ),
            expires_at=expires_at,
        ),
    )


def redeem_delete_code(
    session: Session, *, settings: Settings, limiter: Limiter, person: Person, code: str
) -> None:
    """Use up a right deletion code of this person, or refuse."""
    found = _code_matching(
        session,
        settings=settings,
        limiter=limiter,
        email=person.email,
        code=code,
        purpose=DELETE_ACCOUNT,
    )
    if found is None:  # 403, not 401: the session is fine, the code is not
        raise Forbidden(
            "That code is wrong, used or expired. Ask for a new one.", code="code_invalid"
        )
    found.used_at = utcnow()


def request_address_code(
    session: Session, *, settings: Settings, limiter: Limiter, person: Person, email: str
) -> Mail:
    """The mail with the code that proves `email` to this person's account."""
    limiter.hit(f"mail-person:{person.id}", limit=settings.signin_mails_per_hour, seconds=3600)
    limiter.hit(f"mail:{email}", limit=settings.signin_mails_per_hour, seconds=3600)
    code, _, expires_at = _issue_code(
        session, settings=settings, email=email, purpose=ADD_ADDRESS, holder=person.id
    )
    lang = i18n.choose(person.language)
    return Mail(
        expires_at=expires_at,
        to=email,
        subject=i18n.text(lang, "address_code.subject", code=code),
        body=i18n.text(
            lang,
            "address_code.body",
            code=code,
            email=email,
            name=person.display_name or i18n.text(lang, "someone"),
            minutes=i18n.text(lang, "minutes", n=settings.code_minutes),
        ),
    )


def redeem_address_code(
    session: Session, *, settings: Settings, limiter: Limiter, person: Person, email: str, code: str
) -> None:
    """Use up a right code that proves `email` to this person, or refuse."""
    found = _code_matching(
        session,
        settings=settings,
        limiter=limiter,
        email=email,
        code=code,
        purpose=ADD_ADDRESS,
        holder=person.id,
    )
    if found is None:
        raise Forbidden(
            "That code is wrong, used or expired. Ask for a new one.", code="code_invalid"
        )
    found.used_at = utcnow()
