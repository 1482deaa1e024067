"""Load benchmark of the core loop on the embedded default (run: `make bench`).

Starts the server as a subprocess on SQLite in a temp data folder (1 worker, uvicorn with
uvloop and httptools), signs people in through `metbefore login-link` and the API, records
scans so that cards have a history, then drives it with Debian's `wrk` (64 connections,
Lua scripts written into the temp folder) for ~10 s each:

  (a) GET /api/live              the trivial endpoint (no database): the ceiling
  (b) POST /api/scans            fresh client UUIDs, random pairs of many people
  (c) GET /api/people/{id}       the "met before" card of a person one has met
  (d) the card of a heavy pair   1,000 scans of one pair (500 meetings over 29 days, each
                                 badge read twice, as a booth or a retrying client does)
                                 and 50 notes, beside the card of a fresh pair (one meeting)

and prints req/s, p50 and p99 of each, then `scans/trivial`, `card/trivial`, `scans p99
ms` and `card heavy/fresh` (what one heavy card costs in time against one fresh card:
fresh req/s over heavy req/s). Targets (2 cores): scans >= 0.15 x trivial with p99 <=
100 ms, cards >= 0.30 x trivial, heavy/fresh <= 1.5. Real scans never count against the
rate limits (only unknown badge tokens do), so the load stays within them by design.
"""

import argparse
import contextlib
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
WRK = shutil.which("wrk") or "/usr/bin/wrk"
# One sign-in per person: keep below the per-IP verify limit (60 per 10 minutes).
PEOPLE = 50
HISTORY_PER_PERSON = 4  # people each person has met (and been met by) before the load

UUID_LUA = """
local function uuid4()
  local r = math.random
  return string.format("%04x%04x-%04x-4%03x-%04x-%04x%04x%04x",
    r(0, 0xffff), r(0, 0xffff), r(0, 0xffff), r(0, 0xfff), r(0x8000, 0xbfff),
    r(0, 0xffff), r(0, 0xffff), r(0, 0xffff))
end
"""

SEED_LUA = """
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_no", threads)
end
function init(args)
  math.randomseed(os.time() * 100 + thread_no)
end
"""

SCANS_LUA = """
local cookies = {cookies}
local tokens = {tokens}
{seed}
{uuid}
function request()
  local n = #cookies
  local scanner = math.random(n)
  local scanned = math.random(n - 1)
  if scanned >= scanner then scanned = scanned + 1 end
  local body = '{{"client_id":"' .. uuid4() .. '","token":"' .. tokens[scanned] ..
    '","place":"hall B"}}'
  return wrk.format("POST", "/api/scans",
    {{["Cookie"] = cookies[scanner], ["Content-Type"] = "application/json"}}, body)
end
"""

CARDS_LUA = """
local cookies = {cookies}
local paths = {paths}
{seed}
function request()
  local i = math.random(#paths)
  return wrk.format("GET", paths[i], {{["Cookie"] = cookies[i]}})
end
"""


@dataclass
class Person:
    cookie: str
    id: str
    token: str
    http: httpx.Client


@dataclass
class Result:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def lua_list(values: list[str]) -> str:
    return "{" + ",".join(json.dumps(v) for v in values) + "}"


def start_server(data_dir: Path, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    migrated = subprocess.run(
        [sys.executable, "-m", "metbefore", "migrate"], env=env, capture_output=True, text=True
    )
    if migrated.returncode:
        sys.exit(f"migrations failed:\n{migrated.stderr}")
    log = (data_dir / "server.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "metbefore.app:create_app",
            "--factory",
            "--host=127.0.0.1",
            f"--port={port}",
            "--workers=1",
            "--loop=uvloop",
            "--http=httptools",
            "--no-access-log",
            "--log-level=warning",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"http://127.0.0.1:{port}/api/health").status_code == 200:
                return server
        if server.poll() is not None:
            break
        time.sleep(0.1)
    server.kill()
    sys.exit(f"the server did not start; see {data_dir / 'server.log'}")


def login_link(email: str) -> str:
    """What an operator runs: `metbefore login-link EMAIL` (in-process, same code)."""
    from metbefore.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["login-link", email])
    match = re.search(r"#token=([\w-]+)", out.getvalue())
    assert match, out.getvalue()
    return match.group(1)


def sign_in(base: str, i: int) -> Person:
    email = f"person{i:03d}@bench.example"
    http = httpx.Client(base_url=base, timeout=30)
    verified = http.post("/api/auth/verify", json={"token": login_link(email)})
    verified.raise_for_status()
    me = http.patch(
        "/api/me",
        json={
            "display_name": f"Person {i:03d}",
            "affiliation": f"Lab {i % 7}",
            "bio": "Benchmarks things.",
            "interests": ["penguins", f"topic {i % 5}"],
        },
    )
    me.raise_for_status()
    (badge,) = http.get("/api/me/badges").json()
    (cookie,) = http.cookies.items()
    return Person(f"{cookie[0]}={cookie[1]}", me.json()["id"], badge["token"], http)


def history(people: list[Person]) -> list[tuple[Person, Person]]:
    """Each person has met a few others, both scanning, some twice, with notes.
    Returns (viewer, subject) pairs that have a card."""
    pairs = []
    now = datetime.now(UTC)
    for i, viewer in enumerate(people):
        for step in range(1, HISTORY_PER_PERSON + 1):
            subject = people[(i + step) % len(people)]
            for days in (20, 3):
                at = (now - timedelta(days=days, minutes=step)).isoformat()
                for a, b in ((viewer, subject), (subject, viewer)):
                    scan = {"client_id": str(uuid.uuid4()), "token": b.token, "scanned_at": at}
                    a.http.post("/api/scans", json=scan).raise_for_status()
            viewer.http.post(
                f"/api/people/{subject.id}/notes", json={"body": "talked about penguins"}
            ).raise_for_status()
            pairs += [(viewer, subject), (subject, viewer)]
    return pairs


def heavy_pair(viewer: Person, subject: Person) -> None:
    """1,000 scans of one pair: 500 meetings 1.4 hours apart, each badge read twice."""
    now = datetime.now(UTC)
    for k in range(500):
        at = (now - timedelta(minutes=84 * k + 1)).isoformat()
        for _ in range(2):
            scan = {"client_id": str(uuid.uuid4()), "token": subject.token, "scanned_at": at}
            viewer.http.post("/api/scans", json=scan).raise_for_status()
    for k in range(50):
        viewer.http.post(
            f"/api/people/{subject.id}/notes", json={"body": f"note {k}: penguins again"}
        ).raise_for_status()


def parse_duration_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(name: str, url: str, seconds: int, script: Path | None = None) -> Result:
    time.sleep(2)  # requests the last run left queued are served before this one starts
    command = [WRK, "-t2", "-c64", f"-d{seconds}s", "--latency", "--timeout=10s"]
    if script:
        command += ["-s", str(script)]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50, p99 = (
        parse_duration_ms(re.search(rf"^\s+{p}%\s+(\S+)\s*$", out, re.M).group(1))  # type: ignore[union-attr]
        for p in (50, 99)
    )
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    failed = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(bad.group(1)) if bad else 0) + (
        sum(int(n) for n in failed.groups()) if failed else 0
    )
    return Result(name, rps, p50, p99, total, errors)


def show(r: Result) -> Result:
    print(
        f"{r.name:32} {r.rps:9.1f} req/s   p50 {r.p50_ms:7.2f} ms   p99 {r.p99_ms:7.2f} ms"
        f"   ({r.requests} requests, {r.errors} errors)",
        flush=True,
    )
    return r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=int, default=10, help="duration of each run")
    parser.add_argument("--keep", action="store_true", help="keep the temp data folder")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="metbefore-bench-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "METBEFORE_DATA_DIR": str(work),
        "METBEFORE_DATABASE_URL": f"sqlite:///{work / 'metbefore.db'}",
        "METBEFORE_BASE_URL": base,
        "METBEFORE_SMTP_URL": "",
    }
    os.environ.update({k: v for k, v in env.items() if k.startswith("METBEFORE_")})
    server = start_server(work, port, env)
    try:
        people = [sign_in(base, i) for i in range(PEOPLE)]
        pairs = history(people)
        heavy, fresh = [sign_in(base, PEOPLE + i) for i in range(2)], sign_in(base, PEOPLE + 2)
        heavy_pair(*heavy)
        heavy[0].http.post(
            "/api/scans", json={"client_id": str(uuid.uuid4()), "token": fresh.token}
        ).raise_for_status()
        one_card = {}
        for name, subject in (("heavy", heavy[1]), ("fresh", fresh)):
            one_card[name] = work / f"{name}.lua"
            one_card[name].write_text(
                CARDS_LUA.format(
                    cookies=lua_list([heavy[0].cookie]),
                    paths=lua_list([f"/api/people/{subject.id}"]),
                    seed=SEED_LUA,
                )
            )
        scans_lua = work / "scans.lua"
        scans_lua.write_text(
            SCANS_LUA.format(
                cookies=lua_list([p.cookie for p in people]),
                tokens=lua_list([p.token for p in people]),
                seed=SEED_LUA,
                uuid=UUID_LUA,
            )
        )
        cards_lua = work / "cards.lua"
        cards_lua.write_text(
            CARDS_LUA.format(
                cookies=lua_list([viewer.cookie for viewer, _ in pairs]),
                paths=lua_list([f"/api/people/{subject.id}" for _, subject in pairs]),
                seed=SEED_LUA,
            )
        )
        sync = os.environ.get("METBEFORE_SQLITE_SYNCHRONOUS", "FULL")
        print(
            f"server: SQLite (synchronous={sync}), 1 worker, uvloop+httptools, {os.cpu_count()} "
            f"cores; {len(people)} people, {len(people) * (len(people) - 1) // 2} pairs, "
            f"{len(pairs)} cards with history; wrk -t2 -c64 -d{args.seconds}s"
        )
        wrk("warm-up", f"{base}/api/live", 2)
        trivial = show(wrk("trivial  GET /api/live", f"{base}/api/live", args.seconds))
        scans = show(wrk("scans    POST /api/scans", base, args.seconds, scans_lua))
        card = show(wrk("card     GET /api/people/{id}", base, args.seconds, cards_lua))
        fresh_card = show(wrk("card of a fresh pair", base, args.seconds, one_card["fresh"]))
        heavy_card = show(wrk("card of a heavy pair", base, args.seconds, one_card["heavy"]))
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        if args.keep:
            print(f"data and server log kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    heavy_over_fresh = fresh_card.rps / heavy_card.rps
    met = (
        scans.rps >= 0.15 * trivial.rps and scans.p99_ms <= 100,
        card.rps >= 0.30 * trivial.rps,
        heavy_over_fresh <= 1.5,
    )
    word = {True: "met", False: "missed"}
    print(
        f"targets: scans >= 0.15 x trivial with p99 <= 100 ms: {word[met[0]]}; "
        f"cards >= 0.30 x trivial: {word[met[1]]}; heavy/fresh <= 1.5: {word[met[2]]}"
    )
    print(f"scans/trivial: {scans.rps / trivial.rps:.3f}")
    print(f"card/trivial: {card.rps / trivial.rps:.3f}")
    print(f"scans p99 ms: {scans.p99_ms:.1f}")
    print(f"card heavy/fresh: {heavy_over_fresh:.2f}")
    if scans.errors or card.errors or fresh_card.errors or heavy_card.errors:
        sys.exit("some requests failed: see the error counts above")


if __name__ == "__main__":
    main()
