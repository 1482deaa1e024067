"""The operator's commands: `metbefore import-attendees SLUG FILE` and
`metbefore badges SLUG -o FILE`, run as a separate process on the test database."""

import json
import os
import subprocess
import sys
from pathlib import Path

import zxingcpp
from PIL import Image

from tests.conftest import Server
from tests.events.helpers import HEADER, attendees
from tests.meetings.factories import Someone


def metbefore(
    database_url: str, server: Server, tmp_path: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "METBEFORE_DATABASE_URL": database_url,
        "METBEFORE_BASE_URL": server.url,
        "METBEFORE_DATA_DIR": str(tmp_path),
        "METBEFORE_BADGE_SYSTEM_FONTS": "false",
    }
    return subprocess.run(
        [sys.executable, "-m", "metbefore", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_import_attendees_prints_the_report_and_a_progress_line(
    organizer: Someone, database_url: str, server: Server, tmp_path: Path
) -> None:
    csv = tmp_path / "attendees.csv"
    csv.write_text(f"{HEADER}\nana@example.org,Ana Lima,Lib,,,\n,Nobody,,,,\n")
    run = metbefore(database_url, server, tmp_path, "import-attendees", "confx-2025", str(csv))
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "ConfX 2025: 2 rows: 1 created, 0 updated, 0 unchanged, 1 rejected; 1 new accounts.",
        "line 3: email is missing",
    ]
    assert "importing [#########################] 1/1 100%" in run.stderr
    assert [a["display_name"] for a in attendees(organizer)] == ["Ana Lima"]

    again = metbefore(
        database_url, server, tmp_path, "import-attendees", "confx-2025", str(csv), "--json"
    )
    report = json.loads(again.stdout)
    assert (report["created"], report["unchanged"], report["rejected"]) == (0, 1, 1)


def test_badges_writes_the_pdf_of_the_event_s_badges(
    organizer: Someone, database_url: str, server: Server, tmp_path: Path
) -> None:
    csv = tmp_path / "attendees.csv"
    csv.write_text(f"{HEADER}\nana@example.org,Ana Lima,Lib,,,\nben@example.org,Ben,,,,\n")
    metbefore(database_url, server, tmp_path, "import-attendees", "confx-2025", str(csv))
    out = tmp_path / "badges.pdf"
    run = metbefore(
        database_url, server, tmp_path, "badges", "confx-2025", "-o", str(out), "--paper", "letter"
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"2 badges of ConfX 2025 written to {out}"
    assert "rendering [#########################] 2/2 100%" in run.stderr
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(out), str(tmp_path / "page")], check=True)
    codes = zxingcpp.read_barcodes(Image.open(next(tmp_path.glob("page*.png"))))
    assert len(codes) == 2
    assert all(code.text.startswith(f"{server.url}/m/") for code in codes)


def test_badges_names_the_badges_no_font_can_print(
    organizer: Someone, database_url: str, server: Server, tmp_path: Path
) -> None:
    csv = tmp_path / "attendees.csv"
    csv.write_text(f"{HEADER}\nana@example.org,Ana Lima,,,,\nsom@example.org,สมชาย ใจดี,,,,\n")
    metbefore(database_url, server, tmp_path, "import-attendees", "confx-2025", str(csv))
    out = tmp_path / "badges.pdf"
    run = metbefore(database_url, server, tmp_path, "badges", "confx-2025", "-o", str(out))
    assert run.returncode == 0, run.stderr
    som = next(a for a in attendees(organizer) if a["email"] == "som@example.org")
    assert run.stdout.splitlines() == [
        f"2 badges of ConfX 2025 written to {out}",
        f"missing glyphs: สมชาย ใจดี ({som['person_id']}): สมชายใจดี "
        "(U+0E2A U+0E21 U+0E0A U+0E32 U+0E22 U+0E43 U+0E08 U+0E14 U+0E35)",
    ]
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "Ana Lima" in text


def test_the_commands_say_what_went_wrong(
    organizer: Someone, database_url: str, server: Server, tmp_path: Path
) -> None:
    csv = tmp_path / "attendees.csv"
    csv.write_bytes(f"{HEADER}\nzoe@example.org,Zoë,,,,\n".encode("latin-1"))
    bad = metbefore(database_url, server, tmp_path, "import-attendees", "confx-2025", str(csv))
    assert bad.returncode == 1
    assert bad.stderr.startswith("metbefore: The file is not UTF-8 text (line 2")
    missing = metbefore(database_url, server, tmp_path, "import-attendees", "nope", str(csv))
    assert missing.stderr.strip() == "metbefore: No such event."
    gone = metbefore(
        database_url, server, tmp_path, "import-attendees", "confx-2025", "/nonexistent.csv"
    )
    assert gone.returncode == 1
    assert "No such file or directory" in gone.stderr
    empty = metbefore(database_url, server, tmp_path, "badges", "confx-2025", "-o", "x.pdf")
    assert empty.stderr.strip() == "metbefore: This event has no attendees yet."
