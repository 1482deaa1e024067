"""Photo uploads: checked, re-encoded, resized, stripped of every metadata block."""

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from ..errors import Invalid, TooLarge

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
SIZES = {"large": 640, "small": 160}


def process_photo(data: bytes, *, max_bytes: int, max_pixels: int) -> dict[str, bytes]:
    """Answer JPEGs of each size in SIZES, or refuse with 413/422."""
    if len(data) > max_bytes:
        raise TooLarge(f"A photo may be at most {max_bytes // (1024 * 1024)} MB.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(io.BytesIO(data))
            if image.format not in ALLOWED_FORMATS:
                raise Invalid("Send a JPEG, PNG or WebP photo.", code="unsupported_image")
            # Checked before decoding: the header alone tells a pixel bomb.
            if image.width * image.height > max_pixels:
                raise Invalid("The photo has too many pixels.", code="image_too_large")
            image.load()
    except (
        UnidentifiedImageError,
        OSError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        SyntaxError,
        ValueError,
    ) as exc:
        raise Invalid("That file is not a photo we can read.", code="unsupported_image") from exc
    image = ImageOps.exif_transpose(image)  # keep the orientation, drop the EXIF itself
    if image.mode != "RGB":
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    out: dict[str, bytes] = {}
    for name, edge in SIZES.items():
        resized = ImageOps.fit(image, (edge, edge), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        # A fresh image carries no EXIF, XMP or ICC data unless asked to.
        resized.save(buffer, "JPEG", quality=85, optimize=True)
        out[name] = buffer.getvalue()
    return out
