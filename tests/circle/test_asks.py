"""Asks: only the asker's mutual friends read them; replies reach the asker alone; the
weekly cap, expiry and muting; an introduction that answers an ask."""

import uuid
from datetime import timedelta

from sqlalchemy import update

from metbefore.models import Ask
from tests.after import factories as f


def ask(c, text="Looking for someone who knows digital preservation in Brazil", **extra):
    return c.post("/api/asks", json={"text": text, **extra})


def circle(session):
    """Ana with her friends Ben and Chen; Pat scanned Ana (pending); Dan is a stranger."""
    ana, ben, chen, pat, dan = (
        f.make_person(session, n) for n in ("Ana", "Ben", "Chen", "Pat", "Dan")
    )
    f.befriend(session, ana, ben)
    f.befriend(session, ana, chen)
    f.scanned(session, pat, ana)
    return ana, ben, chen, pat, dan


def test_only_friends_read_an_ask_and_outsiders_get_404_on_every_path(session, login) -> None:
    ana, ben, chen, pat, dan = circle(session)
    f.befriend(session, ben, dan)  # a friend of a friend is still outside Ana's circle
    a, b, p, d = login(ana), login(ben), login(pat), login(dan)
    made = ask(a)
    assert made.status_code == 201, made.text
    ask_id = made.json()["id"]
    assert made.json()["mine"] and made.json()["open"]

    (seen,) = b.get("/api/asks").json()["friends"]
    assert seen["id"] == ask_id and seen["asker"]["display_name"] == "Ana"
    assert [x["id"] for x in b.get("/api/inbox").json()["asks"]] == [ask_id]
    assert [x["id"] for x in a.get("/api/asks").json()["mine"]] == [ask_id]

    reply = b.post(f"/api/asks/{ask_id}/replies", json={"text": "hi"}).json()
    for outsider in (p, d):
        assert outsider.get("/api/asks").json() == {"mine": [], "friends": []}
        inbox = outsider.get("/api/inbox").json()
        assert inbox["asks"] == [] and inbox["ask_replies"] == []
        for method, path, body in (
            ("post", f"/api/asks/{ask_id}/replies", {"text": "let me help"}),
            ("delete", f"/api/asks/{ask_id}", None),
            ("post", f"/api/people/{ana.id}/mute-asks", None),
            ("delete", f"/api/people/{ana.id}/mute-asks", None),
            ("post", f"/api/people/{chen.id}/mute-asks", None),
        ):
            answer = outsider.request(method, path, json=body)
            assert answer.status_code == 404, (method, path, answer.text)
            assert answer.json()["code"] == "not_found"
            assert "Brazil" not in answer.text
        assert "Brazil" not in outsider.get("/api/introductions").text
        assert "Brazil" not in outsider.get("/api/me/export").text
        assert reply["id"] not in outsider.get("/api/me/export").text
    # Dan introduces his friend Ben to... nobody of Ana's: he cannot see her ask.
    refused = d.post(
        "/api/introductions",
        json={"first_id": str(ben.id), "second_id": str(ana.id), "message": "m", "ask_id": ask_id},
    )
    assert refused.status_code == 404
    assert "Brazil" not in refused.text
    # Ben closes nothing of Ana's, nor does a made-up id reach anything.
    assert b.delete(f"/api/asks/{ask_id}").status_code == 404
    assert b.post(f"/api/asks/{uuid.uuid4()}/replies", json={"text": "x"}).status_code == 404
    assert b.get("/api/asks").json()["friends"][0]["open"]


def test_a_reply_reaches_the_asker_alone(session, login) -> None:
    ana, ben, chen, _, _ = circle(session)
    f.befriend(session, ben, chen)
    a, b, c = login(ana), login(ben), login(chen)
    ask_id = ask(a).json()["id"]

    made = b.post(f"/api/asks/{ask_id}/replies", json={"text": "My colleague Rui does this"})
    assert made.status_code == 201, made.text
    assert c.post(f"/api/asks/{ask_id}/replies", json={"text": "Try the IBICT"}).status_code == 201

    (mine,) = a.get("/api/asks").json()["mine"]
    assert [r["text"] for r in mine["replies"]] == ["My colleague Rui does this", "Try the IBICT"]
    assert [r["author"]["display_name"] for r in a.get("/api/inbox").json()["ask_replies"]] == [
        "Chen",
        "Ben",
    ]
    (bens_view,) = b.get("/api/asks").json()["friends"]
    assert [r["text"] for r in bens_view["replies"]] == ["My colleague Rui does this"]
    assert "IBICT" not in b.get("/api/asks").text + b.get("/api/inbox").text
    assert "Rui" not in c.get("/api/asks").text + c.get("/api/inbox").text
    assert a.post(f"/api/asks/{ask_id}/replies", json={"text": "me"}).status_code == 404
    for text in ("", " ", "x" * 1001):
        assert b.post(f"/api/asks/{ask_id}/replies", json={"text": text}).status_code == 422
    export = a.get("/api/me/export").json()["circle"]
    assert len(export["asks"][0]["replies"]) == 2
    assert [r["text"] for r in b.get("/api/me/export").json()["circle"]["replies"]] == [
        "My colleague Rui does this"
    ]


def test_friends_made_while_open_see_it_and_friends_removed_do_not(session, login) -> None:
    ana, ben, _, pat, _ = circle(session)
    a, b, p = login(ana), login(ben), login(pat)
    ask_id = ask(a).json()["id"]

    assert a.post(f"/api/people/{pat.id}/confirm").status_code == 200  # now friends
    assert [x["id"] for x in p.get("/api/asks").json()["friends"]] == [ask_id]
    assert b.delete(f"/api/people/{ana.id}/connection").status_code == 204
    assert b.get("/api/asks").json()["friends"] == []
    assert b.post(f"/api/asks/{ask_id}/replies", json={"text": "x"}).status_code == 404
    assert p.post(f"/api/people/{ana.id}/block").status_code == 204
    assert p.get("/api/asks").json()["friends"] == []


def test_at_most_three_new_asks_a_week(session, login) -> None:
    ana, *_ = circle(session)
    a = login(ana)
    ids = [ask(a, f"ask {i}").json()["id"] for i in range(3)]
    assert a.delete(f"/api/asks/{ids[0]}").status_code == 204  # a closed one still counts
    refused = ask(a, "a fourth")
    assert refused.status_code == 429
    assert refused.json()["code"] == "ask_limit"
    assert 0 < int(refused.headers["Retry-After"]) <= 7 * 86400

    session.execute(
        update(Ask).where(Ask.id == uuid.UUID(ids[0])).values(created_at=f.now() - timedelta(8))
    )
    session.commit()
    assert ask(a, "a fourth").status_code == 201
    assert ask(a, "a fifth").status_code == 429


def test_an_ask_is_open_for_at_most_30_days_then_nobody_sees_it(session, login) -> None:
    ana, ben, *_ = circle(session)
    a, b = login(ana), login(ben)
    today = f.now().date()
    for bad in (today - timedelta(days=1), today + timedelta(days=31), "soon", 0):
        refused = ask(a, expires_on=str(bad) if not isinstance(bad, int) else bad)
        assert refused.status_code == 422, bad
    assert ask(a, expires_on=str(today + timedelta(days=31))).json()["code"] == "ask_expiry"
    made = ask(a, expires_on=str(today + timedelta(days=30))).json()
    assert made["expires_on"] == str(today + timedelta(days=30))
    assert ask(a).json()["expires_on"] == str(today + timedelta(days=30))  # the default

    session.execute(
        update(Ask).where(Ask.id == uuid.UUID(made["id"])).values(expires_on=today - timedelta(1))
    )
    session.commit()
    assert [x["id"] for x in b.get("/api/asks").json()["friends"]] != [made["id"]]
    assert made["id"] not in b.get("/api/asks").text
    assert b.post(f"/api/asks/{made['id']}/replies", json={"text": "x"}).status_code == 404
    expired = next(x for x in a.get("/api/asks").json()["mine"] if x["id"] == made["id"])
    assert expired["open"] is False


def test_closing_my_ask_hides_it_from_friends(session, login) -> None:
    ana, ben, *_ = circle(session)
    a, b = login(ana), login(ben)
    ask_id = ask(a).json()["id"]
    assert a.delete(f"/api/asks/{ask_id}").status_code == 204
    assert a.delete(f"/api/asks/{ask_id}").status_code == 204  # closed already: still mine
    assert b.get("/api/asks").json()["friends"] == []
    assert b.post(f"/api/asks/{ask_id}/replies", json={"text": "x"}).status_code == 404
    assert a.get("/api/asks").json()["mine"][0]["open"] is False


def test_a_friend_mutes_my_asks_and_i_am_not_told(session, login) -> None:
    ana, ben, chen, *_ = circle(session)
    a, b, c = login(ana), login(ben), login(chen)
    ask_id = ask(a).json()["id"]
    assert b.post(f"/api/people/{ana.id}/mute-asks").status_code == 204
    assert b.post(f"/api/people/{ana.id}/mute-asks").status_code == 204  # twice: same
    assert b.get("/api/asks").json()["friends"] == []
    assert b.get("/api/inbox").json()["asks"] == []
    assert [x["id"] for x in c.get("/api/asks").json()["friends"]] == [ask_id]
    assert "mute" not in a.get("/api/asks").text + a.get(f"/api/people/{ben.id}").text

    assert b.delete(f"/api/people/{ana.id}/mute-asks").status_code == 204
    assert [x["id"] for x in b.get("/api/asks").json()["friends"]] == [ask_id]


def test_an_introduction_answers_an_ask_and_only_asker_and_introducer_see_it(
    session, login
) -> None:
    ana, ben, chen, _, _ = circle(session)
    rui = f.make_person(session, "Rui")
    f.befriend(session, ben, rui)
    a, b, r = login(ana), login(ben), login(rui)
    ask_id = ask(a).json()["id"]

    def introduce(first, second, **extra):
        return b.post(
            "/api/introductions",
            json={
                "first_id": str(first.id),
                "second_id": str(second.id),
                "message": "Rui knows preservation in Brazil",
                **extra,
            },
        )

    wrong = introduce(chen, rui, ask_id=ask_id)  # Chen is Ben's friend? no: not_friends
    assert wrong.status_code == 404
    f.befriend(session, ben, chen)
    wrong = introduce(chen, rui, ask_id=ask_id)
    assert wrong.status_code == 422
    assert wrong.json()["code"] == "asker_not_introduced"
    assert introduce(ana, rui, ask_id=str(uuid.uuid4())).status_code == 404

    made = introduce(ana, rui, ask_id=ask_id)
    assert made.status_code == 201, made.text
    assert made.json()["ask"]["id"] == ask_id
    (to_ana,) = a.get("/api/inbox").json()["introductions"]
    assert to_ana["ask"] == {"id": ask_id, "text": made.json()["ask"]["text"]}
    (to_rui,) = r.get("/api/inbox").json()["introductions"]
    assert to_rui["ask"] is None
    assert "Brazil" not in r.get("/api/introductions").text.replace(
        "Rui knows preservation in Brazil", ""
    )
    intro_id = made.json()["id"]
    assert a.post(f"/api/introductions/{intro_id}/accept").status_code == 200
    done = r.post(f"/api/introductions/{intro_id}/accept").json()
    assert done["status"] == "accepted" and done["ask"] is None
    (mine,) = [i for i in a.get("/api/introductions").json() if i["id"] == intro_id]
    assert mine["status"] == "accepted" and mine["ask"]["id"] == ask_id
