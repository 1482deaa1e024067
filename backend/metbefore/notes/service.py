"""Private notes. Every query is scoped to the author: nobody else can reach a note."""

import uuid

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ..db import utcnow
from ..errors import NotFound
from ..events.models import Event
from ..meetings import service as meetings
from ..meetings.models import Encounter
from ..meetings.schemas import NoteRead
from ..people.models import Person
from .models import Note
from .schemas import NoteCreate, NoteUpdate


def _read(session: Session, note: Note) -> NoteRead:
    return meetings.note_read(note, meetings.event_refs(session, [note.event_id]))


def list_notes(session: Session, *, author: Person, subject_id: uuid.UUID) -> list[NoteRead]:
    notes = list(
        session.scalars(
            select(Note)
            .where(Note.author_id == author.id, Note.subject_id == subject_id)
            .order_by(Note.created_at.desc(), Note.id)
        )
    )
    if not notes:  # an empty list only for people I may see; else 404 as for any stranger
        meetings.visible_person(session, viewer=author, subject_id=subject_id)
    events = meetings.event_refs(session, [n.event_id for n in notes])
    return [meetings.note_read(n, events) for n in notes]


def list_mine(session: Session, *, author: Person, limit: int, offset: int) -> list[NoteRead]:
    """All my notes, newest first; those about a deleted account keep the name I knew."""
    notes = list(
        session.scalars(
            select(Note)
            .where(Note.author_id == author.id)
            .order_by(Note.created_at.desc(), Note.id)
            .limit(limit)
            .offset(offset)
        )
    )
    events = meetings.event_refs(session, [n.event_id for n in notes])
    return [meetings.note_read(n, events) for n in notes]


def create_note(
    session: Session, *, author: Person, subject_id: uuid.UUID, data: NoteCreate
) -> NoteRead:
    subject, _ = meetings.visible_person(session, viewer=author, subject_id=subject_id)
    event_id = None
    if data.event:
        event_id = session.scalar(select(Event.id).where(Event.slug == data.event))
        if event_id is None:
            raise NotFound("No such event.", code="event_not_found")
    if data.encounter_id:
        encounter = session.scalars(
            select(Encounter).where(
                Encounter.id == data.encounter_id,
                or_(
                    and_(Encounter.scanner_id == author.id, Encounter.scanned_id == subject.id),
                    and_(
                        Encounter.scanner_id == subject.id,
                        Encounter.scanned_id == author.id,
                        ~Encounter.silent,
                    ),
                ),
            )
        ).first()
        if encounter is None:
            raise NotFound("No such encounter between you two.", code="encounter_not_found")
        event_id = event_id or encounter.event_id
    note = Note(
        author_id=author.id,
        subject_id=subject.id,
        subject_name=subject.display_name,
        body=data.body,
        event_id=event_id,
        encounter_id=data.encounter_id,
        follow_up_on=data.follow_up_on,
        tags=data.tags,
    )
    session.add(note)
    session.flush()
    return _read(session, note)


def _own(session: Session, *, author: Person, note_id: uuid.UUID) -> Note:
    note = session.scalars(
        select(Note).where(Note.id == note_id, Note.author_id == author.id)
    ).first()
    if note is None:
        raise NotFound("No such note.")
    return note


def update_note(
    session: Session, *, author: Person, note_id: uuid.UUID, data: NoteUpdate
) -> NoteRead:
    note = _own(session, author=author, note_id=note_id)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("body") is not None:
        note.body = changes["body"]
    if "follow_up_on" in changes:
        note.follow_up_on = changes["follow_up_on"]
    if changes.get("tags") is not None:
        note.tags = changes["tags"]
    session.flush()
    return _read(session, note)


def delete_note(session: Session, *, author: Person, note_id: uuid.UUID) -> None:
    session.delete(_own(session, author=author, note_id=note_id))


def set_photo(
    session: Session, *, author: Person, note_id: uuid.UUID, sizes: dict[str, bytes]
) -> NoteRead:
    """Attach (or replace) the note's photo, processed like profile photos (see
    people.photos.UploadedPhoto)."""
    note = _own(session, author=author, note_id=note_id)
    note.photo, note.updated_at = sizes["large"], utcnow()
    session.flush()
    session.expire(note, ["has_photo"])
    return _read(session, note)


def remove_photo(session: Session, *, author: Person, note_id: uuid.UUID) -> None:
    note = _own(session, author=author, note_id=note_id)
    note.photo, note.updated_at = None, utcnow()


def photo_bytes(session: Session, *, author: Person, note_id: uuid.UUID) -> bytes:
    data = session.scalar(select(Note.photo).where(Note.id == note_id, Note.author_id == author.id))
    if data is None:
        raise NotFound("No photo.")
    return data


def follow_ups_due(session: Session, *, author: Person) -> list[NoteRead]:
    """My notes whose follow-up day has come, oldest first."""
    due = list(
        session.scalars(
            select(Note)
            .where(Note.author_id == author.id, Note.follow_up_on <= utcnow().date())
            .order_by(Note.follow_up_on, Note.created_at)
            .limit(200)
        )
    )
    events = meetings.event_refs(session, [n.event_id for n in due])
    return [meetings.note_read(n, events) for n in due]
