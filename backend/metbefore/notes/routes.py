import uuid

from fastapi import APIRouter, status

from ..db import SessionDep
from ..deps import CurrentPerson
from ..errors import ERROR_RESPONSES
from ..meetings.schemas import NoteRead
from . import service
from .schemas import NoteCreate, NoteUpdate

router = APIRouter(tags=["notes"], responses=ERROR_RESPONSES)


@router.get("/api/people/{person_id}/notes", response_model=list[NoteRead])
def list_notes(person_id: uuid.UUID, session: SessionDep, me: CurrentPerson) -> list[NoteRead]:
    """My notes about this person, newest first. Only I ever see them."""
    return service.list_notes(session, author=me, subject_id=person_id)


@router.post(
    "/api/people/{person_id}/notes", response_model=NoteRead, status_code=status.HTTP_201_CREATED
)
def add_note(
    person_id: uuid.UUID, body: NoteCreate, session: SessionDep, me: CurrentPerson
) -> NoteRead:
    """Write a private note about someone I have met."""
    return service.create_note(session, author=me, subject_id=person_id, data=body)


@router.patch("/api/notes/{note_id}", response_model=NoteRead)
def edit_note(
    note_id: uuid.UUID, body: NoteUpdate, session: SessionDep, me: CurrentPerson
) -> NoteRead:
    return service.update_note(session, author=me, note_id=note_id, data=body)


@router.delete("/api/notes/{note_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_note(note_id: uuid.UUID, session: SessionDep, me: CurrentPerson) -> None:
    service.delete_note(session, author=me, note_id=note_id)
