"""Registering a passkey (signed in): options, then the browser's answer."""

import uuid
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session
from webauthn import generate_registration_options, verify_registration_response
from webauthn.helpers import parse_registration_credential_json
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from .. import i18n
from ..config import Settings
from ..db import insert_for, utcnow
from ..errors import DomainError
from ..mail import Mail
from ..people.models import Person
from ..ratelimit import Limiter
from .ceremony import (
    CHALLENGE_SECONDS,
    MALFORMED,
    REGISTER,
    issue_challenge,
    known_transports,
    options_dict,
    rp_id,
    spend_challenge,
)
from .models import Passkey

# Per person and hour, options and answers together: a few new phones at most.
REGISTRATIONS_PER_HOUR = 30
RP_NAME = "Met Before"
# A person's phones, laptops and keys: the list (and every set of options) stays short.
MAX_PASSKEYS = 20


class RegistrationInvalid(DomainError):
    status, code = 422, "passkey_invalid"
    message = "The new passkey could not be verified. Try again."


class RegistrationChallengeInvalid(DomainError):
    status, code = 422, "passkey_challenge_invalid"
    message = "That passkey request is used, expired or not this session's. Try again."


class AlreadyRegistered(DomainError):
    status, code = 409, "passkey_exists"
    message = "This passkey is already registered."


class TooManyPasskeys(DomainError):
    status, code = 409, "passkey_limit"
    message = f"You have {MAX_PASSKEYS} passkeys, the most an account keeps. Remove one first."


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
    if len(mine) >= MAX_PASSKEYS:
        raise TooManyPasskeys()
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
            PublicKeyCredentialDescriptor(
                id=p.credential_id, transports=known_transports(p.transports)
            )
            for p in mine
        ],
    )
    issue_challenge(
        session,
        challenge=options.challenge,
        purpose=REGISTER,
        binding=session_token,
        person_id=person.id,
    )
    return options_dict(options)


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
        challenge = spend_challenge(
            session,
            client_data_json=parsed.response.client_data_json,
            purpose=REGISTER,
            binding=session_token,
            person_id=person.id,
        )
    except MALFORMED:
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
    except MALFORMED:
        return RegistrationInvalid()
    mine = session.scalar(select(func.count()).where(Passkey.person_id == person.id))
    if (mine or 0) >= MAX_PASSKEYS:
        return TooManyPasskeys()
    now = utcnow()
    table = cast(Table, Passkey.__table__)
    # A credential signs one person in: the second of two registering it loses here.
    added = session.scalar(
        insert_for(session, table)
        .values(
            id=uuid.uuid4(),
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
        .on_conflict_do_nothing(index_elements=["credential_id"])
        .returning(table.c.id)
    )
    if added is None:
        return AlreadyRegistered()
    passkey = session.get_one(Passkey, added)
    return passkey, _added_notice(settings, person, passkey)


def _added_notice(settings: Settings, person: Person, passkey: Passkey) -> Mail:
    lang = i18n.choose(person.language)
    return Mail(
        to=person.email,
        subject=i18n.text(lang, "passkey_added.subject"),
        body=i18n.text(
            lang,
            "passkey_added.body",
            name=passkey.name,
            when=i18n.when(lang, passkey.created_at),
            link=f"{settings.base_url}/#/account",
        ),
    )
