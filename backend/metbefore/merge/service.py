"""Two accounts of one person become one: the absorbed account's history, notes,
registrations, badges and addresses move to the keeper, in one transaction."""

import logging
import uuid
from datetime import timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from .. import i18n, metrics
from ..badges.models import Badge
from ..circle import service as circle
from ..circle.models import AskMute
from ..db import utcnow
from ..errors import Forbidden
from ..events.models import Attendance, Event, EventOrganizer
from ..introductions.models import Introduction
from ..mail import Mail
from ..meetings.models import Block, Connection
from ..notes.models import Note
from ..passkeys.models import Passkey
from ..people import addresses as registry
from ..people.models import MergedAccount, Person, PersonEmail, PersonPhoto
from ..security import new_token, sha256_hex
from . import pairs
from .models import MergeProof
from .schemas import MergeOffer, MergePreview

log = logging.getLogger("metbefore.merge")
OFFER_MINUTES = 15
# Every column that points at a person, and so what a merge moves (tests/emails checks it
# against the schema). Sessions, passkey challenges (minutes old), tables and seats at them
# (at most 30 minutes old) and merge proofs of the absorbed account go with it.
MOVED = {
    ("ask_mutes", "muted_id"),
    ("ask_mutes", "muter_id"),
    ("ask_replies", "author_id"),
    ("asks", "asker_id"),
    ("attendances", "person_id"),
    ("badges", "person_id"),
    ("blocks", "blocked_id"),
    ("blocks", "blocker_id"),
    ("connections", "a_id"),
    ("connections", "b_id"),
    ("connections", "introduced_by_id"),
    ("digests_sent", "person_id"),
    ("encounters", "scanned_id"),
    ("encounters", "scanner_id"),
    ("event_organizers", "person_id"),
    ("events", "created_by_id"),
    ("introductions", "a_id"),
    ("introductions", "b_id"),
    ("introductions", "introducer_id"),
    ("meetings", "a_id"),
    ("meetings", "b_id"),
    ("merge_proofs", "absorbed_id"),
    ("merge_proofs", "keeper_id"),
    ("merged_accounts", "into_id"),
    ("notes", "author_id"),
    ("notes", "subject_id"),
    ("now_lines", "person_id"),
    ("passkey_challenges", "person_id"),
    ("passkeys", "person_id"),
    ("person_emails", "person_id"),
    ("person_photos", "person_id"),
    ("sessions", "person_id"),
    ("table_members", "person_id"),
    ("tables", "host_id"),
}
# Profile fields the absorbed account fills where the keeper's are blank.
BLANKS = (
    "display_name",
    "pronouns",
    "affiliation",
    "title",
    "bio",
    "interests",
    "links",
    "now_text",
    "now_at",
)


def preview(session: Session, absorbed: Person) -> MergePreview:
    """What a merge of this account brings."""
    pid = absorbed.id
    mine = or_(Connection.a_id == pid, Connection.b_id == pid)

    def count(stmt: object) -> int:
        return int(session.scalar(stmt) or 0)  # type: ignore[call-overload]

    return MergePreview(
        display_name=absorbed.display_name,
        email=absorbed.email,
        friends=count(select(func.count()).where(mine, Connection.status == "mutual")),
        pending_scans=count(select(func.count()).where(mine, Connection.status == "pending")),
        notes=count(select(func.count()).where(Note.author_id == pid)),
        events=count(select(func.count()).where(Attendance.person_id == pid)),
        badges=count(
            select(func.count()).where(Badge.person_id == pid, Badge.revoked_at.is_(None))
        ),
    )


def offer(session: Session, *, keeper: Person, absorbed: Person) -> MergeOffer:
    """A merge token for the keeper, who just proved an address of `absorbed`."""
    token = new_token()
    expires_at = utcnow() + timedelta(minutes=OFFER_MINUTES)
    session.add(
        MergeProof(
            token_hash=sha256_hex(token),
            keeper_id=keeper.id,
            absorbed_id=absorbed.id,
            expires_at=expires_at,
        )
    )
    return MergeOffer(merge_token=token, expires_at=expires_at, preview=preview(session, absorbed))


def redeem(session: Session, *, keeper: Person, token: str) -> Person:
    """The account a live token of this keeper proves; the token is used up. Anything else
    (replayed, expired, another account's) is 403 merge_token_invalid."""
    proof = session.get(MergeProof, sha256_hex(token), with_for_update=True)
    absorbed = session.get(Person, proof.absorbed_id) if proof is not None else None
    if proof is None or proof.keeper_id != keeper.id or proof.expires_at <= utcnow():
        raise Forbidden(
            "This merge offer is used, expired or not yours.", code="merge_token_invalid"
        )
    session.delete(proof)
    if absorbed is None:
        raise Forbidden(
            "This merge offer is used, expired or not yours.", code="merge_token_invalid"
        )
    return absorbed


def _lock(session: Session, *ids: uuid.UUID) -> None:
    """Both people rows, in a fixed order: a scan or note of either waits for the merge,
    then finds the absorbed account gone (and its writes retried against the keeper)."""
    session.execute(
        select(Person.id).where(Person.id.in_(ids)).order_by(Person.id).with_for_update()
    )


def _move_unique(session: Session, model: type, keep: uuid.UUID, drop: uuid.UUID) -> None:
    """Rows keyed by (event, person): the keeper's row wins where both have one."""
    table = model.__table__  # type: ignore[attr-defined]
    kept = select(table.c.event_id).where(table.c.person_id == keep)
    session.execute(delete(table).where(table.c.person_id == drop, table.c.event_id.in_(kept)))
    session.execute(update(table).where(table.c.person_id == drop).values(person_id=keep))


def _move_pairs(
    session: Session,
    first: InstrumentedAttribute[uuid.UUID],
    second: InstrumentedAttribute[uuid.UUID],
    keep: uuid.UUID,
    drop: uuid.UUID,
) -> None:
    """Rows of one person about another (a block, a mute), each way: where the keeper has
    the same row already, the absorbed one's goes."""
    model = first.class_
    both = (keep, drop)
    session.execute(delete(model).where(first.in_(both), second.in_(both)))
    for mine, theirs in ((first, second), (second, first)):
        kept = select(theirs).where(mine == keep)
        session.execute(delete(model).where(mine == drop, theirs.in_(kept)))
        session.execute(update(model).where(mine == drop).values({mine: keep}))


def _move_introductions(session: Session, keep: uuid.UUID, drop: uuid.UUID) -> None:
    both = (keep, drop)
    session.execute(
        delete(Introduction).where(Introduction.a_id.in_(both), Introduction.b_id.in_(both))
    )
    # Whom the keeper was introduced to, read once (not a query per introduction).
    kept_with = {
        b if a == keep else a
        for a, b in session.execute(
            select(Introduction.a_id, Introduction.b_id).where(
                or_(Introduction.a_id == keep, Introduction.b_id == keep)
            )
        )
    }
    for intro in session.scalars(
        select(Introduction).where(or_(Introduction.a_id == drop, Introduction.b_id == drop))
    ):
        other = intro.b_id if intro.a_id == drop else intro.a_id
        if other in kept_with:  # the keeper was introduced to them already
            session.delete(intro)
            continue
        intro.a_id, intro.b_id = (keep, other) if intro.a_id == drop else (other, keep)
        kept_with.add(other)
    session.flush()
    session.execute(
        update(Introduction).where(Introduction.introducer_id == drop).values(introducer_id=keep)
    )


def _move_badges(session: Session, keep: uuid.UUID, drop: uuid.UUID) -> None:
    """Old printed badges keep working, now for the keeper; where both hold a live badge
    for one event, the keeper's stays and the absorbed one's is revoked."""
    kept = select(Badge.event_id).where(
        Badge.person_id == keep, Badge.revoked_at.is_(None), Badge.event_id.is_not(None)
    )
    session.execute(
        update(Badge)
        .where(Badge.person_id == drop, Badge.revoked_at.is_(None), Badge.event_id.in_(kept))
        .values(revoked_at=utcnow())
    )
    session.execute(update(Badge).where(Badge.person_id == drop).values(person_id=keep))


def _fill_profile(session: Session, keeper: Person, absorbed: Person) -> None:
    for field in BLANKS:
        if not getattr(keeper, field) and getattr(absorbed, field):
            setattr(keeper, field, getattr(absorbed, field))
    names = [*keeper.other_names]
    for name in (absorbed.display_name, *absorbed.other_names):
        if name and name != keeper.display_name and name not in names:
            names.append(name)
    keeper.other_names = names[:10]
    if keeper.photo_version is None and absorbed.photo_version is not None:
        session.execute(delete(PersonPhoto).where(PersonPhoto.person_id == keeper.id))
        session.execute(
            update(PersonPhoto)
            .where(PersonPhoto.person_id == absorbed.id)
            .values(person_id=keeper.id)
        )
        keeper.photo_version = absorbed.photo_version


def merge_people(session: Session, *, keeper: Person, absorbed: Person) -> list[Mail]:
    """Merge `absorbed` into `keeper`; answers the notices to mail after the commit."""
    keep, drop = keeper.id, absorbed.id
    _lock(session, keep, drop)
    addresses = [absorbed.email]
    pairs.drop_between(session, keep, drop)
    pairs.move_history(session, keep, drop)
    _move_pairs(session, Block.blocker_id, Block.blocked_id, keep, drop)
    _move_pairs(session, AskMute.muter_id, AskMute.muted_id, keep, drop)
    circle.merge(session, keep, drop)
    _move_unique(session, Attendance, keep, drop)
    _move_unique(session, EventOrganizer, keep, drop)
    _move_introductions(session, keep, drop)
    _move_badges(session, keep, drop)
    # Notes of either about the other lose their subject (nobody writes about themself).
    session.execute(
        update(Note)
        .where(
            or_(
                (Note.author_id == keep) & (Note.subject_id == drop),
                (Note.author_id == drop) & (Note.subject_id == keep),
            )
        )
        .values(subject_id=None)
    )
    session.execute(update(Note).where(Note.author_id == drop).values(author_id=keep))
    session.execute(update(Note).where(Note.subject_id == drop).values(subject_id=keep))
    session.execute(update(Event).where(Event.created_by_id == drop).values(created_by_id=keep))
    session.execute(update(Passkey).where(Passkey.person_id == drop).values(person_id=keep))
    session.execute(
        update(Connection).where(Connection.introduced_by_id == drop).values(introduced_by_id=keep)
    )
    _fill_profile(session, keeper, absorbed)
    session.execute(
        update(PersonEmail)
        .where(PersonEmail.person_id == drop)
        .values(person_id=keep, origin="merged")
    )
    registry.record(session, person_id=keep, emails=addresses, origin="merged")
    session.add(
        MergedAccount(
            absorbed_id=drop,
            into_id=keep,
            display_name=absorbed.display_name,
            email=absorbed.email,
        )
    )
    session.execute(update(MergedAccount).where(MergedAccount.into_id == drop).values(into_id=keep))
    session.flush()
    session.execute(delete(Person).where(Person.id == drop))  # sessions and the rest go
    session.expunge(absorbed)
    metrics.count("account_merges")
    log.info("account merged", extra={"kept": str(keep), "absorbed": str(drop)})
    everyone = session.scalars(select(PersonEmail.email).where(PersonEmail.person_id == keep)).all()
    lang = i18n.choose(keeper.language)
    return [
        Mail(
            to=address,
            subject=i18n.text(lang, "merged.subject"),
            body=i18n.text(lang, "merged.body", email=absorbed.email),
        )
        for address in sorted(set(everyone) | {keeper.email})
    ]
