"""A printable letter (DIN 5008, form B) as vector PDF: the written answer to a sender.

Data in, bytes out, like the rest of `cards`: no web framework here. The app builds a
:class:`LetterSpec` (sender, recipient, date, subject, text) and calls :func:`render_letter`.

Layout after DIN 5008 form B on A4: letterhead in the top 45 mm, the address field at
20 mm from the left and 45 mm from the top (85 × 45 mm, with the return line above the
recipient so it shows through a window envelope), the date in the information block at
125 mm, the subject at 103.46 mm, text between 25 mm and 20 mm margins, fold marks at
105 mm and 210 mm and the hole mark at 148.5 mm. Long texts run onto further pages, which
carry "Seite n von m" at the top; the closing and signature block is never split.
Text is drawn as text with the bundled DejaVu fonts (ä ö ü ß €, embedded), so the PDF
stays searchable and sharp, and screen readers and `pdftotext` read it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from cards.drawing import FONT, FONT_BOLD, INK, register_fonts, text_width, wrap

PAGE_W, PAGE_H = A4
LEFT = 25 * mm
RIGHT = 20 * mm
TEXT_W = PAGE_W - LEFT - RIGHT
BOTTOM = 25 * mm

ADDRESS_X = 20 * mm  # the field's edge; text starts 5 mm inside
ADDRESS_TEXT_X = 25 * mm
ADDRESS_W = 85 * mm - 5 * mm
RETURN_BASELINE = 60 * mm  # bottom of the 17.7 mm zone for the return line and notes
RECIPIENT_TOP = 62.7 * mm
RECIPIENT_BOTTOM = 90 * mm
INFO_X = 125 * mm
INFO_TOP = 50 * mm
SUBJECT_TOP = 103.46 * mm
FOLLOW_TOP = 30 * mm  # text start on pages 2 ff.
PAGE_NUMBER_TOP = 15 * mm
FOLD_MARKS = (105 * mm, 210 * mm)
HOLE_MARK = 148.5 * mm

SIZE = 11.0
LEADING = 14.5
ADDRESS_SIZE = 10.0
ADDRESS_MIN_SIZE = 8.0
RETURN_SIZE = 7.0
RETURN_MIN_SIZE = 6.0
SIGNATURE_GAP_LINES = 3  # room for the hand signature
MARK = HexColor("#9A9A9A")


@dataclass(frozen=True)
class LetterSpec:
    """Everything printed on the letter; all plain text (line breaks allowed in `body`)."""

    sender_lines: tuple[str, ...]  # letterhead: organisation first, then office and address
    recipient_lines: tuple[str, ...]  # name and postal address, one line each
    place_and_date: str  # e.g. "Diez, 12. März 2026"
    subject: str
    body: str
    closing_lines: tuple[str, ...] = ()  # e.g. ("Mit freundlichen Grüßen",)
    signature_lines: tuple[str, ...] = ()  # below room for a signature, e.g. ("Geschäftsführung",)
    return_line: str = ""  # above the recipient; default: the sender lines joined by " · "
    page_label: str = "Seite {page} von {pages}"  # from page 2 on
    title: str = ""  # PDF metadata; default: the subject
    metadata_author: str = field(default="")  # PDF metadata; default: the first sender line


def _top(y_from_top: float) -> float:
    """A distance from the top edge as reportlab's y coordinate."""
    return PAGE_H - y_from_top


def _clean(text: str) -> str:
    """Line breaks as "\\n", tabs as spaces, no trailing blanks."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return "\n".join(line.rstrip() for line in normalised.split("\n")).strip("\n")


@dataclass(frozen=True)
class _Line:
    text: str
    bold: bool = False


def _closing_block(spec: LetterSpec) -> list[_Line]:
    block = [_Line(line) for line in spec.closing_lines]
    if spec.signature_lines:
        if block:
            block += [_Line("")] * SIGNATURE_GAP_LINES
        block += [_Line(line) for line in spec.signature_lines]
    return block


def _paginate(
    body: list[_Line], closing: list[_Line], first_capacity: int, capacity: int
) -> list[list[_Line]]:
    """Lines per page: body lines flow, the closing block moves whole to the next page."""
    pages: list[list[_Line]] = [[]]
    room = first_capacity

    def new_page() -> None:
        nonlocal room
        pages.append([])
        room = capacity

    for line in body:
        if room <= 0:
            new_page()
        if not pages[-1] and not line.text and len(pages) > 1:
            continue  # no blank line at the top of a follow-up page
        pages[-1].append(line)
        room -= 1
    if closing:
        needed = len(closing) + (1 if pages[-1] else 0)
        if needed > room and len(closing) <= capacity:
            new_page()
        elif pages[-1]:
            pages[-1].append(_Line(""))
            room -= 1
        for line in closing:
            if room <= 0:  # only when the block is longer than a whole page
                new_page()
            pages[-1].append(line)
            room -= 1
    return pages


def _fit_size(lines: list[str], font: str, size: float, min_size: float, width: float) -> float:
    """The largest size from `size` down to `min_size` at which every line fits `width`."""
    current = size
    while current > min_size and any(text_width(t, font, current) > width for t in lines):
        current -= 0.5
    return max(current, min_size)


def _draw_letterhead(canvas: Canvas, spec: LetterSpec) -> None:
    if not spec.sender_lines:
        return
    first, *rest = spec.sender_lines
    size = _fit_size([first], FONT_BOLD, 14, 9, TEXT_W)
    canvas.setFont(FONT_BOLD, size)
    y = _top(20 * mm)
    canvas.drawString(LEFT, y, first)
    y -= size * 1.3
    canvas.setFont(FONT, 9)
    for line in rest:
        for part in wrap(line, FONT, 9, TEXT_W):
            canvas.drawString(LEFT, y, part)
            y -= 11.5


def _draw_address(canvas: Canvas, spec: LetterSpec) -> float:
    """Return line and recipient; returns the distance from the top under the address."""
    back = spec.return_line or " · ".join(line for line in spec.sender_lines if line)
    if back:
        size = _fit_size([back], FONT, RETURN_SIZE, RETURN_MIN_SIZE, ADDRESS_W)
        if text_width(back, FONT, size) > ADDRESS_W and spec.sender_lines:
            back = spec.sender_lines[0]
            size = _fit_size([back], FONT, RETURN_SIZE, RETURN_MIN_SIZE, ADDRESS_W)
        back_lines = wrap(back, FONT, size, ADDRESS_W)
        canvas.setFont(FONT, size)
        y = _top(RETURN_BASELINE) + (len(back_lines) - 1) * size * 1.15
        for line in back_lines:
            canvas.drawString(ADDRESS_TEXT_X, y, line)
            y -= size * 1.15
    recipient = [line for line in spec.recipient_lines if line.strip()]
    zone = RECIPIENT_BOTTOM - RECIPIENT_TOP
    size = ADDRESS_SIZE
    lines: list[str] = []
    while True:
        lines = [part for line in recipient for part in wrap(line.strip(), FONT, size, ADDRESS_W)]
        if len(lines) * size * 1.25 <= zone or size <= ADDRESS_MIN_SIZE:
            break
        size -= 0.5
    canvas.setFont(FONT, size)
    y = _top(RECIPIENT_TOP) - size
    for line in lines:
        canvas.drawString(ADDRESS_TEXT_X, y, line)
        y -= size * 1.25
    return RECIPIENT_TOP + len(lines) * size * 1.25


def _draw_marks(canvas: Canvas) -> None:
    """Fold marks and the hole mark at the left edge (thin grey, outside the text)."""
    canvas.setStrokeColor(MARK)
    canvas.setLineWidth(0.4)
    for y in FOLD_MARKS:
        canvas.line(4 * mm, _top(y), 8 * mm, _top(y))
    canvas.line(4 * mm, _top(HOLE_MARK), 10 * mm, _top(HOLE_MARK))


def _draw_lines(canvas: Canvas, lines: list[_Line], top: float) -> None:
    y = _top(top) - SIZE
    for line in lines:
        canvas.setFont(FONT_BOLD if line.bold else FONT, SIZE)
        if line.text:
            canvas.drawString(LEFT, y, line.text)
        y -= LEADING


def render_letter(spec: LetterSpec) -> bytes:
    """The letter as PDF bytes (A4, one or more pages)."""
    register_fonts()
    subject = [_Line(t, bold=True) for t in wrap(_clean(spec.subject), FONT_BOLD, SIZE, TEXT_W)]
    body = [_Line(t) for t in wrap(_clean(spec.body), FONT, SIZE, TEXT_W)] if spec.body else []
    closing = _closing_block(spec)

    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=A4,
        invariant=True,
        initialFontName=FONT,  # type: ignore[arg-type]  # stub says float; it is a name
    )
    canvas.setTitle(spec.title or spec.subject)
    canvas.setAuthor(spec.metadata_author or (spec.sender_lines[0] if spec.sender_lines else ""))
    canvas.setCreator("Meinungskarte")
    canvas.setFillColor(INK)

    # Page 1: letterhead, address, date, subject; the text starts two lines under the subject.
    _draw_letterhead(canvas, spec)
    address_bottom = _draw_address(canvas, spec)
    canvas.setFont(FONT, 10)
    for index, part in enumerate(wrap(spec.place_and_date, FONT, 10, PAGE_W - INFO_X - RIGHT)):
        canvas.drawString(INFO_X, _top(INFO_TOP) - 10 - index * 12.5, part)
    subject_top = max(SUBJECT_TOP, address_bottom + 2 * LEADING)
    text_top = subject_top + (len(subject) + 1) * LEADING
    first_capacity = max(1, int((PAGE_H - text_top - BOTTOM) // LEADING))
    capacity = int((PAGE_H - FOLLOW_TOP - BOTTOM) // LEADING)
    pages = _paginate(body, closing, first_capacity, capacity)

    for number, lines in enumerate(pages, start=1):
        if number > 1:
            canvas.showPage()
            canvas.setFillColor(INK)
            label = spec.page_label.replace("{page}", str(number)).replace(
                "{pages}", str(len(pages))
            )
            canvas.setFont(FONT, 9)
            canvas.drawRightString(PAGE_W - RIGHT, _top(PAGE_NUMBER_TOP), label)
            _draw_lines(canvas, lines, FOLLOW_TOP)
        else:
            _draw_lines(canvas, subject, subject_top)
            _draw_lines(canvas, lines, text_top)
        _draw_marks(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
