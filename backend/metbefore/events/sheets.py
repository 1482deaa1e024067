"""Print-ready badge sheets: a grid of badges per page, each with the name large, pronouns,
title, affiliation, the event name and the QR code of the badge URL.

fpdf2 shapes text with HarfBuzz (Arabic joins and runs right to left, scripts combine) and
falls back glyph by glyph to the other fonts `fonts.choose` picked for the sheet's text
(Noto Sans families from npm, see fonts.py). The fonts are embedded as subsets. A name no
font covers still prints, without the glyphs it lacks, and the sheet says which badges lack
what."""

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from fpdf import FPDF
from PIL import Image, ImageOps

from ..errors import Unavailable
from . import fonts
from .qr_modules import all_modules

log = logging.getLogger(__name__)
# Some system fonts carry hinting sources (TSI* tables) that the subsetter drops,
# harmlessly, with a warning per document.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
# fpdf2 would log the characters of names no font has; the sheet reports them instead.
logging.getLogger("fpdf.output").setLevel(logging.ERROR)

Paper = Literal["a4", "letter"]
Layout = Literal["2x3", "2x4"]
Progress = Callable[[int, int], None]
# Page size and margin in millimetres.
PAPERS: dict[str, tuple[float, float, float]] = {
    "a4": (210.0, 297.0, 10.0),
    "letter": (215.9, 279.4, 12.7),
}
LAYOUTS: dict[str, tuple[int, int]] = {"2x3": (2, 3), "2x4": (2, 4)}
PT = 25.4 / 72  # millimetres per point
PAD = 5.0
LEADING = 1.15
QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


@dataclass(frozen=True)
class BadgeFace:
    person_id: str
    name: str
    pronouns: str
    title: str
    affiliation: str
    url: str

    @property
    def texts(self) -> tuple[str, ...]:
        return self.name, self.pronouns, self.title, self.affiliation


@dataclass
class Sheet:
    pdf: bytes
    # person id -> the characters of their badge that no font has (printed without them)
    lacking: dict[str, str] = field(default_factory=dict)


class _PDF(FPDF):
    def __init__(self, choice: fonts.Choice, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.by_char = choice.by_char

    def get_fallback_font(self, char: str, style: str = "") -> str | None:
        """fpdf2 would try every fallback font in turn; the choice already knows."""
        key = self.by_char.get(char)
        if key is None:
            return None
        return key + style if key + style in self.fonts else key


def _document(title: str, paper: Paper, choice: fonts.Choice) -> FPDF:
    width, height, _ = PAPERS[paper]
    pdf = _PDF(choice, unit="mm", format=(width, height))
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.set_title(title)
    pdf.set_creator("Met Before")
    for font in [choice.primary, *choice.fonts]:
        for style, path in font.files:
            pdf.add_font(font.key, style=style, fname=path)
    pdf.set_fallback_fonts([font.key for font in choice.fonts], exact_match=False)
    pdf.c_margin = 0
    return pdf


def _qr_image(size: int, pixels: bytes) -> Image.Image:
    """One pixel per module, with the quiet zone; the PDF scales it without smoothing."""
    image = Image.frombytes("L", (size, size), pixels)
    return ImageOps.expand(image, border=QUIET_ZONE, fill=255).convert("1")


# Scripts whose letters change shape or run right to left: only these go through HarfBuzz,
# the rest are drawn glyph by glyph, which is many times faster.
_COMPLEX = re.compile(
    "[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u0f00-\u109f\u1780-\u18af\ufb1d-\ufdff\ufe70-\ufeff]"
)
BASE = 10.0  # widths are measured once at this size and scale linearly


class _Widths:
    """String widths at BASE size. Plain text is summed from cached letter widths (no
    kerning without shaping anyway); shaped text is measured word by word."""

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self.letters: dict[tuple[str, str], float] = {}

    def __call__(self, text: str) -> float:
        if self.pdf.text_shaping:
            return self.pdf.get_string_width(text)
        style = self.pdf.font_style
        total = 0.0
        for letter in text:
            width = self.letters.get((style, letter))
            if width is None:
                width = self.letters[style, letter] = self.pdf.get_string_width(letter)
            total += width
        return total


def _wrap(words: list[tuple[str, float]], space: float, width: float) -> list[str]:
    """Greedy word wrap; `width` and the word widths in the same (BASE size) units."""
    lines: list[str] = []
    line, line_w = "", 0.0
    for word, word_w in words:
        if line and line_w + space + word_w <= width:
            line, line_w = f"{line} {word}", line_w + space + word_w
            continue
        if line:
            lines.append(line)
        line, line_w = word, word_w
    if line:
        lines.append(line)
    return lines


def _words(measure: _Widths, text: str, width: float) -> list[tuple[str, float]]:
    """The words with their widths; a word wider than the line is split between letters,
    as very long names and scripts written without spaces need."""
    words = []
    for word in text.split():
        word_w = measure(word)
        while word_w > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and measure(word[:cut]) > width:
                cut -= 1
            words.append((word[:cut], measure(word[:cut])))
            word = word[cut:]
            word_w = measure(word)
        words.append((word, word_w))
    return words


def _ellipsize(measure: _Widths, line: str, width: float) -> str:
    while line and measure(line + "…") > width:
        line = line[:-1]
    return line.rstrip() + "…"


class _Sheet:
    def __init__(self, pdf: FPDF, event_name: str) -> None:
        self.pdf = pdf
        self.measure = _Widths(pdf)
        self.event_name = event_name

    def fit(
        self,
        text: str,
        *,
        width: float,
        height: float,
        sizes: Sequence[float],
        style: str = "",
        max_lines: int = 3,
    ) -> tuple[float, list[str]]:
        """Sets the font and answers the largest size at which the text wraps into the box;
        at the smallest size, the lines that fit with the last one cut by an ellipsis."""
        self.pdf.set_text_shaping(bool(_COMPLEX.search(text)))
        self.pdf.set_font(fonts.PRIMARY, style, BASE)
        space = self.measure(" ")
        size, lines = BASE, [text]
        for size in sizes:
            limit = width * BASE / size  # the box's width in BASE-size units
            lines = _wrap(_words(self.measure, text, limit), space, limit)
            if len(lines) <= max_lines and len(lines) * size * PT * LEADING <= height:
                break
        else:
            keep = max(1, min(max_lines, int(height // (size * PT * LEADING))))
            if len(lines) > keep:
                last = _ellipsize(self.measure, lines[keep - 1], width * BASE / size)
                lines = [*lines[: keep - 1], last]
        self.pdf.set_font_size(size)
        return size, lines

    def write(
        self, lines: list[str], *, x: float, y: float, width: float, size: float, align: str
    ) -> float:
        """Draws the lines from the top at y; answers the y below them."""
        line_height = size * PT * LEADING
        for line in lines:
            self.pdf.set_xy(x, y)
            self.pdf.cell(width, line_height, line, align=align)
            y += line_height
        return y

    def badge(
        self, face: BadgeFace, qr_code: Image.Image, x: float, y: float, w: float, h: float
    ) -> None:
        pdf, inner = self.pdf, w - 2 * PAD
        pdf.set_draw_color(190)  # cut lines
        pdf.set_line_width(0.2)
        pdf.rect(x, y, w, h)

        pdf.set_text_color(90)
        size, lines = self.fit(
            self.event_name, width=inner, height=5, sizes=(9, 8, 7), style="B", max_lines=1
        )
        self.write(lines, x=x + PAD, y=y + PAD, width=inner, size=size, align="C")
        pdf.set_draw_color(150)
        pdf.line(x + PAD, y + PAD + 6, x + w - PAD, y + PAD + 6)

        qr = min(h * 0.46, 36.0)
        qr_x, qr_y = x + w - PAD - qr, y + h - PAD - qr
        pdf.image(qr_code, qr_x, qr_y, qr, qr)

        pdf.set_text_color(0)
        top = y + PAD + 8
        size, lines = self.fit(
            face.name, width=inner, height=qr_y - 1 - top, sizes=range(32, 9, -2), style="B"
        )
        self.write(lines, x=x + PAD, y=top, width=inner, size=size, align="C")

        column = qr_x - 3 - (x + PAD)
        below = qr_y + qr * 0.08  # level with the code's dark modules, past its quiet zone
        for text, largest, max_lines, grey in (
            (face.pronouns, 10, 1, 90),
            (face.title, 9.5, 2, 40),
            (face.affiliation, 11, 3, 0),
        ):
            if not text:
                continue
            pdf.set_text_color(grey)
            size, lines = self.fit(
                text,
                width=column,
                height=max_lines * largest * PT * LEADING,
                sizes=(largest, largest - 1.5),
                max_lines=max_lines,
            )
            below = self.write(lines, x=x + PAD, y=below, width=column, size=size, align="L")
            below += 1


def render(
    faces: list[BadgeFace],
    *,
    event_name: str,
    paper: Paper = "a4",
    layout: Layout = "2x4",
    library: fonts.Library,
    progress: Progress | None = None,
) -> Sheet:
    """The PDF of the badges, in the order given, and which badges lack glyphs."""
    if not library.installed():
        log.error("badge fonts missing under %s", fonts.FONTSOURCE)
        raise Unavailable(
            "Badge fonts are not installed (npm ci installs them).", code="fonts_missing"
        )
    chars = set(event_name).union(*(text for face in faces for text in face.texts))
    choice = library.choose(chars)
    sheet = _Sheet(_document(f"{event_name}: badges", paper, choice), event_name)
    page_w, page_h, margin = PAPERS[paper]
    cols, rows = LAYOUTS[layout]
    cell_w, cell_h = (page_w - 2 * margin) / cols, (page_h - 2 * margin) / rows
    per_page = cols * rows
    codes = all_modules([face.url for face in faces])
    for i, (face, (size, pixels)) in enumerate(zip(faces, codes, strict=True)):
        if i % per_page == 0:
            sheet.pdf.add_page()
        col, row = i % cols, (i % per_page) // cols
        x, y = margin + col * cell_w, margin + row * cell_h
        sheet.badge(face, _qr_image(size, pixels), x, y, cell_w, cell_h)
        if progress:
            progress(i + 1, len(faces))
    lacking = {
        face.person_id: missing
        for face in faces
        if (missing := choice.lacking(event_name + "".join(face.texts)))
    }
    return Sheet(bytes(sheet.pdf.output()), lacking)
