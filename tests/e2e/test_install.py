"""Installable: chromium's own check finds nothing missing (manifest, icons, service
worker). It needs a persistent profile: an ordinary context reports `in-incognito`."""

from pathlib import Path

from playwright.sync_api import Playwright

from tests.conftest import Server
from tests.e2e.conftest import CHROMIUM, FLAGS, PHONE


def test_chromium_reports_no_installability_errors(
    playwright: Playwright, server: Server, tmp_path: Path
) -> None:
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=str(CHROMIUM), args=FLAGS, **PHONE
    )
    try:
        page = context.new_page()
        page.goto(server.url)
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["errors"] == []
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    finally:
        context.close()
