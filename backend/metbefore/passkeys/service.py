"""Passkeys: registering one (signed in), signing in with one, and managing mine.

The ceremonies are py_webauthn's (options, attestation and assertion checks); what is ours
is where challenges live (the database: any worker may get the answer), what ties a
challenge to the browser it was given to, and the counter policy.

A refusal that follows a presented challenge is *returned*, not raised: the route commits
the challenge's removal first, so a challenge is spent by any answer, right or wrong.
"""

import json
import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    parse_authentication_credential_json,
    parse_client_data_json,
    parse_registration_credential_json,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from ..auth import service as auth
from ..config import Settings
from ..db import utcnow
from ..errors import DomainError, NotFound
from ..mailer import Mail
from ..people.models import Person
from ..ratelimit import Limiter
from ..security import sha256_hex
from .models import Passkey, PasskeyChallenge

REGISTER, SIGN_IN = "register", "signin"
CHALLENGE_SECONDS = 300  # also the browser's timeout: a ceremony past it is refused
# Per person and hour, options and answers together: a few new phones at most.
REGISTRATIONS_PER_HOUR = 30
RP_NAME = "Met Before"
# Anything a malformed credential may raise while it is taken apart (py_webauthn's own
# errors, bad base64 or CBOR, missing keys).
_MALFORMED = (WebAuthnException, ValueError, KeyError, TypeError, IndexError)


class ChallengeInvalid(DomainError):
    status, code = 401, "passkey_challenge_invalid"
    message = "That passkey request is used, expired or not this browser's. Try again."


class PasskeyInvalid(DomainError):
    status, code = 401, "passkey_invalid"
    message = "That passkey could not be verified. Try again, or sign in with a mailed code."


class PasskeyUnknown(DomainError):
    status, code = 401, "passkey_unknown"
    message = "This passkey is not (or no longer) on any account. Sign in with a mailed code."


class CounterBackwards(DomainError):
    status, code = 401, "passkey_counter_invalid"
    message = (
        "This passkey's use counter went backwards, which a copied key would do. "
        "Sign in with a mailed code."
    )


class RegistrationInvalid(DomainError):
    status, code = 422, "passkey_invalid"
    message = "The new passkey could not be verified. Try again."


class RegistrationChallengeInvalid(DomainError):
    status, code = 422, "passkey_challenge_invalid"
    message = "That passkey request is used, expired or not this session's. Try again."


class AlreadyRegistered(DomainError):
    status, code = 409, "passkey_exists"
    message = "This passkey is already registered."


def rp_id(settings: Settings) -> str:
    """The relying party: METBEFORE_BASE_URL's host (browsers take `localhost`, never an
    IP address such as 127.0.0.1)."""
    return (urlsplit(settings.base_url).hostname or "").lower()


def _issue_challenge(
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


def _spend_challenge(
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


def _options_dict(options: Any) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(options_to_json(options))
    return value


def _transports(names: list[str]) -> list[AuthenticatorTransport]:
    known = {t.value for t in AuthenticatorTransport}
    return [AuthenticatorTransport(n) for n in names if n in known]


# Registering (signed in)


def registration_options(
    session: Session,
    *,
    settings: Settings,
    limiter: Limiter,
    person: Person,
    session_token: str,
) -> dict[str, Any]:
    """The browser's PublicKeyCredentialCreationOptions, as JSON: a discoverable
    credential, user verification preferred, none of my passkeys again."""
    limiter.hit(f"passkey-register:{person.id}", limit=REGISTRATIONS_PER_HOUR, seconds=3600)
    mine = session.scalars(select(Passkey).where(Passkey.person_id == person.id)).all()
    options = generate_registration_options(
        rp_id=rp_id(settings),
        rp_name=RP_NAME,
        user_id=person.id.bytes,
        user_name=person.email,
        user_display_name=person.display_name or person.email,
        timeout=CHALLENGE_SECONDS * 1000,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=p.credential_id, transports=_transports(p.transports))
            for p in mine
        ],
    )
    _issue_challenge(
        session,
        challenge=options.challenge,
        purpose=REGISTER,
        binding=session_token,
        person_id=person.id,
    )
    return _options_dict(options)


def register(
    session: Session,
    *,
    settings: Settings,
    limiter: Limiter,
    person: Person,
    session_token: str,
    credential: dict[str, Any],
    name: str | None,
) -> tuple[Passkey, Mail] | DomainError:
    """Verify the browser's answer to my registration options and keep the passkey; with
    the notice to mail to my address. A refusal is returned (see the module's doc)."""
    limiter.hit(f"passkey-register:{person.id}", limit=REGISTRATIONS_PER_HOUR, seconds=3600)
    try:
        parsed = parse_registration_credential_json(credential)
        challenge = _spend_challenge(
            session,
            client_data_json=parsed.response.client_data_json,
            purpose=REGISTER,
            binding=session_token,
            person_id=person.id,
        )
    except _MALFORMED:
        return RegistrationInvalid()
    if challenge is None:
        return RegistrationChallengeInvalid()
    try:
        verified = verify_registration_response(
            credential=parsed,
            expected_challenge=challenge,
            expected_rp_id=rp_id(settings),
            expected_origin=settings.origin,
        )
    except _MALFORMED:
        return RegistrationInvalid()
    taken = session.scalar(
        select(Passkey.id).where(Passkey.credential_id == verified.credential_id)
    )
    if taken is not None:
        return AlreadyRegistered()
    now = utcnow()
    passkey = Passkey(
        person_id=person.id,
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        transports=[t.value for t in parsed.response.transports or []],
        aaguid=verified.aaguid,
        backed_up=verified.credential_backed_up,
        name=name or f"Passkey of {now:%d %b %Y}",
        created_at=now,
    )
    session.add(passkey)
    session.flush()
    return passkey, _added_notice(settings, person, passkey)


def _added_notice(settings: Settings, person: Person, passkey: Passkey) -> Mail:
    return Mail(
        to=person.email,
        subject="A passkey was added to your Met Before account",
        body=(
            f'A passkey named "{passkey.name}" was added to your Met Before account on '
            f"{passkey.created_at:%d %b %Y at %H:%M} UTC. It signs you in without a mailed "
            "code.\n\n"
            "If that was not you, sign in with a mailed code and remove it under "
            f"My data > Passkeys: {settings.base_url}/#/account"
        ),
    )


# Signing in (anyone)


def sign_in_options(
    session: Session, *, settings: Settings, limiter: Limiter, ip: str, browser: str
) -> dict[str, Any]:
    """PublicKeyCredentialRequestOptions with no credentials listed: the browser offers
    the discoverable passkeys it holds for this site."""
    limiter.hit(
        f"passkey-options-ip:{ip}", limit=settings.signin_attempts_per_ip_per_hour, seconds=3600
    )
    options = generate_authentication_options(
        rp_id=rp_id(settings),
        timeout=CHALLENGE_SECONDS * 1000,
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    _issue_challenge(session, challenge=options.challenge, purpose=SIGN_IN, binding=browser)
    return _options_dict(options)


def sign_in(
    session: Session,
    *,
    settings: Settings,
    limiter: Limiter,
    ip: str,
    browser: str,
    credential: dict[str, Any],
) -> tuple[Person, str] | DomainError:
    """Verify an assertion against its passkey: the person and a new session token, like
    the mailed code's. A refusal is returned (see the module's doc)."""
    # The same budget as the mailed code's tries: a venue's address is shared by many.
    limiter.hit(f"verify-ip:{ip}", limit=settings.signin_attempts_per_ip_per_hour, seconds=3600)
    try:
        parsed = parse_authentication_credential_json(credential)
        challenge = _spend_challenge(
            session,
            client_data_json=parsed.response.client_data_json,
            purpose=SIGN_IN,
            binding=browser,
        )
    except _MALFORMED:
        return PasskeyInvalid()
    if challenge is None:
        return ChallengeInvalid()
    passkey = session.scalars(
        select(Passkey).where(Passkey.credential_id == parsed.raw_id)
    ).one_or_none()
    if passkey is None:
        return PasskeyUnknown()
    handle = parsed.response.user_handle
    if handle and handle != passkey.person_id.bytes:
        return PasskeyInvalid()
    try:
        verified = verify_authentication_response(
            credential=parsed,
            expected_challenge=challenge,
            expected_rp_id=rp_id(settings),
            expected_origin=settings.origin,
            credential_public_key=passkey.public_key,
            # The counter is checked below, once the signature is proven: only the key's
            # holder learns that a counter is refused, under its own code.
            credential_current_sign_count=0,
        )
    except _MALFORMED:
        return PasskeyInvalid()
    count = verified.new_sign_count
    # Forward only, unless it is a passkey that never counts (synced ones report 0). One
    # statement: of two answers racing with the same counter, one wins.
    moved = session.execute(
        update(Passkey)
        .where(
            Passkey.id == passkey.id,
            or_(Passkey.sign_count < count, (Passkey.sign_count == 0) & (count == 0)),
        )
        .values(sign_count=count, last_used_at=utcnow(), backed_up=verified.credential_backed_up)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        return CounterBackwards()
    person = session.get_one(Person, passkey.person_id)
    return person, auth.start_session(session, settings=settings, person_id=person.id)


# Mine


def list_mine(session: Session, *, person: Person) -> list[Passkey]:
    return list(
        session.scalars(
            select(Passkey).where(Passkey.person_id == person.id).order_by(Passkey.created_at)
        )
    )


def _mine(session: Session, *, person: Person, passkey_id: uuid.UUID) -> Passkey:
    passkey = session.scalars(
        select(Passkey).where(Passkey.id == passkey_id, Passkey.person_id == person.id)
    ).one_or_none()
    if passkey is None:  # someone else's is as unknown as one that never was
        raise NotFound("No such passkey.")
    return passkey


def rename(session: Session, *, person: Person, passkey_id: uuid.UUID, name: str) -> Passkey:
    passkey = _mine(session, person=person, passkey_id=passkey_id)
    passkey.name = name
    session.flush()
    return passkey


def remove(session: Session, *, person: Person, passkey_id: uuid.UUID) -> None:
    session.delete(_mine(session, person=person, passkey_id=passkey_id))
    session.flush()
