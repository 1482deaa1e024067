from typing import Annotated, Any

from fastapi import APIRouter, Path, status

from .. import metrics
from ..deps import SettingsDep, SignedInDep
from ..errors import ERROR_RESPONSES
from . import service
from .schemas import TableAdd, TableCreate, TableOpened, TableRead

router = APIRouter(tags=["tables"], responses=ERROR_RESPONSES)

Token = Annotated[
    str,
    Path(
        min_length=16, max_length=100, pattern="^[A-Za-z0-9_-]+$", description="The table's code."
    ),
]
GONE: dict[int | str, dict[str, Any]] = {410: {"description": "The table is closed or expired"}}


@router.post("/api/tables", response_model=TableOpened, status_code=status.HTTP_201_CREATED)
async def open_table(body: TableCreate, me: SignedInDep, settings: SettingsDep) -> TableOpened:
    """Open a table for up to 12 people, for 30 minutes (I may close it earlier). Its QR
    opens <BASE_URL>/t/<token>; I am its first member."""
    opened = await me.write(
        lambda session, host: service.open_table(
            session, host=host, name=body.name, event_slug=body.event, base_url=settings.base_url
        )
    )
    metrics.count("tables_opened")
    return opened


@router.post("/api/tables/{token}/join", response_model=TableRead, responses=GONE)
async def join_table(token: Token, me: SignedInDep, settings: SettingsDep) -> TableRead:
    """Sit down at a table (again: nothing changes). Joining records no meeting; a full
    table answers 409 table_full."""
    return await me.write(
        lambda session, person: service.join(
            session, person=person, token=token, base_url=settings.base_url
        )
    )


@router.get("/api/tables/{token}", response_model=TableRead, responses=GONE)
async def table_roster(token: Token, me: SignedInDep, settings: SettingsDep) -> TableRead:
    """The roster, to members only: badge fields of the people at the table, leaving out
    anyone I blocked or who blocked me."""
    return await me.read(
        lambda session, viewer: service.roster(
            session, viewer=viewer, token=token, base_url=settings.base_url
        )
    )


@router.post("/api/tables/{token}/add", response_model=TableRead, responses=GONE)
async def add_people(
    token: Token, body: TableAdd, me: SignedInDep, settings: SettingsDep
) -> TableRead:
    """Record that I met these people at the table: each add counts as my scan of their
    badge (they see it in their inbox; two who add each other are friends)."""
    return await me.write(
        lambda session, adder: service.add(
            session,
            adder=adder,
            token=token,
            person_ids=body.person_ids,
            added_at=body.added_at,
            base_url=settings.base_url,
        )
    )


@router.post("/api/tables/{token}/close", status_code=status.HTTP_204_NO_CONTENT, responses=GONE)
async def close_table(token: Token, me: SignedInDep) -> None:
    """Close my table: nobody joins or adds any more."""
    await me.write(lambda session, host: service.close(session, host=host, token=token))
