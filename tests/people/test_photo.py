"""Profile photos: checked, re-encoded, resized and stripped of EXIF/GPS on the way in."""

import io
import os
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator

import httpx
import pytest
from PIL import ExifTags, Image

from tests.conftest import Server

SignIn = Callable[..., httpx.Client]


def jpeg_with_gps(size: tuple[int, int] = (1600, 1200), orientation: int = 1) -> bytes:
    """A phone-like photo: left half red, right half blue, with camera and GPS EXIF."""
    image = Image.new("RGB", size, (220, 20, 20))
    image.paste((20, 20, 220), (size[0] // 2, 0, size[0], size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyPhone"
    exif[ExifTags.Base.Model] = "Model 7"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 31.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (13.0, 24.0, 3.25)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), quality=90)
    return buffer.getvalue()


def jpeg_segments(data: bytes) -> Iterator[tuple[int, bytes]]:
    """The marker segments of a JPEG up to the image data: (marker, payload)."""
    assert data[:2] == b"\xff\xd8"
    at = 2
    while at < len(data):
        marker = data[at + 1]
        if marker == 0xDA:  # start of scan: the compressed image follows
            return
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        yield marker, data[at + 4 : at + 2 + length]
        at += 2 + length


def upload(c: httpx.Client, data: bytes, content_type: str = "image/jpeg") -> httpx.Response:
    return c.put("/api/me/photo", content=data, headers={"Content-Type": content_type})


def photo_of(c: httpx.Client, size: str = "large") -> httpx.Response:
    me = c.get("/api/me").json()
    return c.get(f"/api/people/{me['id']}/photo", params={"size": size})


def test_photo_comes_back_resized_without_any_exif_or_gps(sign_in: SignIn) -> None:
    c = sign_in("ana@example.org")
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    uploaded = upload(c, original)

    assert uploaded.status_code == 200, uploaded.text
    assert uploaded.json()["photo_url"]
    for size, edge in (("large", 640), ("small", 160)):
        served = photo_of(c, size)
        assert served.status_code == 200
        assert served.headers["content-type"] == "image/jpeg"
        data = served.content
        assert data != original
        image = Image.open(io.BytesIO(data))
        assert image.format == "JPEG"
        assert max(image.size) <= edge
        assert not image.getexif()
        markers = {marker for marker, _ in jpeg_segments(data)}
        assert not markers & {0xE1, 0xE2, 0xED}  # no EXIF/XMP, ICC, IPTC segments
        assert b"SpyPhone" not in data
        assert b"Exif" not in data


def test_the_photo_url_follows_the_served_photo(sign_in: SignIn) -> None:
    c = sign_in("ana@example.org")
    upload(c, jpeg_with_gps())

    url = c.get("/api/me").json()["photo_url"]

    served = c.get(url)
    assert served.status_code == 200
    assert Image.open(io.BytesIO(served.content)).size == (640, 640)


def test_the_photo_keeps_its_upright_orientation(sign_in: SignIn) -> None:
    # EXIF orientation 6: the camera stored it on its side; the viewer turns it 90°
    # clockwise, so the red left half ends up on top.
    c = sign_in("ana@example.org")
    assert upload(c, jpeg_with_gps(orientation=6)).status_code == 200

    image = Image.open(io.BytesIO(photo_of(c).content)).convert("RGB")

    top = image.getpixel((image.width // 2, image.height // 8))
    bottom = image.getpixel((image.width // 2, image.height * 7 // 8))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert top[0] > 150 and top[2] < 100  # red
    assert bottom[2] > 150 and bottom[0] < 100  # blue


def test_png_with_transparency_is_accepted(sign_in: SignIn) -> None:
    c = sign_in("ana@example.org")
    image = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    image.paste((0, 128, 0, 255), (100, 100, 200, 200))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")

    response = upload(c, buffer.getvalue(), "image/png")

    assert response.status_code == 200, response.text
    served = Image.open(io.BytesIO(photo_of(c).content)).convert("RGB")
    corner = served.getpixel((5, 5))
    assert isinstance(corner, tuple) and min(corner) > 240  # transparency became white


def test_a_small_photo_is_not_blown_up(sign_in: SignIn) -> None:
    c = sign_in("ana@example.org")
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), (10, 200, 10)).save(buffer, "WEBP")

    assert upload(c, buffer.getvalue(), "image/webp").status_code == 200

    assert max(Image.open(io.BytesIO(photo_of(c).content)).size) <= 120


@pytest.mark.parametrize(
    "body",
    [b"", b"hello, this is not a picture", b"\xff\xd8\xff\xe0" + os.urandom(2000), b"GIF89a;"],
)
def test_a_body_that_is_not_a_photo_is_refused(body: bytes, sign_in: SignIn) -> None:
    c = sign_in("ana@example.org")
    upload(c, jpeg_with_gps())
    before = photo_of(c).content

    response = upload(c, body)

    assert response.status_code == 422
    assert response.json()["code"] == "unsupported_image"
    assert photo_of(c).content == before  # the old photo stays


def test_a_gif_is_refused_even_as_image_jpeg(sign_in: SignIn) -> None:
    c = sign_in("ana@example.org")
    buffer = io.BytesIO()
    Image.new("RGB", (100, 100)).save(buffer, "GIF")

    response = upload(c, buffer.getvalue())

    assert response.status_code == 422
    assert response.json()["code"] == "unsupported_image"


@pytest.mark.parametrize(
    "content_type", ["text/plain", "image/gif", "multipart/form-data; boundary=x", "image/svg+xml"]
)
def test_a_body_that_is_not_declared_as_a_photo_is_refused(
    content_type: str, sign_in: SignIn
) -> None:
    c = sign_in("ana@example.org")

    response = upload(c, jpeg_with_gps(), content_type)

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert c.get("/api/me").json()["photo_url"] is None


def test_the_declared_image_type_need_not_match_the_bytes(sign_in: SignIn) -> None:
    # Phones mislabel files; the bytes decide, as long as they are one of our formats.
    c = sign_in("ana@example.org")

    assert upload(c, jpeg_with_gps(), "image/png").status_code == 200
    assert upload(c, jpeg_with_gps(), "application/octet-stream").status_code == 200


def test_a_too_large_body_is_refused(sign_in: SignIn, server: Server) -> None:
    c = sign_in("ana@example.org")
    too_big = b"\xff\xd8" + b"\0" * server.settings.max_photo_bytes

    response = upload(c, too_big)

    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert c.get("/api/me").json()["photo_url"] is None


def test_a_too_large_body_without_a_length_is_refused(sign_in: SignIn, server: Server) -> None:
    c = sign_in("ana@example.org")
    chunk = b"\0" * 65536

    def chunks() -> Iterator[bytes]:
        for _ in range(server.settings.max_photo_bytes // len(chunk) + 2):
            yield chunk

    response = c.put("/api/me/photo", content=chunks(), headers={"Content-Type": "image/jpeg"})

    assert response.status_code == 413


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares huge dimensions: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 4096, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("dimensions", [(100_000, 100_000), (9_000, 9_000), (65_535, 1)])
def test_a_decompression_bomb_is_refused_without_hanging(
    dimensions: tuple[int, int], sign_in: SignIn
) -> None:
    c = sign_in("ana@example.org")
    bomb = png_claiming(*dimensions)
    assert len(bomb) < 1000

    # The client's own timeout turns a hang into a failure.
    response = c.put(
        "/api/me/photo", content=bomb, headers={"Content-Type": "image/png"}, timeout=20
    )

    assert response.status_code == 422
    assert c.get("/api/me").json()["photo_url"] is None


def test_deleting_the_photo(sign_in: SignIn) -> None:
    c = sign_in("ana@example.org")
    upload(c, jpeg_with_gps())

    assert c.delete("/api/me/photo").status_code == 204

    assert c.get("/api/me").json()["photo_url"] is None
    assert photo_of(c).status_code == 404


def test_a_strangers_photo_is_not_found(sign_in: SignIn) -> None:
    ana = sign_in("ana@example.org")
    upload(ana, jpeg_with_gps())
    ana_id = ana.get("/api/me").json()["id"]
    dan = sign_in("dan@example.org")

    response = dan.get(f"/api/people/{ana_id}/photo")

    assert response.status_code == 404


def test_uploading_needs_a_session(client: Callable[[], httpx.Client]) -> None:
    response = upload(client(), jpeg_with_gps())

    assert response.status_code == 401


def test_a_slow_upload_does_not_hold_up_other_peoples_writes(sign_in: SignIn) -> None:
    # Conference Wi-Fi: a photo trickles in for a long time. Meanwhile others write.
    ana = sign_in("ana@example.org")
    ben = sign_in("ben@example.org")
    photo = jpeg_with_gps()
    started, release = threading.Event(), threading.Event()

    def trickle() -> Iterator[bytes]:
        yield photo[:4096]
        started.set()
        release.wait(30)
        yield photo[4096:]

    uploads: list[httpx.Response] = []
    uploader = threading.Thread(
        target=lambda: uploads.append(
            ana.put("/api/me/photo", content=trickle(), headers={"Content-Type": "image/jpeg"})
        )
    )
    uploader.start()
    try:
        assert started.wait(10)
        time.sleep(0.3)  # let the server take up the upload; only sharpens the test
        # The client's timeout turns a write held up behind the upload into a failure.
        edited = ben.patch("/api/me", json={"display_name": "Ben Ortiz"}, timeout=10)
    finally:
        release.set()
        uploader.join()

    assert edited.status_code == 200
    assert uploads[0].status_code == 200, uploads[0].text
