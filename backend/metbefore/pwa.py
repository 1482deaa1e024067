"""The few files the PWA takes from npm packages (installed by `npm ci` into
node_modules), served from our own origin: the scanner never reaches for a CDN."""

import gzip
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from .errors import NotFound

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
FRONTEND = ROOT / "frontend"
VENDOR = {
    "barcode-detector/ponyfill.js": "barcode-detector/dist/es/ponyfill.js",
    "barcode-detector/zxing-exported.js": "barcode-detector/dist/es/zxing-exported.js",
    "zxing-wasm/zxing_reader.wasm": "zxing-wasm/dist/reader/zxing_reader.wasm",
}

router = APIRouter(include_in_schema=False)


@router.get("/vendor/{name:path}")
def vendor_file(name: str) -> FileResponse:
    relative = VENDOR.get(name)
    if relative is None or not (NODE_MODULES / relative).is_file():
        raise NotFound("No such file.")
    # Revalidated by ETag: the package version may change under the same name.
    return FileResponse(NODE_MODULES / relative, headers={"Cache-Control": "no-cache"})


def shell_gzip_bytes() -> int:
    """What the shell's JS and CSS weigh on the wire, each file gzipped (the decoder is
    not part of it: it loads only when Scan opens)."""
    files = [p for p in FRONTEND.rglob("*") if p.suffix in (".js", ".css")]
    return sum(len(gzip.compress(p.read_bytes(), compresslevel=9)) for p in files)
