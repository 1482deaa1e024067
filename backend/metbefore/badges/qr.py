"""QR images of a badge URL: error correction M, the standard four-module quiet zone."""

import io

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_M


def _qr(data: str, box_size: int) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=4)
    code.add_data(data)
    code.make(fit=True)
    return code


def qr_svg(data: str) -> bytes:
    image = _qr(data, box_size=10).make_image(image_factory=qrcode.image.svg.SvgPathImage)
    return bytes(image.to_string(encoding="unicode").encode())


def qr_png(data: str, box_size: int = 10) -> bytes:
    buffer = io.BytesIO()
    _qr(data, box_size=box_size).make_image(fill_color="black", back_color="white").save(
        buffer, format="PNG"
    )
    return buffer.getvalue()
