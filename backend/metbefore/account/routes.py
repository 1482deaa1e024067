from fastapi import APIRouter, Response, status

from ..auth import service as auth
from ..db import SessionDep
from ..deps import CurrentPerson, LimiterDep, SettingsDep, cookie_name
from ..errors import ERROR_RESPONSES
from ..mailer import Outbox
from . import service
from .schemas import AccountDelete, AccountExport, DeleteCodeSent

router = APIRouter(tags=["account"], responses=ERROR_RESPONSES)


@router.get("/api/me/export", response_model=AccountExport)
def export(session: SessionDep, me: CurrentPerson, response: Response) -> AccountExport:
    """Everything the service holds about me, as one JSON document to download."""
    response.headers["Content-Disposition"] = 'attachment; filename="met-before-export.json"'
    response.headers["Cache-Control"] = "private, no-store"
    return service.export(session, viewer=me)


@router.post(
    "/api/me/delete-code", response_model=DeleteCodeSent, status_code=status.HTTP_202_ACCEPTED
)
def send_delete_code(
    outbox: Outbox,
    session: SessionDep,
    me: CurrentPerson,
    settings: SettingsDep,
    limiter: LimiterDep,
) -> DeleteCodeSent:
    """Mail me the code that confirms deleting my account (DELETE /api/me)."""
    mail = auth.request_delete_code(session, settings=settings, limiter=limiter, person=me)
    outbox.append(mail)  # sent after the commit; a mail failure still answers 503
    return DeleteCodeSent()


@router.delete("/api/me", status_code=status.HTTP_204_NO_CONTENT)
def delete_me(
    body: AccountDelete,
    response: Response,
    session: SessionDep,
    me: CurrentPerson,
    settings: SettingsDep,
    limiter: LimiterDep,
) -> None:
    """Delete my account with the mailed code: my profile, photos, badges, sessions,
    encounters, connections and the notes I wrote go. Others keep their own notes about
    me, under the name they knew."""
    service.delete_account(session, settings=settings, limiter=limiter, person=me, code=body.code)
    response.delete_cookie(cookie_name(settings), path="/", secure=settings.is_https)
