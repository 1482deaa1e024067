"""Photo uploads: checked, re-encoded, resized, stripped of every metadata block."""

import io
import threading
import warnings
from typing import Annotated, Any

from fastapi import Depends, Request
from PIL import Image, ImageOps, UnidentifiedImageError
from starlette.concurrency import run_in_threadpool

from ..deps import PersonOnReader, SettingsDep
from ..errors import DomainError, ErrorBody, Invalid, TooLarge

ALLOWED_FORMATS = ["JPEG", "PNG", "WEBP"]
SIZES = {"large": 640, "small": 160}
# A decode may take a few hundred MB and a core: a few at a time per process.
_DECODING = threading.BoundedSemaphore(2)
# The bytes decide the format; the declared type only has to claim some image we take
# (phones mislabel files, and some send no better type than octet-stream).
UPLOAD_TYPES = ("image/jpeg", "image/png", "image/webp", "application/octet-stream")
# For routes taking a photo as the raw request body.
UPLOAD_OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in UPLOAD_TYPES},
    }
}
UPLOAD_RESPONSES: dict[int | str, dict[str, Any]] = {
    415: {"model": ErrorBody, "description": "not a JPEG, PNG or WebP upload"}
}


class UnsupportedMediaType(DomainError):
    status, code = 415, "unsupported_media_type"
    message = "Send the photo as image/jpeg, image/png or image/webp."


async def read_upload(request: Request, *, max_bytes: int) -> bytes:
    """The raw request body, refused with 413 as soon as it is known to pass max_bytes,
    and with 415 unless it is declared as an image we take."""
    declared_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if declared_type not in UPLOAD_TYPES:
        raise UnsupportedMediaType()
    too_large = TooLarge(f"A photo may be at most {max_bytes // 2**20} MB.")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    data = bytearray()
    async for chunk in request.stream():
        data.extend(chunk)
        if len(data) > max_bytes:
            raise too_large
    return bytes(data)


async def _uploaded_photo(
    request: Request, settings: SettingsDep, _: PersonOnReader
) -> dict[str, bytes]:
    data = await read_upload(request, max_bytes=settings.max_photo_bytes)
    return await run_in_threadpool(
        process_photo,
        data,
        max_bytes=settings.max_photo_bytes,
        max_pixels=settings.max_photo_pixels,
    )


# The processed upload (JPEGs by SIZES name), ready before the route's write begins: dependencies
# resolve in order, so the upload is read and decoded before the write session opens.
UploadedPhoto = Annotated[dict[str, bytes], Depends(_uploaded_photo)]


def process_photo(data: bytes, *, max_bytes: int, max_pixels: int) -> dict[str, bytes]:
    """Answer JPEGs of each size in SIZES, or refuse with 413/422."""
    if len(data) > max_bytes:
        raise TooLarge(f"A photo may be at most {max_bytes // (1024 * 1024)} MB.")
    with _DECODING:
        image = _decode(data, max_pixels=max_pixels)
        return {name: _jpeg(image, edge) for name, edge in SIZES.items()}


def _decode(data: bytes, *, max_pixels: int) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Only the decoders of the formats we take ever see the bytes.
            image: Image.Image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
            # Checked before decoding: the header alone tells a pixel bomb.
            if image.width * image.height > max_pixels:
                raise Invalid("The photo has too many pixels.", code="image_too_large")
            # JPEG can decode at 1/2, 1/4 or 1/8 scale: far less memory and time.
            largest = max(SIZES.values())
            image.draft("RGB", (largest, largest))
            image.load()
            image = ImageOps.exif_transpose(image)  # keep the orientation, drop the EXIF
            return _flatten(image)
    except (
        UnidentifiedImageError,
        OSError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        SyntaxError,
        ValueError,
    ) as exc:
        raise Invalid("That file is not a photo we can read.", code="unsupported_image") from exc


def _jpeg(image: Image.Image, edge: int) -> bytes:
    """A square crop, at most edge pixels wide: never blown up."""
    edge = min(edge, image.width, image.height)
    resized = ImageOps.fit(image, (edge, edge), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    # A fresh image carries no EXIF, XMP or ICC data unless asked to.
    resized.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """Plain RGB: transparency onto white, other modes converted."""
    if image.mode == "RGB":
        return image
    rgba = image.convert("RGBA")
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background
