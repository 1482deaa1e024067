import secrets
import uuid

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..db import utcnow
from ..errors import NotFound
from .models import Person, PersonPhoto
from .schemas import PersonUpdate


def update_profile(session: Session, *, person: Person, changes: PersonUpdate) -> Person:
    for field, value in changes.model_dump(exclude_unset=True).items():
        if value is None:
            continue  # null means "leave as is"; an empty string clears a text field
        setattr(person, field, value)
    session.flush()
    return person


def set_photo(session: Session, *, person: Person, sizes: dict[str, bytes]) -> Person:
    """Store the processed photo (see photos.UploadedPhoto)."""
    photo = session.get(PersonPhoto, person.id)
    if photo is None:
        photo = PersonPhoto(person_id=person.id, large=sizes["large"], small=sizes["small"])
        session.add(photo)
    else:
        photo.large, photo.small, photo.updated_at = sizes["large"], sizes["small"], utcnow()
    person.photo_version = secrets.token_hex(8)
    session.flush()
    return person


def remove_photo(session: Session, *, person: Person) -> None:
    session.execute(delete(PersonPhoto).where(PersonPhoto.person_id == person.id))
    person.photo_version = None


def photo_bytes(session: Session, *, person_id: uuid.UUID, size: str) -> bytes:
    column = PersonPhoto.small if size == "small" else PersonPhoto.large
    data = session.scalar(select(column).where(PersonPhoto.person_id == person_id))
    if data is None:
        raise NotFound("No photo.")
    return data
