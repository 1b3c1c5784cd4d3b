"""Drawing primitives shared by cards and posters: fonts, text fitting, icons, logos.

Text is never cut: :func:`fit` wraps and shrinks down to :data:`MIN_SIZE` and then
raises :class:`~cards.model.LayoutOverflow`, so a wording change that no longer
fits shows up when rendering, not on ten thousand printed cards.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from cards.model import LayoutOverflow

FONT = "MK-DejaVuSans"
FONT_BOLD = "MK-DejaVuSans-Bold"
MIN_SIZE = 8.0
"""Smallest font size in points; below that print gets hard to read for many people."""

INK = HexColor("#1A1A1A")  # near-black: 17:1 on white, softer than pure black in large areas
RULE = HexColor("#6B6B6B")  # writing lines: visible to write on, 5.3:1 on white

_FONT_DIR = Path(__file__).parent / "fonts"
_font_lock = threading.Lock()

Align = Literal["left", "center"]


def register_fonts() -> None:
    """Register the bundled DejaVu fonts with reportlab once per process.

    Bundled rather than taken from the system so every deployment prints the same
    metrics and glyphs (German umlauts, dashes, Turkish or Polish names) and the
    PDF embeds them, independent of the print shop's installed fonts.
    """
    with _font_lock:
        known = set(pdfmetrics.getRegisteredFontNames())
        for name, filename in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf")):
            if name not in known:
                pdfmetrics.registerFont(TTFont(name, str(_FONT_DIR / filename)))


def text_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` in points."""
    return pdfmetrics.stringWidth(text, font, size)


def _split_long_word(word: str, font: str, size: float, width: float) -> list[str]:
    """Break a word wider than the line, preferably after ``/``, ``.`` or ``-``.

    URLs are the long words here. Breaking after a separator keeps the parts
    readable and never adds a hyphen that someone might type; a separator is
    only used if the line stays at least half full.
    """
    parts: list[str] = []
    rest = word
    while text_width(rest, font, size) > width:
        cut = len(rest) - 1
        while cut > 1 and text_width(rest[:cut], font, size) > width:
            cut -= 1
        separator = max(rest.rfind(ch, 0, cut) for ch in "/.-")
        if separator + 1 >= cut / 2:
            cut = separator + 1
        parts.append(rest[:cut])
        rest = rest[cut:]
    return [*parts, rest]


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap; explicit newlines start new lines."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, font, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            *full, line = _split_long_word(word, font, size, width)
            lines.extend(full)
        lines.append(line)
    return lines


@dataclass(frozen=True, slots=True)
class Block:
    """Wrapped text at a chosen size."""

    lines: list[str]
    font: str
    size: float
    leading: float

    @property
    def height(self) -> float:
        """Height from the first line's top to below the last line's descenders."""
        return len(self.lines) * self.leading


def fit(
    text: str,
    font: str,
    width: float,
    *,
    size: float,
    max_lines: int,
    what: str,
    min_size: float = MIN_SIZE,
) -> Block:
    """Wrap ``text`` into ``max_lines`` lines, shrinking from ``size`` if needed."""
    current = size
    while current >= max(min_size, MIN_SIZE) - 1e-9:
        lines = wrap(text, font, current, width)
        if len(lines) <= max_lines:
            return Block(lines, font, current, current * 1.22)
        current -= 0.5
    raise LayoutOverflow(
        f"{what} does not fit in {max_lines} line(s) of {width / 72 * 25.4:.0f} mm "
        f"even at {max(min_size, MIN_SIZE):g} pt: {text!r}"
    )


def draw_block(
    canvas: Canvas,
    block: Block,
    x: float,
    top: float,
    width: float,
    colour: Color = INK,
    align: Align = "left",
) -> float:
    """Draw ``block`` below ``top``; return the y coordinate under it."""
    canvas.setFillColor(colour)
    canvas.setFont(block.font, block.size)
    ascent = block.size * 0.76  # DejaVu cap height plus a little, keeps tops aligned
    y = top - ascent
    for line in block.lines:
        if align == "center":
            canvas.drawCentredString(x + width / 2, y, line)
        else:
            canvas.drawString(x, y, line)
        y -= block.leading
    return top - block.height


def checkbox(canvas: Canvas, x: float, y: float, size: float, colour: Color = INK) -> None:
    """An empty square to tick, lower left corner at ``(x, y)``."""
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(0.9)
    canvas.rect(x, y, size, size, stroke=1, fill=0)


def face(canvas: Canvas, cx: float, cy: float, r: float, mood: int, colour: Color) -> None:
    """A rating face: circle, two eyes and a mouth shaped by ``mood`` (−2 … +2).

    The shape carries the meaning (open laugh, smile, straight, frown, deep
    frown), so it also works in black-and-white print and for colour-blind
    people; a text label is always printed below it.
    """
    canvas.setStrokeColor(colour)
    canvas.setFillColor(colour)
    canvas.setLineWidth(max(0.8, r * 0.1))
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    canvas.circle(cx, cy, r, stroke=1, fill=0)
    for dx in (-0.34 * r, 0.34 * r):
        canvas.circle(cx + dx, cy + 0.25 * r, 0.11 * r, stroke=0, fill=1)
    middle, bend, half = cy - 0.3 * r, mood * 0.17 * r, 0.46 * r
    control = middle - bend
    path = canvas.beginPath()
    path.moveTo(cx - half, middle + bend)
    path.curveTo(cx - half / 3, control, cx + half / 3, control, cx + half, middle + bend)
    if mood == 2:  # open laugh: close the mouth so it is filled
        path.close()
    canvas.drawPath(path, stroke=1, fill=1 if mood == 2 else 0)


def padlock(canvas: Canvas, x: float, y: float, height: float, colour: Color) -> float:
    """A padlock icon for the anonymity promise; returns its width."""
    width = height * 0.72
    body = height * 0.58
    canvas.setFillColor(colour)
    canvas.setStrokeColor(colour)
    canvas.roundRect(x, y, width, body, height * 0.08, stroke=0, fill=1)
    canvas.setLineWidth(height * 0.12)
    r = width * 0.3
    cx = x + width / 2
    path = canvas.beginPath()
    path.moveTo(cx - r, y + body)
    path.arcTo(cx - r, y + height - 2 * r, cx + r, y + height, startAng=180, extent=-180)
    path.lineTo(cx + r, y + body)
    canvas.drawPath(path, stroke=1, fill=0)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.circle(cx, y + body * 0.5, height * 0.07, stroke=0, fill=1)
    return width


def draw_logo(
    canvas: Canvas,
    logo: Path | bytes,
    x: float,
    top: float,
    max_w: float,
    max_h: float,
) -> float:
    """Draw a PNG/JPEG or SVG logo scaled into the box; return the width used.

    SVG logos stay vectors (via svglib), so they print sharply at poster size.
    """
    data = logo.read_bytes() if isinstance(logo, Path) else logo
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        # Imported here: svglib and reportlab.graphics cost ~0.15 s at import,
        # and most deployments have no SVG logo.
        from reportlab.graphics import renderPDF
        from svglib.svglib import svg2rlg

        drawing = svg2rlg(io.BytesIO(data))
        if drawing is None or not drawing.width or not drawing.height:
            raise ValueError("logo is not a readable SVG image")
        scale = min(max_w / drawing.width, max_h / drawing.height)
        canvas.saveState()
        canvas.translate(x, top - drawing.height * scale)
        canvas.scale(scale, scale)
        renderPDF.draw(drawing, canvas, 0, 0)
        canvas.restoreState()
        return float(drawing.width * scale)
    try:
        image = ImageReader(io.BytesIO(data))
        img_w, img_h = image.getSize()
    except Exception as exc:  # reportlab raises bare OSError/IOError variants
        raise ValueError("logo must be a PNG, JPEG or SVG image") from exc
    scale = min(max_w / img_w, max_h / img_h)
    canvas.drawImage(image, x, top - img_h * scale, img_w * scale, img_h * scale, mask="auto")
    return float(img_w * scale)


def cut_marks(
    canvas: Canvas,
    page: tuple[float, float],
    xs: Sequence[float],
    ys: Sequence[float],
    length: float,
) -> None:
    """Hairline ticks where the sheet is cut, entering from the paper edges.

    The four A6 cards fill the A4 sheet, so the only cuts are the inner lines;
    the ticks lie on those lines and vanish in the cut.
    """
    width, height = page
    canvas.saveState()
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(0.25)
    for x in xs:
        canvas.line(x, 0, x, length)
        canvas.line(x, height - length, x, height)
    for y in ys:
        canvas.line(0, y, length, y)
        canvas.line(width - length, y, width, y)
    canvas.restoreState()
