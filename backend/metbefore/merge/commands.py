"""`metbefore merge-people KEEP_EMAIL ABSORB_EMAIL`: the support desk's merge, for a person
who can no longer reach one of their addresses. Shows what the merge brings and asks for
an explicit confirmation; the merge itself is the one the app makes."""

import logging
from collections.abc import Callable

from sqlalchemy.orm import Session

from .. import mail
from ..config import Settings
from ..db import make_engine
from ..errors import Conflict, NotFound
from ..people import addresses
from . import service

log = logging.getLogger("metbefore.merge")


def merge_people(
    settings: Settings,
    *,
    keep: str,
    absorb: str,
    confirm: Callable[[str], bool],
    out: Callable[[str], None] = print,
) -> bool:
    """Merge the account of `absorb` into the account of `keep` (any of their verified
    addresses), if `confirm` accepts the preview. Answers whether it merged."""
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session, session.begin():
            keeper, absorbed = (
                addresses.owner_of(session, keep.strip().lower()),
                addresses.owner_of(session, absorb.strip().lower()),
            )
            if keeper is None or absorbed is None:
                raise NotFound("No account has that address.", code="address_not_found")
            if keeper.id == absorbed.id:
                raise Conflict("Both addresses are of the same account.", code="same_account")
            brought = service.preview(session, absorbed)
            out(
                f"Merge {brought.display_name or '(no name)'} <{brought.email}> into "
                f"{keeper.display_name or '(no name)'} <{keeper.email}>: {brought.friends} "
                f"friends, {brought.pending_scans} pending scans, {brought.notes} notes, "
                f"{brought.events} events, {brought.badges} badges move. The absorbed "
                "account is signed out and its addresses sign in to the kept one."
            )
            if not confirm("Type MERGE to merge: "):
                out("Nothing merged.")
                return False
            for notice in service.merge_people(session, keeper=keeper, absorbed=absorbed):
                mail.enqueue(session, notice)  # the workers' senders deliver it
            log.info("merged by an operator", extra={"kept": str(keeper.id)})
        out("Merged.")
        return True
    finally:
        engine.dispose()
