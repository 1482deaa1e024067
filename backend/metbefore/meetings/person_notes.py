"""My notes about one person: notes keeps them; whom I may write about, and which of our
encounters a note may point at, is the pair's business."""

import uuid

from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.orm import Session

from ..errors import NotFound
from ..notes import service as notes
from ..notes.schemas import NoteCreate, NotePage, NoteRead
from ..people.models import Person
from .models import Encounter
from .pairs import visible_person

# One of the pair's encounters that both may see: not a scan of mine made in silence.
_OUR_ENCOUNTER_EVENT = select(Encounter.event_id).where(
    Encounter.id == bindparam("encounter"),
    or_(
        and_(
            Encounter.scanner_id == bindparam("author"),
            Encounter.scanned_id == bindparam("subject"),
        ),
        and_(
            Encounter.scanner_id == bindparam("subject"),
            Encounter.scanned_id == bindparam("author"),
            ~Encounter.silent,
        ),
    ),
)


def list_notes(
    session: Session, *, author: Person, subject_id: uuid.UUID, before: str | None
) -> NotePage:
    found = notes.notes_page(session, author=author, subject_id=subject_id, before=before)
    if not found.items:  # an empty page only for people I may see; else 404 as for a stranger
        subject, _ = visible_person(session, viewer=author, subject_id=subject_id)
        if subject.id != subject_id:  # a merged id: my notes went with the person
            return notes.notes_page(session, author=author, subject_id=subject.id, before=before)
    return found


def write_note(
    session: Session, *, author: Person, subject_id: uuid.UUID, data: NoteCreate
) -> NoteRead:
    subject, _ = visible_person(session, viewer=author, subject_id=subject_id)
    encounter_event_id = None
    if data.encounter_id:
        row = session.execute(
            _OUR_ENCOUNTER_EVENT,
            {"encounter": data.encounter_id, "author": author.id, "subject": subject.id},
        ).first()
        if row is None:
            raise NotFound("No such encounter between you two.", code="encounter_not_found")
        encounter_event_id = row.event_id
    return notes.create_note(
        session, author=author, subject=subject, data=data, encounter_event_id=encounter_event_id
    )
