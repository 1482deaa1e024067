"""The server's catalogs: every locale says everything English says, with the same
placeholders and every plural form its language needs; the Accept-Language choice."""

import json
import re
import string
from pathlib import Path

import pytest

from metbefore import i18n


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


ENGLISH = i18n.catalog("en")


@pytest.mark.parametrize("language", i18n.LOCALES)
def test_every_catalog_says_everything_english_says(language: i18n.Language) -> None:
    raw = json.loads((i18n.CATALOGS / f"{language}.json").read_text("utf-8"))
    assert set(raw) == set(ENGLISH), "keys differ from English"
    needed = set(i18n.locale(language).plural_form.tags) | {"other"}
    for key, english in ENGLISH.items():
        entry = raw[key]
        if isinstance(english, dict):
            assert isinstance(entry, dict), key
            assert set(entry) == needed, f"{key}: {sorted(entry)} but {language} needs {needed}"
            wanted = placeholders(english["other"])
            assert all(placeholders(text) <= wanted | {"n"} for text in entry.values()), key
        else:
            assert isinstance(entry, str), key
            assert placeholders(entry) == placeholders(english), key
            assert entry.strip(), key


def test_every_locale_has_a_catalog_and_no_catalog_is_left_over() -> None:
    assert {p.stem for p in i18n.CATALOGS.glob("*.json")} == set(i18n.LOCALES)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "en"),
        ("", "en"),
        ("ja-JP,ja;q=0.9,en;q=0.8", "ja"),
        ("pt-PT,pt;q=0.9", "pt-BR"),
        ("zh-TW", "zh-CN"),
        ("ar-EG;q=0.5, de;q=0.7", "de"),
        ("sv, fr;q=0.2", "fr"),
        ("sv, *;q=0.5", "en"),
        ("fr;q=0, es", "es"),
        ("fr;q=abc, es;q=0.1", "es"),
        ("<script>", "en"),
    ],
)
def test_accept_language_picks_the_best_locale_we_speak(header: str | None, expected: str) -> None:
    assert i18n.negotiate(header) == expected


def test_plurals_follow_each_languages_rules() -> None:
    assert [i18n.text("en", "minutes", n=n) for n in (1, 15)] == ["1 minute", "15 minutes"]
    assert [i18n.text("ar", "minutes", n=n) for n in (1, 2, 5, 15, 100)] == [
        "دقيقة واحدة",
        "دقيقتين",
        "5 دقائق",
        "15 دقيقة",
        "100 دقيقة",
    ]
    assert i18n.text("ja", "minutes", n=15) == "15分"


# The PWA's catalogs (frontend/locales/): the same checks, and every key the code asks for.
PWA = Path(__file__).resolve().parents[2] / "frontend"


def pwa_catalog(language: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((PWA / "locales" / f"{language}.json").read_text())
    return loaded


@pytest.mark.parametrize("language", i18n.LOCALES)
def test_every_pwa_catalog_says_everything_english_says(language: str) -> None:
    english, words = pwa_catalog("en"), pwa_catalog(language)
    assert set(words) == set(english), "keys differ from English"
    needed = set(i18n.locale(language).plural_form.tags) | {"other"}
    for key, text in words.items():
        if isinstance(english[key], dict):
            assert isinstance(text, dict) and set(text) == needed, key
        else:
            assert isinstance(text, str) and text.strip(), key
            assert placeholders(text) == placeholders(str(english[key])), key


def test_every_key_the_pwa_asks_for_is_in_the_catalog() -> None:
    asked = {
        key
        for script in PWA.rglob("*.js")
        for key in re.findall(r"\btx?\(\s*\"([\w.]+)\"", script.read_text())
    }
    assert asked, "no t(...) call found"
    assert asked <= set(pwa_catalog("en")), sorted(asked - set(pwa_catalog("en")))
    # Locales the PWA offers are the server's: one list of languages.
    offered = re.search(r"LOCALES = \[(.*?)\]", (PWA / "i18n.js").read_text())
    assert offered and re.findall(r'"([\w-]+)"', offered.group(1)) == list(i18n.LOCALES)
