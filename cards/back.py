"""The back of the A6 card: a short paper form for people who prefer a pen.

Drawn once per distinct wording and colour as a form XObject and placed behind
every front (see :mod:`cards.layout` for the duplex positions). Fixed blocks are
laid out from the top (title, kind, rating) and from the bottom (notes, contact
box); the writing lines take whatever space is left, so shorter texts or a
disabled contact box give people more room to write.
"""

from __future__ import annotations

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from cards.drawing import FONT, FONT_BOLD, INK, RULE, checkbox, draw_block, face, fit
from cards.layout import CARD_H, CARD_W, MARGIN
from cards.model import CardTexts, LayoutOverflow

LINE_PITCH = 7 * mm  # handwriting needs about 7 mm between lines
_W = CARD_W - 2 * MARGIN


def _label(canvas: Canvas, text: str, top: float, what: str) -> float:
    """A bold section label; return the y where the section's content starts."""
    block = fit(text, FONT_BOLD, _W, size=9, max_lines=2, what=what)
    return draw_block(canvas, block, MARGIN, top, _W, INK) - 1.2 * mm


def _kind_row(canvas: Canvas, texts: CardTexts, top: float) -> float:
    """Label and the three kind checkboxes on one line."""
    label = fit(texts.kind_label, FONT_BOLD, _W * 0.4, size=9, max_lines=1, what="kind_label")
    draw_block(canvas, label, MARGIN, top - 3.0 * mm + label.size * 0.76, _W, INK)
    x0 = MARGIN + canvas.stringWidth(label.lines[0], FONT_BOLD, label.size) + 4 * mm
    box, column = 3.6 * mm, (MARGIN + _W - x0) / 3
    for i, word in enumerate((texts.kind_praise, texts.kind_idea, texts.kind_criticism)):
        x = x0 + i * column
        checkbox(canvas, x, top - box, box)
        block = fit(word, FONT, column - box - 3 * mm, size=10, max_lines=1, what="kind")
        # Same baseline as the label: 0.6 mm above the box's bottom edge.
        draw_block(
            canvas, block, x + box + 1.5 * mm, top - 3.0 * mm + block.size * 0.76, column, INK
        )
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
        y = draw_block(
            canvas, block, cx - column / 2, top - 2 * radius - 2.4 * mm, column, INK, align="center"
        )
        lowest = min(lowest, y)
    return lowest - 3 * mm


def _write_line(canvas: Canvas, x0: float, x1: float, y: float) -> None:
    """A grey line to write on: visible, but lighter than handwriting."""
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
    draw_block(
        canvas, consent, inner_x + box + 2 * mm, bottom + pad + consent.height, consent_w, INK
    )
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
