import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from ..deps import DatabaseDep, LimiterDep, SettingsDep, SignedInDep
from ..errors import ERROR_RESPONSES, NotFound
from ..people.schemas import NowRead
from . import asks, digest, now
from .schemas import (
    AskCreate,
    AskList,
    AskRead,
    NewsPage,
    NowUpdate,
    ReplyCreate,
    ReplyRead,
    Unsubscribed,
)

router = APIRouter(tags=["circle"], responses=ERROR_RESPONSES)


@router.put("/api/me/now", response_model=NowRead)
async def set_now(body: NowUpdate, me: SignedInDep, limiter: LimiterDep) -> NowRead:
    """My "now" line, for my mutual friends; the earlier one stays in my history only."""
    return await me.write(
        lambda session, person: now.set_now(session, person=person, limiter=limiter, text=body.text)
    )


@router.delete("/api/me/now", status_code=status.HTTP_204_NO_CONTENT)
async def clear_now(me: SignedInDep) -> None:
    await me.write(lambda session, person: now.clear_now(session, person=person))


@router.get("/api/friends/news", response_model=NewsPage)
async def news(
    me: SignedInDep,
    before: Annotated[
        str | None,
        Query(max_length=200, pattern="^[A-Za-z0-9_-]+$", description="A cursor from a page."),
    ] = None,
) -> NewsPage:
    """My mutual friends' current lines, newest first, 20 at a time."""
    return await me.read(lambda session, viewer: now.news(session, viewer=viewer, before=before))


@router.post("/api/asks", response_model=AskRead, status_code=status.HTTP_201_CREATED)
async def create_ask(body: AskCreate, me: SignedInDep) -> AskRead:
    """Ask my mutual friends for help: at most 3 new asks a week (429 ask_limit), open at
    most 30 days (422 ask_expiry)."""
    return await me.write(
        lambda session, asker: asks.create(
            session, asker=asker, text=body.text, expires_on=body.expires_on
        )
    )


@router.get("/api/asks", response_model=AskList)
async def list_asks(me: SignedInDep) -> AskList:
    """My asks with their replies, and my friends' open asks."""
    return await me.read(lambda session, viewer: asks.list_asks(session, viewer=viewer))


@router.delete("/api/asks/{ask_id:uuid}", status_code=status.HTTP_204_NO_CONTENT)
async def close_ask(ask_id: uuid.UUID, me: SignedInDep) -> None:
    """Close one of my asks: friends no longer see it; its replies stay mine."""
    await me.write(lambda session, viewer: asks.close(session, viewer=viewer, ask_id=ask_id))


@router.post(
    "/api/asks/{ask_id:uuid}/replies",
    response_model=ReplyRead,
    status_code=status.HTTP_201_CREATED,
)
async def reply(
    ask_id: uuid.UUID, body: ReplyCreate, me: SignedInDep, limiter: LimiterDep
) -> ReplyRead:
    """Answer a friend's open ask: only the asker reads it."""
    return await me.write(
        lambda session, viewer: asks.reply(
            session, viewer=viewer, limiter=limiter, ask_id=ask_id, text=body.text
        )
    )


@router.post("/api/people/{person_id:uuid}/mute-asks", status_code=status.HTTP_204_NO_CONTENT)
async def mute(person_id: uuid.UUID, me: SignedInDep) -> None:
    """Stop seeing a friend's asks. They are not told."""
    await me.write(lambda session, viewer: asks.mute(session, viewer=viewer, person_id=person_id))


@router.delete("/api/people/{person_id:uuid}/mute-asks", status_code=status.HTTP_204_NO_CONTENT)
async def unmute(person_id: uuid.UUID, me: SignedInDep) -> None:
    await me.write(lambda session, viewer: asks.unmute(session, viewer=viewer, person_id=person_id))


@router.post("/api/digest/unsubscribe", response_model=Unsubscribed)
async def unsubscribe(
    db: DatabaseDep,
    settings: SettingsDep,
    token: Annotated[str, Query(min_length=1, max_length=100, pattern="^[0-9a-f]+\\.[0-9a-f]+$")],
) -> Unsubscribed:
    """One-click unsubscribe from the weekly digest (RFC 8058: the mail's List-Unsubscribe
    address, POSTed with List-Unsubscribe=One-Click). No sign-in: the token is signed."""
    done = await db.write(
        lambda session: digest.unsubscribe(session, settings=settings, token=token)
    )
    if not done:
        raise NotFound("This unsubscribe link is not valid.")
    return Unsubscribed(unsubscribed=True)
