import uuid
from typing import Literal

from fastapi import APIRouter, Response, status
from sqlalchemy.orm import Session

from ..deps import SignedInDep
from ..errors import ERROR_RESPONSES, NotFound
from ..meetings import pairs
from ..tables import service as tables
from . import service
from .models import Person
from .photos import UPLOAD_OPENAPI, UPLOAD_RESPONSES, UploadedPhoto
from .schemas import MeRead, PersonUpdate

router = APIRouter(tags=["people"], responses=ERROR_RESPONSES)


@router.get("/api/me", response_model=MeRead)
async def me(me: SignedInDep) -> MeRead:
    """My own profile, with my private email address."""
    return await me.read(lambda _, person: MeRead.of(person))


@router.patch("/api/me", response_model=MeRead)
async def update_me(body: PersonUpdate, me: SignedInDep) -> MeRead:
    """Change profile fields. Unknown fields are refused with 422."""
    return await me.write(
        lambda session, person: MeRead.of(
            service.update_profile(session, person=person, changes=body)
        )
    )


@router.put(
    "/api/me/photo",
    response_model=MeRead,
    openapi_extra=UPLOAD_OPENAPI,
    responses=UPLOAD_RESPONSES,
)
async def upload_photo(photo: UploadedPhoto, me: SignedInDep) -> MeRead:
    """Upload my photo as the raw body (JPEG, PNG or WebP). It is re-encoded, resized and
    stripped of all metadata (EXIF, GPS)."""
    return await me.write(
        lambda session, person: MeRead.of(service.set_photo(session, person=person, sizes=photo))
    )


@router.delete("/api/me/photo", status_code=status.HTTP_204_NO_CONTENT)
async def delete_photo(me: SignedInDep) -> None:
    await me.write(lambda session, person: service.remove_photo(session, person=person))


@router.get(
    "/api/people/{person_id}/photo",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}}, "description": "The photo as JPEG"}},
)
async def person_photo(
    person_id: uuid.UUID, me: SignedInDep, size: Literal["small", "large"] = "large"
) -> Response:
    """A person's photo, to themselves, their friends, and (if they allow it) to people who
    scanned their badge or sit at a table with them."""

    def photo(session: Session, viewer: Person) -> bytes:
        subject_id = person_id
        if person_id != viewer.id:
            try:
                subject, conn = pairs.visible_person(session, viewer=viewer, subject_id=person_id)
            except NotFound:
                seated = session.get(Person, person_id)
                if seated is None or not tables.seated_together(session, viewer.id, person_id):
                    raise
                subject, conn = seated, None
            if not subject.photo_on_badge and (conn is None or conn.status != "mutual"):
                raise NotFound("No photo.")
            subject_id = subject.id
        return service.photo_bytes(session, person_id=subject_id, size=size)

    return Response(
        await me.read(photo),
        media_type="image/jpeg",
        headers={"Cache-Control": "private, max-age=86400"},
    )
