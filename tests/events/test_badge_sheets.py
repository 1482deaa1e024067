"""Badge sheets as a printer gets them: the PDF is rendered to images by poppler and every
QR code is read back by an independent decoder (zxing-cpp). Each must open the badge URL
of the person whose name and affiliation are printed beside it."""

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import Engine, select

from metbefore.events import fonts, sheets
from metbefore.models import Badge, Event, Person
from tests.conftest import Server
from tests.events.helpers import HEADER, attendees, imported
from tests.meetings.factories import Someone

NAMES = [
    "Ana Lima",
    "王小明",
    "محمد عبد الله الأحمد",
    "Алексей Смирнов",
    "Maximiliane Alexandra Theodora von Hohenzollern-Sigmaringen-Wittelsbach de la Tour",
    "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaftschaferswessen"
    "schafewarenwohlgepflege",  # 105 letters, no space
    "Екатерина Иванова-Петрова",
    "فاطمة الزهراء",
    "田中 花子",
    "김민준",
    "Ζωή Παπαδοπούλου",
    "Søren Kierkegård",
    "דוד כהן",
    "たこ 凧",  # 凧: only the Japanese font has it
]
DPI = 150


def register(organizer: Someone, count: int = 60) -> None:
    rows = [
        f"p{i:03d}@example.org,{NAMES[i % len(NAMES)]},Lab {i:03d},Engineer,they/them,"
        for i in range(count)
    ]
    report = imported(organizer, "\n".join([HEADER, *rows]))
    assert report["created"] == count, report


def badge_urls(engine: Engine, server: Server) -> dict[str, str]:
    """Affiliation (unique here) -> the live event badge URL, from the database."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(Person.affiliation, Badge.token)
            .join(Badge, Badge.person_id == Person.id)
            .join(Event, Event.id == Badge.event_id)
            .where(Event.slug == "confx-2025", Badge.revoked_at.is_(None))
        ).all()
    return {affiliation: f"{server.url}/m/{token}" for affiliation, token in rows}


def download(who: Someone, tmp_path: Path, **params: object) -> Path:
    response = who.http.get("/api/events/confx-2025/badges.pdf", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "private, no-store"
    path = tmp_path / "badges.pdf"
    path.write_bytes(response.content)
    return path


def words_by_cell(pdf: Path, paper: str, layout: str) -> dict[tuple[int, int], str]:
    """(page, cell) -> the text printed in that badge, from poppler's word boxes; every
    word must lie inside one badge."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    page_w, page_h, margin = (v * 72 / 25.4 for v in sheets.PAPERS[paper])
    cols, rows = sheets.LAYOUTS[layout]
    cell_w, cell_h = (page_w - 2 * margin) / cols, (page_h - 2 * margin) / rows
    cells: dict[tuple[int, int], str] = {}
    for number, page in enumerate(html.split("<page ")[1:], start=1):
        boxes = re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            page,
        )
        for *corners, word in boxes:
            x0, y0, x1, y1 = (float(c) for c in corners)
            col, row = int((x0 - margin) // cell_w), int((y0 - margin) // cell_h)
            assert (int((x1 - margin) // cell_w), int((y1 - margin) // cell_h)) == (col, row), word
            assert margin + col * cell_w < x0 and x1 < margin + (col + 1) * cell_w, word
            key = (number, row * cols + col)
            cells[key] = f"{cells.get(key, '')} {word}".strip()
    return cells


def decoded(pdf: Path, paper: str, layout: str, *pages: int) -> list[tuple[int, int, str]]:
    """(page, cell, text) of every QR code poppler's rendering shows (of all pages, or of
    the pages given)."""
    for page in pages or (0,):
        only = ["-f", str(page), "-l", str(page)] if page else []
        subprocess.run(["pdftoppm", "-r", str(DPI), *only, "-png", str(pdf), str(pdf.parent / "p")])
    page_w, page_h, margin = (v * DPI / 25.4 for v in sheets.PAPERS[paper])
    cols, rows = sheets.LAYOUTS[layout]
    cell_w, cell_h = (page_w - 2 * margin) / cols, (page_h - 2 * margin) / rows
    found = []
    for image in sorted(pdf.parent.glob("p-*.png")):
        number = int(image.stem.split("-")[1])
        for code in zxingcpp.read_barcodes(Image.open(image)):
            assert code.format == zxingcpp.BarcodeFormat.QRCode
            assert code.ec_level in ("M", "Q", "H")
            x, y = code.position.top_left.x, code.position.top_left.y
            col, row = int((x - margin) // cell_w), int((y - margin) // cell_h)
            found.append((number, row * cols + col, code.text))
    return found


def test_every_printed_code_opens_its_own_person_s_badge(
    organizer: Someone, engine: Engine, server: Server, tmp_path: Path
) -> None:
    register(organizer)
    pdf = download(organizer, tmp_path)
    urls = badge_urls(engine, server)
    codes = decoded(pdf, "a4", "2x4")
    assert sorted(text for _, _, text in codes) == sorted(urls.values())  # 60, each once
    text = words_by_cell(pdf, "a4", "2x4")
    owner = {url: affiliation for affiliation, url in urls.items()}
    for page, cell, url in codes:
        assert f"{owner[url]} " in text[page, cell] + " ", (page, cell, text[page, cell])
        assert "ConfX 2025" in text[page, cell]
    printed = " ".join(text.values())
    for name in ("王小明", "Алексей Смирнов", "김민준", "Ζωή", "Kierkegård", "たこ 凧"):
        assert name in printed
    for word in ("محمد", "الله", "כהן"):  # poppler's word boxes run right to left as drawn
        assert word[::-1] in printed
    # Read as text, right-to-left names come out in logical order (inside bidi embedding
    # marks, dropped here): the sheet sets them right to left, shaped.
    read = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    read = re.sub("[\u202a-\u202e]", "", read)
    assert "דוד כהן" in read
    assert "محمد" in read and "الله" in read
    assert len(text) == 60

    # The server runs with system fonts off: the project's own fonts printed every script.
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    listed = fonts.splitlines()[2:]
    families = {re.match(r"\w+\+NotoSans(Arabic|Hebrew|SC|JP|KR)?", line) for line in listed}
    assert None not in families, fonts
    assert {m.group(1) for m in families if m} == {None, "Arabic", "Hebrew", "SC", "JP", "KR"}
    assert all(" yes yes " in line for line in listed), fonts  # embedded as subsets


def test_a_long_sheet_keeps_every_code_with_its_person(
    organizer: Someone, engine: Engine, server: Server, tmp_path: Path
) -> None:
    register(organizer, 216)  # enough for the codes to be made by worker processes
    pdf = download(organizer, tmp_path)
    urls = badge_urls(engine, server)
    owner = {url: affiliation for affiliation, url in urls.items()}
    text = words_by_cell(pdf, "a4", "2x4")
    codes = decoded(pdf, "a4", "2x4", 1, 14, 27)
    assert len(codes) == 24
    for page, cell, url in codes:
        assert f"{owner[url]} " in text[page, cell] + " ", (page, cell, text[page, cell])


def test_letter_paper_six_to_a_page_and_reprints_of_a_few(
    organizer: Someone, engine: Engine, server: Server, tmp_path: Path
) -> None:
    register(organizer)
    pdf = download(organizer, tmp_path, paper="letter", layout="2x3")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+10\b", info), info
    assert "612 x 792 pts (letter)" in info

    listed = {a["affiliation"]: a for a in attendees(organizer)}
    reprint = tmp_path / "reprint"
    reprint.mkdir()
    pdf = download(
        organizer,
        reprint,
        attendee=[listed["Lab 007"]["person_id"], "P042@example.org"],
    )
    urls = badge_urls(engine, server)
    assert sorted(text for _, _, text in decoded(pdf, "a4", "2x4")) == sorted(
        [urls["Lab 007"], urls["Lab 042"]]
    )
    unknown = organizer.http.get(
        "/api/events/confx-2025/badges.pdf", params={"attendee": "nobody@example.org"}
    )
    assert (unknown.status_code, unknown.json()["code"]) == (422, "unknown_attendees")


def test_no_attendees_no_sheet_and_only_organizers_print(
    organizer: Someone, person: Callable[..., Someone]
) -> None:
    empty = organizer.http.get("/api/events/confx-2025/badges.pdf")
    assert (empty.status_code, empty.json()["code"]) == (404, "no_attendees")
    ana = person("Ana Lima")
    ana.http.post("/api/events/confx-2025/join")
    refused = ana.http.get("/api/events/confx-2025/badges.pdf")
    assert (refused.status_code, refused.json()["code"]) == (403, "not_organizer")
    odd = organizer.http.get("/api/events/confx-2025/badges.pdf", params={"paper": "a3"})
    assert odd.status_code == 422


def test_a_name_no_font_has_prints_and_is_named_in_the_answer(
    organizer: Someone, engine: Engine, server: Server, tmp_path: Path
) -> None:
    rows = [f"p{i}@example.org,Ana {i},Lab {i},,," for i in range(3)]
    rows.append("som@example.org,สมชาย ใจดี,Lab Thai,,,")  # Thai: no Noto font of ours has it
    assert imported(organizer, "\n".join([HEADER, *rows]))["created"] == 4
    response = organizer.http.get("/api/events/confx-2025/badges.pdf")
    assert response.status_code == 200
    som = next(a for a in attendees(organizer) if a["email"] == "som@example.org")
    assert response.headers["x-missing-glyphs"] == som["person_id"]
    assert response.headers["x-missing-glyphs-count"] == "1"
    path = tmp_path / "badges.pdf"
    path.write_bytes(response.content)
    urls = badge_urls(engine, server)
    assert sorted(text for _, _, text in decoded(path, "a4", "2x4")) == sorted(urls.values())
    assert "Lab Thai" in " ".join(words_by_cell(path, "a4", "2x4").values())
    whole = organizer.http.get(
        "/api/events/confx-2025/badges.pdf", params={"attendee": "p1@example.org"}
    )
    assert "x-missing-glyphs" not in whole.headers


def test_system_fonts_when_allowed_print_scripts_ours_lack(tmp_path: Path) -> None:
    name = "Հայկ Մարտիրոսյան"  # Armenian: in DejaVu Sans, not in the Noto fonts we ship
    assert fonts.Library(tmp_path, system_fonts=False).choose(name).missing == set(name) - {" "}
    library = fonts.Library(tmp_path, system_fonts=True)
    if library.choose(name).missing:
        pytest.skip("no system font here has Armenian (Debian: fonts-dejavu-core)")
    face = sheets.BadgeFace("id", name, "", "", "", "https://example.org/m/x")
    sheet = sheets.render([face], event_name="ConfX", library=library)
    assert sheet.lacking == {}
    path = tmp_path / "badges.pdf"
    path.write_bytes(sheet.pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert name in text
