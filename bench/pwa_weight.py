"""How heavy and how fast the PWA is (run: `.venv/bin/python bench/pwa_weight.py`).

Prints the shell's gzipped JS+CSS, then starts the server as a subprocess (SQLite in a
temp folder), signs a person in through `metbefore login-link` and the API, and runs
Lighthouse (npm `lighthouse`, pinned as a dev dependency; installed here on first use)
with Debian's chromium on the sign-in page and on the signed-in badge page, mobile
settings. Ends with the lines `shell gzip KB`, `lighthouse performance`, `lighthouse
accessibility`, `lighthouse best-practices` (the lower of the two pages). Targets:
shell <= 60 KB, performance >= 0.95, accessibility 1.0, best practices 1.0.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from metbefore.pwa import shell_gzip_bytes

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def lighthouse(url: str, out: Path, cookie: str | None) -> dict[str, float]:
    args = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking",
    ]
    if cookie:
        args.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    for attempt in range(3):  # Lighthouse now and then fails to record a trace: retry
        run = subprocess.run(args, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=180)
        if run.returncode == 0:
            break
        print(f"    (lighthouse failed, attempt {attempt + 1} of 3)")
    run.check_returncode()
    report = json.loads(out.read_text())
    for audit in report["audits"].values():
        if (
            audit.get("score") is not None
            and audit["score"] < 1
            and audit["id"]
            in {ref["id"] for cat in report["categories"].values() for ref in cat["auditRefs"]}
        ):
            print(f"    {audit['id']}: {audit['score']} {audit['title']}")
    return {c: float(report["categories"][c]["score"]) for c in CATEGORIES}


def main() -> None:
    shell = shell_gzip_bytes()
    print(f"shell JS+CSS gzipped: {shell} bytes")
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "METBEFORE_DATA_DIR": tmp,
            "METBEFORE_PORT": str(port),
            "METBEFORE_BASE_URL": base,
        }
        server = subprocess.Popen(
            [str(BIN / "metbefore"), "serve"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{base}/api/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit("the server did not start")
                time.sleep(0.2)
            link = subprocess.run(
                [str(BIN / "metbefore"), "login-link", "ana@example.org"],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            token = link.strip().rsplit("token=", 1)[1]
            with httpx.Client(base_url=base) as api:
                api.post("/api/auth/verify", json={"token": token}).raise_for_status()
                profile = {"display_name": "Ana Lima", "affiliation": "Library Co"}
                api.patch("/api/me", json=profile).raise_for_status()
                cookie = "; ".join(f"{k}={v}" for k, v in api.cookies.items())
            scores = []
            for name, url, with_cookie in (
                ("sign-in page", f"{base}/", None),
                ("badge page", f"{base}/#/badge", cookie),
            ):
                print(f"{name}:")
                result = lighthouse(url, Path(tmp) / f"{name.replace(' ', '-')}.json", with_cookie)
                for category, score in result.items():
                    print(f"  {category}: {score:.2f}")
                scores.append(result)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"shell gzip KB: {shell / 1024:.1f}")
    for category in CATEGORIES:
        print(f"lighthouse {category}: {min(s[category] for s in scores):.2f}")


if __name__ == "__main__":
    main()
