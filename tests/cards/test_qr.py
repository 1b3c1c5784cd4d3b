"""The bare QR code: matrix, alphanumeric compaction, SVG and PNG output."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
import zxingcpp
from PIL import Image

from cards import qr_png, qr_svg
from cards.qr import QUIET_ZONE, qr_matrix
from tests.cards.conftest import URL

PAYLOAD = URL.upper()
SVG_NS = "{http://www.w3.org/2000/svg}"


def test_upper_case_payload_needs_a_smaller_code() -> None:
    lower, upper = qr_matrix(URL), qr_matrix(PAYLOAD)
    assert upper.version < lower.version
    assert upper.size < lower.size
    assert (upper.version, lower.version) == (3, 4)  # at error correction level Q


def test_level_q_is_default_and_m_is_smaller() -> None:
    assert qr_matrix(PAYLOAD, "M").version == 2
    assert qr_matrix(PAYLOAD).version == qr_matrix(PAYLOAD, "Q").version == 3
    with pytest.raises(ValueError, match="error correction"):
        qr_matrix(PAYLOAD, "L")


def test_runs_cover_exactly_the_dark_modules_with_fewer_shapes() -> None:
    matrix = qr_matrix(PAYLOAD)
    covered = {(y, x + i) for y, x, n in matrix.runs() for i in range(n)}
    dark = {(y, x) for y, row in enumerate(matrix.rows) for x, d in enumerate(row) if d}
    assert covered == dark
    assert len(list(matrix.runs())) < len(dark) / 1.8


def test_png_decodes_to_the_payload_at_the_exact_size() -> None:
    png = qr_png(PAYLOAD, 300)
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.size == (300, 300)
        results = zxingcpp.read_barcodes(image)
        corner = image.convert("L").crop((0, 0, 4 * 300 // 37, 4 * 300 // 37))
        assert corner.getextrema() == (255, 255)  # the quiet zone is white
    assert [r.text for r in results] == [PAYLOAD]


def test_png_sizes_outside_the_sane_range_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 37"):
        qr_png(PAYLOAD, 36)
    with pytest.raises(ValueError, match="at most 4096"):
        qr_png(PAYLOAD, 100_000)  # e.g. a size taken from a URL parameter


def test_svg_is_well_formed_with_only_rect_and_path_and_module_viewbox() -> None:
    svg = qr_svg(PAYLOAD, size_mm=40)
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    n = qr_matrix(PAYLOAD).size + 2 * QUIET_ZONE
    assert root.tag == f"{SVG_NS}svg"
    assert root.attrib["viewBox"] == f"0 0 {n} {n}"
    assert (root.attrib["width"], root.attrib["height"]) == ("40mm", "40mm")
    assert [child.tag for child in root] == [f"{SVG_NS}rect", f"{SVG_NS}path"]
    assert root[0].attrib["fill"] == "#fff"
    path = root[1].attrib["d"]
    assert path.count("M") == len(list(qr_matrix(PAYLOAD).runs()))
    assert path.startswith(f"M{QUIET_ZONE} {QUIET_ZONE}h7")  # finder pattern's top row


def test_svg_without_size_scales_freely() -> None:
    root = ET.fromstring(qr_svg(PAYLOAD))  # noqa: S314 - our own output
    assert "width" not in root.attrib
    with pytest.raises(ValueError, match="positive"):
        qr_svg(PAYLOAD, size_mm=0)


def test_svg_and_png_agree_module_by_module() -> None:
    matrix = qr_matrix(PAYLOAD)
    n = matrix.size_with_quiet_zone
    with Image.open(io.BytesIO(qr_png(PAYLOAD, n * 10))) as image:
        grey = image.convert("L")
    for y, row in enumerate(matrix.rows):
        for x, dark in enumerate(row):
            pixel = grey.getpixel(((x + QUIET_ZONE) * 10 + 5, (y + QUIET_ZONE) * 10 + 5))
            assert (pixel == 0) == dark


def test_payload_errors_are_clear() -> None:
    with pytest.raises(ValueError, match="empty"):
        qr_matrix("")
    with pytest.raises(ValueError, match="too long"):
        qr_matrix("X" * 5000)
