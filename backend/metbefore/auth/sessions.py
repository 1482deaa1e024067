"""Server-side sessions: a random token in an HttpOnly cookie, its hash in the database,
ended on sign-out (here or from another device), on account deletion and on a merge. A
session slides: use extends it by session_days, up to session_max_days after sign-in."""

import ipaddress
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from ..config import Settings
from ..db import utcnow
from ..errors import NotFound
from ..people.models import Person
from ..security import new_token, sha256_hex
from .models import AuthSession
from .schemas import SessionRead

# Use is written down at most this often: a request does not cost a write.
TOUCH_EVERY = timedelta(hours=1)
_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"))
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


_ON, _UNKNOWN = " on ", "Unknown browser"
_NAMES = {n for _, n in _BROWSERS} | {"Safari"}


def device_parts(browser: str) -> tuple[str | None, str | None]:
    """A stored description (Device.browser) as its browser's and its system's names,
    each None when unknown: proper names the app puts in a sentence of the reader's
    language ("Safari auf iPhone")."""
    name, _, system = browser.partition(_ON)
    if system:
        return name, system
    if browser == _UNKNOWN or not browser:
        return None, None
    return (browser, None) if browser in _NAMES else (None, browser)


@dataclass(frozen=True)
class Device:
    """Where a request comes from, as far as a person needs to recognise their devices:
    only a coarse description of each is kept (browser and system, a network)."""

    user_agent: str
    ip: str

    @property
    def browser(self) -> str:
        ua = self.user_agent
        name = next((n for key, n in _BROWSERS if key in ua), "Safari" if "Safari/" in ua else "")
        system = next((n for key, n in _SYSTEMS if key in ua), "")
        return _ON.join(part for part in (name, system) if part) or _UNKNOWN

    @property
    def network(self) -> str:
        try:
            address = ipaddress.ip_address(self.ip)
        except ValueError:
            return ""
        prefix = 24 if address.version == 4 else 48
        return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def _expiry(settings: Settings, created_at: datetime, now: datetime) -> datetime:
    return min(
        now + timedelta(days=settings.session_days),
        created_at + timedelta(days=settings.session_max_days),
    )


def start_session(
    session: Session, *, settings: Settings, person_id: uuid.UUID, device: Device
) -> str:
    now = utcnow()
    session.execute(  # this person's ended sessions go now, so the table stays small
        delete(AuthSession).where(AuthSession.person_id == person_id, AuthSession.expires_at <= now)
    )
    token = new_token()
    session.add(
        AuthSession(
            token_hash=sha256_hex(token),
            person_id=person_id,
            created_at=now,
            last_used_at=now,
            expires_at=_expiry(settings, now, now),
            browser=device.browser,
            network=device.network,
        )
    )
    return token


# Built once: every signed-in request runs it (see meetings/pairs.py on why).
_SIGNED_IN = (
    select(Person, AuthSession.last_used_at)
    .join(AuthSession, AuthSession.person_id == Person.id)
    .where(
        AuthSession.token_hash == bindparam("token_hash"), AuthSession.expires_at > bindparam("now")
    )
)


def signed_in(session: Session, *, token: str) -> tuple[Person, bool] | None:
    """The session's person, and whether its use is due to be written down (see touch)."""
    now = utcnow()
    row = session.execute(_SIGNED_IN, {"token_hash": sha256_hex(token), "now": now}).first()
    if row is None:
        return None
    person, used = row
    return person, used <= now - TOUCH_EVERY


def person_for_token(session: Session, *, token: str) -> Person | None:
    found = signed_in(session, token=token)
    return found[0] if found else None


def touch(session: Session, *, token: str, settings: Settings, device: Device) -> None:
    """Slide the session on: used now, from this device."""
    row = session.scalars(
        select(AuthSession).where(AuthSession.token_hash == sha256_hex(token))
    ).first()
    if row is None:  # signed out meanwhile
        return
    now = utcnow()
    row.last_used_at = now
    row.expires_at = max(row.expires_at, _expiry(settings, row.created_at, now))
    row.browser, row.network = device.browser, device.network


def end_session(session: Session, *, token: str) -> None:
    session.execute(delete(AuthSession).where(AuthSession.token_hash == sha256_hex(token)))


def list_sessions(session: Session, *, person: Person, token: str) -> list[SessionRead]:
    """My signed-in devices, the last used first; `current` marks this one."""
    rows = session.scalars(
        select(AuthSession)
        .where(AuthSession.person_id == person.id, AuthSession.expires_at > utcnow())
        .order_by(AuthSession.last_used_at.desc(), AuthSession.id)
    )
    mine = sha256_hex(token)
    listed = []
    for row in rows:
        name, system = device_parts(row.browser)
        listed.append(
            SessionRead(
                id=row.id,
                browser=row.browser,
                browser_name=name,
                system=system,
                network=row.network,
                created_at=row.created_at,
                last_used_at=row.last_used_at,
                expires_at=row.expires_at,
                current=row.token_hash == mine,
            )
        )
    return listed


def end_one(session: Session, *, person: Person, session_id: uuid.UUID) -> None:
    done = session.execute(
        delete(AuthSession).where(AuthSession.id == session_id, AuthSession.person_id == person.id)
    )
    if not done.rowcount:  # type: ignore[attr-defined]
        raise NotFound("No such session of yours.", code="session_not_found")


def end_others(session: Session, *, person: Person, token: str) -> None:
    """Sign out everywhere else: every session of mine but this one ends."""
    session.execute(
        delete(AuthSession).where(
            AuthSession.person_id == person.id, AuthSession.token_hash != sha256_hex(token)
        )
    )
