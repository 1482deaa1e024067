"""The table of names and what typing finds them: run against the server on SQLite and
PostgreSQL (test_search.py) and against the PWA's offline search in Chromium
(tests/e2e/test_search.py)."""

# ruff: noqa: RUF001 (the letters of many scripts are the subject here)

from dataclasses import dataclass


@dataclass(frozen=True)
class Friend:
    name: str
    affiliation: str = ""
    other_names: tuple[str, ...] = ()


FRIENDS = (
    Friend("Александра Петрова", "МГУ", ("Alexandra Petrova",)),
    Friend("Zoë Ångström", "Uppsala universitet"),
    Friend("Ελένη Παπαδοπούλου"),
    Friend("Νίκος Γεωργίου"),
    Friend("İpek Yılmaz", "Boğaziçi Üniversitesi"),
    Friend("Jürgen Müller"),
    Friend("Max Strauß"),
    Friend("Hans Strauss"),
    Friend("王小明", other_names=("Wang Xiaoming",)),
    Friend("محمد عبد الله"),
    Friend("דוד כהן"),
    Friend("さとう ゆき"),
    Friend("サトウ ケン"),
    Friend("김민준"),
    Friend("Seán O'Brien", "Jean-Luc Labs"),
)

ALEKSANDRA, ZOE, ELENI, NIKOS, IPEK, JURGEN, MAX, HANS = (f.name for f in FRIENDS[:8])
WANG, MUHAMMAD, DAVID, SATO_YUKI, SATO_KEN, KIM, SEAN = (f.name for f in FRIENDS[8:])

# What is typed, and exactly whom it finds (everyone else: not found).
CASES: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (typed, frozenset(found))
    for typed, found in (
        # Cyrillic: as written, lower and upper case, words in any order, the other name
        ("Александра", {ALEKSANDRA}),
        ("александра", {ALEKSANDRA}),
        ("АЛЕКСАНДРА ПЕТРОВА", {ALEKSANDRA}),
        ("але пет", {ALEKSANDRA}),
        ("пет але", {ALEKSANDRA}),
        ("ale pet", {ALEKSANDRA}),
        ("мгу", {ALEKSANDRA}),
        ("етрова", set()),  # not the start of a word
        ("але xyz", set()),  # every word must match
        # Greek: accents, upper case, final sigma
        ("ελένη", {ELENI}),
        ("ΕΛΈΝΗ", {ELENI}),
        ("ελενη παπαδ", {ELENI}),
        ("ΝΙΚΟΣ", {NIKOS}),
        ("νικος", {NIKOS}),
        ("ικος", set()),
        # Latin accents, ligature-free letters, Turkish dotted and dotless i
        ("zoe", {ZOE}),
        ("zoë", {ZOE}),
        ("ÅNGSTRÖM", {ZOE}),
        ("angstrom", {ZOE}),
        ("ngstrom", set()),
        ("ipek", {IPEK}),
        ("İPEK", {IPEK}),
        ("yilmaz", {IPEK}),
        ("YILMAZ", {IPEK}),
        ("bogazici", {IPEK}),
        # German: umlauts with and without dots or spelled out, ß and ss
        ("müller", {JURGEN}),
        ("MÜLLER", {JURGEN}),
        ("muller", {JURGEN}),
        ("mueller", {JURGEN}),
        ("juergen", {JURGEN}),
        ("uller", set()),
        ("strauß", {MAX, HANS}),
        ("STRAUSS", {MAX, HANS}),
        ("straus", {MAX, HANS}),
        ("max strauss", {MAX}),
        ("hans strauß", {HANS}),
        # Chinese: any part of the name; the romanised other name by its words
        ("王", {WANG}),
        ("小明", {WANG}),
        ("明", {WANG}),
        ("xiao", {WANG}),
        ("wang xiao", {WANG}),
        ("ming", set()),
        ("李", set()),
        # Arabic, with and without vowel marks
        ("محمد", {MUHAMMAD}),
        ("مُحَمَّد", {MUHAMMAD}),
        ("عبد", {MUHAMMAD}),
        ("حمد", set()),
        # Hebrew, with and without points
        ("דוד", {DAVID}),
        ("דָּוִד", {DAVID}),
        ("כהן", {DAVID}),
        ("הן", set()),
        # Japanese kana: any part; half-width katakana; voicing is not an accent
        ("とう", {SATO_YUKI}),
        ("ゆき", {SATO_YUKI}),
        ("ｻﾄｳ", {SATO_KEN}),
        ("ケン", {SATO_KEN}),
        ("ざとう", set()),
        # Korean: family and given name are one word
        ("김민준", {KIM}),
        ("민준", {KIM}),
        ("박", set()),
        # Punctuation parts words and joins them
        ("o'brien", {SEAN}),
        ("obrien", {SEAN}),
        ("brien", {SEAN}),
        ("SEAN", {SEAN}),
        ("jean-luc", {SEAN}),
        ("jeanluc", {SEAN}),
        ("nobody", set()),
    )
)
