import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from sqlalchemy.orm import Session

from ..db import SessionDep
from ..deps import CurrentPerson, LimiterDep, SettingsDep, SignedInDep
from ..errors import ERROR_RESPONSES
from ..people.models import Person
from . import service
from .schemas import Card, PersonPage, ScanCreate, ScanResult

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

    def scan_then_card(session: Session, scanner: Person) -> tuple[service.Recorded, Card]:
        scan = service.record_scan(
            session,
            scanner=scanner,
            limiter=limiter,
            token=body.token,
            client_id=body.client_id,
            scanned_at=body.scanned_at,
            place=body.place,
            event_slug=body.event,
        )
        session.commit()  # the scan is kept, whatever happens to its card
        return scan, service.build_card(session, viewer=scanner, subject_id=scan.person_id)

    scan, card = await me.write(scan_then_card)
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
    """Everyone I am connected to, mutual or pending, by name or affiliation."""
    return await me.read(
        lambda session, viewer: service.list_people(
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
        lambda session, viewer: service.build_card(session, viewer=viewer, subject_id=person_id)
    )


@router.post("/api/people/{person_id}/confirm", response_model=Card)
def confirm(
    person_id: uuid.UUID, session: SessionDep, me: CurrentPerson, settings: SettingsDep
) -> Card:
    """Confirm a meeting this person recorded with me: we become friends. A scan that
    expired unconfirmed (see the inbox) can no longer be confirmed: scan back instead."""
    return service.confirm(
        session, viewer=me, subject_id=person_id, pending_days=settings.pending_scan_days
    )


@router.post("/api/people/{person_id}/ignore", status_code=204)
def ignore(person_id: uuid.UUID, session: SessionDep, me: CurrentPerson) -> None:
    """Hide this person's waiting scan from my inbox; they are not told."""
    service.ignore(session, viewer=me, subject_id=person_id)


@router.post("/api/people/{person_id}/block", status_code=204)
def block(person_id: uuid.UUID, session: SessionDep, me: CurrentPerson) -> None:
    """Block: our connection ends, and they learn nothing more of me, ever."""
    service.block(session, viewer=me, subject_id=person_id)


@router.delete("/api/people/{person_id}/block", status_code=204)
def unblock(person_id: uuid.UUID, session: SessionDep, me: CurrentPerson) -> None:
    """Lift a block. Nothing is restored by itself."""
    service.unblock(session, viewer=me, subject_id=person_id)


@router.delete("/api/people/{person_id}/connection", status_code=204)
def remove_connection(person_id: uuid.UUID, session: SessionDep, me: CurrentPerson) -> None:
    """Remove our connection. My own notes stay mine."""
    service.remove(session, viewer=me, subject_id=person_id)
