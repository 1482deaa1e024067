from fastapi import APIRouter, Response, status

from ..auth import service as auth
from ..deps import LimiterDep, SettingsDep, SignedInDep, cookie_name
from ..errors import ERROR_RESPONSES
from . import service
from .schemas import AccountDelete, AccountExport, DeleteCodeSent

router = APIRouter(tags=["account"], responses=ERROR_RESPONSES)


@router.get("/api/me/export", response_model=AccountExport)
async def export(me: SignedInDep, response: Response) -> AccountExport:
    """Everything the service holds about me, as one JSON document to download."""
    response.headers["Content-Disposition"] = 'attachment; filename="met-before-export.json"'
    response.headers["Cache-Control"] = "private, no-store"
    return await me.read(lambda session, viewer: service.export(session, viewer=viewer), slow=True)


@router.post(
    "/api/me/delete-code", response_model=DeleteCodeSent, status_code=status.HTTP_202_ACCEPTED
)
async def send_delete_code(
    me: SignedInDep, settings: SettingsDep, limiter: LimiterDep
) -> DeleteCodeSent:
    """Mail me the code that confirms deleting my account (DELETE /api/me)."""
    await me.write(
        lambda session, person: auth.request_delete_code(
            session, settings=settings, limiter=limiter, person=person
        )
    )
    return DeleteCodeSent()


@router.delete("/api/me", status_code=status.HTTP_204_NO_CONTENT)
async def delete_me(
    body: AccountDelete,
    response: Response,
    me: SignedInDep,
    settings: SettingsDep,
    limiter: LimiterDep,
) -> None:
    """Delete my account with the mailed code: my profile, photos, badges, sessions,
    encounters, connections and the notes I wrote go. Others keep their own notes about
    me, under the name they knew."""
    await me.write(
        lambda session, person: service.delete_account(
            session, settings=settings, limiter=limiter, person=person, code=body.code
        ),
        slow=True,
    )
    response.delete_cookie(cookie_name(settings), path="/", secure=settings.is_https)
