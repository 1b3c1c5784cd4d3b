"""Render card and poster specs to a print-ready vector PDF.

Pipeline: validate and plan (:mod:`cards.layout`), let reportlab draw every
*distinct* page once into a small master PDF, then stream the full page sequence
(:mod:`cards.pdfstream`). Inside the master, each distinct QR code, card front
and card back is one form XObject, drawn once and placed by reference, so file
size, time and memory depend on how many different cards there are, not on how
many are printed.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from cards.back import draw_back
from cards.drawing import FONT, cut_marks, register_fonts
from cards.front import draw_front, draw_poster
from cards.layout import CARD_H, CARD_W, PAGE_SIZES, PageKey, PagePlan, cut_lines, slot_origin
from cards.layout import make_plan as _make_plan
from cards.model import MIN_BATCH_DEFAULT, BatchTooSmall, CardSpec
from cards.pdfstream import BinaryWriter, parse_master, write_replicated
from cards.qr import QrMatrix, draw_qr_modules, qr_matrix

Progress = Callable[[int], None]
"""Called with the number of cards or posters written so far."""

CUT_MARK_LENGTH = 8 * mm


@dataclass(frozen=True, slots=True)
class RenderResult:
    """What was written: pages, cards or posters, and bytes."""

    pages: int
    items: int
    size_bytes: int


def plan_pdf(
    specs: CardSpec | Iterable[CardSpec], count: int, *, min_batch: int = MIN_BATCH_DEFAULT
) -> PagePlan:
    """Validate a request and plan its pages, without drawing anything.

    ``count`` copies of each spec are laid out one after another. All specs must
    share one layout: a print job has one paper size.
    """
    spec_list = [specs] if isinstance(specs, CardSpec) else list(specs)
    if not spec_list:
        raise ValueError("at least one CardSpec is needed")
    if not all(isinstance(s, CardSpec) for s in spec_list):
        raise TypeError("specs must be CardSpec instances")
    layouts = {s.layout for s in spec_list}
    if len(layouts) > 1:
        raise ValueError(f"all specs must share one layout, got {sorted(layouts)}")
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError(f"count must be a positive whole number, not {count!r}")
    if min_batch < 0:
        raise ValueError("min_batch must not be negative")
    if spec_list[0].layout == "card" and count < min_batch:
        raise BatchTooSmall(count, min_batch)
    return _make_plan(spec_list, count)


class _Forms:
    """Defines each distinct QR code, card front and card back once as a form."""

    def __init__(self, canvas: Canvas, plan: PagePlan) -> None:
        self._canvas = canvas
        self._plan = plan
        self._names: dict[tuple[str, int | str], str] = {}

    def _define(
        self, kind: str, key: int | str, draw: Callable[[], object], size: tuple[float, float]
    ) -> str:
        """Return the form for ``(kind, key)``, drawing it with ``draw`` on first use."""
        name = self._names.get((kind, key))
        if name is None:
            name = f"{kind}{len(self._names)}"
            self._canvas.beginForm(name, 0, 0, size[0], size[1])
            draw()
            self._canvas.endForm()
            self._names[(kind, key)] = name
        return name

    def qr(self, spec: int) -> tuple[str, QrMatrix]:
        """The form of the spec's QR code, in module units; shared by equal payloads."""
        matrix = qr_matrix(self._plan.specs[spec].qr_payload)
        n = matrix.size_with_quiet_zone
        name = self._define(
            "qr", matrix.payload, lambda: draw_qr_modules(self._canvas, matrix), (n, n)
        )
        return name, matrix

    def front(self, spec: int) -> str:
        """The complete card front of a spec (its QR form nested inside)."""
        qr_name, matrix = self.qr(spec)
        return self._define(
            "front",
            spec,
            lambda: draw_front(self._canvas, self._plan.specs[spec], qr_name, matrix),
            (CARD_W, CARD_H),
        )

    def back(self, design: int) -> str:
        """The card back of a back design (the first spec that has it)."""
        spec = self._plan.specs[design]
        return self._define(
            "back",
            design,
            lambda: draw_back(self._canvas, spec.texts, spec.branding.primary_colour, spec.rtl),
            (CARD_W, CARD_H),
        )


def _draw_page(canvas: Canvas, plan: PagePlan, key: PageKey, forms: _Forms) -> None:
    """Draw one distinct page; its forms are defined first, while the page is empty."""
    side, slots = key
    if side == "poster":
        spec = slots[0]
        assert spec is not None
        name, matrix = forms.qr(spec)
        draw_poster(canvas, plan.specs[spec], name, matrix, PAGE_SIZES[plan.layout])
        return
    placed = [
        (position, forms.front(i) if side == "front" else forms.back(i))
        for position, i in enumerate(slots)
        if i is not None
    ]
    for position, name in placed:
        x, y = slot_origin(position)
        canvas.saveState()
        canvas.translate(x, y)
        canvas.doForm(name)
        canvas.restoreState()
    cut_marks(canvas, PAGE_SIZES["card"], *cut_lines(), CUT_MARK_LENGTH)


def _new_canvas(buf: io.BytesIO, plan: PagePlan) -> Canvas:
    """A canvas for the master PDF, with metadata and print settings.

    The initial font is DejaVu so reportlab never references the non-embedded
    Helvetica, and card PDFs ask the print dialog for long-edge duplex at 100 %
    (a scaled print moves the cut lines).
    """
    register_fonts()
    first = plan.specs[0]
    canvas = Canvas(
        buf,
        pagesize=PAGE_SIZES[plan.layout],
        pageCompression=1,
        initialFontName=FONT,  # type: ignore[arg-type]  # stub says float; it is a name
        lang=first.language,
    )
    offices = {s.office.name for s in plan.specs}
    canvas.setTitle(f"{first.texts.call_to_action} – {', '.join(sorted(offices))}")
    canvas.setAuthor(first.branding.organisation)
    canvas.setCreator("Meinungskarte")
    if plan.layout == "card":
        canvas.setSubject(
            "A6-Karten: beidseitig drucken, an langer Kante spiegeln, "
            "Originalgröße (100 %), dann an den Schnittmarken schneiden."
        )
        canvas.setViewerPreference("Duplex", "DuplexFlipLongEdge")
        canvas.setViewerPreference("PrintScaling", "None")
    return canvas


def render_master(plan: PagePlan) -> tuple[bytes, dict[PageKey, int]]:
    """Draw each distinct page of ``plan`` once; return the PDF and page indices."""
    index: dict[PageKey, int] = {}
    for key in plan.pages():
        index.setdefault(key, len(index))
    buf = io.BytesIO()
    canvas = _new_canvas(buf, plan)
    forms = _Forms(canvas, plan)
    for key in index:
        _draw_page(canvas, plan, key, forms)
        canvas.showPage()
    canvas.save()
    return buf.getvalue(), index


def _render(plan: PagePlan, out: BinaryWriter, progress: Progress | None) -> RenderResult:
    """Draw the master (all errors of drawing happen here), then stream the pages."""
    master, index = render_master(plan)

    def sequence() -> Iterator[int]:
        """Master page index for every page, computed lazily: no page list."""
        return (index[key] for key in plan.pages())

    def on_page(page: int) -> None:
        """Report whole cards: a card is finished when its back is written."""
        done = plan.items_done_after(page)
        if progress is not None and done:
            progress(done)

    size = write_replicated(parse_master(master), sequence(), plan.total_pages, out, on_page)
    return RenderResult(pages=plan.total_pages, items=plan.items, size_bytes=size)


def render_pdf(
    specs: CardSpec | Iterable[CardSpec],
    count: int,
    out: BinaryWriter,
    *,
    min_batch: int = MIN_BATCH_DEFAULT,
    progress: Progress | None = None,
) -> RenderResult:
    """Write ``count`` copies of each spec as one PDF to ``out``.

    Cards: A6, four per A4 sheet, fronts then backs (long-edge duplex), so
    ``count`` cards take ``ceil(count / 4)`` sheets; raises :class:`BatchTooSmall`
    below ``min_batch``. Posters: one A4 or A3 page each, no minimum.
    ``out`` only needs ``write``; pages are written as they are produced.
    Invalid input and texts that do not fit raise before the first byte is
    written; an error while writing (full disk, a ``progress`` callback that
    raises) can leave part of a PDF in ``out``, so write files with
    :func:`write_pdf_file`.
    """
    return _render(plan_pdf(specs, count, min_batch=min_batch), out, progress)


def write_pdf_file(
    path: str | os.PathLike[str],
    specs: CardSpec | Iterable[CardSpec],
    count: int,
    *,
    min_batch: int = MIN_BATCH_DEFAULT,
    progress: Progress | None = None,
) -> RenderResult:
    """Like :func:`render_pdf`, but to a file that appears complete or not at all.

    Writes to a hidden temporary file in the target directory (same file system,
    so the final rename is atomic), fsyncs, renames; on any error the temporary
    file is removed and an existing file at ``path`` is left untouched.
    """
    target = Path(path)
    plan = plan_pdf(specs, count, min_batch=min_batch)  # fail before touching the disk
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            result = _render(plan, fh, progress)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; a print file is not secret
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return result
