"""My data: the export of everything about me, privacy of my notes, deleting my account."""

import base64
import io
import re
import uuid

from PIL import Image
from sqlalchemy import select

from metbefore.models import Base, EventOrganizer, Person
from tests.after import factories as f

CANARY = "CANARY-d41d8cd9-only-ana"


def _fill(path: str, values: dict[str, str]) -> list[str]:
    """Every way to fill the path's parameters from values (unknown ones: a random uuid)."""
    names = re.findall(r"{(\w+)}", path)
    filled = [path]
    for name in names:
        options = values.get(name, str(uuid.uuid4())).split("|")
        filled = [p.replace("{" + name + "}", o) for p in filled for o in options]
    return filled


def test_my_notes_reach_nobody_else_through_any_read(session, login, client) -> None:
    ana, ben, cleo, dan = (f.make_person(session, n) for n in ("Ana", "Ben", "Cleo", "Dan"))
    event = f.make_event(session, "confx", "ConfX")
    for person in (ana, ben, cleo, dan):
        f.register(session, person, event)
    f.befriend(session, ana, ben, event=event)
    f.befriend(session, ana, cleo, event=event)
    f.befriend(session, ben, cleo, event=event)
    f.scanned(session, dan, ana, event=event)
    a = login(ana)
    for body in (f"{CANARY} in the body", "plain"):
        made = a.post(
            f"/api/people/{ben.id}/notes",
            json={"body": body, "tags": [f"{CANARY}-tag"], "event": "confx"},
        )
        assert made.status_code == 201
    note_id = made.json()["id"]
    f.note(session, ana, cleo, f"{CANARY} about Cleo", follow_up_on=f.now().date())
    f.note(session, ana, dan, f"{CANARY} about Dan")

    # Mine: in my card, lists, inbox and exports.
    assert CANARY in a.get(f"/api/people/{ben.id}").text
    for path in (
        "/api/notes",
        "/api/inbox",
        "/api/me/export",
        "/api/friends.vcf",
        "/api/friends.csv",
    ):
        assert CANARY in a.get(path).text, path

    paths = client().get("/openapi.json").json()["paths"]
    reads = [p for p, ops in paths.items() if "get" in ops]
    values = {
        "person_id": "|".join(str(p.id) for p in (ana, ben, cleo, dan)),
        "note_id": note_id,
        "token": ana.token,
        "slug": "confx",
    }
    for other in (ben, cleo, dan):
        c = login(other)
        for path in reads:
            for url in _fill(path, values):
                response = c.get(url)
                assert response.status_code < 500, (url, response.text)
                assert CANARY.encode() not in response.content, (other.display_name, url)
        for method in ("PATCH", "DELETE"):
            tried = c.request(method, f"/api/notes/{note_id}", json={"body": "mine now"})
            assert tried.status_code == 404
        assert c.get(f"/api/notes/{note_id}/photo").status_code == 404
    assert CANARY in a.get(f"/api/people/{ben.id}/notes").text


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 300), (0, 90, 20)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_the_export_holds_everything_about_me(session, login) -> None:
    ana = f.make_person(session, "Ana", bio="Reads a lot", interests=["tea"])
    ben, cleo, dan, erin, gus = (
        f.make_person(session, n) for n in ("Ben", "Cleo", "Dan", "Erin", "Gus")
    )
    event = f.make_event(session, "confx", "ConfX")
    f.register(session, ana, event)
    session.add(EventOrganizer(event_id=event.id, person_id=ana.id))
    session.commit()
    f.befriend(session, ana, ben, event=event, place="booth 1", introduced_by=cleo)
    f.befriend(session, ana, cleo)
    f.befriend(session, ben, cleo)
    f.scanned(session, dan, ana, place="door")
    f.scanned(session, gus, ana)
    a = login(ana)
    assert a.delete(f"/api/people/{gus.id}/connection").status_code == 204
    assert a.post(f"/api/people/{erin.id}/block").status_code == 404  # never met
    f.scanned(session, ana, erin)
    assert a.post(f"/api/people/{erin.id}/block").status_code == 204
    assert (
        a.put("/api/me/photo", content=_jpeg(), headers={"Content-Type": "image/jpeg"}).status_code
        == 200
    )
    note = a.post(f"/api/people/{ben.id}/notes", json={"body": "penguins", "tags": ["zoo"]}).json()
    assert (
        a.put(
            f"/api/notes/{note['id']}/photo",
            content=_jpeg(),
            headers={"Content-Type": "image/jpeg"},
        ).status_code
        == 200
    )
    f.note(session, ben, ana, "Ben's own thoughts about Ana")
    intro = a.post(
        "/api/introductions",
        json={"first_id": str(ben.id), "second_id": str(dan.id), "message": "hi"},
    )
    assert intro.status_code == 404  # Dan is no friend of mine
    assert a.post(f"/api/people/{dan.id}/confirm").status_code == 200
    assert (
        a.post(
            "/api/introductions",
            json={"first_id": str(cleo.id), "second_id": str(dan.id), "message": "hi"},
        ).status_code
        == 201
    )

    response = a.get("/api/me/export")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    data = response.json()
    assert data["profile"]["email"] == ana.email
    assert data["profile"]["bio"] == "Reads a lot"
    assert Image.open(io.BytesIO(base64.b64decode(data["photo_jpeg_base64"]))).format == "JPEG"
    assert [b["token"] for b in data["badges"]] == [ana.token]
    assert data["events"] == [
        {
            "event": {"slug": "confx", "name": "ConfX", "timezone": "UTC"},
            "registered_as": "attendee",
            "organizer": True,
        }
    ]
    met = sorted((e["person"]["display_name"], e["scanned_by_me"]) for e in data["encounters"])
    # Gus's scan went with the removed connection: it is his record, not ours.
    assert met == sorted(
        [
            ("Ben", True),
            ("Ben", False),
            ("Cleo", True),
            ("Cleo", False),
            ("Dan", False),
            ("Erin", True),
        ]
    )
    connections = {c["person"]["display_name"]: c for c in data["connections"]}
    assert set(connections) == {"Ben", "Cleo", "Dan"}  # Erin blocked, Gus removed
    assert connections["Ben"]["introduced_by"]["display_name"] == "Cleo"
    assert connections["Ben"]["first_met"]["place"] == "booth 1"
    (mine,) = data["notes"]
    assert (mine["body"], mine["tags"], mine["subject_name"]) == ("penguins", ["zoo"], "Ben")
    assert base64.b64decode(mine["photo_jpeg_base64"])[:2] == b"\xff\xd8"
    assert "Ben's own thoughts" not in response.text
    assert [i["message"] for i in data["introductions"]] == ["hi"]
    assert [p["display_name"] for p in data["blocked"]] == ["Erin"]
    [device] = data["sessions"]  # as the devices list shows it
    assert {"browser", "network", "created_at", "last_used_at", "expires_at"} <= set(device)
    assert device["network"] == "127.0.0.0/24"


def test_deleting_my_account_needs_the_mailed_code_and_leaves_nothing(
    session, login, sign_in, mailbox
) -> None:
    name, email = "Anaïs Quillfeather", "anais.quillfeather@example.org"
    a = sign_in(
        email,
        display_name=name,
        bio="Quillfeather's bio",
        links={"website": "https://quill.example"},
    )
    ana = session.scalars(select(Person).where(Person.email == email)).one()
    session.commit()
    ben, cleo, dan, erin = (f.make_person(session, n) for n in ("Ben", "Cleo", "Dan", "Erin"))
    event = f.make_event(session, "confx", "ConfX", created_by_id=ana.id)
    f.register(session, ana, event)
    session.add(EventOrganizer(event_id=event.id, person_id=ana.id))
    session.commit()
    f.befriend(session, ana, ben, event=event)
    f.befriend(session, ana, cleo)
    f.befriend(session, ben, cleo, introduced_by=ana)
    f.scanned(session, dan, ana)
    f.scanned(session, ana, erin)
    ben_note = f.note(session, ben, ana, "met in the hallway, talked about pens")
    assert (
        a.put("/api/me/photo", content=_jpeg(), headers={"Content-Type": "image/jpeg"}).status_code
        == 200
    )
    mine = a.post(f"/api/people/{ben.id}/notes", json={"body": "Ben: penguins"}).json()
    assert (
        a.put(
            f"/api/notes/{mine['id']}/photo",
            content=_jpeg(),
            headers={"Content-Type": "image/jpeg"},
        ).status_code
        == 200
    )
    assert a.post(f"/api/people/{erin.id}/block").status_code == 204
    intro = a.post(
        "/api/introductions",
        json={"first_id": str(ben.id), "second_id": str(cleo.id), "message": "x"},
    )
    assert intro.json()["code"] == "already_friends"
    assert a.post(f"/api/people/{dan.id}/confirm").status_code == 200
    assert (
        a.post(
            "/api/introductions",
            json={"first_id": str(cleo.id), "second_id": str(dan.id), "message": "from Anaïs"},
        ).status_code
        == 201
    )
    f.befriend(session, ben, dan)
    b = login(ben)
    assert (
        b.post(
            "/api/introductions",
            json={"first_id": str(ana.id), "second_id": str(cleo.id), "message": "x"},
        ).json()["code"]
        == "already_friends"
    )

    # Without the code, with a wrong one, or with a sign-in code: nothing happens.
    assert a.request("DELETE", "/api/me").status_code == 422
    assert a.request("DELETE", "/api/me", json={"code": "12345"}).status_code == 422
    seen = mailbox.count_to(email)
    assert a.post("/api/auth/email", json={"email": email}).status_code == 202
    sign_in_code = mailbox.code_for(email, after=seen)
    refused = a.request("DELETE", "/api/me", json={"code": sign_in_code})
    assert refused.status_code == 403
    assert refused.json()["code"] == "code_invalid"
    assert a.get("/api/me").status_code == 200

    seen = mailbox.count_to(email)
    sent = a.post("/api/me/delete-code")
    assert sent.status_code == 202
    code = mailbox.code_for(email, after=seen)
    assert "delet" in mailbox.last_to(email)["Subject"].lower()
    assert (
        a.request("DELETE", "/api/me", json={"code": f"{(int(code) + 1) % 10**6:06d}"}).status_code
        == 403
    )
    deleted = a.request("DELETE", "/api/me", json={"code": code})
    assert deleted.status_code == 204, deleted.text
    assert a.get("/api/me").status_code == 401
    assert a.request("DELETE", "/api/me", json={"code": code}).status_code == 401

    # Nothing anywhere holds my address; my name only where Ben keeps his own note.
    found = []
    with session.bind.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(select(table)).mappings():
                for column, value in row.items():
                    text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
                    if (
                        email in text.lower()
                        or name.lower() in text.lower()
                        or "quill" in text.lower()
                    ):
                        found.append((table.name, column, text))
                    if str(ana.id) in text or ana.id.hex in text:
                        found.append((table.name, column, "my id"))
    assert found == [("notes", "subject_name", name)]

    # Ben keeps his note under the name he knew; what hung on me is gone or unlinked.
    notes = b.get("/api/notes").json()
    assert [(n["subject_id"], n["subject_name"]) for n in notes] == [(None, name)]
    assert notes[0]["id"] == str(ben_note.id)
    assert b.get(f"/api/people/{cleo.id}").json()["relationship"]["introduced_by"] is None
    c = login(cleo)
    (left,) = c.get("/api/introductions").json()
    assert (left["introducer"], left["message"]) == (None, "from Anaïs")
    assert c.get(f"/api/people/{ana.id}").status_code == 404

    # The address may come back as a new, empty account.
    again = sign_in(email)
    assert again.get("/api/me").json()["id"] != str(ana.id)
    assert again.get("/api/friends").json()["total"] == 0
