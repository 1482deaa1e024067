"""The QR modules of badge URLs. Choosing the best mask, as the QR standard asks, is
CPU-bound pure Python (~5 ms a code), so a long sheet spreads it over the machine's cores.

This module imports nothing of the app, so the worker processes start in a blink."""

import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import segno

PARALLEL_FROM = 200  # below this, starting workers costs more than it saves


def modules(url: str) -> tuple[int, bytes]:
    """(size, one byte per module: 0 dark, 255 light), error correction M or better
    (segno raises the level for free where the same size allows)."""
    matrix = segno.make_qr(url, error="m").matrix
    return len(matrix), bytes(0 if dark else 255 for row in matrix for dark in row)


def all_modules(urls: list[str]) -> Iterator[tuple[int, bytes]]:
    """modules() of each URL, in order."""
    workers = min(os.cpu_count() or 1, 4)
    if len(urls) < PARALLEL_FROM or workers < 2:
        yield from map(modules, urls)
        return
    # spawn: fresh interpreters, safe to start from a server process that runs threads.
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        yield from pool.map(modules, urls, chunksize=50)
