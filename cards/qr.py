"""QR codes as vector geometry: for PDF pages, as SVG, and as PNG.

Error correction level Q (25 % recovery) rather than M (15 %): cards travel in
pockets and bags and posters hang where they get scratched, and the larger code
costs nothing visible here because the codes are printed at 40 mm and more. With
an upper-case payload a typical URL still fits version 3 (29×29 modules), so a
module stays larger than 1 mm on the card.

Upper-case payloads matter: ``HTTPS://FEEDBACK.EXAMPLE.DE/M/DIEZ/K12`` contains
only characters of the QR alphanumeric set (0–9, A–Z, space and ``$%*+-./:``),
which packs 11 bits per two characters instead of 8 bits per character. For that
example URL at level Q the code shrinks from version 4 (33×33, lower case, byte
mode) to version 3 (29×29); at level M from version 3 to version 2. Fewer, larger
modules scan faster from further away and survive wear better. Browsers treat
scheme and host case-insensitively; the server must do the same for the path.

Dark modules are merged into one rectangle per horizontal run, all in a single
path, so a code costs a few dozen path operations instead of hundreds and
renderers show no hairline seams between modules.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import qrcode
import qrcode.constants
import qrcode.exceptions
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 4
"""Light modules around the code; ISO/IEC 18004 requires four."""

_LEVELS = {
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
}
DEFAULT_LEVEL = "Q"

MAX_PNG_PX = 4096
"""Largest PNG edge: a size taken from a web request must not exhaust memory."""


@dataclass(frozen=True, slots=True)
class QrMatrix:
    """The modules of one QR code, without quiet zone (``True`` = dark)."""

    payload: str
    version: int
    rows: tuple[tuple[bool, ...], ...]

    @property
    def size(self) -> int:
        """Modules per side, without quiet zone."""
        return len(self.rows)

    @property
    def size_with_quiet_zone(self) -> int:
        """Modules per side including the quiet zone on both sides."""
        return self.size + 2 * QUIET_ZONE

    def runs(self) -> Iterator[tuple[int, int, int]]:
        """Yield ``(row, first_column, length)`` for each horizontal run of dark modules."""
        for y, row in enumerate(self.rows):
            x = 0
            while x < len(row):
                if not row[x]:
                    x += 1
                    continue
                start = x
                while x < len(row) and row[x]:
                    x += 1
                yield y, start, x - start


@lru_cache(maxsize=256)
def qr_matrix(payload: str, level: str = DEFAULT_LEVEL) -> QrMatrix:
    """Encode ``payload`` in the smallest QR version that fits at ``level``.

    Cached because one document or web page asks for the same code repeatedly.
    """
    if level not in _LEVELS:
        raise ValueError(f"error correction level must be one of {sorted(_LEVELS)}, not {level!r}")
    if not payload:
        raise ValueError("QR payload must not be empty")
    code = qrcode.QRCode(error_correction=_LEVELS[level], border=0)
    code.add_data(payload)
    try:
        code.make(fit=True)
    except (qrcode.exceptions.DataOverflowError, ValueError) as exc:
        # qrcode 8 reports "Invalid version (was 41 …)" once no version fits.
        raise ValueError(f"QR payload too long ({len(payload)} characters)") from exc
    rows = tuple(tuple(bool(m) for m in row) for row in code.get_matrix())
    assert code.version is not None
    return QrMatrix(payload=payload, version=code.version, rows=rows)


def _svg_path(matrix: QrMatrix) -> str:
    """One path, one subpath per run: ``M x y h n v 1 h -n z``."""
    q = QUIET_ZONE
    return "".join(f"M{x + q} {y + q}h{n}v1h-{n}z" for y, x, n in matrix.runs())


def qr_svg(payload: str, size_mm: float | None = None, *, level: str = DEFAULT_LEVEL) -> bytes:
    """The QR code as a standalone SVG document (UTF-8 bytes).

    The viewBox is measured in modules including the 4-module quiet zone, with a
    white background, so the code stays scannable on any coloured web page.
    ``size_mm`` sets a physical print size; without it the SVG scales freely.
    """
    matrix = qr_matrix(payload, level)
    n = matrix.size_with_quiet_zone
    size_attr = ""
    if size_mm is not None:
        if size_mm <= 0:
            raise ValueError("size_mm must be positive")
        size_attr = f' width="{size_mm:g}mm" height="{size_mm:g}mm"'
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}"{size_attr}'
        ' shape-rendering="crispEdges">'
        f'<rect width="{n}" height="{n}" fill="#fff"/>'
        f'<path d="{_svg_path(matrix)}" fill="#000"/></svg>\n'
    )
    return svg.encode("utf-8")


def qr_png(payload: str, size_px: int, *, level: str = DEFAULT_LEVEL) -> bytes:
    """The QR code as a black-and-white PNG of exactly ``size_px`` × ``size_px``.

    Each module is a whole number of pixels (scaling by fractions blurs module
    edges and hurts decoding); leftover pixels widen the quiet zone.
    """
    if size_px > MAX_PNG_PX:
        raise ValueError(f"size_px must be at most {MAX_PNG_PX}, got {size_px}")
    matrix = qr_matrix(payload, level)
    n = matrix.size_with_quiet_zone
    scale = size_px // n
    if scale < 1:
        raise ValueError(f"size_px must be at least {n} for this payload, got {size_px}")
    code = Image.new("1", (matrix.size, matrix.size), 1)
    code.putdata([0 if dark else 1 for row in matrix.rows for dark in row])
    code = code.resize((matrix.size * scale, matrix.size * scale), Image.Resampling.NEAREST)
    image = Image.new("1", (size_px, size_px), 1)
    offset = (size_px - matrix.size * scale) // 2
    image.paste(code, (offset, offset))
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def draw_qr_modules(canvas: Canvas, matrix: QrMatrix) -> None:
    """Draw the code in module units with its origin at the quiet zone's lower left.

    The caller scales the result; inside a form XObject this happens once per
    distinct code and every card then reuses it.
    """
    n = matrix.size_with_quiet_zone
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(0, 0, n, n, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    top = n - QUIET_ZONE
    for y, x, length in matrix.runs():
        path.rect(x + QUIET_ZONE, top - y - 1, length, 1)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
