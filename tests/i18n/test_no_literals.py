"""No words for people in the PWA's code: every one comes from the catalogs (issue 12).

A scan of the scripts for string literals that read as prose: a capitalised word ("Save",
"Not now") or three words in a row ("no code yet"). What looks like prose but is not
(an error's class name, a platform's proper name) is listed below with the reason.
"""

import json
import re
from pathlib import Path

PWA = Path(__file__).resolve().parents[2] / "frontend"

LITERAL = re.compile(r"""(?<![\w$])("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)""")
COMMENT = re.compile(r"^\s*//.*$|\s//\s.*$", re.MULTILINE)
PROSE = re.compile(r"^[A-Z][a-z]|[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}")

NOT_WORDS = {
    # Names the code compares or sets, never shown.
    "ApiError",
    "Offline",
    "Content-Type",
    "NotAllowedError",
    "AbortError",
    "NotFoundError",
    "BarcodeDetector",
    # Platforms are proper names: "Passkey on {platform}" is translated around them.
    "Android",
    "Mac",
    "Windows",
    "Linux",
    # Networks are proper names too (profile links).
    "Mastodon",
    "Bluesky",
    "LinkedIn",
    "Facebook",
    # The search folding's table (generated, folding.js): German umlauts spelled out.
    "Ae",
    "Oe",
    "Ue",
}


def literals(script: Path) -> list[tuple[int, str]]:
    source = COMMENT.sub("", script.read_text("utf-8"))
    found = []
    for match in LITERAL.finditer(source):
        text = re.sub(r"\$\{[^}]*\}", "", match.group(1)[1:-1])
        if PROSE.search(text) and text not in NOT_WORDS:
            found.append((source.count("\n", 0, match.start()) + 1, text))
    return found


def test_no_script_of_the_pwa_holds_a_word_for_people() -> None:
    scripts = sorted(PWA.rglob("*.js"))
    assert len(scripts) > 20, "the PWA's scripts were not found"
    left = [
        f"{script.relative_to(PWA)}:{line}: {text}"
        for script in scripts
        for line, text in literals(script)
    ]
    assert not left, "words outside the catalogs:\n" + "\n".join(left)


def test_the_scan_finds_a_word_left_in_a_view(tmp_path: Path) -> None:
    view = tmp_path / "view.js"
    view.write_text(
        'h("button", { class: "primary small" }, "Save");\n'
        'h("p", null, t("meet.scanned")); // Not a word: a comment\n'
        "note.textContent = `${n} notes kept on this phone`;\n"
        'h("a", { href: "#/friends", "aria-label": t("tabs.friends") });\n',
        "utf-8",
    )
    assert literals(view) == [(1, "Save"), (3, " notes kept on this phone")]


def test_every_word_in_the_catalog_is_used() -> None:
    """A key no script or index.html names is dead text a translator would still
    translate; error texts are named by the API's codes (ui.errorText)."""
    catalog = json.loads((PWA / "locales" / "en.json").read_text("utf-8"))
    code = "".join(p.read_text("utf-8") for p in PWA.rglob("*.js"))
    code += (PWA / "index.html").read_text("utf-8")
    unused = [
        key
        for key in catalog
        if not key.startswith("error.") and not re.search(rf"[\"'`]{re.escape(key)}[\"'`]", code)
    ]
    assert unused == []
