"""The operator's event commands: `metbefore import-attendees` and `metbefore badges`.
They work on the database directly, as the operator, with a progress line on stderr."""

import json
import sys
from pathlib import Path
from typing import TextIO

from sqlalchemy.orm import Session

from ..config import Settings
from ..db import make_engine
from . import access, fonts, sheets
from .attendees import badge_faces, import_csv
from .schemas import ImportReport


class ProgressLine:
    """`label [#####     ] 512/1000 51%` on stderr: redrawn in place on a terminal, a line
    per tenth otherwise (logs)."""

    def __init__(self, label: str, stream: TextIO = sys.stderr) -> None:
        self.label, self.stream, self.shown = label, stream, -1
        self.tty = stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        percent = done * 100 // total if total else 100
        step = percent if self.tty else percent // 10 * 10
        if step == self.shown:
            return
        self.shown = step
        line = f"{self.label} [{'#' * (percent // 4):<25}] {done}/{total} {percent}%"
        self.stream.write(f"\r{line}" if self.tty else f"{line}\n")
        if self.tty and done >= total:
            self.stream.write("\n")
        self.stream.flush()


def report_text(event_name: str, report: ImportReport) -> str:
    lines = [
        f"{event_name}: {report.rows} rows: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.rejected} rejected; "
        f"{report.new_people} new accounts."
    ]
    lines += [
        f"line {r.line}{f' ({r.email})' if r.email else ''}: {r.reason}"
        for r in report.results
        if r.outcome == "rejected"
    ]
    return "\n".join(lines)


def import_attendees(settings: Settings, *, slug: str, path: Path, as_json: bool) -> None:
    data = path.read_bytes()
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session, session.begin():
            event = access.event_by_slug(session, slug=slug)
            report = import_csv(
                session,
                event=event,
                data=data,
                max_bytes=settings.import_max_bytes,
                max_rows=settings.import_max_rows,
                progress=ProgressLine("importing"),
            )
            name = event.name
    finally:
        engine.dispose()
    print(json.dumps(report.model_dump(), indent=2) if as_json else report_text(name, report))


def badges(
    settings: Settings,
    *,
    slug: str,
    out: Path,
    paper: sheets.Paper,
    layout: sheets.Layout,
    attendees: list[str],
) -> None:
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            event = access.event_by_slug(session, slug=slug)
            faces = badge_faces(
                session, event=event, base_url=settings.base_url, attendees=attendees
            )
            name = event.name
    finally:
        engine.dispose()
    sheet = sheets.render(
        faces,
        event_name=name,
        paper=paper,
        layout=layout,
        library=fonts.library(settings),
        progress=ProgressLine("rendering"),
    )
    out.write_bytes(sheet.pdf)
    print(f"{len(faces)} badges of {name} written to {out}")
    names = {face.person_id: face.name for face in faces}
    for person_id, chars in sheet.lacking.items():
        codes = " ".join(f"U+{ord(c):04X}" for c in chars)
        print(f"missing glyphs: {names[person_id]} ({person_id}): {chars} ({codes})")
