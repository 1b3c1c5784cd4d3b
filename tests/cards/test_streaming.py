"""Form reuse, page replication and flat memory for large print runs."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from cards import CardSpec, render_pdf
from cards.pdfstream import PAGES_PER_NODE, parse_master, write_replicated
from tests.cards import pdftools
from tests.cards.conftest import Render, make_spec

CARD_BBOX = (0.0, 0.0, 297.6378, 419.5276)


def _render_bytes(specs: CardSpec | list[CardSpec], count: int) -> bytes:
    out = io.BytesIO()
    render_pdf(specs, count, out)
    return out.getvalue()


def test_form_count_is_constant_in_the_number_of_cards() -> None:
    small = pdftools.form_bboxes(_render_bytes(make_spec(), 100))
    large = pdftools.form_bboxes(_render_bytes(make_spec(), 1000))
    # One QR code (37 × 37 modules), one front, one back, however many cards.
    assert sorted(small) == sorted(large) == sorted([(0.0, 0.0, 37.0, 37.0), CARD_BBOX, CARD_BBOX])


def test_one_qr_form_per_distinct_payload() -> None:
    specs = [make_spec(code="k1"), make_spec(code="k2"), make_spec(code="k1")]
    boxes = pdftools.form_bboxes(_render_bytes(specs, 60))
    qr_forms = [b for b in boxes if b != CARD_BBOX]
    assert len(qr_forms) == 2  # k1 twice in the request is still one code
    assert boxes.count(CARD_BBOX) == 3  # two fronts, one shared back


def test_thousand_cards_stay_under_one_megabyte(render: Render) -> None:
    pdf = render(make_spec(), 1000)
    assert pdf.stat().st_size < 1_000_000
    assert pdftools.pdfinfo(pdf)["Pages"] == "500"


def _numbered_master(pages: int) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pageCompression=1)
    for n in range(pages):
        canvas.drawString(100, 700, f"master{n}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_replication_follows_the_sequence_across_page_tree_nodes(tmp_path: Path) -> None:
    master = parse_master(_numbered_master(3))
    total = 2 * PAGES_PER_NODE + 5  # three intermediate nodes, the last one partial
    sequence = [(i * 7) % 3 for i in range(total)]
    pdf = tmp_path / "r.pdf"
    seen: list[int] = []
    with pdf.open("wb") as fh:
        size = write_replicated(master, iter(sequence), total, fh, seen.append)
    assert size == pdf.stat().st_size
    assert seen == list(range(total))
    assert pdftools.pdfinfo(pdf)["Pages"] == str(total)  # poppler reads the xref silently
    for page in (1, 2, PAGES_PER_NODE, PAGES_PER_NODE + 1, total):
        assert pdftools.text(pdf, page).strip() == f"master{sequence[page - 1]}"


def test_replication_checks_the_page_count() -> None:
    master = parse_master(_numbered_master(1))
    with pytest.raises(ValueError, match="yielded 2 pages, expected 3"):
        write_replicated(master, iter([0, 0]), 3, io.BytesIO())


class _Discard(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        return len(data)


def _peak(count: int) -> int:
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    render_pdf(make_spec(), count, _Discard())
    return tracemalloc.get_traced_memory()[1] - base


def test_peak_memory_is_flat_from_100_to_10000_cards() -> None:
    render_pdf(make_spec(), 4, _Discard(), min_batch=1)  # fonts and caches loaded
    tracemalloc.start()
    try:
        small, large = _peak(100), _peak(10_000)
    finally:
        tracemalloc.stop()
    # 100× the cards may add the 8-byte xref offsets (5,000 pages → 40 KB), no more.
    assert large - small < 100_000, (small, large)
