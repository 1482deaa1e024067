"""Signing in with a passkey (anyone): options, then the browser's assertion."""

from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session
from webauthn import generate_authentication_options, verify_authentication_response
from webauthn.helpers import parse_authentication_credential_json
from webauthn.helpers.structs import UserVerificationRequirement

from ..auth import sessions
from ..config import Settings
from ..db import utcnow
from ..errors import DomainError
from ..people.models import Person
from ..ratelimit import Limiter
from .ceremony import (
    CHALLENGE_SECONDS,
    MALFORMED,
    SIGN_IN,
    issue_challenge,
    options_dict,
    rp_id,
    spend_challenge,
)
from .models import Passkey


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
    issue_challenge(session, challenge=options.challenge, purpose=SIGN_IN, binding=browser)
    return options_dict(options)


def sign_in(
    session: Session,
    *,
    settings: Settings,
    limiter: Limiter,
    ip: str,
    user_agent: str,
    browser: str,
    credential: dict[str, Any],
) -> tuple[Person, str] | DomainError:
    """Verify an assertion against its passkey: the person and a new session token, like
    the mailed code's. A refusal is returned (see the module's doc)."""
    # A venue's address is shared by many: a budget sized for its crowd (the mailed code's
    # checks count failures instead, see auth/limits.py).
    limiter.hit(f"passkey-ip:{ip}", limit=settings.signin_attempts_per_ip_per_hour, seconds=3600)
    try:
        parsed = parse_authentication_credential_json(credential)
        challenge = spend_challenge(
            session,
            client_data_json=parsed.response.client_data_json,
            purpose=SIGN_IN,
            binding=browser,
        )
    except MALFORMED:
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
    except MALFORMED:
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
    device = sessions.Device(user_agent=user_agent, ip=ip)
    return person, sessions.start_session(
        session, settings=settings, person_id=person.id, device=device
    )
