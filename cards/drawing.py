"""Drawing primitives shared by cards and posters: fonts, text fitting, icons, logos.

Text is never cut: :func:`fit` wraps and shrinks down to :data:`MIN_SIZE` and then
raises :class:`~cards.model.LayoutOverflow`, so a wording change that no longer
fits shows up when rendering, not on ten thousand printed cards. Headlines
(:func:`fit_one_line`) first shrink a little to stay on one line, then wrap.
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
from reportlab.pdfgen.canvas import Canvas

from cards import text as shaped
from cards.model import LayoutOverflow

FONT = "MK-DejaVuSans"
FONT_BOLD = "MK-DejaVuSans-Bold"
FONT_ARABIC = "MK-NotoSansArabic"
FONT_ARABIC_BOLD = "MK-NotoSansArabic-Bold"
ARABIC_SCALE = 1.12
"""Arabic script is set this much larger than the nominal size, to match DejaVu's large
x-height (so 8 pt, the smallest size, is 9 pt in Arabic)."""
MIN_SIZE = 8.0
"""Smallest font size in points; below that print gets hard to read for many people."""
ONE_LINE_SHARE = 0.75
"""How far a headline shrinks, as a share of its size, to stay on one line before it wraps
(a 44 pt poster headline down to 33 pt): still the biggest text on the page, and one line
leaves the QR code its room."""

INK = HexColor("#1A1A1A")  # near-black: 17:1 on white, softer than pure black in large areas
RULE = HexColor("#6B6B6B")  # writing lines: visible to write on, 5.3:1 on white

_FONT_DIR = Path(__file__).parent / "fonts"
_font_lock = threading.Lock()

Align = Literal["left", "right", "center"]

_FONT_FILES = (
    (FONT, "DejaVuSans.ttf"),
    (FONT_BOLD, "DejaVuSans-Bold.ttf"),
    (FONT_ARABIC, "NotoSansArabic-Regular.ttf"),
    (FONT_ARABIC_BOLD, "NotoSansArabic-Bold.ttf"),
)


def register_fonts() -> None:
    """Register the bundled fonts with reportlab once per process.

    Bundled rather than taken from the system so every deployment prints the same
    metrics and glyphs and the PDF embeds them, independent of the print shop's
    installed fonts: DejaVu Sans for Latin (German umlauts, dashes, Turkish names)
    and Cyrillic, Noto Sans Arabic for Arabic and Persian (see :mod:`cards.text`).
    """
    with _font_lock:
        known = set(pdfmetrics.getRegisteredFontNames())
        for name, filename in _FONT_FILES:
            if name not in known:
                pdfmetrics.registerFont(shaped.ShapedTTFont(name, _FONT_DIR / filename))
        # Noto's Arabic letters look smaller than DejaVu's Latin ones at one size.
        shaped.pair_fonts(FONT, FONT_ARABIC, ARABIC_SCALE)
        shaped.pair_fonts(FONT_BOLD, FONT_ARABIC_BOLD, ARABIC_SCALE)


def text_width(text: str, font: str, size: float, rtl: bool = False) -> float:
    """Width of one line of ``text`` in points, shaped if it needs shaping."""
    return shaped.width(text, font, size, rtl)


def start_side(rtl: bool) -> Align:
    """Where lines start: left, or right for Arabic and Persian."""
    return "right" if rtl else "left"


@dataclass(frozen=True, slots=True)
class Frame:
    """A horizontal band whose start edge is the left, or the right in a right-to-left
    layout: positions are given from the start, so one drawing serves both directions."""

    left: float
    width: float
    rtl: bool = False

    def x(self, offset: float, width: float = 0.0) -> float:
        """Left edge of something ``width`` wide placed ``offset`` from the start edge."""
        if self.rtl:
            return self.left + self.width - offset - width
        return self.left + offset

    @property
    def start(self) -> Align:
        """The alignment that puts text at the start edge."""
        return start_side(self.rtl)


def _split_long_word(word: str, font: str, size: float, width: float, rtl: bool) -> list[str]:
    """Break a word wider than the line, preferably after ``/``, ``.`` or ``-``.

    URLs are the long words here. Breaking after a separator keeps the parts
    readable and never adds a hyphen that someone might type; a separator is
    only used if the line stays at least half full.
    """
    parts: list[str] = []
    rest = word
    while text_width(rest, font, size, rtl) > width:
        cut = len(rest) - 1
        while cut > 1 and text_width(rest[:cut], font, size, rtl) > width:
            cut -= 1
        separator = max(rest.rfind(ch, 0, cut) for ch in "/.-")
        if separator + 1 >= cut / 2:
            cut = separator + 1
        parts.append(rest[:cut])
        rest = rest[cut:]
    return [*parts, rest]


def wrap(text: str, font: str, size: float, width: float, rtl: bool = False) -> list[str]:
    """Greedy word wrap (in logical order); explicit newlines start new lines."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, font, size, rtl) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            *full, line = _split_long_word(word, font, size, width, rtl)
            lines.extend(full)
        lines.append(line)
    return lines


@dataclass(frozen=True, slots=True)
class Block:
    """Wrapped text at a chosen size; ``rtl``: a right-to-left paragraph."""

    lines: list[str]
    font: str
    size: float
    leading: float
    rtl: bool = False

    def line_width(self, line: str) -> float:
        """Width of one of the block's lines in points."""
        return text_width(line, self.font, self.size, self.rtl)

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
    rtl: bool = False,
) -> Block:
    """Wrap ``text`` into ``max_lines`` lines, shrinking from ``size`` if needed.

    ``rtl``: the paragraph runs right to left (Arabic, Persian); numbers, URLs and codes
    inside it stay left to right.
    """
    current = size
    while current >= max(min_size, MIN_SIZE) - 1e-9:
        lines = wrap(text, font, current, width, rtl)
        if len(lines) <= max_lines:
            return Block(lines, font, current, current * 1.22, rtl)
        current -= 0.5
    raise LayoutOverflow(
        f"{what} does not fit in {max_lines} line(s) of {width / 72 * 25.4:.0f} mm "
        f"even at {max(min_size, MIN_SIZE):g} pt: {text!r}"
    )


def fit_one_line(
    text: str,
    font: str,
    width: float,
    *,
    size: float,
    max_lines: int,
    what: str,
    rtl: bool = False,
) -> Block:
    """A headline: one line at the largest size from ``size`` down to ``ONE_LINE_SHARE``
    of it; a text too long even then is wrapped as :func:`fit` does, from ``size``.

    Translations run longer than German: "Ваша думка важлива!" is wider than the poster at
    44 pt, and wrapped it took the QR code's room. A text that fits at ``size`` is set
    exactly as :func:`fit` would set it.
    """
    floor = max(size * ONE_LINE_SHARE, MIN_SIZE)
    current = size
    while current >= floor - 1e-9:
        lines = wrap(text, font, current, width, rtl)
        if len(lines) == 1:
            return Block(lines, font, current, current * 1.22, rtl)
        current -= 0.5
    return fit(text, font, width, size=size, max_lines=max_lines, what=what, rtl=rtl)


def draw_block(
    canvas: Canvas,
    block: Block,
    x: float,
    top: float,
    width: float,
    colour: Color = INK,
    align: Align = "left",
) -> float:
    """Draw ``block`` below ``top`` in the band ``x`` … ``x + width``; return the y under it.

    Lines that need shaping (right to left, or with Arabic script) go through
    :mod:`cards.text`; the rest are drawn by reportlab as they always were.
    """
    canvas.setFillColor(colour)
    canvas.setFont(block.font, block.size)
    ascent = block.size * 0.76  # DejaVu cap height plus a little, keeps tops aligned
    y = top - ascent
    for line in block.lines:
        if shaped.needs_shaping(line, block.rtl):
            used = block.line_width(line)
            offset = {"left": 0.0, "center": (width - used) / 2, "right": width - used}[align]
            shaped.draw(canvas, x + offset, y, line, block.font, block.size, block.rtl)
        elif align == "center":
            canvas.drawCentredString(x + width / 2, y, line)
        elif align == "right":
            canvas.drawRightString(x + width, y, line)
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
    right: bool = False,
) -> float:
    """Draw a PNG/JPEG or SVG logo scaled into the box; return the width used.

    ``x`` is the box's left edge, or its right edge if ``right`` (right-to-left layouts
    put the logo at the right). SVG logos stay vectors (via svglib), so they print
    sharply at poster size.
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
        canvas.translate(x - drawing.width * scale if right else x, top - drawing.height * scale)
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
    left = x - img_w * scale if right else x
    canvas.drawImage(image, left, top - img_h * scale, img_w * scale, img_h * scale, mask="auto")
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
