"""Card sheets as a printer sees them: page count, sizes, QR codes, text, fonts, duplex."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from cards import CardTexts
from tests.cards import pdftools
from tests.cards.conftest import OFFICE, URL, Render, make_spec

A4 = (595.276, 841.89)


@pytest.fixture
def eight_cards(render: Render) -> Path:
    return render(make_spec(), 8, min_batch=1)


def test_eight_cards_are_two_a4_sheets_of_four_pages(eight_cards: Path) -> None:
    info = pdftools.pdfinfo(eight_cards)
    assert info["Pages"] == "4"
    for page in range(1, 5):
        assert pdftools.page_size(eight_cards, page) == pytest.approx(A4, abs=0.01)


def test_every_front_qr_decodes_to_the_payload_and_backs_have_none(
    eight_cards: Path, tmp_path: Path
) -> None:
    pages = pdftools.render_pages(eight_cards, tmp_path, dpi=150)
    assert len(pages) == 4
    for number, png in enumerate(pages, start=1):
        decoded = pdftools.decode_qr(png)
        if number % 2:  # fronts are odd pages
            assert [d.text for d in decoded] == [URL.upper()] * 4
        else:
            assert decoded == []


def test_text_holds_office_call_to_action_and_readable_url(eight_cards: Path) -> None:
    front = pdftools.text(eight_cards, page=1)
    assert front.count(OFFICE.name) == 4
    assert front.count("Ihre Meinung zählt") == 4
    assert front.count(URL) == 4
    assert "Anonym: Wir speichern keine IP-Adresse" in front
    back = " ".join(pdftools.text(eight_cards, page=2).split())
    for phrase in (
        "Ihre Rückmeldung",
        "sehr schlecht",
        "Möchten Sie eine Antwort? (freiwillig)",
        "Bitte in den Briefkasten im Eingangsbereich werfen",
    ):
        assert phrase in back


def test_fonts_are_embedded_dejavu_only(eight_cards: Path) -> None:
    fonts = pdftools.fonts(eight_cards)
    names = {name.split("+", 1)[-1] for name, _ in fonts}
    assert names == {"DejaVuSans", "DejaVuSans-Bold"}
    assert all(emb == "yes" for _, emb in fonts)


def test_no_text_smaller_than_8_pt(eight_cards: Path) -> None:
    # pdftotext's word boxes are exactly one font size high.
    sizes = [round(w.y1 - w.y0, 2) for page in (1, 2) for w in pdftools.words(eight_cards, page)]
    assert min(sizes) == 8.0  # the notes on the back use the minimum, nothing goes below
    assert max(sizes) == 21.0  # the call to action


def test_pdf_asks_for_long_edge_duplex_at_100_percent(eight_cards: Path) -> None:
    data = eight_cards.read_bytes()
    assert b"/Duplex /DuplexFlipLongEdge" in data
    assert b"/PrintScaling /None" in data


def _cell(x: float, y: float) -> tuple[int, int]:
    """(column, row) of a point in the 2×2 grid, with row 0 at the top."""
    return int(x // (A4[0] / 2)), int(y // (A4[1] / 2))


def test_each_back_lands_behind_its_front_with_long_edge_flip(render: Render) -> None:
    # Four different cards on one sheet, each identifiable on both sides.
    names = ["Alpha", "Bravo", "Charlie", "Delta"]
    specs = [
        make_spec(
            office=f"Standort {n}", code=n.lower(), texts=CardTexts(back_title=f"Rückseite-{n}")
        )
        for n in names
    ]
    pdf = render(specs, 1, min_batch=1)
    fronts = {w.text: w.centre for w in pdftools.words(pdf, 1) if w.text in names}
    backs = {
        w.text.split("-")[1]: w.centre
        for w in pdftools.words(pdf, 2)
        if w.text.startswith("Rückseite-")
    }
    assert set(fronts) == set(backs) == set(names)
    # Reading order on the front: Alpha top left … Delta bottom right.
    assert [_cell(*fronts[n]) for n in names] == [(0, 0), (1, 0), (0, 1), (1, 1)]
    for name in names:
        x, y = backs[name]
        # Turning the sheet over its long (vertical) edge maps x to W - x.
        assert _cell(A4[0] - x, y) == _cell(*fronts[name]), name


def test_partial_last_sheet_draws_only_the_needed_cards(render: Render, tmp_path: Path) -> None:
    specs = [make_spec(code=c, texts=CardTexts(back_title=f"Rückseite-{c}")) for c in "abc"]
    pdf = render(specs, 1, min_batch=1)
    front_png, _ = pdftools.render_pages(pdf, tmp_path, dpi=100)
    scale = 100 / 72
    codes = {
        d.text.rsplit("/", 1)[1]: _cell(d.centre[0] / scale, d.centre[1] / scale)
        for d in pdftools.decode_qr(front_png)
    }
    assert codes == {"A": (0, 0), "B": (1, 0), "C": (0, 1)}
    backs = {
        w.text[-1]: _cell(*w.centre)
        for w in pdftools.words(pdf, 2)
        if w.text.startswith("Rückseite-")
    }
    # Card C sits bottom left, so its back is bottom right; bottom left stays empty.
    assert backs == {"a": (1, 0), "b": (0, 0), "c": (1, 1)}
    assert not [w for w in pdftools.words(pdf, 2) if _cell(*w.centre) == (0, 1)]


def test_content_keeps_5_mm_from_every_card_edge(eight_cards: Path, tmp_path: Path) -> None:
    px = 100 / 25.4  # pixels per mm at 100 dpi
    y_off = 0.5  # mm: A4 is 1 mm taller than two A6, split top and bottom
    for png in pdftools.render_pages(eight_cards, tmp_path, dpi=100)[:2]:
        with Image.open(png) as image:
            grey = image.convert("L")
        for col in (0, 1):
            for row in (0, 1):
                x0, y0 = col * 105, y_off + row * 148
                # Bands from 1 mm (the cut-mark ticks lie on the edge) to 5 mm inside.
                bands = [
                    (x0 + 1, y0 + 1, x0 + 104, y0 + 5),
                    (x0 + 1, y0 + 143, x0 + 104, y0 + 147),
                    (x0 + 1, y0 + 1, x0 + 5, y0 + 147),
                    (x0 + 100, y0 + 1, x0 + 104, y0 + 147),
                ]
                for band in bands:
                    left, top, right, bottom = (round(v * px) for v in band)
                    assert grey.crop((left, top, right, bottom)).getextrema() == (255, 255), (
                        png.name,
                        col,
                        row,
                        band,
                    )
