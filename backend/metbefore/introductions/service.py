"""Introductions: a person introduces two of their mutual friends, and both must accept
(double opt-in). When both have, the two become friends, and their connection remembers
who introduced them; their card says so when they meet. A decline is never shown to the
other two, and an introduction between people who blocked one another is hidden from both."""

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session

from ..circle import asks
from ..circle.schemas import AskRef
from ..db import insert_for, utcnow
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..meetings import pairs
from ..meetings.models import Block
from ..meetings.schemas import PersonRef
from ..people.models import Person
from ..people.schemas import PersonView
from ..ratelimit import Limiter
from .models import STANDING, Introduction
from .schemas import IntroductionRead

INTRODUCTIONS_PER_DAY = 50


def _blocked_between() -> ColumnElement[bool]:
    return exists().where(
        or_(
            and_(Block.blocker_id == Introduction.a_id, Block.blocked_id == Introduction.b_id),
            and_(Block.blocker_id == Introduction.b_id, Block.blocked_id == Introduction.a_id),
        )
    )


def _is_party(viewer_id: uuid.UUID) -> ColumnElement[bool]:
    return and_(
        or_(Introduction.a_id == viewer_id, Introduction.b_id == viewer_id), ~_blocked_between()
    )


def _reads(
    session: Session, *, viewer: Person, intros: Sequence[Introduction]
) -> list[IntroductionRead]:
    ids = {i.a_id for i in intros} | {i.b_id for i in intros}
    ids |= {i.introducer_id for i in intros if i.introducer_id}
    people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
    known = pairs.friend_ids(viewer.id).subquery()
    friends = set(session.scalars(select(known.c.id).where(known.c.id.in_(ids))))
    linked = asks.refs(session, ask_ids={i.ask_id for i in intros if i.ask_id})

    def ref(person_id: uuid.UUID) -> PersonRef:
        return PersonRef(id=person_id, display_name=people[person_id].display_name)

    reads = []
    for intro in intros:
        mine = {intro.a_id: intro.a_answer, intro.b_id: intro.b_answer}.get(viewer.id)
        other_id = intro.b_id if intro.a_id == viewer.id else intro.a_id
        if intro.a_answer == intro.b_answer == "accepted":
            status = "accepted"
        else:
            status = "declined" if mine == "declined" else "open"
        ask = linked.get(intro.ask_id) if intro.ask_id else None
        # The ask never leaves the asker's friends: the other one introduced is not told.
        shown = ask is not None and viewer.id in (ask.asker_id, intro.introducer_id)
        reads.append(
            IntroductionRead(
                id=intro.id,
                introducer=ref(intro.introducer_id) if intro.introducer_id else None,
                people=[ref(intro.a_id), ref(intro.b_id)],
                other=PersonView.of(people[other_id], friend=other_id in friends) if mine else None,
                message=intro.message,
                ask=AskRef(id=ask.id, text=ask.text) if ask is not None and shown else None,
                my_answer=mine,
                status=status,
                created_at=intro.created_at,
            )
        )
    return reads


def introduce(
    session: Session,
    *,
    introducer: Person,
    limiter: Limiter,
    first_id: uuid.UUID,
    second_id: uuid.UUID,
    message: str,
    ask_id: uuid.UUID | None = None,
) -> IntroductionRead:
    """Introduce two of my mutual friends who are not yet friends with each other,
    perhaps in answer to an open ask of one of them."""
    for person_id in (first_id, second_id):
        conn = pairs.connection(session, introducer.id, person_id)
        if person_id == introducer.id or conn is None or conn.status != "mutual":
            raise NotFound("You can only introduce two of your friends.", code="not_friends")
    if ask_id is not None:
        ask = asks.visible_ask(session, viewer=introducer, ask_id=ask_id)
        if ask.asker_id not in (first_id, second_id):
            raise Invalid("Introduce the asker to someone.", code="asker_not_introduced")
    between = pairs.connection(session, first_id, second_id)
    if between is not None and between.status == "mutual":
        raise Conflict("They are friends already.", code="already_friends")
    a, b = sorted((first_id, second_id))
    # An open or declined introduction of the pair stands; which one is not told.
    if session.scalar(
        select(
            exists().where(
                Introduction.a_id == a,
                Introduction.b_id == b,
                or_(Introduction.a_answer != "accepted", Introduction.b_answer != "accepted"),
            )
        )
    ):
        raise Conflict("These two have been introduced already.", code="already_introduced")
    limiter.hit(f"introduce:{introducer.id}", limit=INTRODUCTIONS_PER_DAY, seconds=86400)
    # The check above misses one sent at the same instant; the unique index does not.
    inserted = session.execute(
        insert_for(session, Introduction.__table__)
        .values(
            id=uuid.uuid4(),
            introducer_id=introducer.id,
            a_id=a,
            b_id=b,
            message=message,
            ask_id=ask_id,
        )
        .on_conflict_do_nothing(index_elements=["a_id", "b_id"], index_where=STANDING)
        .returning(Introduction.__table__.c.id)
    ).scalar()
    if inserted is None:
        raise Conflict("These two have been introduced already.", code="already_introduced")
    intro = session.get_one(Introduction, inserted)
    return _reads(session, viewer=introducer, intros=[intro])[0]


def list_mine(
    session: Session, *, viewer: Person, awaiting_only: bool = False
) -> list[IntroductionRead]:
    """Introductions I made or received, newest first; or only those awaiting my answer."""
    if awaiting_only:
        where = and_(
            _is_party(viewer.id),
            or_(
                and_(Introduction.a_id == viewer.id, Introduction.a_answer == "pending"),
                and_(Introduction.b_id == viewer.id, Introduction.b_answer == "pending"),
            ),
        )
    else:
        # The introducer sees theirs whatever happens between the two.
        where = or_(Introduction.introducer_id == viewer.id, _is_party(viewer.id))
    intros = session.scalars(
        select(Introduction).where(where).order_by(Introduction.created_at.desc()).limit(200)
    ).all()
    return _reads(session, viewer=viewer, intros=intros)


def answer(
    session: Session, *, viewer: Person, introduction_id: uuid.UUID, accept: bool
) -> IntroductionRead:
    """Accept or decline an introduction to me. Answers are final; when both accepted, the
    two become friends, introduced by the introducer."""
    intro = session.scalars(
        select(Introduction)
        .where(Introduction.id == introduction_id, _is_party(viewer.id))
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if intro is None:
        if session.scalar(
            select(
                exists().where(
                    Introduction.id == introduction_id, Introduction.introducer_id == viewer.id
                )
            )
        ):
            raise Forbidden("Only the two people introduced answer.", code="not_introduced")
        raise NotFound("No such introduction.")
    side = "a_answer" if intro.a_id == viewer.id else "b_answer"
    given = "accepted" if accept else "declined"
    current = getattr(intro, side)
    if current != given:
        if current != "pending":
            raise Conflict("You have answered this introduction already.", code="already_answered")
        setattr(intro, side, given)
        if intro.a_answer == intro.b_answer == "accepted":
            _befriend(session, intro)
        session.flush()
    return _reads(session, viewer=viewer, intros=[intro])[0]


def _befriend(session: Session, intro: Introduction) -> None:
    conn = pairs.ensure_connection(session, intro.a_id, intro.b_id)
    if conn.status != "mutual":
        conn.status, conn.confirmed_at, conn.ignored_at = "mutual", utcnow(), None
    conn.introduced_by_id = conn.introduced_by_id or intro.introducer_id
