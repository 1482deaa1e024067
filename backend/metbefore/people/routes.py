import uuid
from typing import Literal

from fastapi import APIRouter, Request, Response, status
from starlette.concurrency import run_in_threadpool

from ..db import SessionDep
from ..deps import CurrentPerson, SettingsDep
from ..errors import ERROR_RESPONSES, NotFound, TooLarge
from ..meetings import service as meetings
from . import service
from .schemas import MeRead, PersonUpdate

router = APIRouter(tags=["people"], responses=ERROR_RESPONSES)

PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")


@router.get("/api/me", response_model=MeRead)
def me(person: CurrentPerson) -> MeRead:
    """My own profile, with my private email address."""
    return MeRead.of(person)


@router.patch("/api/me", response_model=MeRead)
def update_me(body: PersonUpdate, session: SessionDep, person: CurrentPerson) -> MeRead:
    """Change profile fields. Unknown fields are refused with 422."""
    return MeRead.of(service.update_profile(session, person=person, changes=body))


@router.put(
    "/api/me/photo",
    response_model=MeRead,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in PHOTO_TYPES},
        }
    },
)
async def upload_photo(
    request: Request, session: SessionDep, person: CurrentPerson, settings: SettingsDep
) -> MeRead:
    """Upload my photo as the raw body (JPEG, PNG or WebP). It is re-encoded, resized and
    stripped of all metadata (EXIF, GPS)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > settings.max_photo_bytes:
        raise TooLarge(f"A photo may be at most {settings.max_photo_bytes // 2**20} MB.")
    data = bytearray()
    async for chunk in request.stream():
        data.extend(chunk)
        if len(data) > settings.max_photo_bytes:
            raise TooLarge(f"A photo may be at most {settings.max_photo_bytes // 2**20} MB.")
    # Decoding and resizing take a while: off the event loop.
    updated = await run_in_threadpool(
        service.set_photo, session, settings=settings, person=person, data=bytes(data)
    )
    return MeRead.of(updated)


@router.delete("/api/me/photo", status_code=status.HTTP_204_NO_CONTENT)
def delete_photo(session: SessionDep, person: CurrentPerson) -> None:
    service.remove_photo(session, person=person)


@router.get(
    "/api/people/{person_id}/photo",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}}, "description": "The photo as JPEG"}},
)
def person_photo(
    person_id: uuid.UUID,
    session: SessionDep,
    viewer: CurrentPerson,
    size: Literal["small", "large"] = "large",
) -> Response:
    """A person's photo, to themselves, their friends, and (if they allow it) to people who
    scanned their badge."""
    if person_id != viewer.id:
        subject, conn = meetings.visible_person(session, viewer=viewer, subject_id=person_id)
        if not subject.photo_on_badge and (conn is None or conn.status != "mutual"):
            raise NotFound("No photo.")
    data = service.photo_bytes(session, person_id=person_id, size=size)
    return Response(
        data, media_type="image/jpeg", headers={"Cache-Control": "private, max-age=86400"}
    )
