"""Attendee import and badge sheet benchmark (run: `python bench/badges.py`).

On a fresh database (SQLite in a temp folder, or --database-url), it imports a CSV of
10,000 attendees (new accounts, names in several scripts) through the same service the
API and `metbefore import-attendees` use, then renders 1,000 of their badges as a PDF
through the same code as `GET /api/events/{slug}/badges.pdf`. Each phase runs in a fresh
process, so its peak resident memory is its own (a long sheet's QR codes are made in
worker processes that import only segno, ~25 MB each). Prints wall seconds, the CPU
seconds of the phase's own process and its peak MB, and checks them against the targets
for this machine (2 cores): import <= 5 s, render <= 10 s, memory <= 300 MB. --strict
exits 1 when a target is missed.
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy.orm import Session

from metbefore.cli import migrate
from metbefore.config import Settings
from metbefore.db import make_engine
from metbefore.events import access, attendees, fonts, sheets
from metbefore.events.models import Event

SLUG = "bench-2025"
TARGETS = {"import": 5.0, "render": 10.0}
MEMORY_MB = 300
NAMES = [
    "Ana Lima",
    "Ben Ortiz",
    "王小明",
    "محمد عبد الله",
    "Алексей Смирнов",
    "Maximiliane Alexandra von Hohenzollern-Sigmaringen",
    "김민준",
    "Søren Kierkegård",
]


def attendee_csv(count: int) -> bytes:
    rows = ["email,name,affiliation,title,pronouns,role"]
    rows += [
        f"person{i:05d}@example.org,{NAMES[i % len(NAMES)]} {i},"
        f"University of Somewhere {i % 97},Researcher,they/them,attendee"
        for i in range(count)
    ]
    return "\n".join(rows).encode()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_cpu() -> float:
    """CPU seconds of the worker processes that made the QR codes (0 if none)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_import(settings: Settings, count: int) -> dict[str, float]:
    data = attendee_csv(count)
    engine = make_engine(settings.database_url)
    started, cpu = time.perf_counter(), time.process_time()
    with Session(engine) as session, session.begin():
        event = access.event_by_slug(session, slug=SLUG)
        report = attendees.import_csv(
            session,
            event=event,
            data=data,
            max_bytes=settings.import_max_bytes,
            max_rows=settings.import_max_rows,
        )
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    engine.dispose()
    assert report.created == count, report.model_dump(exclude={"results"})
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb()}


def run_render(settings: Settings, count: int) -> dict[str, float]:
    engine = make_engine(settings.database_url)
    started, cpu = time.perf_counter(), time.process_time()
    with Session(engine) as session:
        event = access.event_by_slug(session, slug=SLUG)
        faces = attendees.badge_faces(
            session, event=event, base_url=settings.base_url, attendees=[]
        )
    pdf = sheets.render(
        faces[:count],
        event_name=event.name,
        paper="a4",
        layout="2x4",
        library=fonts.library(settings.model_copy(update={"badge_system_fonts": False})),
    ).pdf
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    engine.dispose()
    return {
        "seconds": seconds,
        "cpu": cpu,
        "worker_cpu": worker_cpu(),
        "peak_mb": peak_mb(),
        "pdf_mb": len(pdf) / 2**20,
    }


def phase(name: str, database_url: str, count: int) -> dict[str, float]:
    """One phase in a fresh interpreter, so that peak memory is the phase's own. Started
    with -c: worker processes do not re-run a main script then, as under the server."""
    here = str(Path(__file__).parent)
    code = f"import sys; sys.path.insert(0, {here!r}); import badges; badges.main()"
    out = subprocess.run(
        [sys.executable, "-c", code, "--phase", name, "--database-url", database_url,
         "--count", str(count)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    result: dict[str, float] = json.loads(out)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="an empty database (default: temp SQLite)")
    parser.add_argument("--attendees", type=int, default=10_000)
    parser.add_argument("--badges", type=int, default=1_000)
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--phase", choices=("import", "render"), help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        settings = Settings(database_url=args.database_url)
        runner = run_import if args.phase == "import" else run_render
        print(json.dumps(runner(settings, args.count)))
        return

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        migrate(url)
        engine = make_engine(url)
        with Session(engine) as session, session.begin():
            session.add(Event(slug=SLUG, name="Bench Conference 2025"))
        engine.dispose()
        results = {
            "import": phase("import", url, args.attendees),
            "render": phase("render", url, args.badges),
        }
    missed = []
    labels = {
        "import": f"import {args.attendees:,} attendees",
        "render": f"render {args.badges:,} badges",
    }
    for name, result in results.items():
        ok = result["seconds"] <= TARGETS[name] and result["peak_mb"] <= MEMORY_MB
        if not ok:
            missed.append(name)
        print(
            f"{labels[name]:<28} {result['seconds']:6.2f} s (cpu {result['cpu']:5.2f} s)"
            f"  peak {result['peak_mb']:5.0f} MB"
            f"  (target <= {TARGETS[name]:.0f} s, <= {MEMORY_MB} MB)  {'ok' if ok else 'MISSED'}"
        )
    render = results["render"]
    print(
        f"badge PDF: {render['pdf_mb']:.1f} MB; the QR worker processes used "
        f"{render['worker_cpu']:.2f} s of CPU besides"
    )
    if missed and args.strict:
        sys.exit(1)


if __name__ == "__main__":
    main()
