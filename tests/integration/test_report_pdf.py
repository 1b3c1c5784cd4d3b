"""The KRM report as a tagged PDF/UA: structure, language, reading order, small numbers.

Checked with pikepdf (the structure tree as a screen reader gets it) and poppler (the text in
reading order, the pages as pictures in /tmp/report_pages for a person to look at).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
import pytest
from flask import Flask

from intake import create_app
from intake.reports import pdf as report_pdf_module
from intake.web.reportdoc import report_html, report_pdf
from tests.cards import pdftools
from tests.helpers import make_config
from tests.report_samples import sample_figures

PAGES = Path("/tmp/report_pages")
CAUSES = (
    "Die meisten begründeten Beschwerden betrafen lange Bearbeitungszeiten bei "
    "Weiterbewilligungsanträgen.\n\nIn Diez war die Service-Hotline im August wegen "
    "Krankheitsausfällen schlecht erreichbar. <b>Kein HTML</b>"
)
RECOMMENDATIONS = (
    "Rückrufzeiten auf der Homepage nennen.\r\n\r\nAufrufanzeige im Wartebereich Diez "
    "mehrsprachig gestalten (Ukrainisch, Arabisch, Türkisch)."
)
FINAL = {
    "causes": CAUSES,
    "recommendations": RECOMMENDATIONS,
    "profile_name": "Jobcenter Rhein-Lahn",
    "status": "final",
    "number": 2,
    "finalized_at": datetime(2026, 10, 14, 7, 30, tzinfo=UTC),
    "finalized_by": "KRM-Beauftragte",
}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The app for its templates; the report touches no database."""
    path = tmp_path_factory.mktemp("reportpdf") / "unused.sqlite3"
    return create_app(make_config(f"sqlite:///{path}"))


@pytest.fixture(scope="module")
def pdf_file(app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Path:
    with app.app_context():
        data = report_pdf(sample_figures(threshold=5), **FINAL)  # type: ignore[arg-type]
    path = tmp_path_factory.mktemp("reportpdf") / "bericht.pdf"
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def text(pdf_file: Path) -> str:
    return pdftools.text(pdf_file)


def structure(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every structure element, depth first, in document order."""

    def walk(node: object) -> Iterator[pikepdf.Dictionary]:
        if isinstance(node, pikepdf.Array):
            for item in node:
                yield from walk(item)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            yield node
            if "/K" in node:
                yield from walk(node.K)

    yield from walk(pdf.Root.StructTreeRoot.K)


def test_the_pdf_is_tagged_with_language_title_and_pdfua_identification(pdf_file: Path) -> None:
    with pikepdf.open(pdf_file) as pdf:
        assert str(pdf.Root.Lang) == "de"
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        meta = pdf.open_metadata()
        assert meta["pdfuaid:part"] == "1"
        assert meta["dc:title"] == "KRM-Bericht 3. Quartal 2026 – Jobcenter Rhein-Lahn"


def test_the_structure_tree_has_headings_tables_and_figures_with_alt(pdf_file: Path) -> None:
    with pikepdf.open(pdf_file) as pdf:
        elements = list(structure(pdf))
        kinds = [str(element.S) for element in elements]
        assert kinds.count("/H1") == 1
        assert kinds.index("/H1") < kinds.index("/H2")
        assert kinds.count("/H2") == 11
        assert "/H3" not in kinds  # no level skipped
        assert kinds.count("/Table") >= 15
        assert "/THead" in kinds and "/TH" in kinds and "/Caption" in kinds
        # data cells point to their row and column headers
        cells = [element for element in elements if element.S == "/TD"]
        assert cells and all(len(cell.A.Headers) >= 1 for cell in cells)
        figures = [element for element in elements if element.S == "/Figure"]
        assert len(figures) == 7  # one per chart
        for figure in figures:
            alt = str(figure.Alt)
            assert alt.startswith("Balkendiagramm: ")
            assert "Tabelle darunter" in alt
        alts = " ".join(str(figure.Alt) for figure in figures)
        assert "Rückmeldungen nach Art" in alts and "Fristen eingehalten" in alts


def test_reading_order_follows_the_template(text: str) -> None:
    headings = [
        "KRM-Bericht 3. Quartal 2026",
        "Überblick",
        "Umfang",
        "Fristen und Bearbeitungszeiten",
        "Begründet oder nicht begründet",
        "Hohes Risiko und Antikorruption",
        "Maßnahmen",
        "Google-Rezensionen",
        "Sprachen und Eingangskanäle",
        "Ursachen besonderer oder wiederkehrender Reaktionen",
        "Empfehlungen",
        "Begriffe",
    ]
    lines = [line.strip() for line in text.splitlines()]
    positions = [lines.index(heading) for heading in headings]
    assert positions == sorted(positions)
    flat = " ".join(text.split())
    assert flat.index("lange Bearbeitungszeiten") < flat.index("Rückrufzeiten auf der Homepage")
    assert "<b>Kein HTML</b>" in flat  # the officer's text is text, never markup
    assert "Seite 1 von" in flat
    assert "Endfassung Version 2, abgeschlossen am 14.10.2026, 07:30 von KRM-Beauftragte" in flat


def test_branding_and_glossary(text: str) -> None:
    flat = " ".join(text.split())
    assert flat.startswith("Jobcenter Rhein-Lahn Kundenreaktionsmanagement")
    glossary = flat[flat.index("Begriffe") :]
    for term in ("Arbeitstage", "fällig", "Median, 90. Perzentil", "„< 5“", "Nicht enthalten"):
        assert term in glossary
    assert "Feiertage des Bundeslands" in glossary
    assert "RL Nr. 2 Fristen" in glossary  # the deadline's rule from the figures


def test_small_counts_show_as_less_than_threshold(text: str) -> None:
    rows: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = re.match(
            r"\s*(Persisch|Verhalten|Arbeitgeber|Brief|Türkisch|Sonstige|Telefon)\s{2,}(.+?)\s*$",
            line,
        )
        if match:
            # pdftotext -layout may close up "< 5" to "<5"
            rows.setdefault(match.group(1), []).append(re.sub(r"\s+", "", match.group(2)))
    # in the tables and beside the charts' bars alike
    assert set(rows["Persisch"]) == {"<5"}  # 3 reactions in Persian
    assert set(rows["Verhalten"]) == {"<5"}  # 4 justified for behaviour
    assert set(rows["Arbeitgeber"]) == {"<5"}  # 4 employers
    assert "<5<5<5" in rows["Brief"]  # 3, 2, 2 letters
    # a lone small count would follow from the total: the next smallest goes with it, as
    # "k. A.", in the tables and beside the bars alike
    assert set(rows["Türkisch"]) == {"k.A."}  # 6, beside Persisch's 3
    assert set(rows["Sonstige"]) == {"k.A."}  # 18 others, beside the 4 employers
    assert "k.A.k.A.k.A." in rows["Telefon"]  # 17, 15, 13 calls, beside the letters
    concealed = rows["Türkisch"] + rows["Sonstige"] + rows["Telefon"]
    assert not any(re.search(r"\d", found) for found in concealed)
    # totals stay exact, however small
    flat = " ".join(text.split())
    assert "An Antikorruption abgegeben: 1." in flat
    assert "hohem Risiko (z. B. Presse, Anwalt, Drohung): 4." in flat
    glossary = flat[flat.index("Begriffe") :]
    assert "„k. A.“ Keine Angabe" in glossary


def test_no_case_text_contact_or_staff_name(text: str) -> None:
    assert "@" not in text
    assert not re.search(r"\+49|\b0\d{3,5}[ /-]?\d{4,}", text)  # no phone number
    assert "[Name]" in text  # the masked measure owner
    assert "Eingangszone" in text


def test_pages_as_pictures(pdf_file: Path) -> None:
    """Page 1 and the chart pages as PNG, to look at (not compared pixel by pixel)."""
    PAGES.mkdir(exist_ok=True)
    for old in PAGES.glob("report-*.png"):
        old.unlink()
    pdftools.run("pdftoppm", "-r", "60", "-f", "1", "-l", "3", "-png", pdf_file, PAGES / "report")
    pictures = sorted(PAGES.glob("report-*.png"))
    assert len(pictures) == 3
    assert all(picture.stat().st_size > 5_000 for picture in pictures)
    info = pdftools.pdfinfo(pdf_file)
    assert info["Tagged"] == "yes"
    assert "A4" in info["Page size"]


def test_a_draft_says_so_and_marks_empty_sections(app: Flask) -> None:
    with app.app_context():
        html = report_html(
            sample_figures(),
            causes="",
            recommendations="  \n\n ",
            profile_name="Jobcenter Berlin Neukölln",
            status="draft",
        )
    assert '<html lang="de">' in html
    assert "<title>KRM-Bericht 3. Quartal 2026 – Jobcenter Berlin Neukölln</title>" in html
    assert '<p class="status draft">Entwurf</p>' in html
    assert html.count("Noch nicht ausgefüllt.") == 2
    assert "Endfassung" not in html
    assert '<th scope="col"' in html and '<th scope="row"' in html
    assert html.count("<figure") == 7 and html.count("<figcaption>") == 7


def test_an_unknown_status_is_refused(app: Flask) -> None:
    with app.app_context(), pytest.raises(ValueError, match="status"):
        report_html(
            sample_figures(), causes="", recommendations="", profile_name="X", status="done"
        )


def test_rendering_fetches_nothing_from_the_network(tmp_path: Path) -> None:
    fetcher = report_pdf_module.LocalFetcher()
    with pytest.raises(ValueError, match="network"):
        fetcher.fetch("http://127.0.0.1:9/tracker.png")
    with pytest.raises(ValueError, match="static"):
        fetcher.fetch((tmp_path / "x.png").as_uri())
    with pytest.raises(ValueError, match="static"):
        fetcher.fetch((report_pdf_module.STATIC / ".." / "config.py").resolve().as_uri())
    inside = fetcher.fetch((report_pdf_module.STATIC / "img" / "favicon.svg").as_uri())
    assert b"<svg" in inside.read()
    inside.close()
    # an <img> from the network is skipped and the document still renders
    html = (
        '<!doctype html><html lang="de"><head><title>T</title></head><body><h1>T</h1>'
        '<figure><img src="http://127.0.0.1:9/x.png" alt="extern"></figure></body></html>'
    )
    assert report_pdf_module.render(html).startswith(b"%PDF")


def test_overview_hides_as_the_breakdowns_do(app: Flask) -> None:
    """The overview's justified yes / no / open and deadline shares follow the same rule."""
    figures = sample_figures(threshold=5)
    ack, answer = figures.timeliness.deadlines
    figures = dataclasses.replace(
        figures,
        justified_no=2,
        timeliness=dataclasses.replace(
            figures.timeliness, deadlines=(dataclasses.replace(ack, kept=3), answer)
        ),
    )
    with app.app_context():
        html = report_html(figures, **{**FINAL, "status": "draft"})  # type: ignore[arg-type]
    flat = " ".join(html.split())
    # 2 not justified alone would follow from the others: the 11 still open go too
    assert '<td class="num">41 / &lt; 5 / k. A.</td>' in flat
    assert '<th scope="row">noch offen</th><td class="num">k. A.</td>' in flat
    # 3 of 88 acknowledged in time: no share (it would give the 3 away); the answer's share
    assert (
        'Eingangsbestätigung binnen 3 Arbeitstagen: eingehalten</th><td class="num">–</td>' in flat
    )
    assert (
        'abschließende Bearbeitung binnen 14 Tagen: eingehalten</th><td class="num">77 %</td>'
        in flat
    )
    # the tables outside the charts: senders, states, reasons
    assert '<th scope="row">Sonstige</th><td class="num">k. A.</td>' in flat
    assert '<th scope="row">Arbeitgeber</th><td class="num">&lt; 5</td>' in flat
