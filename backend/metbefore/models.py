"""Every table, imported in one place for Alembic and the tests."""

from .auth.models import AuthSession, RateLimitHit, SignInCode
from .badges.models import Badge
from .circle.models import Ask, AskMute, AskReply, DigestSent, NowLine
from .db import Base
from .events.models import Attendance, Event, EventNetwork, EventOrganizer
from .introductions.models import Introduction
from .mail.models import OutboxMail
from .meetings.models import Block, Connection, Encounter, Meeting
from .merge.models import MergeProof
from .notes.models import Note
from .passkeys.models import Passkey, PasskeyChallenge
from .people.models import MergedAccount, Person, PersonEmail, PersonPhoto
from .tables.models import Table, TableMember

__all__ = [
    "Ask",
    "AskMute",
    "AskReply",
    "Attendance",
    "AuthSession",
    "Badge",
    "Base",
    "Block",
    "Connection",
    "DigestSent",
    "Encounter",
    "Event",
    "EventNetwork",
    "EventOrganizer",
    "Introduction",
    "Meeting",
    "MergeProof",
    "MergedAccount",
    "Note",
    "NowLine",
    "OutboxMail",
    "Passkey",
    "PasskeyChallenge",
    "Person",
    "PersonEmail",
    "PersonPhoto",
    "RateLimitHit",
    "SignInCode",
    "Table",
    "TableMember",
]
