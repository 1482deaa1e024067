import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from ..db import SessionDep
from ..deps import CurrentPerson, SignedInDep
from ..errors import ERROR_RESPONSES
from ..meetings.schemas import NoteRead
from ..people.photos import UPLOAD_OPENAPI, UPLOAD_RESPONSES, UploadedPhoto
from . import service
from .schemas import NoteCreate, NoteUpdate

router = APIRouter(tags=["notes"], responses=ERROR_RESPONSES)


@router.get("/api/notes", response_model=list[NoteRead])
def my_notes(
    session: SessionDep,
    me: CurrentPerson,
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> list[NoteRead]:
    """All my notes, newest first, including those about people who left."""
    return service.list_mine(session, author=me, limit=limit, offset=offset)


@router.get("/api/people/{person_id}/notes", response_model=list[NoteRead])
def list_notes(person_id: uuid.UUID, session: SessionDep, me: CurrentPerson) -> list[NoteRead]:
    """My notes about this person, newest first. Only I ever see them."""
    return service.list_notes(session, author=me, subject_id=person_id)


@router.post(
    "/api/people/{person_id}/notes", response_model=NoteRead, status_code=status.HTTP_201_CREATED
)
async def add_note(person_id: uuid.UUID, body: NoteCreate, me: SignedInDep) -> NoteRead:
    """Write a private note about someone I have met."""
    return await me.write(
        lambda session, author: service.create_note(
            session, author=author, subject_id=person_id, data=body
        )
    )


@router.patch("/api/notes/{note_id}", response_model=NoteRead)
def edit_note(
    note_id: uuid.UUID, body: NoteUpdate, session: SessionDep, me: CurrentPerson
) -> NoteRead:
    return service.update_note(session, author=me, note_id=note_id, data=body)


@router.delete("/api/notes/{note_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_note(note_id: uuid.UUID, session: SessionDep, me: CurrentPerson) -> None:
    service.delete_note(session, author=me, note_id=note_id)


@router.put(
    "/api/notes/{note_id}/photo",
    response_model=NoteRead,
    openapi_extra=UPLOAD_OPENAPI,
    responses=UPLOAD_RESPONSES,
)
def put_note_photo(
    note_id: uuid.UUID, photo: UploadedPhoto, session: SessionDep, me: CurrentPerson
) -> NoteRead:
    """Attach one photo I took (a selfie together, the booth) to my note, as the raw body
    (JPEG, PNG or WebP). Re-encoded, resized, stripped of metadata; only I ever see it."""
    return service.set_photo(session, author=me, note_id=note_id, sizes=photo)


@router.get(
    "/api/notes/{note_id}/photo",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}}, "description": "The photo as JPEG"}},
)
def get_note_photo(note_id: uuid.UUID, session: SessionDep, me: CurrentPerson) -> Response:
    """The photo on one of my notes."""
    return Response(
        service.photo_bytes(session, author=me, note_id=note_id),
        media_type="image/jpeg",
        headers={"Cache-Control": "private, max-age=86400"},
    )


@router.delete("/api/notes/{note_id}/photo", status_code=status.HTTP_204_NO_CONTENT)
def delete_note_photo(note_id: uuid.UUID, session: SessionDep, me: CurrentPerson) -> None:
    service.remove_photo(session, author=me, note_id=note_id)
