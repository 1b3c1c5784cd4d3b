"""Posters (A4 or A3, portrait) pointing to the same feedback form as the cards.

A poster is read from a few metres and scanned from one or two, so it gets a
large QR code (10 cm on A4, 14 cm on A3) and a URL big enough to copy from across
a waiting room. The layout is defined for A4 and scaled for A3, keeping the
proportions people recognise from the cards.
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from cards.card import anonymity_box, header, place_qr
from cards.drawing import FONT, FONT_BOLD, INK, Block, draw_block, fit
from cards.model import CardSpec, LayoutOverflow
from cards.qr import QrMatrix

MARGIN_A4 = 15 * mm
"""Poster margin: clear of any office printer's unprintable border."""

QR_A4 = 115 * mm
"""QR size on A4 including the quiet zone: the code itself stays over 8 cm
for typical URLs (version 3–6), which scans from about 1.5 m."""


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
    headline = fit(texts.poster_headline, FONT_BOLD, width, size=44 * s, max_lines=2,
                   what="poster_headline")
    top = draw_block(canvas, headline, x, top - 4 * mm * s, width, colour) - 4 * mm * s
    body = fit(texts.poster_text, FONT, width, size=18 * s, max_lines=4, what="poster_text")
    top = draw_block(canvas, body, x, top, width, INK)
    bottom = _footer(canvas, spec, x, width, s) + 6 * mm * s
    bottom = anonymity_box(canvas, texts.anonymity, colour, x, bottom, width, scale=1.7 * s)
    label, url = _url_blocks(spec, width, s)
    hint = fit(texts.scan_hint, FONT_BOLD, width, size=15 * s, max_lines=1, what="scan_hint")
    qr_size = QR_A4 * s
    group = hint.height + 3 * mm * s + qr_size + 4 * mm * s + label.height + url.height
    if top - bottom - group < 8 * mm * s:
        raise LayoutOverflow("poster texts leave too little room for the QR code")
    y = top - (top - bottom - group) / 2
    y = draw_block(canvas, hint, x, y, width, colour, align="center") - 3 * mm * s
    place_qr(canvas, qr_form, qr, (page[0] - qr_size) / 2, y - qr_size, qr_size)
    y = draw_block(canvas, label, x, y - qr_size - 4 * mm * s, width, INK, align="center")
    draw_block(canvas, url, x, y, width, INK, align="center")
