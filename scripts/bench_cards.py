"""Benchmark the cards library against the naive way of printing cards.

Usage: .venv/bin/python scripts/bench_cards.py [--counts 100,1000,10000] [--naive 1000]

Each measurement runs in a fresh subprocess, so peak memory (tracemalloc for
Python allocations, ru_maxrss for the whole process) is not polluted by earlier
runs. Inside the subprocess one small warm-up render loads fonts and caches, as
in a long-running web worker; then one timed render without tracemalloc, then
one with tracemalloc for the peak. Output goes to a byte-counting sink, so disk
speed does not enter the timings.

The naive baseline (here, not in the product) draws the same card faces with the
library's own drawing code, but every QR code anew for every card, module by
module as single rectangles, and without any form XObject reuse: every page is
a plain reportlab page holding all of its drawing operations.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from unittest import mock

from reportlab.pdfgen.canvas import Canvas

import cards.front
from cards import CardOffice, CardSpec, render_pdf
from cards.back import draw_back
from cards.drawing import FONT, cut_marks, register_fonts
from cards.layout import PAGE_SIZES, SLOTS, back_position, cut_lines, slot_origin
from cards.qr import QUIET_ZONE, QrMatrix, qr_matrix

URL = "https://feedback.example.de/m/diez/k12"
SPEC = CardSpec(
    CardOffice("Jobcenter Rhein-Lahn – Standort Diez", "Schaumburger Str. 1, 65582 Diez"),
    URL,
    URL.upper(),
    "card",
)
TARGET_SPEEDUP = 10
TARGET_BYTES_PER_1000 = 1_000_000
TARGET_FLAT = 0.10  # peak memory may grow at most 10 % from the smallest to the largest run


class Sink:
    """A write-only stream that only counts bytes."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)


def _naive_qr(canvas: Canvas, _form: str, qr: QrMatrix, x: float, y: float, size: float) -> None:
    """Every dark module as its own rectangle, drawn again for every card."""
    module = size / qr.size_with_quiet_zone
    canvas.setFillColorRGB(0, 0, 0)
    for row, cells in enumerate(qr.rows):
        for col, dark in enumerate(cells):
            if dark:
                top = y + size - (row + QUIET_ZONE + 1) * module
                canvas.rect(x + (col + QUIET_ZONE) * module, top, module, module, stroke=0, fill=1)


def _naive_side(
    canvas: Canvas, cards_on_sheet: int, draw: Callable[[], None], *, back: bool
) -> None:
    """One page of a sheet, every card's content drawn directly onto it."""
    for slot in range(cards_on_sheet):
        x, y = slot_origin(back_position(slot) if back else slot)
        canvas.saveState()
        canvas.translate(x, y)
        draw()
        canvas.restoreState()
    cut_marks(canvas, PAGE_SIZES["card"], *cut_lines(), 8 * 72 / 25.4)
    canvas.showPage()


def naive_render(spec: CardSpec, count: int, out: Sink) -> None:
    """The baseline: all content drawn per card, reportlab holding all pages."""
    register_fonts()
    canvas = Canvas(
        out,  # type: ignore[arg-type]  # reportlab only calls write()
        pagesize=PAGE_SIZES["card"],
        pageCompression=1,
        initialFontName=FONT,  # type: ignore[arg-type]  # stub says float; it is a name
    )
    matrix = qr_matrix(spec.qr_payload)

    def front() -> None:
        cards.front.draw_front(canvas, spec, "", matrix)

    def back() -> None:
        draw_back(canvas, spec.texts, spec.branding.primary_colour)

    # Same drawing code as the product, but the QR code drawn inline, module by module.
    with mock.patch.object(cards.front, "place_qr", _naive_qr):
        for first in range(0, count, SLOTS):
            on_sheet = min(SLOTS, count - first)
            _naive_side(canvas, on_sheet, front, back=False)
            _naive_side(canvas, on_sheet, back, back=True)
    canvas.save()


def library_render(spec: CardSpec, count: int, out: Sink) -> None:
    """The product: :func:`cards.render_pdf`."""
    render_pdf(spec, count, out, min_batch=1)


METHODS = {"naive": naive_render, "library": library_render}


def child(method: str, count: int) -> None:
    """Measure one method at one count in this (fresh) process; print JSON."""
    render = METHODS[method]
    render(SPEC, 4, Sink())  # warm-up: fonts, QR cache, imports
    sink = Sink()
    start = time.perf_counter()
    render(SPEC, count, sink)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    render(SPEC, count, Sink())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps({"seconds": seconds, "bytes": sink.size, "peak": peak, "maxrss_kb": maxrss_kb})
    )


def measure(method: str, count: int) -> dict[str, float]:
    """Run :func:`child` in a subprocess and return its figures."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", method, str(count)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def _row(method: str, count: int, f: dict[str, float]) -> str:
    """One table row; sizes in KiB, memory in MiB."""
    pages = 2 * -(-count // SLOTS)
    per_1000 = f["bytes"] / count * 1000 / 1024
    return (
        f"{method:<8} {count:>7,} {pages:>6,} {f['seconds']:>9.3f} {f['bytes'] / 1024:>10,.0f} "
        f"{per_1000:>10,.0f} {f['peak'] / 2**20:>9.2f} {f['maxrss_kb'] / 1024:>8.1f}"
    )


def main() -> int:
    """Measure, print the table, and exit non-zero when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="100,1000,10000", help="card counts for the library")
    parser.add_argument("--naive", type=int, default=1000, help="card count for the naive baseline")
    parser.add_argument("--child", nargs=2, metavar=("METHOD", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return 0
    counts = sorted({int(c) for c in args.counts.split(",")} | {args.naive})
    print(
        f"{'method':<8} {'cards':>7} {'pages':>6} {'time [s]':>9} {'size [KB]':>10} "
        f"{'KB/1000':>10} {'peak [MB]':>9} {'RSS [MB]':>8}"
    )
    naive = measure("naive", args.naive)
    print(_row("naive", args.naive, naive))
    library = {}
    for count in counts:
        library[count] = measure("library", count)
        print(_row("library", count, library[count]))
    return _verdict(args.naive, naive, library)


def _verdict(
    naive_count: int, naive: dict[str, float], library: dict[int, dict[str, float]]
) -> int:
    """Print the targets with PASS/FAIL; return the exit code."""
    ours = library[naive_count]
    speedup = naive["seconds"] / ours["seconds"]
    smaller = naive["bytes"] / ours["bytes"]
    per_1000 = ours["bytes"] / naive_count * 1000
    peaks = [library[c]["peak"] for c in sorted(library)]
    growth = peaks[-1] / peaks[0] - 1
    smallest, largest = min(library), max(library)
    checks = [
        (
            f"≥ {TARGET_SPEEDUP}× faster than naive at {naive_count:,} cards: {speedup:,.0f}×",
            speedup >= TARGET_SPEEDUP,
        ),
        (
            f"< 1 MB per 1,000 cards: {per_1000 / 1024:,.0f} KB (naive {smaller:,.0f}× larger)",
            per_1000 < TARGET_BYTES_PER_1000,
        ),
        (
            f"peak memory flat {smallest:,} → {largest:,} cards: {growth:+.1%}",
            growth <= TARGET_FLAT,
        ),
    ]
    print()
    for text, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
