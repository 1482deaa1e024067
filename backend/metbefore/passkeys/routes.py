import uuid
from typing import TypeVar

from fastapi import APIRouter, Request, Response, status
from sqlalchemy.orm import Session

from .. import mail, metrics
from ..deps import (
    DatabaseDep,
    LimiterDep,
    SettingsDep,
    SignedInDep,
    client_ip,
    cookie_name,
    set_session_cookie,
)
from ..errors import ERROR_RESPONSES, DomainError
from ..people.models import Person
from ..people.schemas import MeRead
from ..security import new_token
from . import registration, service, signin
from .ceremony import CHALLENGE_SECONDS
from .models import Passkey
from .schemas import CredentialOptions, PasskeyCreate, PasskeyRead, PasskeySignIn, PasskeyUpdate

router = APIRouter(tags=["passkeys"], responses=ERROR_RESPONSES)
T = TypeVar("T")


def _or_refuse(result: T | DomainError) -> T:
    # Raised only now, after the commit that spent the challenge (see ceremony.py).
    if isinstance(result, DomainError):
        raise result
    return result


@router.post("/api/me/passkeys/options", response_model=CredentialOptions)
async def registration_options(
    me: SignedInDep, settings: SettingsDep, limiter: LimiterDep
) -> CredentialOptions:
    """Options for navigator.credentials.create(): a discoverable credential for me, user
    verification preferred. Their challenge is good once, for 5 minutes, in this session."""
    return await me.write(
        lambda session, person: registration.registration_options(
            session, settings=settings, limiter=limiter, person=person, session_token=me.token
        )
    )


@router.post("/api/me/passkeys", response_model=PasskeyRead, status_code=status.HTTP_201_CREATED)
async def add_passkey(
    body: PasskeyCreate, me: SignedInDep, settings: SettingsDep, limiter: LimiterDep
) -> PasskeyRead:
    """Keep the passkey the browser made from my options; a notice goes to my address."""

    def work(session: Session, person: Person) -> Passkey | DomainError:
        result = registration.register(
            session,
            settings=settings,
            limiter=limiter,
            person=person,
            session_token=me.token,
            credential=body.credential.webauthn_json(),
            name=body.name,
        )
        if isinstance(result, DomainError):
            return result
        passkey, notice = result
        mail.enqueue(session, notice)
        return passkey

    passkey = _or_refuse(await me.write(work))
    return PasskeyRead.model_validate(passkey)


@router.get("/api/me/passkeys", response_model=list[PasskeyRead])
async def my_passkeys(me: SignedInDep) -> list[PasskeyRead]:
    """My passkeys, oldest first (a handful: one per phone or key)."""
    passkeys = await me.read(lambda session, person: service.list_mine(session, person=person))
    return [PasskeyRead.model_validate(p) for p in passkeys]


@router.patch("/api/me/passkeys/{passkey_id:uuid}", response_model=PasskeyRead)
async def rename_passkey(
    passkey_id: uuid.UUID, body: PasskeyUpdate, me: SignedInDep
) -> PasskeyRead:
    """Rename one of my passkeys."""
    passkey = await me.write(
        lambda session, person: service.rename(
            session, person=person, passkey_id=passkey_id, name=body.name
        )
    )
    return PasskeyRead.model_validate(passkey)


@router.delete("/api/me/passkeys/{passkey_id:uuid}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_passkey(passkey_id: uuid.UUID, me: SignedInDep) -> None:
    """Remove one of my passkeys: it signs nobody in any more (the device may still offer
    it; the mailed code always works)."""
    await me.write(
        lambda session, person: service.remove(session, person=person, passkey_id=passkey_id)
    )


@router.post("/api/auth/passkey/options", response_model=CredentialOptions)
async def sign_in_options(
    request: Request,
    response: Response,
    db: DatabaseDep,
    settings: SettingsDep,
    limiter: LimiterDep,
) -> CredentialOptions:
    """Options for navigator.credentials.get(), with no credentials listed: the browser
    offers the passkeys it holds for this site (also as autofill). The challenge is good
    once, for 5 minutes, in this browser (an HttpOnly cookie ties it)."""
    # A browser keeps its token across options: the autofill's and the button's may cross.
    browser = request.cookies.get(cookie_name(settings, "passkey")) or new_token()
    ip = client_ip(request)
    options = await db.write(
        lambda session: signin.sign_in_options(
            session, settings=settings, limiter=limiter, ip=ip, browser=browser
        )
    )
    response.set_cookie(
        cookie_name(settings, "passkey"),
        browser,
        max_age=CHALLENGE_SECONDS,
        httponly=True,
        secure=settings.is_https,
        samesite="strict",
        path="/",
    )
    return options


@router.post("/api/auth/passkey", response_model=MeRead)
async def sign_in(
    body: PasskeySignIn,
    request: Request,
    response: Response,
    db: DatabaseDep,
    settings: SettingsDep,
    limiter: LimiterDep,
) -> MeRead:
    """Sign in with a passkey's answer to the options of this browser: a session like the
    mailed code's."""
    browser = request.cookies.get(cookie_name(settings, "passkey"))
    if not browser:
        raise signin.ChallengeInvalid()
    ip = client_ip(request)
    person, token = _or_refuse(
        await db.write(
            lambda session: signin.sign_in(
                session,
                settings=settings,
                limiter=limiter,
                ip=ip,
                user_agent=request.headers.get("user-agent", ""),
                browser=browser,
                credential=body.credential.webauthn_json(),
            )
        )
    )
    metrics.count("passkey_sign_ins")
    set_session_cookie(response, settings, token)
    response.delete_cookie(cookie_name(settings, "passkey"), path="/", secure=settings.is_https)
    return MeRead.of(person)
