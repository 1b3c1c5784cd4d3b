"""Everything with a QR code: the card front and the posters.

Both are drawn in their own coordinates, origin at the lower left, and share the
header, the QR placement and the anonymity box, so cards and posters look like
one family. The card front becomes one form XObject per distinct spec, placed
four times per sheet by :mod:`cards.render`; posters are drawn once per distinct
spec and repeated as pages.

A poster is read from a few metres and scanned from one or two, so it gets a
large QR code (up to 11.5 cm with quiet zone on A4, never under 8 cm without;
scaled by √2 on A3) and a URL big enough to copy from across a waiting room.
"""

from __future__ import annotations

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from cards.drawing import FONT, FONT_BOLD, INK, Block, draw_block, draw_logo, fit, padlock
from cards.layout import CARD_H, CARD_W, MARGIN
from cards.model import CardSpec, LayoutOverflow
from cards.qr import QrMatrix

_W = CARD_W - 2 * MARGIN


def header(
    canvas: Canvas, spec: CardSpec, x: float, top: float, width: float, scale: float = 1.0
) -> float:
    """Logo, organisation and office name, then an accent rule; return y below."""
    colour = HexColor(spec.branding.primary_colour)
    logo_h = 11 * mm * scale
    text_x = x
    if spec.branding.logo is not None:
        used = draw_logo(canvas, spec.branding.logo, x, top, 32 * mm * scale, logo_h)
        text_x = x + used + 3 * mm * scale
    text_w = x + width - text_x
    org = fit(
        spec.branding.organisation,
        FONT_BOLD,
        text_w,
        size=11.5 * scale,
        max_lines=1,
        what="organisation",
    )
    y = draw_block(canvas, org, text_x, top, text_w, colour)
    office = fit(spec.office.name, FONT, text_w, size=9 * scale, max_lines=2, what="office name")
    y = draw_block(canvas, office, text_x, y - 0.6 * mm * scale, text_w, INK)
    y = min(y, top - logo_h) - 2.5 * mm * scale
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(1.2 * scale)
    canvas.line(x, y, x + width, y)
    return y - 4 * mm * scale


def anonymity_box(
    canvas: Canvas,
    text: str,
    colour: Color,
    x: float,
    bottom: float,
    width: float,
    scale: float = 1.0,
) -> float:
    """The anonymity promise, framed, with a padlock; return the box's top."""
    pad, icon_h = 2.5 * mm * scale, 7 * mm * scale
    text_x = x + pad + icon_h * 0.72 + 2.5 * mm * scale
    text_w = x + width - pad - text_x
    block = fit(text, FONT, text_w, size=8.5 * scale, max_lines=3, what="anonymity promise")
    height = max(block.height, icon_h) + 2 * pad
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(0.9 * scale)
    canvas.roundRect(x, bottom, width, height, 2 * mm * scale, stroke=1, fill=0)
    padlock(canvas, x + pad, bottom + (height - icon_h) / 2, icon_h, colour)
    text_top = bottom + height / 2 + block.height / 2
    draw_block(canvas, block, text_x, text_top, text_w, INK)
    return bottom + height


def draw_front(canvas: Canvas, spec: CardSpec, qr_form: str, qr: QrMatrix) -> None:
    """The card front; the QR code is the already defined form ``qr_form``."""
    texts, colour = spec.texts, HexColor(spec.branding.primary_colour)
    top = header(canvas, spec, MARGIN, CARD_H - MARGIN, _W)
    cta = fit(texts.call_to_action, FONT_BOLD, _W, size=21, max_lines=2, what="call_to_action")
    top = draw_block(canvas, cta, MARGIN, top, _W, colour) - 1.5 * mm
    sub = fit(texts.subline, FONT, _W, size=10.5, max_lines=3, what="subline")
    top = draw_block(canvas, sub, MARGIN, top, _W, INK)
    bottom = anonymity_box(canvas, texts.anonymity, colour, MARGIN, MARGIN, _W) + 3.5 * mm
    label = fit(texts.url_label, FONT, _W, size=8.5, max_lines=1, what="url_label")
    url = fit(spec.url, FONT_BOLD, _W, size=10.5, max_lines=2, what="url")
    hint = fit(texts.scan_hint, FONT_BOLD, _W, size=9, max_lines=1, what="scan_hint")
    fixed = hint.height + label.height + url.height + 4 * mm
    qr_size = min(60 * mm, top - bottom - fixed - 4 * mm)
    if qr_size < 30 * mm:
        raise LayoutOverflow("card front texts leave less than 30 mm for the QR code")
    y = top - (top - bottom - fixed - qr_size) / 2
    y = draw_block(canvas, hint, MARGIN, y, _W, colour, align="center") - 1.5 * mm
    place_qr(canvas, qr_form, qr, (CARD_W - qr_size) / 2, y - qr_size, qr_size)
    y = draw_block(canvas, label, MARGIN, y - qr_size - 2.5 * mm, _W, INK, align="center")
    draw_block(canvas, url, MARGIN, y, _W, INK, align="center")


def place_qr(canvas: Canvas, form: str, qr: QrMatrix, x: float, y: float, size: float) -> None:
    """Draw the QR form scaled to ``size`` (quiet zone included) at ``(x, y)``."""
    scale = size / qr.size_with_quiet_zone
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(scale, scale)
    canvas.doForm(form)
    canvas.restoreState()


MARGIN_A4 = 15 * mm
"""Poster margin: clear of any office printer's unprintable border."""

QR_A4 = 115 * mm
"""Preferred QR size on A4, quiet zone included (scaled by √2 on A3)."""

QR_MIN_CODE_A4 = 80 * mm
"""Smallest code on A4, quiet zone excluded: scans from about 1.5 m. Long texts
shrink the code towards this size, and beyond it raise LayoutOverflow."""


def _footer(canvas: Canvas, spec: CardSpec, x: float, width: float, s: float) -> float:
    """Office name and address at the bottom; return the top of the footer."""
    lines = [spec.office.name, *([spec.office.address] if spec.office.address else [])]
    blocks = [fit(t, FONT, width, size=11 * s, max_lines=2, what="office") for t in lines]
    height = sum(b.height for b in blocks)
    y = MARGIN_A4 * s + height
    top = y
    for block in blocks:
        y = draw_block(canvas, block, x, y, width, INK, align="center")
    return top


def _url_blocks(spec: CardSpec, width: float, s: float) -> tuple[Block, Block]:
    """The "type this" label and the URL, fitted before the QR size is chosen."""
    label = fit(spec.texts.url_label, FONT, width, size=13 * s, max_lines=1, what="url_label")
    url = fit(spec.url, FONT_BOLD, width, size=22 * s, max_lines=2, what="url")
    return label, url


def draw_poster(
    canvas: Canvas, spec: CardSpec, qr_form: str, qr: QrMatrix, page: tuple[float, float]
) -> None:
    """One poster page of size ``page`` for ``spec``."""
    texts, colour = spec.texts, HexColor(spec.branding.primary_colour)
    s = page[0] / A4[0]
    x, width = MARGIN_A4 * s, page[0] - 2 * MARGIN_A4 * s
    top = header(canvas, spec, x, page[1] - MARGIN_A4 * s, width, scale=1.6 * s)
    headline = fit(
        texts.poster_headline, FONT_BOLD, width, size=44 * s, max_lines=2, what="poster_headline"
    )
    top = draw_block(canvas, headline, x, top - 4 * mm * s, width, colour) - 4 * mm * s
    body = fit(texts.poster_text, FONT, width, size=18 * s, max_lines=4, what="poster_text")
    top = draw_block(canvas, body, x, top, width, INK)
    bottom = _footer(canvas, spec, x, width, s) + 6 * mm * s
    bottom = anonymity_box(canvas, texts.anonymity, colour, x, bottom, width, scale=1.7 * s)
    label, url = _url_blocks(spec, width, s)
    hint = fit(texts.scan_hint, FONT_BOLD, width, size=15 * s, max_lines=1, what="scan_hint")
    fixed = hint.height + 3 * mm * s + 4 * mm * s + label.height + url.height
    qr_size = min(QR_A4 * s, top - bottom - fixed - 8 * mm * s)
    if qr_size * qr.size / qr.size_with_quiet_zone < QR_MIN_CODE_A4 * s - 0.01:
        raise LayoutOverflow("poster texts leave less than 8 cm (A4) for the QR code")
    y = top - (top - bottom - fixed - qr_size) / 2
    y = draw_block(canvas, hint, x, y, width, colour, align="center") - 3 * mm * s
    place_qr(canvas, qr_form, qr, (page[0] - qr_size) / 2, y - qr_size, qr_size)
    y = draw_block(canvas, label, x, y - qr_size - 4 * mm * s, width, INK, align="center")
    draw_block(canvas, url, x, y, width, INK, align="center")
