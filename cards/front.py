"""Everything with a QR code: the card front and the posters.

Both are drawn in their own coordinates, origin at the lower left, and share the
header, the QR placement and the anonymity box, so cards and posters look like
one family. The card front becomes one form XObject per distinct spec, placed
four times per sheet by :mod:`cards.render`; posters are drawn once per distinct
spec and repeated as pages.

A poster is read from a few metres and scanned from one or two, so it gets a
large QR code (up to 11.5 cm with quiet zone on A4, never under 8 cm without;
scaled by √2 on A3) and a URL big enough to copy from across a waiting room.

Right-to-left cards and posters (Arabic, Persian) are mirrored where a native reader
expects it: logo and text start at the right, the padlock stands right of the promise,
text is right-aligned. The QR code is centred, so it stays where it is. The URL is
always set left to right, and the organisation's and office's (German) names are
left-to-right text aligned to the right.

The multilingual card and poster (``CardSpec.multilingual``) centre everything: the
German call to action big, then one line per language in its own script and
direction, the QR code (to the page where the customer picks a language) and the URL.
"""

from __future__ import annotations

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from cards.drawing import (
    FONT,
    FONT_BOLD,
    INK,
    MIN_SIZE,
    Block,
    Frame,
    draw_block,
    draw_logo,
    fit,
    fit_one_line,
    padlock,
)
from cards.layout import CARD_H, CARD_W, MARGIN
from cards.model import CardSpec, LayoutOverflow, is_rtl
from cards.qr import QrMatrix

_W = CARD_W - 2 * MARGIN


def header(
    canvas: Canvas, spec: CardSpec, x: float, top: float, width: float, scale: float = 1.0
) -> float:
    """Logo, organisation and office name, then an accent rule; return y below.

    The names are the deployment's (German): left-to-right text, aligned to the start
    edge of the card's direction.
    """
    colour = HexColor(spec.branding.primary_colour)
    frame = Frame(x, width, spec.rtl)
    logo_h = 11 * mm * scale
    used = 0.0
    if spec.branding.logo is not None:
        edge = x + width if spec.rtl else x
        logo_w = draw_logo(
            canvas, spec.branding.logo, edge, top, 32 * mm * scale, logo_h, right=spec.rtl
        )
        used = logo_w + 3 * mm * scale
    text_w = width - used
    text_x = frame.x(used, text_w)
    org = fit(
        spec.branding.organisation,
        FONT_BOLD,
        text_w,
        size=11.5 * scale,
        max_lines=1,
        what="organisation",
    )
    y = draw_block(canvas, org, text_x, top, text_w, colour, frame.start)
    office = fit(spec.office.name, FONT, text_w, size=9 * scale, max_lines=2, what="office name")
    y = draw_block(canvas, office, text_x, y - 0.6 * mm * scale, text_w, INK, frame.start)
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
    rtl: bool = False,
) -> float:
    """The anonymity promise, framed, with a padlock at its start; return the box's top."""
    frame = Frame(x, width, rtl)
    pad, icon_h = 2.5 * mm * scale, 7 * mm * scale
    icon_w = icon_h * 0.72
    text_offset = pad + icon_w + 2.5 * mm * scale
    text_w = width - pad - text_offset
    block = fit(
        text, FONT, text_w, size=8.5 * scale, max_lines=3, what="anonymity promise", rtl=rtl
    )
    height = max(block.height, icon_h) + 2 * pad
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(0.9 * scale)
    canvas.roundRect(x, bottom, width, height, 2 * mm * scale, stroke=1, fill=0)
    padlock(canvas, frame.x(pad, icon_w), bottom + (height - icon_h) / 2, icon_h, colour)
    text_top = bottom + height / 2 + block.height / 2
    draw_block(canvas, block, frame.x(text_offset, text_w), text_top, text_w, INK, frame.start)
    return bottom + height


def draw_front(canvas: Canvas, spec: CardSpec, qr_form: str, qr: QrMatrix) -> None:
    """The card front; the QR code is the already defined form ``qr_form``."""
    if spec.multilingual:
        _draw_front_multilingual(canvas, spec, qr_form, qr)
        return
    texts, colour, rtl = spec.texts, HexColor(spec.branding.primary_colour), spec.rtl
    start = Frame(MARGIN, _W, rtl).start
    top = header(canvas, spec, MARGIN, CARD_H - MARGIN, _W)
    cta = fit_one_line(
        texts.call_to_action, FONT_BOLD, _W, size=21, max_lines=2, what="call_to_action", rtl=rtl
    )
    top = draw_block(canvas, cta, MARGIN, top, _W, colour, start) - 1.5 * mm
    sub = fit(texts.subline, FONT, _W, size=10.5, max_lines=3, what="subline", rtl=rtl)
    top = draw_block(canvas, sub, MARGIN, top, _W, INK, start)
    bottom = anonymity_box(canvas, texts.anonymity, colour, MARGIN, MARGIN, _W, rtl=rtl) + 3.5 * mm
    label = fit(texts.url_label, FONT, _W, size=8.5, max_lines=1, what="url_label", rtl=rtl)
    url = fit(spec.url, FONT_BOLD, _W, size=10.5, max_lines=2, what="url")
    hint = fit(texts.scan_hint, FONT_BOLD, _W, size=9, max_lines=1, what="scan_hint", rtl=rtl)
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
    label = fit(
        spec.texts.url_label, FONT, width, size=13 * s, max_lines=1, what="url_label", rtl=spec.rtl
    )
    url = fit(spec.url, FONT_BOLD, width, size=22 * s, max_lines=2, what="url")
    return label, url


def draw_poster(
    canvas: Canvas, spec: CardSpec, qr_form: str, qr: QrMatrix, page: tuple[float, float]
) -> None:
    """One poster page of size ``page`` for ``spec``."""
    if spec.multilingual:
        _draw_poster_multilingual(canvas, spec, qr_form, qr, page)
        return
    texts, colour, rtl = spec.texts, HexColor(spec.branding.primary_colour), spec.rtl
    s = page[0] / A4[0]
    x, width = MARGIN_A4 * s, page[0] - 2 * MARGIN_A4 * s
    start = Frame(x, width, rtl).start
    top = header(canvas, spec, x, page[1] - MARGIN_A4 * s, width, scale=1.6 * s)
    headline = fit_one_line(
        texts.poster_headline,
        FONT_BOLD,
        width,
        size=44 * s,
        max_lines=2,
        what="poster_headline",
        rtl=rtl,
    )
    top = draw_block(canvas, headline, x, top - 4 * mm * s, width, colour, start) - 4 * mm * s
    body = fit(
        texts.poster_text, FONT, width, size=18 * s, max_lines=4, what="poster_text", rtl=rtl
    )
    top = draw_block(canvas, body, x, top, width, INK, start)
    bottom = _footer(canvas, spec, x, width, s) + 6 * mm * s
    bottom = anonymity_box(
        canvas, texts.anonymity, colour, x, bottom, width, scale=1.7 * s, rtl=rtl
    )
    label, url = _url_blocks(spec, width, s)
    hint = fit(
        texts.scan_hint, FONT_BOLD, width, size=15 * s, max_lines=1, what="scan_hint", rtl=rtl
    )
    fixed = hint.height + 3 * mm * s + 4 * mm * s + label.height + url.height
    qr_size = min(QR_A4 * s, top - bottom - fixed - 8 * mm * s)
    if qr_size * qr.size / qr.size_with_quiet_zone < QR_MIN_CODE_A4 * s - 0.01:
        raise LayoutOverflow("poster texts leave less than 8 cm (A4) for the QR code")
    y = top - (top - bottom - fixed - qr_size) / 2
    y = draw_block(canvas, hint, x, y, width, colour, align="center") - 3 * mm * s
    place_qr(canvas, qr_form, qr, (page[0] - qr_size) / 2, y - qr_size, qr_size)
    y = draw_block(canvas, label, x, y - qr_size - 4 * mm * s, width, INK, align="center")
    draw_block(canvas, url, x, y, width, INK, align="center")


def _language_lines(spec: CardSpec, width: float, size: float, max_lines: int = 2) -> list[Block]:
    """One block per language, each in its own direction, all at one size."""
    return [
        fit(text, FONT, width, size=size, max_lines=max_lines, what=code, rtl=is_rtl(code))
        for code, text in spec.lines
    ]


def _fitting_lines(
    spec: CardSpec, width: float, size: float, room: float, leading_gap: float
) -> list[Block]:
    """The language lines at the largest size (down from ``size``) that fits ``room``."""
    current = size
    while True:
        blocks = _language_lines(spec, width, current)
        if sum(b.height for b in blocks) + leading_gap * len(blocks) <= room:
            return blocks
        if current - 0.5 < MIN_SIZE:
            raise LayoutOverflow("the language lines do not fit beside the QR code")
        current -= 0.5


def _draw_lines(
    canvas: Canvas, blocks: list[Block], x: float, top: float, width: float, gap: float
) -> float:
    """The language lines, centred one below the other; return the y under them."""
    for block in blocks:
        top = draw_block(canvas, block, x, top, width, INK, align="center") - gap
    return top


def _draw_front_multilingual(canvas: Canvas, spec: CardSpec, qr_form: str, qr: QrMatrix) -> None:
    """The multilingual card front: call to action, a line per language, QR code, URL."""
    texts, colour = spec.texts, HexColor(spec.branding.primary_colour)
    top = header(canvas, spec, MARGIN, CARD_H - MARGIN, _W)
    cta = fit(texts.call_to_action, FONT_BOLD, _W, size=19, max_lines=1, what="call_to_action")
    top = draw_block(canvas, cta, MARGIN, top, _W, colour, align="center") - 2 * mm
    bottom = anonymity_box(canvas, texts.anonymity, colour, MARGIN, MARGIN, _W) + 3 * mm
    url = fit(spec.url, FONT_BOLD, _W, size=10.5, max_lines=2, what="url")
    qr_min = 34 * mm
    gap = 0.6 * mm
    room = top - bottom - url.height - 2.5 * mm - qr_min - 2 * mm
    blocks = _fitting_lines(spec, _W, 9.5, room, gap)
    top = _draw_lines(canvas, blocks, MARGIN, top, _W, gap) - 1.5 * mm
    qr_size = min(50 * mm, top - bottom - url.height - 2.5 * mm)
    y = top - (top - bottom - url.height - 2.5 * mm - qr_size) / 2
    place_qr(canvas, qr_form, qr, (CARD_W - qr_size) / 2, y - qr_size, qr_size)
    draw_block(canvas, url, MARGIN, y - qr_size - 2.5 * mm, _W, INK, align="center")


def _draw_poster_multilingual(
    canvas: Canvas, spec: CardSpec, qr_form: str, qr: QrMatrix, page: tuple[float, float]
) -> None:
    """The multilingual poster: headline, a line per language, a large QR code, URL."""
    texts, colour = spec.texts, HexColor(spec.branding.primary_colour)
    s = page[0] / A4[0]
    x, width = MARGIN_A4 * s, page[0] - 2 * MARGIN_A4 * s
    top = header(canvas, spec, x, page[1] - MARGIN_A4 * s, width, scale=1.6 * s)
    headline = fit(
        texts.poster_headline, FONT_BOLD, width, size=40 * s, max_lines=1, what="poster_headline"
    )
    top = draw_block(canvas, headline, x, top - 2 * mm * s, width, colour, align="center")
    bottom = _footer(canvas, spec, x, width, s) + 5 * mm * s
    bottom = anonymity_box(canvas, texts.anonymity, colour, x, bottom, width, scale=1.2 * s)
    url = fit(spec.url, FONT_BOLD, width, size=22 * s, max_lines=2, what="url")
    qr_min = QR_MIN_CODE_A4 * s * qr.size_with_quiet_zone / qr.size
    gap = 1.2 * mm * s
    room = top - bottom - 4 * mm * s - url.height - 4 * mm * s - qr_min - 6 * mm * s
    blocks = _fitting_lines(spec, width, 17 * s, room, gap)
    top = _draw_lines(canvas, blocks, x, top - 4 * mm * s, width, gap) - 2 * mm * s
    qr_size = min(QR_A4 * s, top - bottom - url.height - 4 * mm * s - 4 * mm * s)
    y = top - (top - bottom - url.height - 4 * mm * s - qr_size) / 2
    place_qr(canvas, qr_form, qr, (page[0] - qr_size) / 2, y - qr_size, qr_size)
    draw_block(canvas, url, x, y - qr_size - 4 * mm * s, width, INK, align="center")
