"""Look at rendered PDFs the way a printer or a person would: poppler and zxing.

Poppler's command-line tools are independent of reportlab, so they check what
the files really contain, not what our code believes it wrote.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import zxingcpp
from PIL import Image

MM = 72 / 25.4


def run(*args: str | Path) -> str:
    """Run a poppler tool; any complaint on stderr fails the test."""
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True)
    assert done.stderr == "", f"{args[0]} complained: {done.stderr}"
    return done.stdout


def pdfinfo(pdf: Path) -> dict[str, str]:
    """pdfinfo's fields, e.g. ``Pages`` and ``Page size``."""
    fields = {}
    for line in run("pdfinfo", pdf).splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


def page_size(pdf: Path, page: int = 1) -> tuple[float, float]:
    """Size of one page in points."""
    out = run("pdfinfo", "-f", str(page), "-l", str(page), pdf)
    match = re.search(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out)
    assert match, out
    return float(match[1]), float(match[2])


def text(pdf: Path, page: int | None = None) -> str:
    """Plain text of the whole document or one page."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return run("pdftotext", "-layout", *pages, pdf, "-")


@dataclass(frozen=True)
class Word:
    """A word and its box in PDF points, origin at the page's *top* left."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2


def words(pdf: Path, page: int) -> list[Word]:
    """Every word on ``page`` with its bounding box (``pdftotext -bbox``)."""
    xhtml = run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), pdf, "-")
    root = ET.fromstring(xhtml)  # noqa: S314 - poppler's own output
    return [
        Word(w.text or "", *(float(w.attrib[k]) for k in ("xMin", "yMin", "xMax", "yMax")))
        for w in root.iter("{http://www.w3.org/1999/xhtml}word")
    ]


def render_pages(pdf: Path, out_dir: Path, dpi: int = 150) -> list[Path]:
    """Rasterise every page to PNG files, in page order."""
    run("pdftoppm", "-r", str(dpi), "-png", pdf, out_dir / "page")
    return sorted(out_dir.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


@dataclass(frozen=True)
class Decoded:
    """A decoded QR code: its text, centre and width in pixels."""

    text: str
    centre: tuple[float, float]
    width: float


def decode_qr(png: Path) -> list[Decoded]:
    """All QR codes zxing finds in an image."""
    with Image.open(png) as image:
        results = zxingcpp.read_barcodes(image.convert("L"))
    found = []
    for r in results:
        p = r.position
        xs = [p.top_left.x, p.top_right.x, p.bottom_right.x, p.bottom_left.x]
        ys = [p.top_left.y, p.top_right.y, p.bottom_right.y, p.bottom_left.y]
        found.append(Decoded(r.text, (sum(xs) / 4, sum(ys) / 4), max(xs) - min(xs)))
    return found


def fonts(pdf: Path) -> list[tuple[str, str]]:
    """``(font name, embedded yes/no)`` for every font ``pdffonts`` lists."""
    lines = run("pdffonts", pdf).splitlines()[2:]
    return [(line.split()[0], line.split()[-5]) for line in lines if line.strip()]


def form_bboxes(pdf_bytes: bytes) -> list[tuple[float, ...]]:
    """The /BBox of every form XObject (object dictionaries are not compressed)."""
    boxes = []
    for match in re.finditer(rb"\d+ 0 obj\s(.*?)endobj", pdf_bytes, re.S):
        head = match[1].split(b"stream", 1)[0]
        if b"/Subtype /Form" in head:
            bbox = re.search(rb"/BBox \[ ([^\]]*) \]", head)
            assert bbox, head[:200]
            boxes.append(tuple(float(v) for v in bbox[1].split()))
    return boxes
