import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from .. import metrics
from ..deps import LimiterDep, SettingsDep, SignedInDep
from ..errors import ERROR_RESPONSES
from ..notes.schemas import NoteCreate, NotePage, NoteRead
from . import card as cards
from . import consent, lists, person_notes, scans
from .schemas import BlockRead, Card, MeetingPage, PersonPage, ScanCreate, ScanResult

router = APIRouter(tags=["meetings"], responses=ERROR_RESPONSES)


@router.post(
    "/api/scans",
    response_model=ScanResult,
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"model": ScanResult, "description": "Already recorded: the original result"},
        410: {"description": "The badge was revoked"},
    },
)
async def record_scan(
    body: ScanCreate, response: Response, me: SignedInDep, limiter: LimiterDep
) -> ScanResult:
    """Record that I scanned a badge. Sending the same client_id again records nothing new
    and answers with the original result (200 instead of 201)."""

    scan, card = await me.write_then(
        lambda session, scanner: scans.record_scan(
            session,
            scanner=scanner,
            limiter=limiter,
            token=body.token,
            client_id=body.client_id,
            scanned_at=body.scanned_at,
            place=body.place,
            event_slug=body.event,
        ),
        # Read after the commit: the scan is kept, whatever happens to its card.
        lambda session, scanner, scan: (
            scan,
            cards.build_card(session, viewer=scanner, subject_id=scan.person_id),
        ),
    )
    metrics.count("scan_replays" if scan.replayed else "scans_recorded")
    if scan.replayed:
        response.status_code = status.HTTP_200_OK
    return ScanResult(
        encounter=scan.encounter,
        first_meeting=scan.first_meeting,
        replayed=scan.replayed,
        card=card,
    )


@router.get("/api/people", response_model=PersonPage)
async def search_people(
    me: SignedInDep,
    settings: SettingsDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> PersonPage:
    """Everyone I am connected to, mutual or pending, by name; with q, those whose name,
    affiliation or (friends only) other names have words starting with each word of q,
    case and accents aside, the best matches first, then the last met."""
    return await me.read(
        lambda session, viewer: lists.list_people(
            session,
            viewer=viewer,
            mutual_only=False,
            pending_days=settings.pending_scan_days,
            q=q,
            limit=limit,
            offset=offset,
        )
    )


@router.get("/api/people/{person_id}", response_model=Card)
async def person_card(person_id: uuid.UUID, me: SignedInDep) -> Card:
    """The "met before" card: profile as far as I may see it, our history, my notes."""
    return await me.read(
        lambda session, viewer: cards.build_card(session, viewer=viewer, subject_id=person_id)
    )


_Before = Annotated[
    str | None,
    Query(
        max_length=200,
        pattern="^[A-Za-z0-9_-]+$",
        description="A cursor from the card or from the previous page.",
    ),
]


@router.get("/api/people/{person_id}/meetings", response_model=MeetingPage)
async def list_meetings(
    person_id: uuid.UUID, me: SignedInDep, before: _Before = None
) -> MeetingPage:
    """Our meetings, newest first, 20 at a time: the card holds the newest; its cursor
    (earlier_meetings) brings the ones before."""
    return await me.read(
        lambda session, viewer: cards.meetings_page(
            session, viewer=viewer, subject_id=person_id, before=before
        )
    )


@router.get("/api/people/{person_id}/notes", response_model=NotePage)
async def list_notes(person_id: uuid.UUID, me: SignedInDep, before: _Before = None) -> NotePage:
    """My notes about this person, newest first, 20 at a time. Only I ever see them."""
    return await me.read(
        lambda session, author: person_notes.list_notes(
            session, author=author, subject_id=person_id, before=before
        )
    )


@router.post(
    "/api/people/{person_id}/notes", response_model=NoteRead, status_code=status.HTTP_201_CREATED
)
async def add_note(person_id: uuid.UUID, body: NoteCreate, me: SignedInDep) -> NoteRead:
    """Write a private note about someone I have met. With a client_id, sending the same
    note again (an outbox replaying it) stores nothing new and answers with the stored one."""
    return await me.write(
        lambda session, author: person_notes.write_note(
            session, author=author, subject_id=person_id, data=body
        )
    )


@router.post("/api/people/{person_id}/confirm", response_model=Card)
async def confirm(person_id: uuid.UUID, me: SignedInDep, settings: SettingsDep) -> Card:
    """Confirm a meeting this person recorded with me: we become friends. A scan that
    expired unconfirmed (see the inbox) can no longer be confirmed: scan back instead."""
    return await me.write(
        lambda session, viewer: consent.confirm(
            session, viewer=viewer, subject_id=person_id, pending_days=settings.pending_scan_days
        )
    )


@router.post("/api/people/{person_id}/ignore", status_code=204)
async def ignore(person_id: uuid.UUID, me: SignedInDep) -> None:
    """Hide this person's waiting scan from my inbox; they are not told."""
    await me.write(
        lambda session, viewer: consent.ignore(session, viewer=viewer, subject_id=person_id)
    )


@router.post("/api/people/{person_id}/block", status_code=204)
async def block(person_id: uuid.UUID, me: SignedInDep) -> None:
    """Block: our connection ends, and they learn nothing more of me, ever."""
    await me.write(
        lambda session, viewer: consent.block(session, viewer=viewer, subject_id=person_id)
    )


@router.get("/api/blocks", response_model=list[BlockRead])
async def my_blocks(me: SignedInDep) -> list[BlockRead]:
    """The people I blocked (they are not told), to unblock one."""
    return await me.read(lambda session, viewer: consent.blocks(session, viewer=viewer))


@router.delete("/api/people/{person_id}/block", status_code=204)
async def unblock(person_id: uuid.UUID, me: SignedInDep) -> None:
    """Lift a block. Nothing is restored by itself."""
    await me.write(
        lambda session, viewer: consent.unblock(session, viewer=viewer, subject_id=person_id)
    )


@router.delete("/api/people/{person_id}/connection", status_code=204)
async def remove_connection(person_id: uuid.UUID, me: SignedInDep) -> None:
    """Remove our connection. My own notes stay mine."""
    await me.write(
        lambda session, viewer: consent.remove(session, viewer=viewer, subject_id=person_id)
    )
