"""The badge sheets' fonts: Noto Sans for Latin, Cyrillic, Greek and Vietnamese, Noto Sans
Arabic, Hebrew, SC (Chinese), JP (Japanese) and KR (Korean), all under the SIL Open Font
License, from npm's @fontsource packages that `npm ci` installs for `make run` and the
Dockerfile alike. Each family comes split into unicode-range pieces (WOFF with TrueType
outlines): a sheet loads only the pieces its text needs, so a sheet of Latin names never
parses a Chinese font. Pieces are unpacked to TrueType once, into a cache folder (HarfBuzz
reads TrueType directly; a WOFF it would have re-encoded for every sheet), beside an index
of which piece has which character. A character none has is looked for in the system's
fonts (when allowed), else reported as missing."""

import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from fontTools.ttLib import TTFont

from ..config import Settings
from ..pwa import NODE_MODULES

FONTSOURCE = NODE_MODULES / "@fontsource"
# In order of preference: a character is drawn by the first family that has it. Chinese
# comes before Japanese (both have kana; shared Han characters take the Chinese forms),
# Japanese adds its own characters and Korean the Hangul.
FAMILIES = (
    "noto-sans",
    "noto-sans-arabic",
    "noto-sans-hebrew",
    "noto-sans-sc",
    "noto-sans-jp",
    "noto-sans-kr",
)
PRIMARY = "noto-sans-latin"  # the font every text starts in
WEIGHTS = {"": 400, "B": 700}
# Chinese, Japanese and Korean in the regular weight only (a bold name takes it): their
# bold pieces would add 13 MB to the image. The Dockerfile keeps the same files.
REGULAR_ONLY = ("noto-sans-sc", "noto-sans-jp", "noto-sans-kr")
SYSTEM_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
)
# Characters that need no glyph of their own: spaces, controls, joiners and direction marks.
_NO_GLYPH = ("Zs", "Zl", "Zp", "Cc", "Cf")


@dataclass(frozen=True)
class Font:
    """Fonts under one PDF family name: a piece of a family (regular and bold) or a system
    font (its one style)."""

    key: str
    files: tuple[tuple[str, Path], ...]  # (style, file)


@dataclass
class Choice:
    """The fonts a sheet needs and which of them draws each character."""

    primary: Font
    fonts: list[Font] = field(default_factory=list)
    by_char: dict[str, str] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)

    def lacking(self, text: str) -> str:
        """The characters of `text` that no font draws, in order, each once."""
        return "".join(dict.fromkeys(c for c in text if c in self.missing))


def _write(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Writes through a temporary file: workers may fill the cache at the same time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _cmap(font: TTFont) -> dict[int, str]:
    try:
        return font.getBestCmap() or {}
    finally:
        font.close()


class Library:
    """The packaged fonts, unpacked into `cache`, and the system's fonts if allowed."""

    def __init__(self, cache: Path, *, system_fonts: bool) -> None:
        self.cache, self.system_fonts = cache, system_fonts
        self._indexes: dict[str, dict[int, str]] = {}

    def installed(self) -> bool:
        return (FONTSOURCE / "noto-sans" / "files" / "noto-sans-latin-400-normal.woff").is_file()

    def _folder(self, family: str) -> Path:
        meta = json.loads((FONTSOURCE / family / "package.json").read_text())
        return self.cache / f"{family}-{meta['version']}"

    def _index(self, family: str) -> dict[int, str]:
        """Code point -> the subset (piece) of `family` that has it. The numbered subsets
        of Chinese, Japanese and Korean come first: each holds about 150 characters, where
        a named one (chinese-simplified, korean) holds thousands that every sheet using
        one of them would load and subset (seconds for a sheet)."""
        if family in self._indexes:
            return self._indexes[family]
        path = self._folder(family) / "index.json"
        if not path.is_file():
            pattern = re.compile(rf"{re.escape(family)}-(.+)-400-normal\.woff")
            found = (pattern.fullmatch(p.name) for p in (FONTSOURCE / family / "files").iterdir())
            subsets = sorted(
                (m.group(1) for m in found if m), key=lambda s: (not s.isdigit(), s.zfill(4))
            )
            pieces: dict[str, list[int]] = {}
            seen: set[int] = set()
            for subset in subsets:
                woff = FONTSOURCE / family / "files" / f"{family}-{subset}-400-normal.woff"
                codes = set(_cmap(TTFont(woff, lazy=True))) - seen
                pieces[subset] = sorted(codes)
                seen |= codes
            _write(path, lambda out: out.write(json.dumps(pieces).encode()))
        pieces = json.loads(path.read_text())
        index = {code: subset for subset, codes in pieces.items() for code in codes}
        self._indexes[family] = index
        return index

    def _piece(self, family: str, subset: str) -> Font:
        """The piece's regular and bold faces as TrueType, unpacked on first use."""
        files = []
        weights = {"": 400} if family in REGULAR_ONLY else WEIGHTS
        for style, weight in weights.items():
            name = f"{family}-{subset}-{weight}-normal"
            woff = FONTSOURCE / family / "files" / f"{name}.woff"
            ttf = self._folder(family) / f"{name}.ttf"
            if not ttf.is_file() and woff.is_file():
                font = TTFont(woff)
                font.flavor = None
                _write(ttf, font.save)
            if ttf.is_file():
                files.append((style, ttf))
        return Font(f"{family}-{subset}", tuple(files))

    def choose(self, chars: Iterable[str]) -> Choice:
        """The fonts for a sheet whose texts use `chars`; the caller checks `installed()`."""
        choice = Choice(primary=self._piece("noto-sans", "latin"))
        wanted = {c for c in chars if unicodedata.category(c) not in _NO_GLYPH}
        chosen: dict[str, Font] = {}
        for family in FAMILIES:
            if not wanted:
                break
            index = self._index(family)
            for char in sorted(wanted):
                subset = index.get(ord(char))
                if subset is None:
                    continue
                key = f"{family}-{subset}"
                if key not in chosen:
                    chosen[key] = self._piece(family, subset)
                choice.by_char[char] = key
                wanted.discard(char)
        if wanted and self.system_fonts:
            system = _system_index()
            for char in sorted(wanted):
                font = system.get(ord(char))
                if font is not None:
                    chosen.setdefault(font.key, font)
                    choice.by_char[char] = font.key
                    wanted.discard(char)
        choice.fonts = [font for key, font in chosen.items() if key != PRIMARY]
        choice.missing = wanted
        return choice


@lru_cache
def _library(cache: Path, system_fonts: bool) -> Library:
    return Library(cache, system_fonts=system_fonts)


def library(settings: Settings) -> Library:
    """One per process and data folder, so that the indexes are read once."""
    return _library(settings.data_dir / "cache" / "fonts", settings.badge_system_fonts)


@lru_cache
def _system_index() -> dict[int, Font]:
    """Code point -> the first system font (by path) with an outline for it. Read only
    when a sheet needs a character the packaged fonts lack."""
    index: dict[int, Font] = {}
    paths: list[Path] = []
    for folder in SYSTEM_DIRS:
        for root, _, names in os.walk(Path(folder).expanduser()):
            paths += [Path(root, n) for n in names if n.lower().endswith((".ttf", ".otf"))]
    for path in sorted(paths):
        try:
            font = TTFont(path, lazy=True)
            outlined = ("glyf" in font or "CFF " in font) and "CBDT" not in font
            cmap = _cmap(font) if outlined else {}
        except Exception:  # noqa: S112 - an unreadable file is simply not a font to use
            continue
        system = Font(f"system-{path.stem.lower()}", (("", path),))
        for code in cmap:
            index.setdefault(code, system)
    return index
