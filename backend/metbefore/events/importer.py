"""Attendee import from CSV: every row is checked and answered in a report; the good ones
register people, creating accounts for addresses not seen before.

The file: UTF-8 (with or without BOM), comma or semicolon separated, a header row naming
some of the columns email, name, affiliation, title, pronouns, role (email required)."""

import csv
import io
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..badges import service as badges
from ..db import insert_for, utcnow
from ..errors import Invalid, TooLarge
from ..people import addresses
from ..people.models import Person
from ..schemas import Email
from .models import Attendance, Event
from .schemas import ImportReport, ImportRow

COLUMNS = {"email": 254, "name": 120, "affiliation": 160, "title": 160, "pronouns": 40, "role": 40}
# CSV column -> Person attribute, for the profile fields an import may fill.
PROFILE = {
    "name": "display_name",
    "affiliation": "affiliation",
    "title": "title",
    "pronouns": "pronouns",
}
# A cell starting like this is run as a formula by spreadsheets, when the data is exported
# again later (CSV injection): refused rather than stored.
FORMULA_START = ("=", "+", "-", "@")
_BAD_CHARS = re.compile(r"[\x00-\x1f\x7f]")
CHUNK = 1000

_email = TypeAdapter(Email)
Progress = Callable[[int, int], None]


@dataclass
class Row:
    line: int
    email: str
    values: dict[str, str]


def placeholder_name(email: str) -> str:
    """The name an account starts with when nobody gave one (as sign-in does)."""
    return email.split("@")[0][:120]


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise Invalid(
            f"The file is not UTF-8 text (line {line} has the byte 0x{data[exc.start]:02x}). "
            "Save it as “CSV UTF-8” and upload it again.",
            code="not_utf8",
        ) from exc


def _header(cells: list[str]) -> list[str]:
    names = [cell.strip().lower() for cell in cells]
    while names and not names[-1]:  # spreadsheets add empty trailing columns
        names.pop()
    expected = ", ".join(COLUMNS)
    unknown = [name or "(empty)" for name in names if name not in COLUMNS]
    if unknown:
        raise Invalid(
            f"Unknown column(s): {', '.join(unknown)}. The columns are: {expected}.",
            code="unknown_columns",
        )
    if len(set(names)) != len(names):
        raise Invalid("A column is named twice in the header.", code="duplicate_columns")
    if "email" not in names:
        raise Invalid(
            f"The header has no email column. The columns are: {expected}.",
            code="missing_email_column",
        )
    return names


def _check(names: list[str], cells: list[str]) -> tuple[dict[str, str], str | None, str | None]:
    """The row's values, or why it is refused (code, reason)."""
    values = dict.fromkeys(COLUMNS, "")
    values.update({name: cell.strip() for name, cell in zip(names, cells, strict=False)})
    if len(cells) > len(names) and any(cell.strip() for cell in cells[len(names) :]):
        return values, "extra_cells", f"row has {len(cells)} cells; the header has {len(names)}"
    if not values["email"]:
        return values, "missing_email", "email is missing"
    for name in names:
        value = values[name]
        if value.startswith(FORMULA_START):
            return (
                values,
                "formula",
                f"{name} starts with “{value[0]}”, which spreadsheets run as a formula",
            )
        if _BAD_CHARS.search(value):
            return values, "invalid_cell", f"{name} must be one line without control characters"
        if len(value) > COLUMNS[name]:
            return values, "too_long", f"{name} is longer than {COLUMNS[name]} characters"
    try:
        values["email"] = _email.validate_python(values["email"])
    except ValidationError:
        return values, "invalid_email", "email is not a valid address"
    return values, None, None


def parse(data: bytes, *, max_rows: int) -> list[Row | ImportRow]:
    """Every data row in file order: checked (Row) or refused (ImportRow)."""
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records = _records(reader)
    header = next(records, None)
    if header is None:
        raise Invalid(
            f"The file is empty; its first line names the columns: {', '.join(COLUMNS)}.",
            code="empty_file",
        )
    names = _header(header[1])
    seen: dict[str, int] = {}
    out: list[Row | ImportRow] = []
    for line, cells in records:
        if len(out) == max_rows:
            raise TooLarge(
                f"The file has more than {max_rows} rows; split it into smaller files.",
                code="too_many_rows",
            )
        values, code, reason = _check(names, cells)
        if code is None and values["email"] in seen:
            code, reason = "duplicate_email", f"same email as line {seen[values['email']]}"
        if code is not None:
            out.append(
                ImportRow(
                    line=line, email=values["email"], outcome="rejected", code=code, reason=reason
                )
            )
            continue
        seen[values["email"]] = line
        out.append(Row(line=line, email=values["email"], values=values))
    return out


def _records(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, cells), skipping blank lines."""
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise Invalid(f"Line {reader.line_num}: {exc}.", code="malformed_csv") from exc


def _snapshot(values: dict[str, str]) -> dict[str, str]:
    return {column: values[column] for column in PROFILE if values[column]}


def _merge(person: Person, values: dict[str, str], previous: dict[str, Any] | None) -> bool:
    """Fill the person's profile from the row where the person has not written their own:
    an empty field, sign-in's placeholder name, or the value this event's last import set."""
    changed = False
    for column, field in PROFILE.items():
        new, current = values[column], getattr(person, field)
        if not new or new == current:
            continue
        untouched = (
            not current
            or current == (previous or {}).get(column)
            or (field == "display_name" and current == placeholder_name(person.email))
        )
        if untouched:
            setattr(person, field, new)
            changed = True
    return changed


def create_people(session: Session, entries: list[dict[str, str]]) -> set[uuid.UUID]:
    """Accounts for new addresses (entries: email and optionally name, affiliation, title,
    pronouns), each with a personal badge so they can sign in and be scanned. Answers the
    ids inserted; an address registered meanwhile by someone else is left alone."""
    now = utcnow()
    values = [
        {
            "id": uuid.uuid4(),
            "email": entry["email"],
            "display_name": entry.get("name") or placeholder_name(entry["email"]),
            "affiliation": entry.get("affiliation", ""),
            "title": entry.get("title", ""),
            "pronouns": entry.get("pronouns", ""),
            "bio": "",
            "interests": [],
            "links": {},
            "photo_on_badge": True,
            "share_email": False,
            "created_at": now,
            "updated_at": now,
        }
        for entry in entries
    ]
    if not values:
        return set()
    table = Person.__table__
    inserted = set(
        session.execute(
            insert_for(session, table)
            .on_conflict_do_nothing(index_elements=["email"])
            .returning(table.c.id),
            values,
        ).scalars()
    )
    badges.issue_many(session, person_ids=inserted)
    return inserted


def register(
    session: Session, *, event_id: uuid.UUID, entries: list[dict[str, Any]]
) -> set[uuid.UUID]:
    """Attendances (entries: person_id, role, imported), each new one with its event badge.
    Answers the people registered now; those already registered are left alone."""
    if not entries:
        return set()
    now = utcnow()
    table = Attendance.__table__
    registered = set(
        session.execute(
            insert_for(session, table)
            .on_conflict_do_nothing(index_elements=["event_id", "person_id"])
            .returning(table.c.person_id),
            [{"event_id": event_id, "created_at": now, **entry} for entry in entries],
        ).scalars()
    )
    badges.issue_many(session, person_ids=registered, event_id=event_id)
    return registered


def _import_chunk(session: Session, event: Event, rows: list[Row]) -> tuple[list[ImportRow], int]:
    emails = [row.email for row in rows]
    people = addresses.owners_of(session, emails)  # by any verified address
    new = create_people(session, [row.values for row in rows if row.email not in people])
    missing = [email for email in emails if email not in people]
    ids = {email: p.id for email, p in people.items()}
    if missing:
        for email, person_id in session.execute(
            select(Person.email, Person.id).where(Person.email.in_(missing))
        ):
            ids[email] = person_id
        addresses.record_many(session, [(ids[e], e) for e in missing if e in ids])
    attendances = {
        a.person_id: a
        for a in session.scalars(
            select(Attendance).where(
                Attendance.event_id == event.id, Attendance.person_id.in_(ids.values())
            )
        )
    }
    registered = register(
        session,
        event_id=event.id,
        entries=[
            {
                "person_id": ids[row.email],
                "role": row.values["role"] or "attendee",
                "imported": _snapshot(row.values),
            }
            for row in rows
            if ids[row.email] not in attendances
        ],
    )
    results = []
    for row in rows:
        person = people.get(row.email)
        attendance = attendances.get(ids[row.email])
        previous = attendance.imported if attendance else None
        changed = person is not None and _merge(person, row.values, previous)
        if attendance is not None:
            if row.values["role"] and row.values["role"] != attendance.role:
                attendance.role, changed = row.values["role"], True
            attendance.imported = _snapshot(row.values)
            outcome = "updated" if changed else "unchanged"
        else:
            # Registered by someone else between our read and our insert: nothing of ours.
            outcome = "created" if ids[row.email] in registered else "unchanged"
        secondary = person is not None and person.email != row.email
        results.append(
            ImportRow(
                line=row.line,
                email=row.email,
                outcome=outcome,
                reason="matched by a secondary address" if secondary else None,
            )
        )
    session.flush()
    return results, len(new)


def import_rows(
    session: Session, *, event: Event, parsed: list[Row | ImportRow], progress: Progress | None
) -> ImportReport:
    rows = [item for item in parsed if isinstance(item, Row)]
    by_line: dict[int, ImportRow] = {}
    new_people = 0
    for start in range(0, len(rows), CHUNK):
        results, new = _import_chunk(session, event, rows[start : start + CHUNK])
        by_line.update((result.line, result) for result in results)
        new_people += new
        if progress:
            progress(min(start + CHUNK, len(rows)), len(rows))
    results = [by_line[item.line] if isinstance(item, Row) else item for item in parsed]
    count = {outcome: 0 for outcome in ("created", "updated", "unchanged", "rejected")}
    for result in results:
        count[result.outcome] += 1
    return ImportReport(rows=len(results), new_people=new_people, results=results, **count)
