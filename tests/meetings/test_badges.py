"""My badges: token, badge URL, QR images any phone reads, rotation."""

import io
import xml.etree.ElementTree as ET
from collections.abc import Callable

import zxingcpp
from PIL import Image

from tests.conftest import Server
from tests.meetings.factories import Someone


def test_my_badge_has_a_url_and_qr_images_that_encode_it(
    person: Callable[..., Someone], server: Server
) -> None:
    ana = person("Ana Lima")

    (badge,) = ana.http.get("/api/me/badges").json()

    assert (badge["kind"], badge["token"]) == ("personal", ana.token)
    assert badge["url"] == f"{server.url}/m/{ana.token}"
    assert len(ana.token) >= 22  # at least 128 random bits, URL-safe
    png = ana.http.get(badge["qr_png"])
    assert (png.status_code, png.headers["content-type"]) == (200, "image/png")
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.content)))
    assert [code.text for code in decoded] == [badge["url"]]
    svg = ana.http.get(badge["qr_svg"])
    assert (svg.status_code, svg.headers["content-type"]) == (200, "image/svg+xml")
    assert ET.fromstring(svg.content).tag.endswith("svg")  # noqa: S314 - our own output
    # The badge page itself only serves the app: a GET records nothing.
    page = ana.http.get(badge["url"].removeprefix(server.url))
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]


def test_only_the_owner_gets_a_badge_qr(person: Callable[..., Someone]) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    ana.meet(ben)
    for kind in ("svg", "png"):
        assert ana.http.get(f"/api/badges/{ben.token}/qr.{kind}").status_code == 404
        assert ana.http.get(f"/api/badges/not-a-token/qr.{kind}").status_code == 404


def test_rotating_a_badge_replaces_it(person: Callable[..., Someone]) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")

    rotated = ana.http.post(f"/api/me/badges/{ana.badge_id}/rotate")

    assert rotated.status_code == 201
    fresh = rotated.json()
    assert fresh["token"] != ana.token
    assert [b["token"] for b in ana.http.get("/api/me/badges").json()] == [fresh["token"]]
    assert ana.http.get(f"/api/badges/{ana.token}/qr.png").status_code == 404
    assert ana.http.post(f"/api/me/badges/{ana.badge_id}/rotate").status_code == 404
    assert ben.http.post(f"/api/me/badges/{fresh['id']}/rotate").status_code == 404
    assert ben.scan(fresh["token"]).status_code == 201
