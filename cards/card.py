"""The A6 opinion card: front (call to action with QR code) and back (paper form).

Both faces are drawn in card coordinates, origin at the card's lower left, into
form XObjects; :mod:`cards.render` places the forms on the A4 sheets. All content
keeps :data:`MARGIN` from the card edge, which absorbs cutting tolerance and the
1–2 mm misregistration of office duplex printers.
"""

from __future__ import annotations

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from cards.drawing import (
    FONT,
    FONT_BOLD,
    INK,
    RULE,
    checkbox,
    draw_block,
    draw_logo,
    face,
    fit,
    padlock,
)
from cards.model import CardSpec, CardTexts, LayoutOverflow
from cards.qr import QrMatrix

CARD_W = 105 * mm
CARD_H = 148 * mm
MARGIN = 6 * mm
LINE_PITCH = 7 * mm  # handwriting needs about 7 mm between lines
_W = CARD_W - 2 * MARGIN


def header(canvas: Canvas, spec: CardSpec, x: float, top: float, width: float,
           scale: float = 1.0) -> float:
    """Logo, organisation and office name, then an accent rule; return y below."""
    colour = HexColor(spec.branding.primary_colour)
    logo_h = 11 * mm * scale
    text_x = x
    if spec.branding.logo is not None:
        used = draw_logo(canvas, spec.branding.logo, x, top, 32 * mm * scale, logo_h)
        text_x = x + used + 3 * mm * scale
    text_w = x + width - text_x
    org = fit(spec.branding.organisation, FONT_BOLD, text_w, size=11.5 * scale,
              max_lines=1, what="organisation")
    y = draw_block(canvas, org, text_x, top, text_w, colour)
    office = fit(spec.office.name, FONT, text_w, size=9 * scale, max_lines=2,
                 what="office name")
    y = draw_block(canvas, office, text_x, y - 0.6 * mm * scale, text_w, INK)
    y = min(y, top - logo_h) - 2.5 * mm * scale
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(1.2 * scale)
    canvas.line(x, y, x + width, y)
    return y - 4 * mm * scale


def anonymity_box(canvas: Canvas, text: str, colour: Color, x: float, bottom: float,
                  width: float, scale: float = 1.0) -> float:
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


def _label(canvas: Canvas, text: str, top: float, what: str) -> float:
    block = fit(text, FONT_BOLD, _W, size=9, max_lines=2, what=what)
    return draw_block(canvas, block, MARGIN, top, _W, INK) - 1.2 * mm


def _kind_row(canvas: Canvas, texts: CardTexts, top: float) -> float:
    """Label and the three kind checkboxes on one line."""
    label = fit(texts.kind_label, FONT_BOLD, _W * 0.4, size=9, max_lines=1, what="kind_label")
    draw_block(canvas, label, MARGIN, top - 0.6 * mm, _W, INK)
    x0 = MARGIN + canvas.stringWidth(label.lines[0], FONT_BOLD, label.size) + 4 * mm
    box, column = 3.6 * mm, (MARGIN + _W - x0) / 3
    for i, word in enumerate((texts.kind_praise, texts.kind_idea, texts.kind_criticism)):
        x = x0 + i * column
        checkbox(canvas, x, top - box, box)
        block = fit(word, FONT, column - box - 3 * mm, size=10, max_lines=1, what="kind")
        draw_block(canvas, block, x + box + 1.5 * mm, top - 0.1 * mm, column, INK)
    return top - box - 4 * mm


def _rating_row(canvas: Canvas, texts: CardTexts, colour: Color, top: float) -> float:
    """Five faces, best first, each with its word: people tick the face itself."""
    top = _label(canvas, texts.rating_label, top, "rating_label")
    column, radius = _W / 5, 4.6 * mm
    lowest = top
    for i, word in enumerate(texts.rating_labels):
        cx = MARGIN + column * (i + 0.5)
        face(canvas, cx, top - radius - 0.8 * mm, radius, 2 - i, colour)
        block = fit(word, FONT, column - 1 * mm, size=8, max_lines=2, what="rating label")
        y = draw_block(canvas, block, cx - column / 2, top - 2 * radius - 2.4 * mm, column,
                       INK, align="center")
        lowest = min(lowest, y)
    return lowest - 3 * mm


def _write_line(canvas: Canvas, x0: float, x1: float, y: float) -> None:
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(x0, y, x1, y)


def _contact_box(canvas: Canvas, texts: CardTexts, colour: Color, bottom: float) -> float:
    """The voluntary contact section; return the box's top."""
    pad, box = 2.5 * mm, 3.4 * mm
    inner_x, inner_w = MARGIN + pad, _W - 2 * pad
    consent_w = inner_w - box - 2 * mm
    consent = fit(texts.contact_consent, FONT, consent_w, size=8, max_lines=3, what="consent")
    title = fit(texts.contact_title, FONT_BOLD, inner_w, size=9, max_lines=2, what="contact")
    rows = ((texts.contact_name, True), (texts.contact_address, True), ("", False))
    height = 2 * pad + title.height + len(rows) * LINE_PITCH + 3 * mm + consent.height
    top = bottom + height
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(0.9)
    canvas.roundRect(MARGIN, bottom, _W, height, 2 * mm, stroke=1, fill=0)
    y = draw_block(canvas, title, inner_x, top - pad, inner_w, colour)
    for text, labelled in rows:
        y -= LINE_PITCH
        start = inner_x
        if labelled:
            block = fit(text, FONT, inner_w / 2, size=8.5, max_lines=1, what="contact label")
            draw_block(canvas, block, inner_x, y + block.size * 0.95, inner_w, INK)
            start += canvas.stringWidth(block.lines[0], FONT, block.size) + 1.5 * mm
        _write_line(canvas, start, inner_x + inner_w, y)
    checkbox(canvas, inner_x, bottom + pad + consent.height - box, box)
    draw_block(canvas, consent, inner_x + box + 2 * mm, bottom + pad + consent.height,
               consent_w, INK)
    return top


def _notes(canvas: Canvas, texts: CardTexts, colour: Color) -> float:
    """Data-protection and drop-off notes at the bottom; return their top."""
    drop = fit(texts.drop_note, FONT_BOLD, _W, size=8.5, max_lines=2, what="drop_note")
    privacy = fit(texts.privacy_note, FONT, _W, size=8, max_lines=3, what="privacy_note")
    top = MARGIN + drop.height + 1.5 * mm + privacy.height
    y = draw_block(canvas, privacy, MARGIN, top, _W, INK)
    draw_block(canvas, drop, MARGIN, y - 1.5 * mm, _W, colour)
    return top


def draw_back(canvas: Canvas, texts: CardTexts, primary_colour: str) -> None:
    """The card back: a short paper form for people who prefer pen to phone.

    It depends on the texts and colour only (see :func:`cards.layout.back_design`),
    so one form serves every office that shares the wording.
    """
    colour = HexColor(primary_colour)
    title = fit(texts.back_title, FONT_BOLD, _W, size=14, max_lines=1, what="back_title")
    top = draw_block(canvas, title, MARGIN, CARD_H - MARGIN, _W, colour) - 2 * mm
    top = _kind_row(canvas, texts, top)
    top = _rating_row(canvas, texts, colour, top)
    top = _label(canvas, texts.message_label, top, "message_label")
    bottom = _notes(canvas, texts, colour) + 2.5 * mm
    if texts.contact_box:
        bottom = _contact_box(canvas, texts, colour, bottom) + 1 * mm
    lines = int((top - bottom) // LINE_PITCH)
    if lines < 2:
        raise LayoutOverflow("card back texts leave room for fewer than two writing lines")
    for i in range(1, lines + 1):
        _write_line(canvas, MARGIN, MARGIN + _W, top - i * LINE_PITCH)
