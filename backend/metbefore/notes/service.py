"""Private notes. Every query is scoped to the author: nobody else can reach a note. Whom
an author may write about is the caller's to check (meetings.person_notes)."""

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import bindparam, select, tuple_
from sqlalchemy.orm import Session

from .. import paging
from ..db import insert_for, utcnow
from ..errors import Conflict, NotFound
from ..events.refs import EventRef, event_id_of, event_refs
from ..people.models import Person
from .models import Note
from .schemas import NoteCreate, NotePage, NoteRead, NoteUpdate


class NoteRow(NamedTuple):
    """A note as a card shows it: plain columns, as no ORM object is needed to read one
    (a page of them loaded as ORM objects cost a long friendship's card most of its time)."""

    id: uuid.UUID
    subject_id: uuid.UUID | None
    subject_name: str
    body: str
    event_id: uuid.UUID | None
    encounter_id: uuid.UUID | None
    follow_up_on: date | None
    tags: list[str]
    has_photo: bool
    created_at: datetime
    updated_at: datetime


_ROW = (
    Note.id,
    Note.subject_id,
    Note.subject_name,
    Note.body,
    Note.event_id,
    Note.encounter_id,
    Note.follow_up_on,
    Note.tags,
    Note.has_photo,
    Note.created_at,
    Note.updated_at,
)


def note_read(note: Note | NoteRow, events: dict[uuid.UUID, EventRef]) -> NoteRead:
    return NoteRead(
        id=note.id,
        subject_id=note.subject_id,
        subject_name=note.subject_name,
        body=note.body,
        event=events.get(note.event_id) if note.event_id else None,
        encounter_id=note.encounter_id,
        follow_up_on=note.follow_up_on,
        tags=list(note.tags),
        photo_url=f"/api/notes/{note.id}/photo?v={int(note.updated_at.timestamp())}"
        if note.has_photo
        else None,
        created_at=note.created_at,
        updated_at=note.updated_at,
    )


def _reads(session: Session, notes: Sequence[Note | NoteRow]) -> list[NoteRead]:
    events = event_refs(session, [n.event_id for n in notes])
    return [note_read(n, events) for n in notes]


_ABOUT = (
    select(*_ROW)
    .where(Note.author_id == bindparam("author"), Note.subject_id == bindparam("subject"))
    .order_by(Note.created_at.desc(), Note.id.desc())
    .limit(bindparam("limit"))
)
_ABOUT_BEFORE = _ABOUT.where(
    tuple_(Note.created_at, Note.id)
    < tuple_(bindparam("at", type_=Note.created_at.type), bindparam("id", type_=Note.id.type))
)
_DUE = (
    select(*_ROW)
    .where(
        Note.author_id == bindparam("author"),
        Note.subject_id == bindparam("subject"),
        Note.follow_up_on <= bindparam("today"),
    )
    .order_by(Note.follow_up_on, Note.id)
    .limit(paging.PAGE)
)


def page_about(
    session: Session,
    *,
    author: Person,
    subject_id: uuid.UUID,
    before: str | None = None,
    limit: int = paging.PAGE,
) -> tuple[list[NoteRow], str | None]:
    """My notes about one person, newest first, a page at a time: the notes and the
    cursor to the older ones, if any."""
    params: dict[str, object] = {"author": author.id, "subject": subject_id, "limit": limit + 1}
    stmt = _ABOUT
    if before is not None:
        params["at"], params["id"] = paging.parse(before)
        stmt = _ABOUT_BEFORE
    found = [NoteRow(*row) for row in session.execute(stmt, params)]
    return paging.split(found, limit, lambda note: (note.created_at, note.id))


def due_about(session: Session, *, author: Person, subject_id: uuid.UUID) -> list[NoteRow]:
    """My notes about one person whose follow-up is due, the earliest first."""
    params = {"author": author.id, "subject": subject_id, "today": utcnow().date()}
    return [NoteRow(*row) for row in session.execute(_DUE, params)]


def notes_page(
    session: Session, *, author: Person, subject_id: uuid.UUID, before: str | None
) -> NotePage:
    found, more = page_about(session, author=author, subject_id=subject_id, before=before)
    return NotePage(items=_reads(session, found), next=more)


def list_mine(session: Session, *, author: Person, limit: int, offset: int) -> list[NoteRead]:
    """All my notes, newest first; those about a deleted account keep the name I knew."""
    notes = session.scalars(
        select(Note)
        .where(Note.author_id == author.id)
        .order_by(Note.created_at.desc(), Note.id)
        .limit(limit)
        .offset(offset)
    )
    return _reads(session, list(notes))


def create_note(
    session: Session,
    *,
    author: Person,
    subject: Person,
    data: NoteCreate,
    encounter_event_id: uuid.UUID | None = None,
) -> NoteRead:
    """A note about someone the author may write about; data.encounter_id, if any, is one
    of theirs, whose event (encounter_event_id) the note takes when it names none."""
    if data.client_id is not None and (sent := _sent(session, author, data.client_id)):
        return _same(session, sent, subject)
    event_id = encounter_event_id
    if data.event:
        event_id = event_id_of(session, data.event)
    now = utcnow()
    inserted = session.scalar(
        insert_for(session, Note.__table__)
        .values(
            id=uuid.uuid4(),
            author_id=author.id,
            client_id=data.client_id,
            subject_id=subject.id,
            subject_name=subject.display_name,
            body=data.body,
            event_id=event_id,
            encounter_id=data.encounter_id,
            follow_up_on=data.follow_up_on,
            tags=data.tags,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["author_id", "client_id"])
        .returning(Note.__table__.c.id)
    )
    if inserted is None:  # two copies arrived together; the other one is stored
        assert data.client_id is not None
        sent = _sent(session, author, data.client_id)
        assert sent is not None
        return _same(session, sent, subject)
    return _read(session, session.get_one(Note, inserted))


def _sent(session: Session, author: Person, client_id: uuid.UUID) -> Note | None:
    return session.scalars(
        select(Note).where(Note.author_id == author.id, Note.client_id == client_id)
    ).first()


def _same(session: Session, note: Note, subject: Person) -> NoteRead:
    """The note a client_id stored, sent again: about the same person, else 409."""
    if note.subject_id != subject.id:
        raise Conflict("This client_id was already used for another note.", code="client_id_reused")
    return _read(session, note)


def _read(session: Session, note: Note) -> NoteRead:
    return _reads(session, [note])[0]


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
    due = session.scalars(
        select(Note)
        .where(Note.author_id == author.id, Note.follow_up_on <= utcnow().date())
        .order_by(Note.follow_up_on, Note.created_at)
        .limit(200)
    )
    return _reads(session, list(due))
