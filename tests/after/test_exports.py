"""Exports of my friends: vCard 3.0 and CSV."""

import base64
import csv
import io
import warnings
from datetime import UTC, datetime

import vobject
from vcard.vcard_errors import VCardError
from vcard.vcard_validator import VCard

from tests.after import factories as f

NAMES = [
    "王小明",
    "Zoë Ångström-Ødegaard",
    "Алексей Смирнов",
    "محمد الأحمد",
    "Γιώργος Παπαδόπουλος",
    "देवनागरी नाम",
    "Nguyễn Thị Hương",
    "O'Brien, Seán; Jr.",
    "back\\slash",
    "田中 太郎",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cards(text: str) -> list[str]:
    """One vCard's text per item, split on END:VCARD."""
    parts = text.split("END:VCARD\r\n")
    assert parts[-1] == ""
    return [p + "END:VCARD\r\n" for p in parts[:-1]]


def test_vcard_of_500_friends_reads_back_in_two_independent_parsers(session, login) -> None:
    ana = f.make_person(session, "Ana")
    photo = f.jpeg((64, 64))
    names = [f"{NAMES[i % len(NAMES)]} {i}" for i in range(500)]
    friends = f.make_friends(
        session,
        ana,
        names,
        photo=photo,
        affiliation="Université de Montréal",
        title="Ph.D., Researcher; Lead",
        links={"website": "https://example.org/a?b=1,2", "mastodon": "@x@social.example"},
    )
    for friend in friends[:20]:
        f.note(session, ana, friend, f"talked, at length; about {friend.display_name}\nline 2")
    response = login(ana).get("/api/friends.vcf")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/vcard")
    assert "attachment" in response.headers["content-disposition"]

    parsed = list(vobject.readComponents(response.text))
    assert len(parsed) == 500
    by_name = {card.fn.value: card for card in parsed}
    assert sorted(by_name) == sorted(names)
    for friend in friends[:20]:
        card = by_name[friend.display_name]
        assert card.version.value == "3.0"
        assert card.org.value == ["Université de Montréal"]
        assert card.title.value == "Ph.D., Researcher; Lead"
        assert card.url.value == "https://example.org/a?b=1,2"
        assert card.photo.value == photo
        assert f"about {friend.display_name}\nline 2" in card.note.value
        assert "talked, at length;" in card.note.value

    # The second reader is a strict RFC 2426 validator. Its grammar, like the RFC's, is
    # over octets, where any octet of %x80-FF is NON-ASCII; it splits lines with Python's
    # str.splitlines, which would also break at octet 0x85. So it gets each non-ASCII
    # character as the one octet 0xE9: the same grammar, and no false line breaks.
    octets = "".join(ch if ord(ch) < 128 else "\xe9" for ch in response.text)
    errors = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # style hints (long PHOTO lines, non-ASCII text)
        for text in cards(octets):
            try:
                card = VCard(text)
            except VCardError as error:
                errors.append(str(error))
                continue
            values = {p.name: p.values for p in card.properties}
            assert values["VERSION"] == [["3.0"]]
            assert base64.b64decode(values["PHOTO"][0][0]) == photo
    assert errors == []
    assert len(cards(octets)) == 500


def test_vcard_says_where_and_when_we_met_and_shows_email_only_if_shared(session, login) -> None:
    ana = f.make_person(session, "Ana")
    event = f.make_event(session, "confx-2025", "ConfX 2025", timezone="America/Los_Angeles")
    ben = f.make_person(session, "Ben Ortiz", share_email=True, affiliation="Univ. of Somewhere")
    cleo = f.make_person(session, "Cleo", share_email=False)
    # 03:00 UTC on 5 March is still 4 March in Los Angeles.
    f.befriend(
        session, ana, ben, met_at=datetime(2025, 3, 5, 3, tzinfo=UTC), event=event, place="booth 12"
    )
    f.befriend(session, ana, cleo)
    f.note(
        session,
        ana,
        ben,
        "penguins; wants the cataloguing slides",
        event=event,
        tags=["slides"],
        follow_up_on=datetime(2025, 4, 1).date(),
    )
    f.note(session, ben, ana, "Ben's private thoughts")

    by_name = {
        c.fn.value: c for c in vobject.readComponents(login(ana).get("/api/friends.vcf").text)
    }
    ben_card = by_name["Ben Ortiz"]
    assert ben_card.email.value == ben.email
    assert ben_card.org.value == ["Univ. of Somewhere"]
    assert "First met 2025-03-04 at ConfX 2025 (booth 12)." in ben_card.note.value
    assert (
        "penguins; wants the cataloguing slides [slides] (follow up 2025-04-01)"
        in ben_card.note.value
    )
    assert ben_card.categories.value == ["slides"]
    assert "email" not in by_name["Cleo"].contents
    assert "Ben's private thoughts" not in login(ana).get("/api/friends.vcf").text


def test_csv_has_the_same_fields_and_no_cell_a_spreadsheet_would_run(session, login) -> None:
    ana = f.make_person(session, "Ana")
    event = f.make_event(session, "confx", "ConfX")
    hostile = ['=HYPERLINK("http://evil")', "+1 555", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]
    friends = f.make_friends(
        session,
        ana,
        hostile,
        event=event,
        title="=cmd|' /C calc'!A0",
        links={"website": "https://ok.example"},
    )
    for friend in friends:
        f.note(session, ana, friend, "=1+1 said the note", tags=["@tag", "-minus"])
    response = login(ana).get("/api/friends.csv", params={"event": "confx"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["name", "pronouns", "affiliation", "title", "email"]
    assert len(body) == len(hostile)
    for row in body:
        assert len(row) == len(header)
        for cell in row:
            assert not cell.startswith(FORMULA_START), cell
    record = dict(zip(header, next(r for r in body if r[0] == "'+1 555"), strict=True))
    assert record["title"] == "'=cmd|' /C calc'!A0"
    assert record["website"] == "https://ok.example"
    assert record["first_met_event"] == "ConfX"
    assert record["times_met"] == "1"
    assert record["tags"] == "'-minus, @tag"
    assert "=1+1 said the note" in record["notes"]
    assert {r[0] for r in body} == {"'" + name for name in hostile}


def test_exports_can_be_filtered_by_event(session, login) -> None:
    ana = f.make_person(session, "Ana")
    one, two = f.make_event(session, "one", "One"), f.make_event(session, "two", "Two")
    f.make_friends(session, ana, ["Met at one"], event=one)
    f.make_friends(session, ana, ["Met at two"], event=two)
    a = login(ana)
    vcf = a.get("/api/friends.vcf", params={"event": "one"})
    assert [c.fn.value for c in vobject.readComponents(vcf.text)] == ["Met at one"]
    assert 'filename="met-before-friends-one.vcf"' in vcf.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(a.get("/api/friends.csv", params={"event": "two"}).text)))
    assert [r[0] for r in rows[1:]] == ["Met at two"]
    assert len(list(vobject.readComponents(a.get("/api/friends.vcf").text))) == 2
    assert a.get("/api/friends.vcf", params={"event": "nope"}).status_code == 404
    assert a.get("/api/friends.csv", params={"event": "nope"}).status_code == 404


def test_exports_are_declared_in_openapi(server, client) -> None:
    paths = client().get("/openapi.json").json()["paths"]
    assert "text/vcard" in paths["/api/friends.vcf"]["get"]["responses"]["200"]["content"]
    assert "text/csv" in paths["/api/friends.csv"]["get"]["responses"]["200"]["content"]
