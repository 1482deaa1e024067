"""The evening review: met today, notes with tags and a photo, the daily reminder."""

import io
import uuid
from datetime import UTC, datetime, timedelta

from PIL import Image

from tests.after import factories as f


def scan(c, person, **extra):
    body = {"client_id": str(uuid.uuid4()), "token": person.token, **extra}
    response = c.post("/api/scans", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def names(items, key="person"):
    return sorted(item[key]["display_name"] for item in items)


def test_met_today_lists_whom_i_met_today_in_the_events_time_zone(session, login) -> None:
    ana, ben, cleo, dan = (f.make_person(session, n) for n in ("Ana", "Ben", "Cleo", "Dan"))
    # Kiritimati is UTC+14 all year: 12:00 UTC there is already the next day.
    event = f.make_event(session, "confx", "ConfX", timezone="Pacific/Kiritimati")
    f.befriend(session, ana, cleo, met_at=datetime(2025, 6, 10, 12, tzinfo=UTC), event=event)
    a = login(ana)

    kiritimati = a.get("/api/met-today", params={"event": "confx", "day": "2025-06-11"}).json()
    assert kiritimati["timezone"] == "Pacific/Kiritimati"
    assert names(kiritimati["people"]) == ["Cleo"]
    day_before = a.get("/api/met-today", params={"event": "confx", "day": "2025-06-10"}).json()
    assert day_before["people"] == []
    in_utc = a.get("/api/met-today", params={"day": "2025-06-10", "tz": "UTC"}).json()
    assert names(in_utc["people"]) == ["Cleo"]

    # Today, by default: whom I scanned, and who scanned me if we are friends. Dan's
    # unconfirmed scan of me waits in the inbox instead.
    scan(a, ben, event="confx", place="booth 7")
    scan(login(dan), ana, event="confx")
    today = a.get("/api/met-today", params={"event": "confx"}).json()
    assert names(today["people"]) == ["Ben"]
    (met,) = today["people"]
    assert met["place"] == "booth 7"
    assert met["event"] == {"slug": "confx", "name": "ConfX", "timezone": "Pacific/Kiritimati"}
    assert met["status"] == "pending"
    assert met["has_note"] is False
    assert met["person"]["bio"] is None  # badge fields only: not friends yet

    note = a.post(
        f"/api/people/{ben.id}/notes", json={"body": "knows penguins", "tags": ["hiring"]}
    )
    assert note.status_code == 201, note.text
    (met,) = a.get("/api/met-today", params={"event": "confx"}).json()["people"]
    assert met["has_note"] is True
    assert [(n["body"], n["tags"]) for n in met["notes"]] == [("knows penguins", ["hiring"])]

    for tz in ("Mars/Olympus", "Europe", "../../etc/passwd"):
        assert a.get("/api/met-today", params={"tz": tz}).status_code == 422
    for day in ("0001-01-01", "9999-12-31", "2025-02-30"):
        assert a.get("/api/met-today", params={"day": day, "tz": "Etc/GMT-14"}).status_code == 422
    assert a.get("/api/met-today", params={"event": "nope"}).status_code == 404


def test_the_inbox_reminds_once_a_day_until_everyone_met_that_day_has_a_note(
    session, login
) -> None:
    ana, ben, cleo, dan, eve = (
        f.make_person(session, n) for n in ("Ana", "Ben", "Cleo", "Dan", "Eve")
    )
    event = f.make_event(session, "confx", "ConfX", timezone="UTC")
    a = login(ana)
    scan(a, ben, event="confx")
    scan(a, cleo, event="confx")
    # A note from last year does not review today's meeting.
    f.note(session, ana, ben, "old news", created_at=f.now() - timedelta(days=365))
    three_days_ago = f.now() - timedelta(days=3)
    f.befriend(session, ana, dan, met_at=three_days_ago, event=event)
    f.befriend(session, ana, eve, met_at=f.now() - timedelta(days=10), event=event)

    def reminders():
        inbox = a.get("/api/inbox", params={"tz": "UTC"}).json()
        return [
            (r["day"], sorted(p["display_name"] for p in r["people_without_note"]))
            for r in inbox["reviews_due"]
        ]

    today = f.now().date().isoformat()
    earlier = three_days_ago.date().isoformat()
    assert reminders() == [(today, ["Ben", "Cleo"]), (earlier, ["Dan"])]

    assert a.post(f"/api/people/{ben.id}/notes", json={"body": "slides"}).status_code == 201
    assert reminders() == [(today, ["Cleo"]), (earlier, ["Dan"])]
    assert a.post(f"/api/people/{cleo.id}/notes", json={"body": "tea"}).status_code == 201
    assert a.post(f"/api/people/{dan.id}/notes", json={"body": "later"}).status_code == 201
    assert reminders() == []
    assert a.get("/api/inbox").json()["count"] == 0


def test_note_tags_are_trimmed_deduplicated_and_bounded(session, login) -> None:
    ana, ben = f.make_person(session, "Ana"), f.make_person(session, "Ben")
    f.befriend(session, ana, ben)
    a = login(ana)
    made = a.post(
        f"/api/people/{ben.id}/notes",
        json={"body": "b", "tags": [" hiring ", "Hiring", "open source"]},
    )
    assert made.status_code == 201
    assert made.json()["tags"] == ["hiring", "open source"]
    note_id = made.json()["id"]
    for bad in (["x"] * 11, ["two\nlines"], [""], ["x" * 41], "hiring"):
        response = a.post(f"/api/people/{ben.id}/notes", json={"body": "b", "tags": bad})
        assert response.status_code == 422, bad
    patched = a.patch(f"/api/notes/{note_id}", json={"tags": ["later"]})
    assert patched.json()["tags"] == ["later"]
    assert a.patch(f"/api/notes/{note_id}", json={"body": "c"}).json()["tags"] == ["later"]
    assert a.patch(f"/api/notes/{note_id}", json={"tags": []}).json()["tags"] == []


def _photo_with_gps() -> bytes:
    image = Image.new("RGB", (1200, 900), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_a_note_photo_is_mine_alone_resized_and_stripped(session, login) -> None:
    ana, ben = f.make_person(session, "Ana"), f.make_person(session, "Ben")
    f.befriend(session, ana, ben)
    a, b = login(ana), login(ben)
    note = a.post(f"/api/people/{ben.id}/notes", json={"body": "selfie at the booth"}).json()
    assert note["photo_url"] is None

    upload = a.put(
        f"/api/notes/{note['id']}/photo",
        content=_photo_with_gps(),
        headers={"Content-Type": "image/jpeg"},
    )
    assert upload.status_code == 200, upload.text
    photo_url = upload.json()["photo_url"]
    assert photo_url.startswith(f"/api/notes/{note['id']}/photo")
    card = a.get(f"/api/people/{ben.id}").json()
    assert card["notes"][0]["photo_url"] == photo_url  # shown beside their profile photo

    got = a.get(photo_url)
    assert got.status_code == 200
    assert got.headers["content-type"] == "image/jpeg"
    image = Image.open(io.BytesIO(got.content))
    assert image.size == (640, 640)
    assert not image.getexif()
    assert b"CameraMaker" not in got.content

    # Only the author: not the subject, not by guessing the id.
    assert b.get(photo_url).status_code == 404
    assert (
        b.put(
            f"/api/notes/{note['id']}/photo",
            content=_photo_with_gps(),
            headers={"Content-Type": "image/jpeg"},
        ).status_code
        == 404
    )
    assert b.delete(f"/api/notes/{note['id']}/photo").status_code == 404
    assert all(n["photo_url"] is None for n in b.get(f"/api/people/{ana.id}").json()["notes"])

    not_a_photo = a.put(
        f"/api/notes/{note['id']}/photo",
        content=b"GIF89a nope",
        headers={"Content-Type": "image/jpeg"},
    )
    assert not_a_photo.status_code == 422
    assert a.delete(f"/api/notes/{note['id']}/photo").status_code == 204
    assert a.get(photo_url).status_code == 404
    assert a.get(f"/api/people/{ben.id}/notes").json()["items"][0]["photo_url"] is None


def test_follow_ups_due_are_listed_in_the_inbox(session, login) -> None:
    ana, ben = f.make_person(session, "Ana"), f.make_person(session, "Ben")
    f.befriend(session, ana, ben)
    a = login(ana)
    today = f.now().date()
    for body, day in (("call", today - timedelta(days=1)), ("later", today + timedelta(days=5))):
        made = a.post(
            f"/api/people/{ben.id}/notes", json={"body": body, "follow_up_on": day.isoformat()}
        )
        assert made.status_code == 201
    inbox = a.get("/api/inbox").json()
    assert [n["body"] for n in inbox["follow_ups_due"]] == ["call"]
    assert inbox["count"] == 1


def test_all_my_notes_are_listed_newest_first(session, login) -> None:
    ana, ben, cleo = (f.make_person(session, n) for n in ("Ana", "Ben", "Cleo"))
    f.note(session, ana, ben, "first", created_at=f.now() - timedelta(days=2))
    f.note(session, ana, cleo, "second", created_at=f.now() - timedelta(days=1))
    f.note(session, ben, ana, "not mine")
    notes = login(ana).get("/api/notes").json()
    assert [(n["body"], n["subject_name"]) for n in notes] == [("second", "Cleo"), ("first", "Ben")]
