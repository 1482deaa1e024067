"""Text as search sees it: one folding, the same on both databases and in the PWA's
offline search.

fold() turns text into lower-case words of letters and digits, one space apart:
compatibility decomposition (NFKD: "ﬁ" is "fi", "ｶ" is "カ"), Unicode case folding ("ß"
is "ss", "İ" is "i", "Σ" and "ς" are "σ"), accents and other combining marks removed ("ë"
is "e"; Hebrew points and Arabic vowel marks go too), a few letters that have no
decomposition but are typed as their plain Latin base ("ı", "ł", "ø", "æ" …), and any run
of other characters (spaces, punctuation, symbols) one space. Kana voicing marks stay:
"が" is not an accented "か" but another syllable.

The PWA (frontend/search.js) takes the same steps with the browser's normalize() and
toLowerCase(); what those do not give is shipped to it as frontend/folding.js, written
from this module by scripts/make_folding.py (tests keep the two in step, code point by
code point).
"""

# ruff: noqa: RUF001, RUF002, RUF003 (the letters of many scripts are the subject here)

import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Letters with no decomposition that people type as their Latin base; the tatweel only
# stretches Arabic letters.
LETTERS = {
    "ı": "i",
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "ħ": "h",
    "ŧ": "t",
    "þ": "th",
    "æ": "ae",
    "œ": "oe",
    "\u0640": "",
}
KEPT_MARKS = "\u3099\u309a"  # kana voicing (dakuten, handakuten)
# Scripts that write a name without spaces between its parts: a typed word matches
# anywhere inside a word, not only at its start. Korean family and given names are one
# word too ("김민준": "민준" finds it).
SPACELESS = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1100, 0x11FF),  # Hangul jamo
    (0x1780, 0x17FF),  # Khmer
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3130, 0x318F),  # Hangul compatibility jamo
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3FFFF),  # CJK extensions B to H
)
# German spells ä, ö, ü as ae, oe, ue when it has to: "mueller" finds "Müller".
UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}


def casefold_exceptions() -> dict[str, str]:
    """The characters whose case folding is not their lower case (JavaScript has only
    toLowerCase): "ß" is "ss", "ς" is "σ", Cherokee folds to upper case. Only characters
    that decomposition leaves as they are: the others never reach this step."""
    table = {}
    for code in range(0x110000):
        char = chr(code)
        if unicodedata.category(char) in ("Cn", "Cs"):
            continue
        if unicodedata.normalize("NFKD", char) == char and char.casefold() != char.lower():
            table[char] = char.casefold()
    return table


def fold(text: str, *, joined: bool = False) -> str:
    """Lower-case words one space apart (see the module). joined: punctuation inside a
    word is dropped instead of parting it ("O'Brien" is "obrien", not "o brien")."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    out: list[str] = []
    gap = False
    for char in decomposed:
        kind = unicodedata.category(char)
        if kind[0] == "M" and char not in KEPT_MARKS:
            continue
        char = LETTERS.get(char, char)
        if not char:
            continue
        if kind[0] in "LNM":
            if gap and out:
                out.append(" ")
            gap = False
            out.append(char)
        elif not joined or kind[0] == "Z" or kind == "Cc":
            gap = True
    return unicodedata.normalize("NFC", "".join(out))


def spellings(text: str) -> list[str]:
    """Other spellings of the text's words, which search also finds: joined over
    punctuation ("obrien", "jeanluc") and German umlauts spelled out ("mueller")."""
    plain = set(fold(text).split())
    spelled = "".join(UMLAUTS.get(c, c) for c in unicodedata.normalize("NFC", text))
    variants = (fold(text, joined=True), fold(spelled), fold(spelled, joined=True))
    return list(dict.fromkeys(w for v in variants for w in v.split() if w not in plain))


def stored(names: Iterable[str], others: Iterable[str] = ()) -> str:
    """The stored search text of some names and other searchable text. Every word follows
    a space, so `LIKE '% pet%'` is "a word starting with pet"; each name sits between
    bars, so `LIKE '%| ale pet%'` is "a name starting with ale pet" and
    `LIKE '%| ale pet |%'` "a name that is ale pet". The other text and the other
    spellings come first, outside the bars. Empty when there is nothing to find."""
    names, others = list(names), list(others)
    folded_names = [n for n in (fold(name) for name in names) if n]
    words = [fold(other) for other in others]
    words += [w for text in names + others for w in spellings(text)]
    text = "".join(f" {w}" for w in words if w)
    if folded_names:
        text += " | " + " | ".join(folded_names) + " |"
    return text


def badge_text(*, display_name: str, affiliation: str) -> str:
    """What anyone who may see a person's badge fields can search them by."""
    return stored([display_name], [affiliation])


def friend_text(*, other_names: Sequence[str], shown: bool) -> str:
    """What only mutual friends can search a person by: the other names, if shown."""
    return stored(other_names) if shown else ""


def _spaceless(word: str) -> bool:
    return any(low <= ord(c) <= high for c in word for low, high in SPACELESS)


@dataclass(frozen=True)
class Query:
    """A search as LIKE patterns: one per word (the start of a word, or anywhere inside
    one for scripts without spaces), and two for ranking: a name that is the query, a
    name that starts with it. None of them holds a LIKE wildcard from the query: folding
    left only letters, digits and spaces."""

    words: tuple[str, ...]
    exact: str
    prefix: str

    @classmethod
    def parse(cls, q: str) -> "Query":
        folded = fold(q)
        words = tuple(dict.fromkeys(folded.split()))
        return cls(
            words=tuple(f"%{w}%" if _spaceless(w) else f"% {w}%" for w in words),
            exact=f"%| {folded} |%",
            prefix=f"%| {folded}%",
        )


def javascript() -> str:
    """frontend/folding.js: the rules of this module that the browser does not have."""
    data = {
        "CASEFOLD": casefold_exceptions(),
        "LETTERS": LETTERS,
        "KEPT_MARKS": KEPT_MARKS,
        "SPACELESS": [list(r) for r in SPACELESS],
        "UMLAUTS": UMLAUTS,
    }
    lines = [
        "// The search folding's rules that the browser's normalize() and toLowerCase() do",
        "// not give (see backend/metbefore/people/folding.py, which made this file with",
        "// scripts/make_folding.py; do not edit by hand).",
    ]
    lines += [f"export const {name} = {json.dumps(value)};" for name, value in data.items()]
    return "\n".join(lines) + "\n"
