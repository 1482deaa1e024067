"""The server's words in the reader's language: one JSON catalog per locale (catalogs/),
plurals by CLDR's rules and dates by Babel. Adding a language is adding its catalog and
its tag to LOCALES; a test checks that every catalog has every key of English, the same
placeholders, and every plural form its language needs.

A catalog maps a key to a text with {named} placeholders, or to a plural: an object from
CLDR's categories (zero, one, two, few, many, other) to texts, chosen by the number `n`.
"""

import json
import re
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Literal, get_args

from babel import Locale
from babel.dates import format_datetime

Language = Literal["en", "es", "fr", "de", "pt-BR", "ja", "zh-CN", "ar"]
LOCALES: tuple[Language, ...] = get_args(Language)
DEFAULT: Language = "en"
CATALOGS = Path(__file__).parent / "catalogs"

Entry = str | dict[str, str]

# A language range of Accept-Language with its weight: "pt-BR;q=0.8".
_RANGE = re.compile(
    r"^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$"
)


@cache
def catalog(language: Language) -> dict[str, Entry]:
    loaded: dict[str, Entry] = json.loads((CATALOGS / f"{language}.json").read_text("utf-8"))
    return loaded


@cache
def locale(language: Language) -> Locale:
    return Locale.parse(language.replace("-", "_"))


def supported(tag: str) -> Language | None:
    """The locale we speak for a BCP 47 tag: itself, else one of its language ("pt" and
    "pt-PT" read Brazilian Portuguese, "zh-TW" Simplified Chinese: closer than English)."""
    folded = {code.casefold(): code for code in LOCALES}
    if tag.casefold() in folded:
        return folded[tag.casefold()]
    primary = tag.split("-")[0].casefold()
    return next((code for code in LOCALES if code.split("-")[0].casefold() == primary), None)


def choose(chosen: str | None, asked_in: Language = DEFAULT) -> Language:
    """The language to write to someone in: their choice, else the request's."""
    return (supported(chosen) if chosen else None) or asked_in


def negotiate(accept_language: str | None) -> Language:
    """The best of our locales for an Accept-Language header; English when none fits."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept_language or "").split(",")[:20]):
        match = _RANGE.match(part)
        if not match:
            continue
        try:
            weight = float(match.group(2)) if match.group(2) else 1.0
        except ValueError:
            continue
        if weight > 0:
            ranked.append((-weight, i, match.group(1)))
    for _, _, tag in sorted(ranked):
        found = supported(tag) if tag != "*" else None
        if found:
            return found
    return DEFAULT


def text(language: Language, key: str, *, n: int | None = None, **params: object) -> str:
    """The catalog's text for `key` in `language` (English where a catalog lacks it),
    with its placeholders filled; `n` chooses a plural form and fills {n}."""
    entry = catalog(language).get(key) or catalog(DEFAULT)[key]
    if isinstance(entry, dict):
        if n is None:
            raise TypeError(f"{key} is a plural: give n")
        form = locale(language).plural_form(n)
        entry = entry.get(form) or entry["other"]
        params["n"] = n
    return entry.format(**params)


def when(language: Language, at: datetime) -> str:
    """A moment as people of that language write it, in UTC (mail has no time zone)."""
    return format_datetime(at.astimezone(UTC), "medium", tzinfo=UTC, locale=locale(language))
