"""Schemathesis against the app's own OpenAPI schema, signed in, every check, positive and
negative data: no server error, and every answer as the schema documents it (status,
content type, body, headers, the Allow of a 405).

Every check runs (schemathesis 4's default); tests/fuzz/schemathesis.toml lists the few
allowances, each with its reason. METBEFORE_FUZZ_EXAMPLES sets the examples per operation
and METBEFORE_FUZZ_SEED the seed (`random` for a new one): `make test` runs a short,
repeatable fuzz, `make fuzz` a long one with a fresh seed."""

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Server
from tests.meetings.factories import Someone

EXAMPLES = int(os.environ.get("METBEFORE_FUZZ_EXAMPLES", "15"))
SEED = os.environ.get("METBEFORE_FUZZ_SEED", "20261126")
# Signing out (this device, or this device from the list of my devices) ends the session
# the rest of the run uses: those are fuzzed on their own, last.
SIGN_OUT = r"^/api/auth/logout$|^/api/me/sessions/\{session_id\}$"
CONFIG = Path(__file__).with_name("schemathesis.toml")


def schemathesis(server: Server, cookie: str, workdir: Path, *options: str) -> str:
    command = [sys.executable, "-m", "schemathesis.cli", "--config-file", str(CONFIG)]
    command += ["run", f"{server.url}/openapi.json"]
    command += ["--url", server.url, "--header", f"Cookie: metbefore_session={cookie}"]
    command += ["--mode", "all", "--max-examples", str(EXAMPLES), "--no-color"]
    command += ["--generation-database", "none", *options]
    if SEED != "random":
        command += ["--seed", SEED]
    # Its cache and reports go to the test's own folder, not the working tree.
    result = subprocess.run(
        command, cwd=workdir, capture_output=True, text=True, timeout=3600, check=False
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-20000:]
    return output


def test_the_api_answers_as_its_schema_says_whatever_it_is_sent(
    server: Server, person: Callable[..., Someone], tmp_path: Path
) -> None:
    # Something to find: a friend, notes, an event Ana organizes that Ben attends.
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    ana.befriend(ben)
    assert ana.http.post(f"/api/people/{ben.id}/notes", json={"body": "penguins"}).is_success
    event = {"name": "ConfX", "slug": "confx", "starts_on": "2026-05-01", "ends_on": "2026-05-02"}
    assert ana.http.post("/api/events", json=event).status_code == 201
    assert ben.http.post("/api/events/confx/join").is_success
    cookie = ana.http.cookies["metbefore_session"]

    everything = schemathesis(server, cookie, tmp_path, "--exclude-path-regex", SIGN_OUT)
    alone = ("--include-path-regex", SIGN_OUT, "--phases", "examples,coverage,fuzzing")  # no links
    logout = schemathesis(server, cookie, tmp_path, *alone)

    for output in (everything, logout):
        summary = re.search(r"Test cases:\s*\n\s*(.+)", output)
        print(f"\nfuzz: {summary.group(1) if summary else output[-500:]}")
