"""How the shell travels: compressed when the client accepts it and it is worth it, and a
service worker whose cache version is the shell's own hash."""

import hashlib
import re
from collections.abc import Callable

import httpx

from metbefore import pwa
from tests.conftest import Server


def test_large_answers_are_gzipped_when_accepted_small_ones_and_pdfs_not(
    server: Server, client: Callable[[], httpx.Client]
) -> None:
    http = client()
    plain = http.get("/app.js", headers={"Accept-Encoding": "identity"})
    zipped = http.get("/app.js", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["vary"] == "Accept-Encoding"
    assert zipped.content == plain.content  # httpx decodes: the same bytes arrive
    assert int(zipped.headers["content-length"]) < len(plain.content) / 2
    assert zipped.headers["content-security-policy"]  # the headers survive compression
    assert zipped.headers["x-request-id"]
    small = http.get("/api/health", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers  # under 1 KB: not worth it
    wasm = http.get("/vendor/zxing-wasm/zxing_reader.wasm", headers={"Accept-Encoding": "gzip"})
    assert wasm.headers["content-encoding"] == "gzip" and wasm.content[:4] == b"\0asm"


def test_the_service_worker_s_version_is_a_hash_of_the_shell(
    server: Server, client: Callable[[], httpx.Client]
) -> None:
    sw = client().get("/sw.js")
    assert sw.status_code == 200
    assert sw.headers["content-type"].startswith("text/javascript")
    assert sw.headers["cache-control"] == "no-cache"
    assert "script-src 'self'" in sw.headers["content-security-policy"]
    version = re.search(r'^const VERSION = "([0-9a-f]{16})";', sw.text, re.M)
    assert version, sw.text[:400]
    digest = hashlib.sha256()
    for path in pwa.shell_files():
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
    assert version.group(1) == digest.hexdigest()[:16]
    assert client().get("/sw.js").text == sw.text  # the same shell, the same version
    # Every precached file is part of the hash: the list in sw.js and the files agree.
    listed = set(re.findall(r'"(/[^"]+)"', sw.text.split("const FILES = [")[1].split("];")[0]))
    hashed = {
        "/" + p.relative_to(pwa.FRONTEND).as_posix()
        for p in pwa.shell_files()
        if p.is_relative_to(pwa.FRONTEND) and p.name != "sw.js"
    }
    assert hashed | {f"/vendor/{name}" for name in pwa.VENDOR} == listed
