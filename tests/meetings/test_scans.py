"""POST /api/scans: exactly once, also under races; revoked, own and guessed badges."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import Engine

from tests.conftest import Server
from tests.meetings.factories import Someone, ago, count_rows, run_together


def at(result: dict) -> datetime:
    return datetime.fromisoformat(result["encounter"]["at"])


def test_resent_scan_answers_the_original_result_and_records_nothing(
    person: Callable[..., Someone], engine: Engine
) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    first_id = uuid.uuid4()
    first = ana.scan(ben.token, client_id=first_id, place="booth 12", scanned_at=ago(days=2))
    assert first.status_code == 201
    later = ana.meet(ben, place="hall B")
    assert later["first_meeting"] is False

    again = ana.scan(ben.token, client_id=first_id, place="booth 12", scanned_at=ago(days=2))

    assert again.status_code == 200
    original, replayed = first.json(), again.json()
    assert (original["replayed"], replayed["replayed"]) == (False, True)
    assert replayed["encounter"] == original["encounter"]
    assert replayed["first_meeting"] is True  # as answered the first time, not "met before"
    assert replayed["card"]["relationship"]["times_met"] == 2
    assert count_rows(engine, "encounters", scanner_id=ana.id) == 2


def test_resend_with_the_badge_url_instead_of_the_token_is_the_same_scan(
    person: Callable[..., Someone], server: Server
) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    client_id = uuid.uuid4()
    assert ana.scan(ben.token, client_id=client_id).status_code == 201
    again = ana.scan(f"{server.url}/m/{ben.token}", client_id=client_id)
    assert again.status_code == 200
    assert again.json()["replayed"] is True


def test_client_id_reused_for_another_badge_is_refused(
    person: Callable[..., Someone], engine: Engine
) -> None:
    ana, ben, cara = person("Ana Lima"), person("Ben Ortiz"), person("Cara Diaz")
    client_id = uuid.uuid4()
    assert ana.scan(ben.token, client_id=client_id).status_code == 201

    reused = ana.scan(cara.token, client_id=client_id)

    assert reused.status_code == 409
    assert reused.json()["code"] == "client_id_reused"
    assert count_rows(engine, "encounters", scanned_id=cara.id) == 0


def test_client_ids_belong_to_their_scanner(person: Callable[..., Someone]) -> None:
    ana, ben, cara = person("Ana Lima"), person("Ben Ortiz"), person("Cara Diaz")
    client_id = uuid.uuid4()
    assert ana.scan(cara.token, client_id=client_id).status_code == 201
    assert ben.scan(cara.token, client_id=client_id).status_code == 201


def scan_job(scanner: Someone, body: dict) -> Callable[[], httpx.Response]:
    http = scanner.another_client()
    return lambda: http.post("/api/scans", json=body)


def test_twenty_copies_of_one_scan_at_once_record_one_encounter(
    person: Callable[..., Someone], engine: Engine
) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    body = {"client_id": str(uuid.uuid4()), "token": ben.token, "place": "booth 12"}

    responses = run_together([scan_job(ana, body) for _ in range(20)])

    assert sorted(r.status_code for r in responses) == [200] * 19 + [201], [
        r.text for r in responses if r.status_code not in (200, 201)
    ]
    assert len({r.json()["encounter"]["id"] for r in responses}) == 1
    assert all(r.json()["first_meeting"] for r in responses)
    assert count_rows(engine, "encounters", scanner_id=ana.id) == 1
    assert ana.card(ben)["relationship"]["times_met"] == 1


def test_two_people_scanning_each_other_at_once_become_one_mutual_connection(
    person: Callable[..., Someone], engine: Engine
) -> None:
    pairs = [(person(f"A{i} Left"), person(f"B{i} Right")) for i in range(12)]

    for a, b in pairs:
        responses = run_together(
            [
                scan_job(a, {"client_id": str(uuid.uuid4()), "token": b.token}),
                scan_job(b, {"client_id": str(uuid.uuid4()), "token": a.token}),
            ]
        )
        assert [r.status_code for r in responses] == [201, 201], [r.text for r in responses]

    for a, b in pairs:
        low, high = sorted([uuid.UUID(a.id), uuid.UUID(b.id)])
        assert count_rows(engine, "connections", a_id=low, b_id=high) == 1
        assert count_rows(engine, "connections", a_id=high, b_id=low) == 0
        for viewer, other in ((a, b), (b, a)):
            relationship = viewer.card(other)["relationship"]
            assert relationship["status"] == "mutual"
            assert relationship["times_met"] == 1  # both scans are the one meeting
    assert count_rows(engine, "connections") == len(pairs)


def test_two_different_meetings_synced_at_once_both_count(
    person: Callable[..., Someone],
) -> None:
    pairs = [(person(f"A{i} Left"), person(f"B{i} Right")) for i in range(8)]
    for a, b in pairs:
        a.meet(b, scanned_at=ago(days=20))
        b.meet(a, scanned_at=ago(days=20))

    for a, b in pairs:  # an offline scan from ten days ago arrives as they meet again
        offline = {"client_id": str(uuid.uuid4()), "token": b.token, "scanned_at": ago(days=10)}
        now = {"client_id": str(uuid.uuid4()), "token": a.token, "place": "hall C"}
        responses = run_together([scan_job(a, offline), scan_job(b, now)])
        assert [r.status_code for r in responses] == [201, 201], [r.text for r in responses]

    for a, b in pairs:
        relationship = a.card(b)["relationship"]
        assert relationship["times_met"] == 3
        assert relationship["last_met"]["place"] == "hall C"


def test_a_rotated_badge_stops_at_once_and_its_successor_works(
    person: Callable[..., Someone],
) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    rotated = ben.http.post(f"/api/me/badges/{ben.badge_id}/rotate")
    assert rotated.status_code == 201
    new_token = rotated.json()["token"]

    old = ana.scan(ben.token)
    assert old.status_code == 410
    assert old.json()["code"] == "badge_revoked"
    fresh = ana.scan(new_token)
    assert fresh.status_code == 201
    assert fresh.json()["card"]["person"]["id"] == ben.id


def test_scanning_my_own_badge_is_refused(person: Callable[..., Someone], engine: Engine) -> None:
    ana = person("Ana Lima")
    response = ana.scan(ana.token)
    assert response.status_code == 422
    assert response.json()["code"] == "self_scan"
    assert count_rows(engine, "encounters") == 0


def test_the_whole_badge_url_a_camera_reads_is_accepted(
    person: Callable[..., Someone], server: Server
) -> None:
    ana, ben, cara = person("Ana Lima"), person("Ben Ortiz"), person("Cara Diaz")
    assert ana.scan(f"{server.url}/m/{ben.token}").status_code == 201
    assert ana.scan(f"https://metbefore.example/m/{cara.token}?utm=x#top").status_code == 201


def test_scan_time_without_time_zone_is_refused(
    person: Callable[..., Someone], engine: Engine
) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    response = ana.scan(ben.token, scanned_at="2026-03-01T10:00:00")
    assert response.status_code == 422
    assert count_rows(engine, "encounters") == 0


def test_scan_times_are_clamped_to_the_last_thirty_days(person: Callable[..., Someone]) -> None:
    ana, ben, cara = person("Ana Lima"), person("Ben Ortiz"), person("Cara Diaz")
    now = datetime.now(UTC)

    ancient = ana.meet(ben, scanned_at="1970-01-01T00:00:00+00:00")
    future = ana.meet(cara, scanned_at="2999-01-01T00:00:00-05:00")

    assert abs(at(ancient) - (now - timedelta(days=30))) < timedelta(minutes=5)
    assert abs(at(future) - now) < timedelta(minutes=5)
    assert ana.card(ben)["relationship"]["first_met"]["at"] == ancient["encounter"]["at"]


def test_guessing_badge_tokens_is_stopped_and_finds_nothing(
    person: Callable[..., Someone], engine: Engine
) -> None:
    ana, ben, cara = person("Ana Lima"), person("Ben Ortiz"), person("Cara Diaz")
    answers = [ana.scan(uuid.uuid4().hex + uuid.uuid4().hex) for _ in range(30)]
    codes = [r.status_code for r in answers]

    assert 429 in codes
    assert set(codes) == {404, 429}
    assert codes.index(429) <= 20 and set(codes[codes.index(429) :]) == {429}
    refused = answers[-1]
    assert int(refused.headers["Retry-After"]) > 0
    assert refused.json()["code"] == "too_many_requests"
    # Past the limit even a real token is refused, so a lucky guess would be worthless.
    assert ana.scan(ben.token).status_code == 429
    assert count_rows(engine, "encounters") == 0
    # Only the guesser is stopped.
    assert cara.scan(ben.token).status_code == 201


def test_scanning_real_badges_never_trips_the_guessing_limit(
    person: Callable[..., Someone],
) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    assert {ana.scan(ben.token).status_code for _ in range(40)} == {201}
