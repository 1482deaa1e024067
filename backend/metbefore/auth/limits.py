"""Sign-in limits that stop abuse without throttling a crowd.

A venue's Wi-Fi puts thousands of attendees behind one network address, so nothing that
a real attendee does is limited per network as a crowd:

- codes mailed to a known address (see `is_known`) are limited per address only;
- new accounts (codes mailed to unknown addresses) are limited per network address: that
  is where account spam comes from. When that allowance is spent the answer stays the
  same (202, same body, no mail): the asker cannot tell known from unknown addresses;
- code checks are limited by failures: per code (auth.service), per address, and per
  network address counting wrong codes only, so a right code is never refused because
  others on the same network signed in (or guessed wrong).

Every count lives in the shared rate limiter (ratelimit.py), so every worker sees it.
"""

import ipaddress
import logging

from sqlalchemy.orm import Session

from .. import metrics
from ..config import Settings
from ..events import venue as venue_networks
from ..people import addresses
from ..ratelimit import Limiter

log = logging.getLogger("metbefore.auth")

HOUR = 3600
MAILS_REFUSED = "This address asked for a code too often."
WRONG_CODES = "Too many wrong codes for this address."
NETWORK_WRONG_CODES = "Too many wrong codes from this network."


def network_of(ip: str) -> str:
    """The network address a limit counts: the address itself, or its /64 for IPv6 (one
    household or phone holds a whole /64)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def is_known(session: Session, *, email: str) -> bool:
    """Whether mail to this address goes to someone the service knows: any verified
    address of an account, or an attendee an organizer imported (who has an account too).
    The one place that decides it."""
    return addresses.owner_of(session, email) is not None


def new_account_key(network: str) -> str:
    return f"new-account-ip:{network}"


def may_mail_code(
    session: Session, *, settings: Settings, limiter: Limiter, email: str, ip: str
) -> bool:
    """Whether to mail a sign-in code to `email`, asked from `ip`. Refuses (429) only for
    reasons that are the same for every address; answers False, silently, when a new
    account's code would exceed the network's allowance."""
    limiter.hit(
        f"mail:{email}", limit=settings.signin_mails_per_hour, seconds=HOUR, message=MAILS_REFUSED
    )
    if is_known(session, email=email):
        return True
    venue = venue_networks.active_network_for(session, ip=ip)
    key, limit = (
        (venue_networks.allowance_key(venue), settings.venue_new_accounts_per_hour)
        if venue is not None
        else (new_account_key(network_of(ip)), settings.signin_new_accounts_per_ip_per_hour)
    )
    if limiter.take(key, limit=limit, seconds=HOUR):
        return True
    metrics.count("signin_new_accounts_throttled")
    log.warning("new-account allowance of a network spent: no mail sent")
    return False


def check_failures(*, settings: Settings, limiter: Limiter, email: str | None) -> None:
    """Before a code is checked: refuse (429) an address that had too many wrong codes.
    (A link's token is 256 bits: there is nothing to guess per address.)"""
    if email is not None:
        limiter.check(
            f"verify-fail:{email}",
            limit=settings.signin_failures_per_address_per_hour,
            seconds=HOUR,
            message=WRONG_CODES,
        )


def count_failure(*, settings: Settings, limiter: Limiter, email: str | None, ip: str) -> None:
    """After a wrong code or link: count it per address and per network. A network past
    its allowance of wrong codes is answered 429 for its next wrong ones (its right codes
    still work)."""
    if email is not None:
        limiter.take(
            f"verify-fail:{email}",
            limit=settings.signin_failures_per_address_per_hour,
            seconds=HOUR,
        )
    limiter.hit(
        f"verify-fail-ip:{network_of(ip)}",
        limit=settings.signin_failures_per_ip_per_hour,
        seconds=HOUR,
        message=NETWORK_WRONG_CODES,
    )
