"""Now lines: my friends read them (card, friends list, news); nobody else ever does."""

from datetime import timedelta

from sqlalchemy import update

from metbefore.models import Person
from tests.after import factories as f


def test_friends_see_my_line_pending_and_strangers_never_do(session, login) -> None:
    ana, ben, pat, dan = (f.make_person(session, n) for n in ("Ana", "Ben", "Pat", "Dan"))
    f.befriend(session, ana, ben)
    f.scanned(session, pat, ana)  # Pat scanned Ana; she never confirmed
    f.scanned(session, ana, dan)  # Ana scanned Dan; he never confirmed
    a, b, p, d = login(ana), login(ben), login(pat), login(dan)

    made = a.put("/api/me/now", json={"text": "  moved to Lisbon; writing about web archives "})
    assert made.status_code == 200, made.text
    assert made.json()["text"] == "moved to Lisbon; writing about web archives"
    assert a.get("/api/me").json()["now"]["text"] == made.json()["text"]

    card = b.get(f"/api/people/{ana.id}").json()
    assert card["person"]["now"]["text"] == made.json()["text"]
    assert card["starters"]["now"]["text"] == made.json()["text"]
    (friend,) = b.get("/api/friends").json()["items"]
    assert friend["person"]["now"]["text"] == made.json()["text"]
    (news,) = b.get("/api/friends/news").json()["items"]
    assert news["person"]["id"] == str(ana.id)
    assert news["now"]["text"] == made.json()["text"]

    assert p.get(f"/api/people/{ana.id}").json()["person"]["now"] is None  # pending
    assert d.get(f"/api/people/{ana.id}").json()["person"]["now"] is None  # scanned by her
    for c in (p, d):
        assert c.get("/api/friends/news").json() == {"items": [], "next": None}
        assert "Lisbon" not in c.get("/api/inbox").text
        assert "Lisbon" not in c.get("/api/people").text
    assert "Lisbon" not in p.get("/api/me/offline").text


def test_earlier_lines_stay_mine_and_clearing_hides_the_line(session, login) -> None:
    ana, ben = f.make_person(session, "Ana"), f.make_person(session, "Ben")
    f.befriend(session, ana, ben)
    a, b = login(ana), login(ben)
    a.put("/api/me/now", json={"text": "first line"})
    a.put("/api/me/now", json={"text": "second line"})

    assert b.get(f"/api/people/{ana.id}").json()["person"]["now"]["text"] == "second line"
    assert "first line" not in b.get("/api/friends/news").text
    lines = a.get("/api/me/export").json()["circle"]["now_lines"]
    assert [line["text"] for line in lines] == ["first line", "second line"]

    assert a.delete("/api/me/now").status_code == 204
    assert b.get(f"/api/people/{ana.id}").json()["person"]["now"] is None
    assert b.get("/api/friends/news").json()["items"] == []
    assert a.get("/api/me").json()["now"] is None
    assert len(a.get("/api/me/export").json()["circle"]["now_lines"]) == 2


def test_a_line_is_one_line_of_at_most_280_characters(session, login) -> None:
    a = login(f.make_person(session, "Ana"))
    for text in ("", "   ", "x" * 281, "two\nlines"):
        assert a.put("/api/me/now", json={"text": text}).status_code == 422, text
    assert a.put("/api/me/now", json={"text": "x" * 280}).status_code == 200
    assert a.put("/api/me/now", json={}).status_code == 422


def test_news_pages_newest_first(session, login) -> None:
    me = f.make_person(session, "Me")
    start = f.now() - timedelta(days=30)
    friends = []
    for i in range(25):
        friend = f.make_person(session, f"Friend {i:02}")
        f.befriend(session, me, friend)
        session.execute(
            update(Person)
            .where(Person.id == friend.id)
            .values(now_text=f"line {i:02}", now_at=start + timedelta(hours=i))
        )
        friends.append(friend)
    session.commit()
    c = login(me)

    first = c.get("/api/friends/news").json()
    assert [i["now"]["text"] for i in first["items"]] == [f"line {i:02}" for i in range(24, 4, -1)]
    rest = c.get("/api/friends/news", params={"before": first["next"]}).json()
    assert [i["now"]["text"] for i in rest["items"]] == [f"line {i:02}" for i in range(4, -1, -1)]
    assert rest["next"] is None
    assert c.get("/api/friends/news", params={"before": "nonsense"}).status_code == 422


def test_the_card_opens_with_conversation_starters(session, login) -> None:
    event = f.make_event(session, "confx-2025", "ConfX 2025")
    ana = f.make_person(session, "Ana", interests=["Penguins", "archives"])
    ben = f.make_person(session, "Ben", interests=["penguins"])
    cleo = f.make_person(session, "Cleo")
    f.befriend(session, ana, ben, met_at=f.now() - timedelta(days=430), event=event, place="12")
    f.befriend(session, ana, cleo)
    f.befriend(session, ben, cleo)
    f.note(session, ana, ben, "wants the cataloguing slides")
    login(ben).put("/api/me/now", json={"text": "writing about web archives"})

    starters = login(ana).get(f"/api/people/{ben.id}").json()["starters"]
    assert starters["now"]["text"] == "writing about web archives"
    assert starters["last_note"] == "wants the cataloguing slides"
    assert starters["last_met"]["event"]["name"] == "ConfX 2025"
    assert starters["months_since_last_met"] == 14
    assert starters["shared_interests"] == ["penguins"]
    assert [p["display_name"] for p in starters["mutual_friends"]] == ["Cleo"]
