import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from ..deps import SignedInDep
from ..errors import ERROR_RESPONSES
from ..people.photos import UPLOAD_OPENAPI, UPLOAD_RESPONSES, UploadedPhoto
from . import service
from .schemas import NoteRead, NoteUpdate

router = APIRouter(tags=["notes"], responses=ERROR_RESPONSES)


@router.get("/api/notes", response_model=list[NoteRead])
async def my_notes(
    me: SignedInDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> list[NoteRead]:
    """All my notes, newest first, including those about people who left."""
    return await me.read(
        lambda session, author: service.list_mine(
            session, author=author, limit=limit, offset=offset
        )
    )


@router.patch("/api/notes/{note_id}", response_model=NoteRead)
async def edit_note(note_id: uuid.UUID, body: NoteUpdate, me: SignedInDep) -> NoteRead:
    return await me.write(
        lambda session, author: service.update_note(
            session, author=author, note_id=note_id, data=body
        )
    )


@router.delete("/api/notes/{note_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_note(note_id: uuid.UUID, me: SignedInDep) -> None:
    await me.write(
        lambda session, author: service.delete_note(session, author=author, note_id=note_id)
    )


@router.put(
    "/api/notes/{note_id}/photo",
    response_model=NoteRead,
    openapi_extra=UPLOAD_OPENAPI,
    responses=UPLOAD_RESPONSES,
)
async def put_note_photo(note_id: uuid.UUID, photo: UploadedPhoto, me: SignedInDep) -> NoteRead:
    """Attach one photo I took (a selfie together, the booth) to my note, as the raw body
    (JPEG, PNG or WebP). Re-encoded, resized, stripped of metadata; only I ever see it."""
    return await me.write(
        lambda session, author: service.set_photo(
            session, author=author, note_id=note_id, sizes=photo
        )
    )


@router.get(
    "/api/notes/{note_id}/photo",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}}, "description": "The photo as JPEG"}},
)
async def get_note_photo(note_id: uuid.UUID, me: SignedInDep) -> Response:
    """The photo on one of my notes."""
    return Response(
        await me.read(
            lambda session, author: service.photo_bytes(session, author=author, note_id=note_id)
        ),
        media_type="image/jpeg",
        headers={"Cache-Control": "private, max-age=86400"},
    )


@router.delete("/api/notes/{note_id}/photo", status_code=status.HTTP_204_NO_CONTENT)
async def delete_note_photo(note_id: uuid.UUID, me: SignedInDep) -> None:
    await me.write(
        lambda session, author: service.remove_photo(session, author=author, note_id=note_id)
    )
