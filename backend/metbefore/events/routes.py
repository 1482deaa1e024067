import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status
from starlette.datastructures import UploadFile

from ..deps import PersonOnReader, SettingsDep, SignedInDep
from ..errors import ERROR_RESPONSES, DomainError, ErrorBody, Invalid
from . import attendees, fonts, service, sheets
from .schemas import (
    AttendeePage,
    AttendeeRead,
    EventCreate,
    EventRead,
    EventUpdate,
    FriendsAttending,
    ImportReport,
    OrganizerAdd,
    OrganizerRead,
)

router = APIRouter(tags=["events"], responses=ERROR_RESPONSES)

SlugPath = Annotated[str, Path(max_length=80, description="The event's slug")]
CSV_TYPES = ("text/csv", "application/csv", "text/plain")
CSV_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The attendee CSV: as the form field `file` of a multipart upload, "
        "or as the raw body with a CSV content type.",
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
            **{t: {"schema": {"type": "string"}} for t in CSV_TYPES},
        },
    }
}


class UnsupportedMediaType(DomainError):
    status, code = 415, "unsupported_media_type"
    message = "Upload the CSV as multipart/form-data (field `file`) or as a text/csv body."


async def _upload(request: Request, settings: SettingsDep, _: PersonOnReader) -> bytes:
    """The uploaded file, read to at most limit + 1 bytes (the service says 413 beyond)."""
    limit = settings.import_max_bytes
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        async with request.form(max_files=1, max_fields=10) as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise Invalid("Send the CSV as the form field `file`.", code="file_missing")
            return await upload.read(limit + 1)
    if content_type not in CSV_TYPES:
        raise UnsupportedMediaType()
    data = bytearray()
    async for chunk in request.stream():
        data.extend(chunk)
        if len(data) > limit:
            break
    return bytes(data)


# The whole file arrives before the import's write begins.
CsvUpload = Annotated[bytes, Depends(_upload)]


@router.get("/api/events", response_model=list[EventRead])
async def my_events(me: SignedInDep) -> list[EventRead]:
    """Events I attend or organize, the latest first."""
    return await me.read(lambda session, viewer: service.my_events(session, viewer=viewer))


@router.post("/api/events", response_model=EventRead, status_code=status.HTTP_201_CREATED)
async def create_event(body: EventCreate, me: SignedInDep) -> EventRead:
    """Create an event; I become its organizer. 409 `slug_taken` if the slug is in use."""
    return await me.write(
        lambda session, creator: service.create_event(session, creator=creator, data=body)
    )


@router.get("/api/events/{slug}", response_model=EventRead)
async def get_event(slug: SlugPath, me: SignedInDep) -> EventRead:
    """An event I organize or attend, or any event open for joining (by its link)."""
    return await me.read(
        lambda session, viewer: service.get_event(session, viewer=viewer, slug=slug)
    )


@router.patch("/api/events/{slug}", response_model=EventRead)
async def update_event(slug: SlugPath, body: EventUpdate, me: SignedInDep) -> EventRead:
    """Organizers: change the event's details."""
    return await me.write(
        lambda session, viewer: service.update_event(
            session, viewer=viewer, slug=slug, changes=body
        )
    )


@router.post(
    "/api/events/{slug}/join",
    response_model=EventRead,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": EventRead, "description": "Already registered"}},
)
async def join_event(slug: SlugPath, response: Response, me: SignedInDep) -> EventRead:
    """Register myself for an event open for joining; I get an event badge (see
    /api/me/badges). 403 `import_only` where only the organizers' import registers."""
    event, joined = await me.write(
        lambda session, viewer: service.join(session, viewer=viewer, slug=slug)
    )
    if not joined:
        response.status_code = status.HTTP_200_OK
    return event


@router.get("/api/events/{slug}/friends-attending", response_model=FriendsAttending)
async def friends_attending(
    slug: SlugPath,
    me: SignedInDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> FriendsAttending:
    """The people I have met before (mutual or pending) who are registered, with where
    we last met, most recent first."""
    return await me.read(
        lambda session, viewer: attendees.friends_attending(
            session, viewer=viewer, slug=slug, limit=limit
        )
    )


@router.get("/api/events/{slug}/organizers", response_model=list[OrganizerRead])
async def list_organizers(slug: SlugPath, me: SignedInDep) -> list[OrganizerRead]:
    """Organizers: who organizes this event."""
    return await me.read(
        lambda session, viewer: service.list_organizers(session, viewer=viewer, slug=slug)
    )


@router.post(
    "/api/events/{slug}/organizers",
    response_model=list[OrganizerRead],
    status_code=status.HTTP_201_CREATED,
)
async def add_organizer(slug: SlugPath, body: OrganizerAdd, me: SignedInDep) -> list[OrganizerRead]:
    """Organizers: add a co-organizer by email address; answers all organizers."""
    return await me.write(
        lambda session, viewer: service.add_organizer(
            session, viewer=viewer, slug=slug, email=body.email
        )
    )


@router.delete("/api/events/{slug}/organizers/{person_id}", status_code=204)
async def remove_organizer(slug: SlugPath, person_id: uuid.UUID, me: SignedInDep) -> None:
    """Organizers: remove an organizer (myself too); 409 `last_organizer` for the last."""
    await me.write(
        lambda session, viewer: service.remove_organizer(
            session, viewer=viewer, slug=slug, person_id=person_id
        )
    )


@router.get("/api/events/{slug}/attendees", response_model=AttendeePage)
async def list_attendees(
    slug: SlugPath,
    me: SignedInDep,
    q: Annotated[
        str | None, Query(max_length=100, description="Name, email or affiliation")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> AttendeePage:
    """Organizers: the attendee list, by name, with each one's live event badge."""
    return await me.read(
        lambda session, viewer: attendees.list_attendees(
            session, viewer=viewer, slug=slug, q=q, limit=limit, offset=offset
        )
    )


# :uuid, so that DELETE …/attendees/import is not taken for a person (405, not 422).
@router.delete("/api/events/{slug}/attendees/{person_id:uuid}", status_code=204)
async def remove_attendee(slug: SlugPath, person_id: uuid.UUID, me: SignedInDep) -> None:
    """Organizers: unregister someone; their event badge stops working at once."""
    await me.write(
        lambda session, viewer: attendees.remove_attendee(
            session, viewer=viewer, slug=slug, person_id=person_id
        )
    )


@router.post(
    "/api/events/{slug}/attendees/{person_id}/badge",
    response_model=AttendeeRead,
    status_code=status.HTTP_201_CREATED,
)
async def reissue_badge(slug: SlugPath, person_id: uuid.UUID, me: SignedInDep) -> AttendeeRead:
    """Organizers: a lost badge. The old one stops working at once; print the new one with
    badges.pdf?attendee=<person_id>."""
    return await me.write(
        lambda session, viewer: attendees.reissue_badge(
            session, viewer=viewer, slug=slug, person_id=person_id
        )
    )


@router.post(
    "/api/events/{slug}/attendees/import",
    response_model=ImportReport,
    openapi_extra=CSV_BODY,
    responses={415: {"model": ErrorBody, "description": "unsupported media type"}},
)
async def import_attendees(
    slug: SlugPath, upload: CsvUpload, me: SignedInDep, settings: SettingsDep
) -> ImportReport:
    """Organizers: register attendees from a CSV file (UTF-8 with or without BOM, comma or
    semicolon separated) whose header row names some of the columns email, name,
    affiliation, title, pronouns, role; email is required.

    Every row is answered: created (registered now), updated, unchanged or rejected with
    its line number and reason. New addresses get an account they sign in with; people
    who have one are linked by email (any case), and fields they filled in themselves are
    never overwritten. Each registration gets an event badge. Importing the same file
    again changes nothing. Rows are refused for a missing or invalid email, a repeated
    email, an overlong cell, or a cell starting with = + - @ (a spreadsheet formula).
    413 beyond the size or row limits; 422 `not_utf8` for another encoding."""
    return await me.write(
        lambda session, viewer: attendees.import_attendees(
            session,
            viewer=viewer,
            slug=slug,
            data=upload,
            max_bytes=settings.import_max_bytes,
            max_rows=settings.import_max_rows,
        ),
        slow=True,
    )


@router.get(
    "/api/events/{slug}/badges.pdf",
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}}, "description": "Print-ready badge sheets"},
        503: {"model": ErrorBody, "description": "badge fonts not installed on the server"},
    },
)
async def badge_sheet(
    slug: SlugPath,
    me: SignedInDep,
    settings: SettingsDep,
    paper: sheets.Paper = "a4",
    layout: Annotated[sheets.Layout, Query(description="Badges per page: columns x rows")] = "2x4",
    attendee: Annotated[
        list[Annotated[str, Query(max_length=254)]] | None,
        Query(
            max_length=100,  # 100 x 254 characters stay under the server's 64 KB URL limit
            description="Only these attendees (person ids or emails), for reprints.",
        ),
    ] = None,
) -> Response:
    """Organizers: badge sheets to print, sorted by name: each badge with the name large,
    pronouns, title, affiliation, the event name and the QR code of the badge URL.
    Characters no font has are left out, and `X-Missing-Glyphs` lists the person ids of
    those badges (the first 100; `X-Missing-Glyphs-Count` counts them all)."""
    sheet = await me.read(
        lambda session, viewer: attendees.badge_sheet(
            session,
            viewer=viewer,
            slug=slug,
            base_url=settings.base_url,
            paper=paper,
            layout=layout,
            attendees=attendee or [],
            library=fonts.library(settings),
        ),
        slow=True,
    )
    headers = {
        "Content-Disposition": f'attachment; filename="{slug}-badges.pdf"',
        "Cache-Control": "private, no-store",  # the codes are credentials
    }
    if sheet.lacking:
        headers["X-Missing-Glyphs"] = ",".join(list(sheet.lacking)[:100])
        headers["X-Missing-Glyphs-Count"] = str(len(sheet.lacking))
    return Response(sheet.pdf, media_type="application/pdf", headers=headers)
