"""The PWA's offline search finds what the server finds: the table of search_cases typed
into the friends view with the network off, and the browser's folding compared with the
server's for every character. Other names in the profile editor and on a friend's card."""

import unicodedata
from collections.abc import Callable

from playwright.sync_api import Page, expect

from metbefore.people.folding import Query, fold, stored
from tests.conftest import Server
from tests.e2e.conftest import phone
from tests.meetings.factories import Someone, ago, person
from tests.people.search_cases import CASES, FRIENDS

__all__ = ["person"]  # the fixture

IMPORT = "async (name) => { window.search = await import(name); }"


def shown(page: Page) -> set[str]:
    return set(page.locator(".people .person-name").all_inner_texts())


def test_offline_search_finds_what_the_server_finds(
    launch, server: Server, person: Callable[..., Someone]
) -> None:
    ana = person("Ana Lima")
    for i, friend in enumerate(FRIENDS):
        someone = person(
            friend.name,
            email=f"friend{i}@example.org",
            affiliation=friend.affiliation,
            other_names=list(friend.other_names),
        )
        ana.meet(someone, scanned_at=ago(days=i + 1))
        someone.meet(ana, scanned_at=ago(days=i + 1))
    page = phone(launch(), server, signed_in=ana.http).new_page()
    page.goto("/#/friends")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    expect(page.locator(".people .person-name")).to_have_count(len(FRIENDS))

    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_text("Offline", exact=True)).to_be_visible()
    search = page.get_by_label("Search by name or affiliation")
    wrong = []
    for typed, expected in CASES:
        search.fill(typed)
        expect(page.get_by_role("status").filter(has_text="of")).to_have_text(
            f"{len(expected)} of {len(FRIENDS)} friends"
        )
        if shown(page) != expected:
            wrong.append((typed, sorted(shown(page)), sorted(expected)))
    assert wrong == []
    assert page.evaluate("() => fetch('/api/me').then(() => 'network', () => 'none')") == "none"


def test_the_browser_folds_every_character_as_the_server(launch, server: Server) -> None:
    page = phone(launch(), server).new_page()
    page.goto("/")
    page.evaluate(IMPORT, "/search.js")
    characters = [
        c for c in map(chr, range(0x110000)) if unicodedata.category(c) not in ("Cn", "Cs", "Co")
    ]
    differ = []
    for start in range(0, len(characters), 20_000):
        chunk = characters[start : start + 20_000]
        folded = page.evaluate(
            "(cs) => cs.map((c) => [search.fold(c), search.fold(c, true)])", chunk
        )
        differ += [
            (f"U+{ord(c):04X}", got, [fold(c), fold(c, joined=True)])
            for c, got in zip(chunk, folded, strict=True)
            if got != [fold(c), fold(c, joined=True)]
        ]
    print(f"characters folded alike: {len(characters) - len(differ)} of {len(characters)}")
    assert differ == []

    texts = [[f.name, *f.other_names, f.affiliation] for f in FRIENDS]
    assert page.evaluate(
        "(all) => all.map((t) => search.stored(t.slice(0, -1), [t.at(-1)]))", texts
    ) == [stored(t[:-1], [t[-1]]) for t in texts]
    queries = [typed for typed, _ in CASES]
    parsed = page.evaluate("(qs) => qs.map((q) => search.parse(q))", queries)
    for q, js in zip(queries, parsed, strict=True):
        py = Query.parse(q)
        like = [w.strip("%") for w in py.words]  # "% pet%": " pet"; "%王%": "王"
        assert (js["words"], js["exact"], js["prefix"]) == (
            like,
            py.exact.strip("%"),
            py.prefix.strip("%"),
        ), q


def test_other_names_from_the_profile_editor_on_a_friends_card_and_in_search(
    launch, server: Server, person: Callable[..., Someone]
) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    ana.befriend(ben)
    browser = launch()
    page = phone(browser, server, signed_in=ben.http).new_page()
    page.goto("/#/profile")
    page.get_by_label("Also known as").fill("Benedito Ortiz\n  Benny \n")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    assert ben.http.get("/api/me").json()["other_names"] == ["Benedito Ortiz", "Benny"]

    page = phone(browser, server, signed_in=ana.http).new_page()
    page.goto("/#/friends")
    page.get_by_label("Search by name or affiliation").fill("bened")
    page.get_by_role("link", name="Ben Ortiz").click()
    expect(page.get_by_text("Also known as Benedito Ortiz, Benny")).to_be_visible()
