from fastapi import APIRouter, Request, Response, status

from .. import i18n
from ..deps import (
    DatabaseDep,
    LimiterDep,
    SettingsDep,
    client_ip,
    cookie_name,
    session_token,
    set_session_cookie,
)
from ..errors import ERROR_RESPONSES
from ..people.schemas import MeRead
from . import service, sessions
from .schemas import CodeVerify, SignInRequest, SignInSent, VerifyRequest

router = APIRouter(prefix="/api/auth", tags=["auth"], responses=ERROR_RESPONSES)


@router.post("/email", status_code=status.HTTP_202_ACCEPTED, response_model=SignInSent)
async def send_sign_in_mail(
    body: SignInRequest,
    request: Request,
    db: DatabaseDep,
    settings: SettingsDep,
    limiter: LimiterDep,
) -> SignInSent:
    """Mail a 6-digit code and a sign-in link. The answer never tells whether the address
    has an account."""
    ip = client_ip(request)
    # The mail waits in the outbox, stored with this transaction: no wait on the mail
    # server here (mail/sender.py delivers it).
    language = i18n.negotiate(request.headers.get("accept-language"))
    await db.write(
        lambda session: service.request_sign_in(
            session,
            settings=settings,
            limiter=limiter,
            email=body.email,
            ip=ip,
            language=language,
        )
    )
    return SignInSent()


@router.post("/verify", response_model=MeRead)
async def verify(
    body: VerifyRequest,
    request: Request,
    response: Response,
    db: DatabaseDep,
    settings: SettingsDep,
    limiter: LimiterDep,
) -> MeRead:
    """Exchange email + code, or the link's token, for a session (an HttpOnly cookie).
    The first sign-in creates the person."""
    email, code, link = (
        (body.email, body.code, None) if isinstance(body, CodeVerify) else (None, None, body.token)
    )
    ip = client_ip(request)
    person, token = await db.write(
        lambda session: service.verify(
            session,
            settings=settings,
            limiter=limiter,
            ip=ip,
            user_agent=request.headers.get("user-agent", ""),
            email=email,
            code=code,
            token=link,
        )
    )
    set_session_cookie(response, settings, token)
    return MeRead.of(person)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(
    request: Request, response: Response, db: DatabaseDep, settings: SettingsDep
) -> None:
    """End this session on the server and forget the cookie."""
    token = session_token(request)
    if token:
        await db.write(lambda session: sessions.end_session(session, token=token))
    response.delete_cookie(cookie_name(settings), path="/", secure=settings.is_https)
