"""My own profile: GET/PATCH /api/me, and what it refuses."""

from collections.abc import Callable

import httpx
import pytest

SignIn = Callable[..., httpx.Client]


def test_profile_round_trip(sign_in: SignIn) -> None:
    c = sign_in("ana@example.org")
    changes = {
        "display_name": "Ana Lima",
        "pronouns": "she/her",
        "affiliation": "Library Co",
        "title": "Cataloguer",
        "bio": "Penguins.\nAlso: metadata.",
        "interests": ["penguins", "metadata"],
        "links": {
            "website": "https://ana.example.org/",
            "mastodon": "@ana@mastodon.example",
            "bluesky": "ana.example.org",
        },
        "photo_on_badge": False,
        "share_email": True,
    }

    patched = c.patch("/api/me", json=changes)

    assert patched.status_code == 200, patched.text
    me = c.get("/api/me").json()
    assert {k: me[k] for k in changes} == changes
    assert me["email"] == "ana@example.org"


def test_interests_are_kept_once_each(sign_in: SignIn) -> None:
    c = sign_in("ana@example.org")

    response = c.patch("/api/me", json={"interests": ["Penguins", "maps", " penguins ", "Maps"]})

    assert response.status_code == 200, response.text
    assert response.json()["interests"] == ["Penguins", "maps"]


def test_patch_changes_only_what_it_names(sign_in: SignIn) -> None:
    c = sign_in("ana@example.org", display_name="Ana Lima", affiliation="Library Co")

    c.patch("/api/me", json={"title": "Cataloguer", "affiliation": None})
    cleared = c.patch("/api/me", json={"pronouns": ""})

    me = cleared.json()
    assert me["display_name"] == "Ana Lima"
    assert me["affiliation"] == "Library Co"  # null leaves a field as it is
    assert me["title"] == "Cataloguer"
    assert me["pronouns"] == ""


@pytest.mark.parametrize(
    "body",
    [
        {"display_name": "Eve", "is_admin": True},
        {"display_name": "Eve", "email": "eve@example.org"},
        {"display_name": "Eve", "id": "00000000-0000-0000-0000-000000000000"},
        {"display_name": "Eve", "links": {"myspace": "https://myspace.example/eve"}},
    ],
)
def test_unknown_fields_are_refused_and_nothing_is_stored(
    body: dict[str, object], sign_in: SignIn
) -> None:
    c = sign_in("ana@example.org", display_name="Ana Lima")

    response = c.patch("/api/me", json=body)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    me = c.get("/api/me").json()
    assert me["display_name"] == "Ana Lima"
    assert me["email"] == "ana@example.org"


@pytest.mark.parametrize(
    "body",
    [
        {"display_name": "x" * 121},
        {"display_name": ""},
        {"display_name": "   "},
        {"display_name": "Ana\nLima"},
        {"display_name": "Ana\u0000Lima"},
        {"pronouns": "x" * 41},
        {"affiliation": "x" * 161},
        {"title": "Boss\u0007"},
        {"bio": "x" * 2001},
        {"bio": "nul \u0000 byte"},
        {"bio": "escape \u001b[31m red"},
        {"interests": ["x"] * 21},
        {"interests": ["x" * 41]},
        {"interests": [""]},
        {"interests": ["two\nlines"]},
        {"interests": "penguins"},
        {"photo_on_badge": "yes"},
        {"share_email": 1},
    ],
)
def test_overlong_or_control_character_fields_are_refused(
    body: dict[str, object], sign_in: SignIn
) -> None:
    c = sign_in("ana@example.org", display_name="Ana Lima")

    response = c.patch("/api/me", json=body)

    assert response.status_code == 422, response.text
    assert c.get("/api/me").json()["display_name"] == "Ana Lima"


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "https://",
        "http:///path-only",
        "https://exa mple.org/",
        "https://example.org/<script>",
        "//evil.example/",
        "ftp://example.org/",
    ],
)
def test_links_must_be_web_addresses_or_handles(value: str, sign_in: SignIn) -> None:
    c = sign_in("ana@example.org")

    response = c.patch("/api/me", json={"links": {"website": value}})

    assert response.status_code == 422, response.text
    assert c.get("/api/me").json()["links"] == {}


@pytest.mark.parametrize(
    "value",
    [
        "https://example.org/ana?tab=about#top",
        "http://example.org",
        "https://www.linkedin.com/in/ana-lima-123/",
        "@ana@mastodon.example",
        "ana.bsky.social",
        "@ana_lima",
    ],
)
def test_web_addresses_and_handles_are_kept(value: str, sign_in: SignIn) -> None:
    c = sign_in("ana@example.org")

    response = c.patch("/api/me", json={"links": {"x": value}})

    assert response.status_code == 200, response.text
    assert response.json()["links"] == {"x": value}


def test_the_profile_needs_a_session(client: Callable[[], httpx.Client]) -> None:
    c = client()

    assert c.get("/api/me").status_code == 401
    response = c.patch("/api/me", json={"display_name": "Nobody"})
    assert response.status_code == 401
    assert response.json()["code"] == "not_signed_in"
