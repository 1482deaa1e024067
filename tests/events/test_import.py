"""Attendee import: every row answered, bad rows refused with their line and reason,
the same file twice changes nothing, people's own profile edits survive."""

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from sqlalchemy import Engine, text

from tests.events.helpers import HEADER, attendees, create_event, imported, upload
from tests.meetings.factories import Someone, count_rows

LONG_NAME = "N" * 121
BAD_FILE = "\n".join(
    [
        HEADER,
        "ana@example.org,Ana Lima,Library Co,Librarian,she/her,speaker",  # 2
        ",No Email,X,,,",  # 3
        "not-an-email,Bad Email,,,,",  # 4
        "ANA@example.org,Ana Again,,,,",  # 5
        f"ben@example.org,{LONG_NAME},,,,",  # 6
        'carla@example.org,Carla,"=HYPERLINK(""http://evil.example"",""x"")",,,',  # 7
        'dan@example.org,Dan,,"Head of',  # 8: a cell over two lines
        'Things",,',
        "erin@example.org,Erin,,,,,extra",  # 10
        "",  # blank lines are skipped
        "fay@example.org,Fay,+1 Labs,,,",  # 12
        "gus@example.org,Gus,,,,",  # 13
    ]
)
BAD_FILE_RESULTS = [
    {"line": 2, "email": "ana@example.org", "outcome": "created", "code": None, "reason": None},
    {"line": 3, "email": "", "outcome": "rejected", "code": "missing_email",
     "reason": "email is missing"},
    {"line": 4, "email": "not-an-email", "outcome": "rejected", "code": "invalid_email",
     "reason": "email is not a valid address"},
    {"line": 5, "email": "ana@example.org", "outcome": "rejected", "code": "duplicate_email",
     "reason": "same email as line 2"},
    {"line": 6, "email": "ben@example.org", "outcome": "rejected", "code": "too_long",
     "reason": "name is longer than 120 characters"},
    {"line": 7, "email": "carla@example.org", "outcome": "rejected", "code": "formula",
     "reason": "affiliation starts with “=”, which spreadsheets run as a formula"},
    {"line": 8, "email": "dan@example.org", "outcome": "rejected", "code": "invalid_cell",
     "reason": "title must be one line without control characters"},
    {"line": 10, "email": "erin@example.org", "outcome": "rejected", "code": "extra_cells",
     "reason": "row has 7 cells; the header has 6"},
    {"line": 12, "email": "fay@example.org", "outcome": "rejected", "code": "formula",
     "reason": "affiliation starts with “+”, which spreadsheets run as a formula"},
    {"line": 13, "email": "gus@example.org", "outcome": "created", "code": None, "reason": None},
]  # fmt: skip


def counts(report: dict[str, Any]) -> tuple[int, ...]:
    keys = ("rows", "created", "updated", "unchanged", "rejected", "new_people")
    return tuple(report[k] for k in keys)


def test_every_bad_row_is_reported_with_its_line_and_reason(organizer: Someone) -> None:
    report = imported(organizer, BAD_FILE)
    assert report["results"] == BAD_FILE_RESULTS
    assert counts(report) == (10, 2, 0, 0, 8, 2)
    listed = {a["email"]: a for a in attendees(organizer)}
    assert sorted(listed) == ["ana@example.org", "gus@example.org"]
    ana = listed["ana@example.org"]
    assert (ana["display_name"], ana["affiliation"], ana["title"], ana["pronouns"]) == (
        "Ana Lima",
        "Library Co",
        "Librarian",
        "she/her",
    )
    assert (ana["role"], listed["gus@example.org"]["role"]) == ("speaker", "attendee")
    assert all(a["badge_id"] for a in listed.values())


def test_importing_the_same_file_again_changes_nothing(organizer: Someone, engine: Engine) -> None:
    imported(organizer, BAD_FILE)
    before = [count_rows(engine, t) for t in ("people", "badges", "attendances")]
    again = imported(organizer, BAD_FILE)
    assert counts(again) == (10, 0, 0, 2, 8, 0)
    assert [r["outcome"] for r in again["results"]][:2] == ["unchanged", "rejected"]
    assert [count_rows(engine, t) for t in ("people", "badges", "attendances")] == before


def test_an_existing_person_is_linked_by_email_and_keeps_their_own_profile(
    organizer: Someone, person: Callable[..., Someone], engine: Engine
) -> None:
    ana = person("Ana Lima", email="ana@example.org", affiliation="My Own Co")
    report = imported(organizer, f"{HEADER}\nANA@Example.ORG,Ana L.,Library Co,Librarian,,\n")
    assert counts(report) == (1, 1, 0, 0, 0, 0)
    with engine.connect() as conn:
        emails = conn.execute(text("SELECT email FROM people WHERE email LIKE 'ana%'")).scalars()
        assert list(emails) == ["ana@example.org"]
    me = ana.http.get("/api/me").json()
    # Her own name and affiliation stay; the title she had left empty is filled in.
    assert (me["display_name"], me["affiliation"], me["title"]) == (
        "Ana Lima",
        "My Own Co",
        "Librarian",
    )
    assert [e["slug"] for e in ana.http.get("/api/events").json()] == ["confx-2025"]
    assert [b["kind"] for b in ana.http.get("/api/me/badges").json()] == ["personal", "event"]


def test_a_corrected_file_updates_what_the_import_set_but_not_what_people_changed(
    organizer: Someone, sign_in: Callable[..., httpx.Client]
) -> None:
    imported(organizer, f"{HEADER}\ngus@example.org,Gus,,,,\n")
    fixed = imported(organizer, f"{HEADER}\ngus@example.org,Gus Grant,Acme,,he/him,speaker\n")
    assert [r["outcome"] for r in fixed["results"]] == ["updated"]
    (gus,) = attendees(organizer)
    assert (gus["display_name"], gus["affiliation"], gus["pronouns"], gus["role"]) == (
        "Gus Grant",
        "Acme",
        "he/him",
        "speaker",
    )

    # Gus signs in with the imported address and makes the name his own.
    http = sign_in("gus@example.org")
    assert http.get("/api/me").json()["display_name"] == "Gus Grant"
    assert http.patch("/api/me", json={"display_name": "Gustavo"}).status_code == 200
    again = imported(organizer, f"{HEADER}\ngus@example.org,Gus Grant,Acme Inc,,he/him,speaker\n")
    assert [r["outcome"] for r in again["results"]] == ["updated"]  # the affiliation
    me = http.get("/api/me").json()
    assert (me["display_name"], me["affiliation"]) == ("Gustavo", "Acme Inc")


def test_an_imported_person_signs_in_with_that_address_and_has_an_event_badge(
    organizer: Someone, sign_in: Callable[..., httpx.Client]
) -> None:
    imported(organizer, f"{HEADER}\nzoe@example.org,Zoë Zhang,Uni,,,\n")
    zoe = sign_in("zoe@example.org")
    assert zoe.get("/api/me").json()["display_name"] == "Zoë Zhang"
    badges = zoe.get("/api/me/badges").json()
    assert [(b["kind"], b["event_slug"]) for b in badges] == [
        ("personal", None),
        ("event", "confx-2025"),
    ]
    assert [e["i_attend"] for e in zoe.get("/api/events").json()] == [True]


def test_semicolons_a_bom_and_a_plain_csv_body_are_understood(organizer: Someone) -> None:
    data = "\ufeffEmail;Name;Affiliation\r\nana@example.org;Ana Lima;Lib, Co\r\n".encode()
    response = upload(organizer, data, as_form=False)
    assert response.status_code == 200, response.text
    assert counts(response.json()) == (1, 1, 0, 0, 0, 1)
    assert attendees(organizer)[0]["affiliation"] == "Lib, Co"


def test_a_file_in_another_encoding_is_refused_clearly(organizer: Someone) -> None:
    latin = f"{HEADER}\nzoe@example.org,Zoë,,,,\n".encode("latin-1")
    response = upload(organizer, latin)
    assert response.status_code == 422
    assert response.json()["code"] == "not_utf8"
    assert "line 2 has the byte 0xeb" in response.json()["message"]
    utf16 = upload(organizer, f"{HEADER}\nzoe@example.org,Zoë,,,,\n".encode("utf-16"))
    assert (utf16.status_code, utf16.json()["code"]) == (422, "not_utf8")
    assert attendees(organizer) == []


def test_a_bad_header_is_refused(organizer: Someone) -> None:
    for data, code in [
        ("email,name,affilation\na@example.org,A,B\n", "unknown_columns"),
        ("name,affiliation\nA,B\n", "missing_email_column"),
        ("email,name,email\na@example.org,A,b@example.org\n", "duplicate_columns"),
        ("", "empty_file"),
        ('email,name\n"a@example.org,A\n', "malformed_csv"),
    ]:
        response = upload(organizer, data)
        assert (response.status_code, response.json()["code"]) == (422, code), data


def test_files_beyond_the_limits_are_refused_with_413(organizer: Someone) -> None:
    many = HEADER + "\n" + "\n".join(f"p{i}@example.org,P {i},,,," for i in range(20_001))
    response = upload(organizer, many)
    assert (response.status_code, response.json()["code"]) == (413, "too_many_rows")
    huge = HEADER + "\n" + "x" * (5 * 1024 * 1024)
    response = upload(organizer, huge, as_form=False)
    assert (response.status_code, response.json()["code"]) == (413, "file_too_large")
    response = upload(organizer, huge)
    assert (response.status_code, response.json()["code"]) == (413, "file_too_large")
    assert attendees(organizer) == []


def test_an_upload_must_be_a_file_or_csv(organizer: Someone) -> None:
    url = "/api/events/confx-2025/attendees/import"
    as_json = organizer.http.post(url, json={"email": "a@example.org"})
    assert (as_json.status_code, as_json.json()["code"]) == (415, "unsupported_media_type")
    no_file = organizer.http.post(url, files={"other": ("a.csv", b"email\n", "text/csv")})
    assert (no_file.status_code, no_file.json()["code"]) == (422, "file_missing")


def test_only_organizers_import(organizer: Someone, person: Callable[..., Someone]) -> None:
    ana = person("Ana Lima")
    ana.http.post("/api/events/confx-2025/join")
    response = upload(ana, f"{HEADER}\nmallory@example.org,Mallory,,,,\n")
    assert (response.status_code, response.json()["code"]) == (403, "not_organizer")
    create_event(organizer, "closed-2025", join_policy="import")
    response = upload(ana, f"{HEADER}\nmallory@example.org,Mallory,,,,\n", "closed-2025")
    assert (response.status_code, response.json()["code"]) == (404, "event_not_found")
    assert [a["display_name"] for a in attendees(organizer)] == ["Ana Lima"]
    assert attendees(organizer, "closed-2025") == []


def test_others_write_while_a_file_is_still_arriving(
    organizer: Someone, person: Callable[..., Someone]
) -> None:
    ana = person("Ana Lima")
    others_wrote = threading.Event()
    waited: list[bool] = []

    def slow_body() -> Iterator[bytes]:
        yield f"{HEADER}\n".encode()
        waited.append(others_wrote.wait(20))  # conference Wi-Fi
        yield b"zoe@example.org,Zoe,,,,\n"

    with ThreadPoolExecutor(1) as pool:
        upload = pool.submit(
            organizer.http.post,
            "/api/events/confx-2025/attendees/import",
            content=slow_body(),
            headers={"Content-Type": "text/csv"},
        )
        assert ana.http.patch("/api/me", json={"title": "Librarian"}).status_code == 200
        others_wrote.set()
        assert upload.result().json()["created"] == 1
    assert waited == [True]  # Ana's write did not wait for the upload
