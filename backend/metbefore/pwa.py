"""The few files the PWA takes from npm packages (installed by `npm ci` into
node_modules), served from our own origin: the scanner never reaches for a CDN; and the
service worker, whose cache version is a hash of the shell it precaches."""

import gzip
import hashlib
import re
from functools import cache
from pathlib import Path

from fastapi import APIRouter, Response
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


# Screens app.js imports only when one opens (the organizers'): precached like the rest,
# but no part of what a first visit loads.
ON_DEMAND = ("views/organize.js", "views/venue-networks.js")


def shell_gzip_bytes() -> int:
    """What the shell's JS and CSS weigh on the wire, each file gzipped (the decoder is
    not part of it: it loads only when Scan opens; nor are the ON_DEMAND screens)."""
    files = [
        p
        for p in FRONTEND.rglob("*")
        if p.suffix in (".js", ".css") and p.relative_to(FRONTEND).as_posix() not in ON_DEMAND
    ]
    return sum(len(gzip.compress(p.read_bytes(), compresslevel=9)) for p in files)


def shell_files() -> list[Path]:
    """What the service worker precaches: every file of the shell and the decoder."""
    files = sorted(p for p in FRONTEND.rglob("*") if p.is_file())
    return files + [NODE_MODULES / relative for relative in sorted(VENDOR.values())]


@cache
def _version(stamp: tuple[tuple[str, int, int], ...]) -> str:
    digest = hashlib.sha256()
    for name, _, _ in stamp:
        path = Path(name)
        digest.update(name.encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()[:16]


def shell_version() -> str:
    """A hash of the shell's names and bytes: a changed file is a new version (the
    browser then installs the worker again and refreshes its precache), with nobody
    bumping a number by hand. Recomputed only when a file's size or time changed."""
    stamp = []
    for path in shell_files():
        stat = path.stat() if path.is_file() else None
        stamp.append((str(path), stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0))
    return _version(tuple(stamp))


_VERSION_LINE = re.compile(r'^const VERSION = "[^"]*";', re.M)


@router.get("/sw.js")
def service_worker() -> Response:
    script = (FRONTEND / "sw.js").read_text()
    script = _VERSION_LINE.sub(f'const VERSION = "{shell_version()}";', script, count=1)
    return Response(
        script,
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache"},  # the browser asks at every update check
    )
