"""Request ids, GET /metrics and the log lines: what an operator sees of the running app."""

import json
import re
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy import Engine

from metbefore.config import Settings
from tests.conftest import Server, free_port, serving
from tests.reliability.crowd import make_crowd
from tests.reliability.processes import ServerProcess


def metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus' text format (0 when absent)."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        sample, _, value = line.rpartition(" ")
        found_name, _, found_labels = sample.partition("{")
        got = ",".join(sorted(found_labels.rstrip("}").split(","))) if found_labels else ""
        if found_name == name and got == wanted:
            return float(value)
    return 0.0


def with_settings(server: Server, **changes: object) -> tuple[Settings, int]:
    port = free_port()
    settings = server.settings.model_copy(
        update={"base_url": f"http://127.0.0.1:{port}", **changes}
    )
    return settings, port


def test_every_answer_carries_a_request_id_and_a_trusted_proxy_s_is_kept(
    server: Server,
) -> None:
    ids = set()
    for path in ("/api/health", "/api/me", "/nope", "/metrics"):
        response = httpx.get(server.url + path, timeout=30)
        assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"]), path
        ids.add(response.headers["x-request-id"])
    assert len(ids) == 4
    # 127.0.0.1 is the trusted proxy (METBEFORE_FORWARDED_ALLOW_IPS): its id is kept.
    kept = httpx.get(server.url + "/api/health", headers={"X-Request-ID": "lb-7f3a.42"}, timeout=30)
    assert kept.headers["x-request-id"] == "lb-7f3a.42"
    odd = httpx.get(server.url + "/api/health", headers={"X-Request-ID": "a b\tc"}, timeout=30)
    assert odd.headers["x-request-id"] != "a b\tc"

    settings, port = with_settings(server, forwarded_allow_ips="192.0.2.1")
    with serving(settings, port) as untrusting:
        made = httpx.get(
            untrusting.url + "/api/health", headers={"X-Request-ID": "lb-1"}, timeout=30
        )
        assert made.headers["x-request-id"] != "lb-1"


def test_metrics_are_off_by_default_and_answer_only_the_allowed_networks(
    server: Server, engine: Engine
) -> None:
    assert httpx.get(server.url + "/metrics").status_code == 404
    settings, port = with_settings(server, metrics=True)
    with serving(settings, port) as observed:
        before = httpx.get(observed.url + "/metrics").text
        ana, ben = make_crowd(engine, 2)
        with httpx.Client(base_url=observed.url) as http:
            scan_id = uuid.uuid4()
            assert ana.scan(http, ben, client_id=scan_id).status_code == 201
            assert ana.scan(http, ben, client_id=scan_id).status_code == 200  # the outbox again
            assert http.get(f"/api/people/{uuid.uuid4()}").status_code == 401
        after = httpx.get(observed.url + "/metrics", timeout=30)
    assert after.headers["content-type"].startswith("text/plain; version=")
    text = after.text

    def delta(name: str, **labels: str) -> float:
        return metric(text, name, **labels) - metric(before, name, **labels)

    assert delta("metbefore_scans_recorded_total") == 1
    assert delta("metbefore_scan_replays_total") == 1
    assert delta("metbefore_cards_served_total") == 2  # each scan answers with the card
    scans = {"method": "POST", "route": "/api/scans"}
    assert delta("metbefore_http_requests_total", **scans, status="201") == 1
    assert delta("metbefore_http_requests_total", **scans, status="200") == 1
    card = {"method": "GET", "route": "/api/people/{person_id}", "status": "401"}
    assert delta("metbefore_http_requests_total", **card) == 1  # the template, not the id
    assert delta("metbefore_http_request_duration_seconds_count", **scans) == 2
    assert "metbefore_account_merges_total" in text  # declared for the merge to count

    settings, port = with_settings(server, metrics=True, metrics_allow="10.0.0.0/8")
    with serving(settings, port) as elsewhere:
        refused = httpx.get(elsewhere.url + "/metrics", timeout=30)
    assert (refused.status_code, refused.json()["code"]) == (404, "not_found")


def test_two_workers_report_every_request_in_each_scrape(database_url: str, tmp_path: Path) -> None:
    server = ServerProcess(database_url, tmp_path, workers=2)
    server.env["METBEFORE_METRICS"] = "true"
    server.start()
    try:
        for _ in range(40):  # a connection each: the kernel hands them to either worker
            assert httpx.get(server.url + "/api/me").status_code == 401
        scrapes = [httpx.get(server.url + "/metrics").text for _ in range(6)]
    finally:
        server.stop()
    sample = {"method": "GET", "route": "/api/me", "status": "401"}
    assert {metric(s, "metbefore_http_requests_total", **sample) for s in scrapes} == {40}
    pids = {p.stem.rsplit("_", 1)[1] for p in (tmp_path / "metrics").glob("counter_*.db")}
    assert len(pids) == 2, pids


def test_json_logs_one_object_a_line_without_addresses_or_tokens(
    database_url: str, tmp_path: Path, engine: Engine
) -> None:
    ana, ben = make_crowd(engine, 2)
    server = ServerProcess(database_url, tmp_path)
    server.env["METBEFORE_LOG_FORMAT"] = "json"
    server.start()
    try:
        with httpx.Client(base_url=server.url) as http:
            http.get("/api/health", headers={"X-Request-ID": "trace-42"})
            http.get(f"/m/{ben.badge}")
            http.get(f"/api/badges/{ben.badge}/qr.svg")
            assert ana.scan(http, ben).status_code == 201
            # No SMTP and JSON logs: the code is not written to the log; the mail waits in
            # the outbox, and its failures are logged by the mail's id.
            asked = http.post("/api/auth/email", json={"email": "leak.canary@example.org"})
            assert asked.status_code == 202
        # The access line is written once the answer has left, the mail's failure when a
        # sender tried: wait for both before the stop.
        deadline = time.monotonic() + 10
        while not all(
            w in server.log.read_text() for w in ("POST /api/auth/email 202", "not sent")
        ):
            assert time.monotonic() < deadline, "no access line or mail failure logged"
            time.sleep(0.05)
    finally:
        server.stop()
    lines = [json.loads(line) for line in server.log.read_text().splitlines() if line.strip()]
    assert all({"time", "level", "logger", "message", "request_id"} <= set(e) for e in lines)
    access = [e for e in lines if e["logger"] == "metbefore.access"]
    traced = [e for e in access if e["request_id"] == "trace-42"]
    assert [(e["route"], e["status"]) for e in traced] == [("/api/health", 200)]
    assert isinstance(traced[0]["duration_ms"], float)
    routes = {(e["method"], e["route"], e["status"]) for e in access}
    assert ("GET", "/m/{token}", 200) in routes
    assert ("POST", "/api/scans", 201) in routes
    assert ("POST", "/api/auth/email", 202) in routes
    mail = [e for e in lines if e["logger"] == "metbefore.mail"]
    assert mail and all(
        re.match(r"mail [0-9a-f-]{36} not sent .*ConnectionError", e["message"]) for e in mail
    )
    everything = server.log.read_text()
    for secret in ("leak.canary", ben.badge, ana.badge, ana.cookie):
        assert secret not in everything
