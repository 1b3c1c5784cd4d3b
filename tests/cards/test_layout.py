"""Page planning and text fitting, without rasterising."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4

from cards import CardTexts, LayoutOverflow, plan_pdf, render_pdf
from cards.drawing import FONT, MIN_SIZE, fit, register_fonts, text_width, wrap
from cards.layout import CARD_W, back_position, slot_origin
from tests.cards import pdftools
from tests.cards.conftest import Render, make_spec


def test_plan_reuses_identical_sheets_and_mirrors_backs() -> None:
    a, b = make_spec(code="a"), make_spec(code="b")
    plan = plan_pdf([a, b, a], 3, min_batch=1)
    assert plan.specs == (a, b)  # duplicates share forms
    assert plan.items == 9
    assert plan.total_pages == 6
    pages = list(plan.pages())
    assert pages[0] == ("front", (0, 0, 0, 1))
    assert pages[1] == ("back", (0, 0, 0, 0))  # both specs share one back design
    assert pages[4] == ("front", (0, None, None, None))
    assert pages[5] == ("back", (None, 0, None, None))  # behind top left is top right
    assert [plan.items_done_after(p) for p in range(6)] == [0, 4, 0, 8, 0, 9]


def test_back_positions_swap_columns_and_keep_rows() -> None:
    assert [back_position(p) for p in range(4)] == [1, 0, 3, 2]
    for p in range(4):
        (fx, fy), (bx, by) = slot_origin(p), slot_origin(back_position(p))
        assert by == fy
        assert bx == pytest.approx(A4[0] - fx - CARD_W, abs=1e-3)


def test_wrap_breaks_long_urls_after_a_slash() -> None:
    register_fonts()
    head = "https://meinung.jobcenter-rhein-lahn.de/m/"
    width = text_width(head + "di", FONT, 10)  # room for a little more than the head
    assert wrap(head + "diez/k12", FONT, 10, width) == [head, "diez/k12"]


def test_fit_shrinks_but_never_below_8_pt() -> None:
    register_fonts()
    block = fit("Ihre Meinung zählt " * 3, FONT, 200, size=20, max_lines=2, what="cta")
    assert MIN_SIZE <= block.size < 20
    assert len(block.lines) <= 2
    with pytest.raises(LayoutOverflow, match=r"cta does not fit in 1 line.*8 pt"):
        fit("Ihre Meinung zählt " * 10, FONT, 200, size=20, max_lines=1, what="cta")


def test_overlong_card_texts_raise_instead_of_cutting() -> None:
    with pytest.raises(LayoutOverflow, match="consent"):
        render_pdf(
            make_spec(texts=CardTexts(contact_consent="Einverstanden. " * 40)),
            4,
            io.BytesIO(),
            min_batch=1,
        )
    out = io.BytesIO()
    with pytest.raises(LayoutOverflow, match="url"):
        render_pdf(make_spec(code="x" * 200), 4, out, min_batch=1)
    assert out.getvalue() == b""  # drawing errors come before the first byte


def _writing_lines(pdf: Path) -> int:
    """Count the horizontal writing lines on the first back, via the text layer gaps."""
    words = pdftools.words(pdf, 2)
    label = next(w for w in words if w.text == "Nachricht:")
    below = [w for w in words if w.y0 > label.y1 and w.x0 < 297]
    return int((min(w.y0 for w in below) - label.y1) // (7 * 72 / 25.4))


def test_without_contact_box_the_space_goes_to_writing_lines(render: Render) -> None:
    with_box = render(make_spec(), 4, "with", min_batch=1)
    without = render(make_spec(texts=CardTexts(contact_box=False)), 4, "without", min_batch=1)
    assert "freiwillig" in pdftools.text(with_box, 2)
    assert "freiwillig" not in pdftools.text(without, 2)
    assert _writing_lines(without) >= _writing_lines(with_box) + 5
