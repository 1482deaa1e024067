"""Browser tests: Playwright for Python driving Debian's chromium (never a downloaded
browser) in a phone-sized context, against the real server of tests/conftest.py."""

import io
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from tests.conftest import Server

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {
    "viewport": {"width": 360, "height": 640},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        reason = f"BROWSER TESTS NOT RUN: {CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("METBEFORE_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as p:
        yield p


@pytest.fixture
def launch(playwright: Playwright) -> Iterator[Callable[..., Browser]]:
    """Start chromium; with camera=FILE.y4m its fake camera shows that video."""
    browsers: list[Browser] = []

    def _launch(camera: Path | None = None) -> Browser:
        args = list(FLAGS)
        if camera is not None:
            args += [
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                f"--use-file-for-fake-video-capture={camera}",
            ]
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)
        browsers.append(browser)
        return browser

    yield _launch
    for browser in browsers:
        browser.close()


def phone(
    browser: Browser, server: Server, signed_in: httpx.Client | None = None, **extra
) -> BrowserContext:
    """A phone-sized context; signed in as the person of that API client, if given."""
    context = browser.new_context(base_url=server.url, **PHONE, **extra)
    context.set_default_timeout(15_000)
    if signed_in is not None:
        context.add_cookies(
            [
                {"name": name, "value": value, "url": server.url}
                for name, value in signed_in.cookies.items()
            ]
        )
    return context


def reload_offline(context: BrowserContext, page: Page) -> None:
    """Once the service worker controls the page: cut the network, reload, and see the
    screen drawn from the phone's copy."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    page.reload()
    expect(page.get_by_text("From the phone's copy")).to_be_visible()


def new_address(name: str) -> str:
    """An address no earlier test mailed to: the mailbox outlives each test, and an old
    code must not be read in place of the one just sent."""
    return f"{name}-{uuid.uuid4().hex[:8]}@example.org"


def badge_url(c: httpx.Client) -> str:
    badges = c.get("/api/me/badges").json()
    return str(next(b["url"] for b in badges if b["kind"] == "personal"))


def ana_and_ben(sign_in: Callable[..., httpx.Client]) -> tuple[httpx.Client, httpx.Client, str]:
    """Ana and Ben, friends (Ana scanned Ben's badge at booth 12, Ben confirmed): their
    clients and Ben's id."""
    ana = sign_in(new_address("ana"), display_name="Ana Lima")
    ben = sign_in(new_address("ben"), display_name="Ben Ortiz")
    ana_id, ben_id = ana.get("/api/me").json()["id"], ben.get("/api/me").json()["id"]
    scan = {"client_id": str(uuid.uuid4()), "token": badge_url(ben), "place": "booth 12"}
    assert ana.post("/api/scans", json=scan).status_code == 201
    assert ben.post(f"/api/people/{ana_id}/confirm").status_code == 200
    return ana, ben, str(ben_id)


def badge_video(c: httpx.Client, path: Path) -> Path:
    """A video of this person's badge QR, as their own phone shows it (see qr_video)."""
    token = badge_url(c).rsplit("/", 1)[1]
    png = c.get(f"/api/badges/{token}/qr.png")
    assert png.status_code == 200
    return qr_video(png.content, path)


def qr_video(png: bytes, path: Path) -> Path:
    """A Y4M video (what chromium's fake camera plays, in a loop) of a QR image on a white
    page: 640x480, 4:2:0."""
    qr = Image.open(io.BytesIO(png)).convert("RGB")
    qr.thumbnail((400, 400))
    frame = Image.new("RGB", (640, 480), "white")
    frame.paste(qr, ((640 - qr.width) // 2, (480 - qr.height) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    planes = y.tobytes() + cb.resize((320, 240)).tobytes() + cr.resize((320, 240)).tobytes()
    with path.open("wb") as out:
        out.write(b"YUV4MPEG2 W640 H480 F15:1 Ip A1:1 C420jpeg\n")
        for _ in range(2):
            out.write(b"FRAME\n" + planes)
    return path
