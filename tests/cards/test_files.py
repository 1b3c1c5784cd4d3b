"""write_pdf_file: a complete file or none; progress reporting; logos."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from cards import BatchTooSmall, Branding, render_pdf, write_pdf_file
from tests.cards import pdftools
from tests.cards.conftest import make_spec


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_file_is_written_complete_with_normal_permissions(tmp_path: Path) -> None:
    target = tmp_path / "karten.pdf"
    result = write_pdf_file(target, make_spec(), 60)
    assert _leftovers(tmp_path) == ["karten.pdf"]
    assert result.size_bytes == target.stat().st_size
    assert (result.pages, result.items) == (30, 60)
    assert target.stat().st_mode & 0o777 == 0o644
    assert pdftools.pdfinfo(target)["Pages"] == "30"


def test_missing_directory_raises_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_pdf_file(tmp_path / "no" / "such" / "dir.pdf", make_spec(), 60)
    assert _leftovers(tmp_path) == []


def test_target_that_cannot_be_replaced_leaves_no_temp_file(tmp_path: Path) -> None:
    (tmp_path / "taken.pdf").mkdir()  # a directory where the file should go
    with pytest.raises(IsADirectoryError):
        write_pdf_file(tmp_path / "taken.pdf", make_spec(), 60)
    assert _leftovers(tmp_path) == ["taken.pdf"]


def test_error_mid_render_keeps_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "karten.pdf"
    target.write_bytes(b"previous print run")

    def fail_halfway(done: int) -> None:
        if done >= 40:
            raise KeyboardInterrupt  # even a Ctrl-C must not leave a partial file

    with pytest.raises(KeyboardInterrupt):
        write_pdf_file(target, make_spec(), 100, progress=fail_halfway)
    assert _leftovers(tmp_path) == ["karten.pdf"]
    assert target.read_bytes() == b"previous print run"


def test_batch_too_small_does_not_touch_the_disk(tmp_path: Path) -> None:
    with pytest.raises(BatchTooSmall):
        write_pdf_file(tmp_path / "k.pdf", make_spec(), 49)
    assert _leftovers(tmp_path) == []
    assert not os.listdir(tmp_path)


def test_progress_counts_finished_cards_up_to_the_total() -> None:
    seen: list[int] = []
    render_pdf(make_spec(), 50, io.BytesIO(), progress=seen.append)
    assert seen == [*range(4, 49, 4), 50]


def _png_logo() -> bytes:
    image = Image.new("RGBA", (120, 60), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((0, 0, 59, 59), fill=(0, 69, 125, 255))
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


SVG_LOGO = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 80 40" width="80" height="40">
<rect width="40" height="40" fill="#00457D"/><circle cx="60" cy="20" r="18" fill="#00457D"/>
</svg>"""


@pytest.mark.parametrize("logo", ["png", "svg"])
def test_logo_is_drawn_in_the_header(tmp_path: Path, logo: str) -> None:
    data = _png_logo() if logo == "png" else SVG_LOGO
    spec = make_spec(branding=Branding(logo=data))
    pdf = tmp_path / "logo.pdf"
    write_pdf_file(pdf, spec, 4, min_batch=1)
    (png, *_) = pdftools.render_pages(pdf, tmp_path, dpi=50)
    px = 50 / 25.4
    with Image.open(png) as image:
        # The logo's first 10 mm square sits at the top left of the first card.
        sample = image.convert("RGB").getpixel((round(9 * px), round(10 * px)))
    assert sample == pytest.approx((0, 69, 125), abs=12)
    first_word = min(pdftools.words(pdf, 1), key=lambda w: (w.y0, w.x0))
    assert first_word.text == "Jobcenter"
    assert first_word.x0 > 20 / 25.4 * 72  # pushed right by the logo


def test_unreadable_logo_is_a_clear_error() -> None:
    spec = make_spec(branding=Branding(logo=b"not an image"))
    with pytest.raises(ValueError, match="PNG, JPEG or SVG"):
        render_pdf(spec, 4, io.BytesIO(), min_batch=1)
