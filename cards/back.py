"""The back of the A6 card: a short paper form for people who prefer a pen.

Drawn once per distinct wording and colour as a form XObject and placed behind
every front (see :mod:`cards.layout` for the duplex positions). Fixed blocks are
laid out from the top (title, kind, rating) and from the bottom (notes, contact
box); the writing lines take whatever space is left, so shorter texts or a
disabled contact box give people more room to write.

Right-to-left backs (Arabic, Persian) are mirrored: labels start at the right, each
checkbox stands to the right of its word, and the rating faces run from the right, best
first, as a native reader reads them.
"""

from __future__ import annotations

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from cards.drawing import FONT, FONT_BOLD, INK, RULE, Frame, checkbox, draw_block, face, fit
from cards.layout import CARD_H, CARD_W, MARGIN
from cards.model import CardTexts, LayoutOverflow

LINE_PITCH = 7 * mm  # handwriting needs about 7 mm between lines
_W = CARD_W - 2 * MARGIN


def _label(canvas: Canvas, text: str, top: float, what: str, frame: Frame) -> float:
    """A bold section label; return the y where the section's content starts."""
    block = fit(text, FONT_BOLD, _W, size=9, max_lines=2, what=what, rtl=frame.rtl)
    return draw_block(canvas, block, MARGIN, top, _W, INK, frame.start) - 1.2 * mm


def _kind_row(canvas: Canvas, texts: CardTexts, top: float, frame: Frame) -> float:
    """Label and the three kind checkboxes on one line."""
    label = fit(
        texts.kind_label, FONT_BOLD, _W * 0.4, size=9, max_lines=1, what="kind_label", rtl=frame.rtl
    )
    draw_block(canvas, label, MARGIN, top - 3.0 * mm + label.size * 0.76, _W, INK, frame.start)
    first = label.line_width(label.lines[0]) + 4 * mm
    box, column = 3.6 * mm, (_W - first) / 3
    for i, word in enumerate((texts.kind_praise, texts.kind_idea, texts.kind_criticism)):
        offset = first + i * column
        checkbox(canvas, frame.x(offset, box), top - box, box)
        word_w = column - box - 3 * mm
        block = fit(word, FONT, word_w, size=10, max_lines=1, what="kind", rtl=frame.rtl)
        # Same baseline as the label: 0.6 mm above the box's bottom edge.
        draw_block(
            canvas,
            block,
            frame.x(offset + box + 1.5 * mm, word_w),
            top - 3.0 * mm + block.size * 0.76,
            word_w,
            INK,
            frame.start,
        )
    return top - box - 4 * mm


def _rating_row(canvas: Canvas, texts: CardTexts, colour: Color, top: float, frame: Frame) -> float:
    """Five faces, best first (from the start edge), each with its word: people tick the
    face itself."""
    top = _label(canvas, texts.rating_label, top, "rating_label", frame)
    column, radius = _W / 5, 4.6 * mm
    lowest = top
    for i, word in enumerate(texts.rating_labels):
        cx = frame.x(column * (i + 0.5))
        face(canvas, cx, top - radius - 0.8 * mm, radius, 2 - i, colour)
        block = fit(
            word, FONT, column - 1 * mm, size=8, max_lines=2, what="rating label", rtl=frame.rtl
        )
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


def _contact_box(
    canvas: Canvas, texts: CardTexts, colour: Color, bottom: float, rtl: bool
) -> float:
    """The voluntary contact section; return the box's top."""
    pad, box = 2.5 * mm, 3.4 * mm
    inner_w = _W - 2 * pad
    inner = Frame(MARGIN + pad, inner_w, rtl)
    consent_w = inner_w - box - 2 * mm
    consent = fit(
        texts.contact_consent, FONT, consent_w, size=8, max_lines=3, what="consent", rtl=rtl
    )
    title = fit(
        texts.contact_title, FONT_BOLD, inner_w, size=9, max_lines=2, what="contact", rtl=rtl
    )
    rows = ((texts.contact_name, True), (texts.contact_address, True), ("", False))
    height = 2 * pad + title.height + len(rows) * LINE_PITCH + 3 * mm + consent.height
    top = bottom + height
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(0.9)
    canvas.roundRect(MARGIN, bottom, _W, height, 2 * mm, stroke=1, fill=0)
    y = draw_block(canvas, title, inner.left, top - pad, inner_w, colour, inner.start)
    for text, labelled in rows:
        y -= LINE_PITCH
        start = 0.0
        if labelled:
            block = fit(
                text, FONT, inner_w / 2, size=8.5, max_lines=1, what="contact label", rtl=rtl
            )
            draw_block(canvas, block, inner.left, y + block.size * 0.95, inner_w, INK, inner.start)
            start = block.line_width(block.lines[0]) + 1.5 * mm
        x0 = inner.x(start, inner_w - start)
        _write_line(canvas, x0, x0 + inner_w - start, y)
    checkbox(canvas, inner.x(0, box), bottom + pad + consent.height - box, box)
    draw_block(
        canvas,
        consent,
        inner.x(box + 2 * mm, consent_w),
        bottom + pad + consent.height,
        consent_w,
        INK,
        inner.start,
    )
    return top


def _notes(canvas: Canvas, texts: CardTexts, colour: Color, frame: Frame) -> float:
    """Data-protection and drop-off notes at the bottom; return their top."""
    drop = fit(
        texts.drop_note, FONT_BOLD, _W, size=8.5, max_lines=2, what="drop_note", rtl=frame.rtl
    )
    privacy = fit(
        texts.privacy_note, FONT, _W, size=8, max_lines=3, what="privacy_note", rtl=frame.rtl
    )
    top = MARGIN + drop.height + 1.5 * mm + privacy.height
    y = draw_block(canvas, privacy, MARGIN, top, _W, INK, frame.start)
    draw_block(canvas, drop, MARGIN, y - 1.5 * mm, _W, colour, frame.start)
    return top


def draw_back(canvas: Canvas, texts: CardTexts, primary_colour: str, rtl: bool = False) -> None:
    """The card back: a short paper form for people who prefer pen to phone.

    It depends on the texts, colour and direction only (see
    :func:`cards.layout.back_design`), so one form serves every office that shares the
    wording.
    """
    colour = HexColor(primary_colour)
    frame = Frame(MARGIN, _W, rtl)
    title = fit(texts.back_title, FONT_BOLD, _W, size=14, max_lines=1, what="back_title", rtl=rtl)
    top = draw_block(canvas, title, MARGIN, CARD_H - MARGIN, _W, colour, frame.start) - 2 * mm
    top = _kind_row(canvas, texts, top, frame)
    top = _rating_row(canvas, texts, colour, top, frame)
    top = _label(canvas, texts.message_label, top, "message_label", frame)
    bottom = _notes(canvas, texts, colour, frame) + 2.5 * mm
    if texts.contact_box:
        bottom = _contact_box(canvas, texts, colour, bottom, rtl) + 1 * mm
    lines = int((top - bottom) // LINE_PITCH)
    if lines < 2:
        raise LayoutOverflow("card back texts leave room for fewer than two writing lines")
    for i in range(1, lines + 1):
        _write_line(canvas, MARGIN, MARGIN + _W, top - i * LINE_PITCH)
