"""The weekly digest: opt-in, sent once a week through the real SMTP server, never when
there is nothing new, with a one-click unsubscribe (RFC 8058) that works."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import update

from metbefore.circle import digest
from metbefore.models import DigestSent, Person
from tests.after import factories as f
from tests.conftest import Mailbox, Server, text_of

SUBJECT = "Your week on Met Before"


def send_digests(database_url: str, server: Server, tmp_path: Path) -> str:
    """`metbefore send-digests`, as cron runs it."""
    run = subprocess.run(
        [sys.executable, "-m", "metbefore", "send-digests"],
        env={
            **os.environ,
            "METBEFORE_DATABASE_URL": database_url,
            "METBEFORE_BASE_URL": server.url,
            "METBEFORE_DATA_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def test_a_digest_goes_once_a_week_and_one_click_unsubscribes(
    session, login, mailbox: Mailbox, server: Server, database_url: str, tmp_path: Path
) -> None:
    ana, ben, chen = (f.make_person(session, n) for n in ("Ana", "Ben", "Chen"))
    f.befriend(session, ana, ben)
    f.befriend(session, ana, chen)
    a, b, c = login(ana), login(ben), login(chen)
    assert a.patch("/api/me", json={"digest": True}).json()["digest"] is True
    b.put("/api/me/now", json={"text": "moved to Lisbon"})
    ask_id = a.post("/api/asks", json={"text": "Who knows web archives?"}).json()["id"]
    c.post("/api/asks", json={"text": "Need a reviewer for my paper"})
    b.post(f"/api/asks/{ask_id}/replies", json={"text": "Try Rui"})

    assert send_digests(database_url, server, tmp_path) == "queued 1 digests"
    assert send_digests(database_url, server, tmp_path) == "queued 0 digests"  # this week: sent
    sent = mailbox.titled(ana.email, SUBJECT)
    body = text_of(sent)
    for expected in ("Ben: moved to Lisbon", "Chen: Need a reviewer", "Ben: Try Rui"):
        assert expected in body
    assert any(part.get_content_type() == "text/html" for part in sent.walk())
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = sent["List-Unsubscribe"].strip("<>")
    assert url.startswith(f"{server.url}/api/digest/unsubscribe?token=")
    assert mailbox.count_to(ana.email) == 1
    for other in (ben, chen):  # they did not turn it on
        assert mailbox.count_to(other.email) == 0

    # A week later, with news again, the next one goes.
    session.execute(
        update(DigestSent).values(
            week=DigestSent.week - timedelta(days=7), sent_at=f.now() - timedelta(days=7)
        )
    )
    session.commit()
    b.put("/api/me/now", json={"text": "back in Porto"})
    assert send_digests(database_url, server, tmp_path) == "queued 1 digests"
    assert "Ben: back in Porto" in text_of(mailbox.last_to(ana.email, after=1))
    assert "moved to Lisbon" not in text_of(mailbox.last_to(ana.email, after=1))

    # One click (RFC 8058): a POST of List-Unsubscribe=One-Click, no sign-in, no cookie.
    path = urlsplit(url)
    anyone = login(chen)
    anyone.cookies.clear()
    tampered = f"{path.path}?{path.query[:-1]}{'0' if path.query[-1] != '0' else '1'}"
    for bad in (tampered, "/api/digest/unsubscribe?token=00.00"):
        assert anyone.post(bad, data={"List-Unsubscribe": "One-Click"}).status_code == 404
    assert a.get("/api/me").json()["digest"] is True
    done = anyone.post(f"{path.path}?{path.query}", data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200, done.text
    assert a.get("/api/me").json()["digest"] is False
    session.execute(update(DigestSent).values(week=DigestSent.week - timedelta(days=7)))
    session.commit()
    b.put("/api/me/now", json={"text": "in Recife"})
    assert send_digests(database_url, server, tmp_path) == "queued 0 digests"


def test_nothing_new_sends_nothing(session, login, server: Server) -> None:
    ana, ben = f.make_person(session, "Ana", digest=True), f.make_person(session, "Ben")
    f.befriend(session, ana, ben)
    # Ben's line is older than a week; Dan, a stranger, posts a line and an ask.
    dan = f.make_person(session, "Dan")
    session.execute(
        update(Person)
        .where(Person.id == ben.id)
        .values(now_text="old news", now_at=f.now() - timedelta(days=9))
    )
    session.commit()
    d = login(dan)
    d.put("/api/me/now", json={"text": "fresh but not Ana's friend"})
    d.post("/api/asks", json={"text": "not for Ana"})
    assert digest.send_all(server.settings) == 0
    assert session.query(DigestSent).count() == 0


def test_the_digest_speaks_the_readers_language(
    session, login, mailbox: Mailbox, server: Server
) -> None:
    ana, ben = f.make_person(session, "Ana", digest=True), f.make_person(session, "Ben")
    f.befriend(session, ana, ben)
    assert login(ana).patch("/api/me", json={"language": "ja"}).status_code == 200
    login(ben).put("/api/me/now", json={"text": "リスボンに引っ越しました"})
    assert digest.send_all(server.settings) == 1
    body = text_of(mailbox.titled(ana.email, "Met Before の今週のまとめ"))
    assert "友だちの近況\n- Ben: リスボンに引っ越しました" in body


def test_friends_at_my_next_event_are_news_in_the_fortnight_before_it(
    session, mailbox: Mailbox, server: Server
) -> None:
    ana = f.make_person(session, "Ana", digest=True)
    ben = f.make_person(session, "Ben")
    f.befriend(session, ana, ben)
    today = f.now().date()
    far = f.make_event(session, "far-conf", "FarConf", starts_on=today + timedelta(days=40))
    for someone in (ana, ben):
        f.register(session, someone, far)
    assert digest.send_all(server.settings) == 0  # six weeks off: no mail of its own

    near = f.make_event(session, "near-conf", "NearConf", starts_on=today + timedelta(days=10))
    for someone in (ana, ben):
        f.register(session, someone, near)
    assert digest.send_all(server.settings) == 1
    assert "NearConf" in text_of(mailbox.titled(ana.email, SUBJECT))
