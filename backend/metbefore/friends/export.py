"""My friends as vCard 3.0 (phone contacts) and as CSV (spreadsheets), with the same
fields: what I may see of them, where and when we met, and my notes."""

import csv
import io
import uuid
from datetime import datetime

import vobject

from ..notes.models import Note
from ..timezones import stored_zone
from .service import FriendExport, FriendsExport

LINK_KINDS = ("website", "mastodon", "bluesky", "linkedin", "facebook", "x")
COLUMNS = (
    "name",
    "pronouns",
    "affiliation",
    "title",
    "email",
    *LINK_KINDS,
    "first_met_on",
    "first_met_event",
    "first_met_place",
    "last_met_on",
    "last_met_event",
    "last_met_place",
    "times_met",
    "introduced_by",
    "tags",
    "follow_ups",
    "notes",
)
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _day(export: FriendsExport, at: datetime, event_id: uuid.UUID | None) -> str:
    """The local date where it happened: the event's time zone, else UTC."""
    tz = stored_zone(export.zones.get(event_id) if event_id else None)
    return at.astimezone(tz).date().isoformat()


def _event_name(export: FriendsExport, event_id: uuid.UUID | None) -> str:
    event = export.events.get(event_id) if event_id else None
    return event.name if event else ""


def _meeting(
    export: FriendsExport, at: datetime | None, place: str, event_id: uuid.UUID | None
) -> str:
    if at is None:
        return ""
    text = _day(export, at, event_id)
    if name := _event_name(export, event_id):
        text += f" at {name}"
    return text + (f" ({place})" if place else "")


def _tags(notes: list[Note]) -> list[str]:
    seen: dict[str, str] = {}
    for note in notes:
        for tag in note.tags:
            seen.setdefault(tag.casefold(), tag)
    return sorted(seen.values(), key=str.casefold)


def _note_line(export: FriendsExport, note: Note) -> str:
    line = _day(export, note.created_at, note.event_id)
    if name := _event_name(export, note.event_id):
        line += f" ({name})"
    line += f": {note.body}"
    if note.tags:
        line += f" [{', '.join(note.tags)}]"
    if note.follow_up_on:
        line += f" (follow up {note.follow_up_on.isoformat()})"
    return line


def _summary(export: FriendsExport, friend: FriendExport) -> str:
    conn = friend.connection
    lines = []
    if friend.person.pronouns:
        lines.append(f"Pronouns: {friend.person.pronouns}")
    if first := _meeting(export, conn.first_met_at, conn.first_place, conn.first_event_id):
        lines.append(f"First met {first}.")
    if conn.meeting_count > 1:
        last = _meeting(export, conn.last_met_at, conn.last_place, conn.last_event_id)
        lines.append(f"Last met {last}; met {conn.meeting_count} times.")
    if friend.introduced_by:
        lines.append(f"Introduced by {friend.introduced_by}.")
    if friend.notes:
        lines.append("My notes:")
        lines.extend(_note_line(export, n) for n in friend.notes)
    return "\n".join(lines) or "Met Before friend."


def to_vcard(export: FriendsExport) -> str:
    cards = []
    for friend in export.friends:
        person = friend.person
        card = vobject.vCard()
        name = person.display_name or "Unnamed"
        card.add("fn").value = name
        # Names do not split into given and family names the same way everywhere.
        card.add("n").value = vobject.vcard.Name(given=name)
        if person.affiliation:
            card.add("org").value = [person.affiliation]
        if person.title:
            card.add("title").value = person.title
        if person.email:
            card.add("email").value = person.email
        for kind, value in sorted((person.links or {}).items()):
            if value.lower().startswith(("https://", "http://")):
                card.add("url").value = value
            else:  # a handle such as @name@host, in the form contacts apps know
                social = card.add("x-socialprofile")
                social.type_param = kind
                social.value = value
        if friend.photo:
            photo = card.add("photo")
            photo.encoding_param = "b"
            photo.type_param = "JPEG"
            photo.value = friend.photo
        card.add("note").value = _summary(export, friend)
        if tags := _tags(friend.notes):
            card.add("categories").value = tags
        card.add("uid").value = f"urn:uuid:{person.id}"
        cards.append(card.serialize())
    return "".join(cards)


def _cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def _row(export: FriendsExport, friend: FriendExport) -> list[str]:
    person, conn = friend.person, friend.connection
    links = person.links or {}
    return [
        person.display_name,
        person.pronouns,
        person.affiliation,
        person.title,
        person.email or "",
        *(links.get(kind, "") for kind in LINK_KINDS),
        _day(export, conn.first_met_at, conn.first_event_id) if conn.first_met_at else "",
        _event_name(export, conn.first_event_id),
        conn.first_place,
        _day(export, conn.last_met_at, conn.last_event_id) if conn.last_met_at else "",
        _event_name(export, conn.last_event_id),
        conn.last_place,
        str(conn.meeting_count),
        friend.introduced_by or "",
        ", ".join(_tags(friend.notes)),
        ", ".join(sorted({n.follow_up_on.isoformat() for n in friend.notes if n.follow_up_on})),
        "\n".join(_note_line(export, n) for n in friend.notes),
    ]


def to_csv(export: FriendsExport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for friend in export.friends:
        writer.writerow([_cell(value) for value in _row(export, friend)])
    # The byte order mark makes spreadsheet programs read the file as UTF-8.
    return "\ufeff" + buffer.getvalue()
