"""A merge keeps the absorbed account's circle: its lines, asks, replies and mutes."""

from metbefore.merge.commands import merge_people
from tests.after import factories as f
from tests.conftest import Server


def test_a_merged_account_brings_its_lines_asks_replies_and_mutes(
    session, login, server: Server
) -> None:
    old, new = f.make_person(session, "Ben Ortiz"), f.make_person(session, "Ben Ortiz")
    ana, cleo = f.make_person(session, "Ana"), f.make_person(session, "Cleo")
    for friend in (ana, cleo):
        f.befriend(session, old, friend)
    f.befriend(session, new, ana)
    o, a, c = login(old), login(ana), login(cleo)
    o.put("/api/me/now", json={"text": "old line"})
    asked = o.post("/api/asks", json={"text": "old ask"}).json()
    ana_ask = a.post("/api/asks", json={"text": "Ana asks"}).json()
    assert o.post(f"/api/asks/{ana_ask['id']}/replies", json={"text": "old reply"}).is_success
    assert o.post(f"/api/people/{cleo.id}/mute-asks").status_code == 204
    assert c.post(f"/api/people/{old.id}/mute-asks").status_code == 204

    assert merge_people(
        server.settings, keep=new.email, absorb=old.email, confirm=lambda _: True, out=print
    )
    n = login(new)
    export = n.get("/api/me/export").json()["circle"]
    assert [line["text"] for line in export["now_lines"]] == ["old line"]
    assert [x["text"] for x in export["asks"]] == ["old ask"]
    assert [r["text"] for r in export["replies"]] == ["old reply"]
    assert n.get("/api/me").json()["now"]["text"] == "old line"  # the keeper had none
    assert a.get("/api/asks").json()["mine"][0]["replies"][0]["author"]["id"] == str(new.id)
    c.post("/api/asks", json={"text": "Cleo asks"})
    assert "Cleo asks" not in n.get("/api/asks").text  # Ben's mute moved to the keeper
    assert asked["id"] not in c.get("/api/asks").text  # Cleo's mute moved to the keeper
    assert [x["text"] for x in a.get("/api/asks").json()["friends"]] == ["old ask"]
