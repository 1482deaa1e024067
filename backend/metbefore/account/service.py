"""My data: everything held about me as one JSON document, and the deletion of my account."""

import base64
import uuid

from sqlalchemy import and_, case, delete, or_, select
from sqlalchemy.orm import Session

from .. import mail
from ..auth import service as auth
from ..auth.models import AuthSession, RateLimitHit, SignInCode
from ..badges.models import Badge
from ..circle import service as circle
from ..config import Settings
from ..db import utcnow
from ..events.models import Attendance, EventOrganizer
from ..events.refs import event_refs
from ..introductions import service as introductions
from ..meetings.models import Block, Connection, Encounter
from ..meetings.schemas import MetAt, PersonRef
from ..notes.models import Note
from ..notes.service import note_read
from ..passkeys import service as passkeys
from ..passkeys.schemas import PasskeyRead
from ..people.models import MergedAccount, Person, PersonEmail, PersonPhoto
from ..people.schemas import MeRead
from ..ratelimit import Limiter
from .schemas import (
    AccountExport,
    BadgeExport,
    ConnectionExport,
    EncounterExport,
    EventExport,
    MergedAccountExport,
    NoteExport,
    SessionExport,
)


def _b64(data: bytes | None) -> str | None:
    return base64.b64encode(data).decode() if data else None


def export(session: Session, *, viewer: Person) -> AccountExport:
    me = viewer.id
    other = case((Connection.a_id == me, Connection.b_id), else_=Connection.a_id)
    connections = session.execute(
        select(Connection, Person)
        .join(Person, Person.id == other)
        .where(or_(Connection.a_id == me, Connection.b_id == me))
        .order_by(Connection.created_at)
    ).all()
    connected = {person.id for _, person in connections}
    # Scans of me by someone I have no connection with (removed, blocked, silent) are that
    # person's own record, like their notes.
    encounters = list(
        session.scalars(
            select(Encounter)
            .where(
                or_(
                    Encounter.scanner_id == me,
                    and_(
                        Encounter.scanned_id == me,
                        Encounter.scanner_id.in_(connected),
                        ~Encounter.silent,
                    ),
                )
            )
            .order_by(Encounter.met_at)
        )
    )
    notes = session.execute(
        select(Note, Note.photo).where(Note.author_id == me).order_by(Note.created_at)
    ).all()
    badges = list(session.scalars(select(Badge).where(Badge.person_id == me)))
    attendance = {
        a.event_id: a for a in session.scalars(select(Attendance).where(Attendance.person_id == me))
    }
    organizing = set(
        session.scalars(select(EventOrganizer.event_id).where(EventOrganizer.person_id == me))
    )
    blocked = session.execute(
        select(Person.id, Person.display_name)
        .join(Block, Block.blocked_id == Person.id)
        .where(Block.blocker_id == me)
    ).all()
    ids = {_other_of(e, me) for e in encounters} | {
        c.introduced_by_id for c, _ in connections if c.introduced_by_id
    }
    names = dict(
        session.execute(select(Person.id, Person.display_name).where(Person.id.in_(ids))).all()
    )
    events = event_refs(
        session,
        [e.event_id for e in encounters]
        + [b.event_id for b in badges]
        + [n.event_id for n, _ in notes]
        + list(attendance)
        + list(organizing)
        + [c.first_event_id for c, _ in connections]
        + [c.last_event_id for c, _ in connections],
    )

    return AccountExport(
        exported_at=utcnow(),
        profile=MeRead.of(viewer),
        photo_jpeg_base64=_b64(
            session.scalar(select(PersonPhoto.large).where(PersonPhoto.person_id == me))
        ),
        badges=[
            BadgeExport(
                id=b.id,
                event=events.get(b.event_id) if b.event_id else None,
                token=b.token,
                created_at=b.created_at,
                revoked_at=b.revoked_at,
            )
            for b in badges
        ],
        events=[
            EventExport(
                event=events[event_id],
                registered_as=attendance[event_id].role if event_id in attendance else None,
                organizer=event_id in organizing,
            )
            for event_id in sorted({*attendance, *organizing}, key=lambda e: events[e].slug)
        ],
        encounters=[
            EncounterExport(
                id=e.id,
                scanned_by_me=e.scanner_id == me,
                person=PersonRef(id=_other_of(e, me), display_name=names[_other_of(e, me)]),
                client_id=e.client_id if e.scanner_id == me else None,
                at=e.met_at,
                place=e.place,
                event=events.get(e.event_id) if e.event_id else None,
            )
            for e in encounters
        ],
        connections=[
            ConnectionExport(
                person=PersonRef(id=person.id, display_name=person.display_name),
                status="mutual" if conn.status == "mutual" else "pending",
                i_scanned=conn.a_scanned if conn.a_id == me else conn.b_scanned,
                they_scanned=conn.b_scanned if conn.a_id == me else conn.a_scanned,
                times_met=conn.meeting_count,
                first_met=MetAt.of(
                    conn.first_met_at, conn.first_place, conn.first_event_id, events
                ),
                last_met=MetAt.of(conn.last_met_at, conn.last_place, conn.last_event_id, events),
                introduced_by=PersonRef(
                    id=conn.introduced_by_id, display_name=names[conn.introduced_by_id]
                )
                if conn.introduced_by_id
                else None,
                confirmed_at=conn.confirmed_at,
                ignored_at=conn.ignored_at,
                created_at=conn.created_at,
            )
            for conn, person in connections
        ],
        notes=[
            NoteExport(**note_read(n, events).model_dump(), photo_jpeg_base64=_b64(photo))
            for n, photo in notes
        ],
        addresses=[
            viewer.email,
            *sorted(
                set(session.scalars(select(PersonEmail.email).where(PersonEmail.person_id == me)))
                - {viewer.email}
            ),
        ],
        merged_accounts=[
            MergedAccountExport(display_name=m.display_name, email=m.email, merged_at=m.merged_at)
            for m in session.scalars(
                select(MergedAccount)
                .where(MergedAccount.into_id == me)
                .order_by(MergedAccount.merged_at)
            )
        ],
        introductions=introductions.list_mine(session, viewer=viewer),
        circle=circle.export(session, viewer=viewer),
        blocked=[PersonRef(id=row.id, display_name=row.display_name) for row in blocked],
        sessions=[
            SessionExport(
                browser=s.browser,
                network=s.network,
                created_at=s.created_at,
                last_used_at=s.last_used_at,
                expires_at=s.expires_at,
            )
            for s in session.scalars(
                select(AuthSession)
                .where(AuthSession.person_id == me)
                .order_by(AuthSession.created_at)
            )
        ],
        passkeys=[
            PasskeyRead.model_validate(p) for p in passkeys.list_mine(session, person=viewer)
        ],
    )


def _other_of(encounter: Encounter, viewer_id: uuid.UUID) -> uuid.UUID:
    return encounter.scanned_id if encounter.scanner_id == viewer_id else encounter.scanner_id


def delete_account(
    session: Session, *, settings: Settings, limiter: Limiter, person: Person, code: str
) -> None:
    """Delete the account for good, once the mailed code is right. The database removes
    everything that hangs on the person (photos, badges, sessions, passkeys, encounters,
    connections, blocks, registrations, the notes I wrote, introductions to me); others
    keep their own notes about me, under the name they knew."""
    auth.redeem_delete_code(session, settings=settings, limiter=limiter, person=person, code=code)
    person_id = person.id
    emails = {person.email} | set(
        session.scalars(select(PersonEmail.email).where(PersonEmail.person_id == person_id))
    )
    session.execute(delete(SignInCode).where(SignInCode.email.in_(emails)))
    for address in emails:
        mail.discard_to(session, address)
    # Counters shared through the database are keyed by address or id, e.g. "mail:<email>".
    session.execute(
        delete(RateLimitHit).where(
            or_(
                *(RateLimitHit.key.contains(f":{e}", autoescape=True) for e in emails),
                RateLimitHit.key.contains(f":{person_id}", autoescape=True),
            )
        )
    )
    session.execute(delete(Person).where(Person.id == person_id))
    session.expunge(person)
