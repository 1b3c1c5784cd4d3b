"""Posters: A4 and A3 pages with a large, decodable QR code and the short URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from cards import LayoutOverflow, RenderResult, render_pdf
from cards.model import CardTexts
from tests.cards import pdftools
from tests.cards.conftest import OFFICE, URL, Render, make_spec


@pytest.mark.parametrize(
    ("layout", "size", "min_qr_mm"),
    [("poster-a4", (595.276, 841.89), 80), ("poster-a3", (841.89, 1190.551), 113)],
)
def test_poster_page_size_qr_and_text(
    render: Render, tmp_path: Path, layout: str, size: tuple[float, float], min_qr_mm: float
) -> None:
    pdf = render(make_spec(layout), 2)  # type: ignore[arg-type]
    assert pdftools.pdfinfo(pdf)["Pages"] == "2"
    assert pdftools.page_size(pdf, 2) == pytest.approx(size, abs=0.01)
    dpi = 72
    for png in pdftools.render_pages(pdf, tmp_path, dpi=dpi):
        (code,) = pdftools.decode_qr(png)
        assert code.text == URL.upper()
        # zxing's corners span the code without quiet zone.
        assert code.width / dpi * 25.4 >= min_qr_mm
    page = " ".join(pdftools.text(pdf, page=1).split())
    for phrase in (OFFICE.name, OFFICE.address, URL, "Ihre Meinung zählt!"):
        assert phrase in page


def test_poster_uses_one_form_for_its_qr_code(tmp_path: Path) -> None:
    path = tmp_path / "p.pdf"
    with path.open("wb") as fh:
        result = render_pdf(make_spec("poster-a3"), 25, fh)
    assert result == RenderResult(pages=25, items=25, size_bytes=path.stat().st_size)
    assert pdftools.form_bboxes(path.read_bytes()) == [(0.0, 0.0, 37.0, 37.0)]


def test_too_long_headline_is_an_error_not_a_cut(tmp_path: Path) -> None:
    spec = make_spec("poster-a4", texts=CardTexts(poster_headline="Meinung " * 40))
    with (tmp_path / "x.pdf").open("wb") as fh, pytest.raises(LayoutOverflow, match="headline"):
        render_pdf(spec, 1, fh)
