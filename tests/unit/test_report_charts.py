"""The report's charts: accessible SVG with real text, small numbers hidden, same bytes twice."""

from __future__ import annotations

import base64
import dataclasses
import time
import xml.etree.ElementTree as ET

from intake.reports.charts import Chart, report_charts
from intake.reports.figures import ACK, ANSWER, Deadline, Row, Timeliness
from tests.report_samples import sample_figures

SVG = "{http://www.w3.org/2000/svg}"


def parse(chart: Chart) -> ET.Element:
    return ET.fromstring(chart.svg)  # noqa: S314 - our own matplotlib output


def texts(chart: Chart) -> list[str]:
    """Every text the SVG draws (labels, values, legend), as a reader would get it."""
    root = parse(chart)
    found = []
    for element in root.iter(f"{SVG}text"):
        found.append("".join(element.itertext()).strip())
    return [text for text in found if text]


def by_id(charts: list[Chart], chart_id: str) -> Chart:
    return next(chart for chart in charts if chart.id == chart_id)


def test_the_report_has_its_charts_each_with_title_and_description() -> None:
    charts = report_charts(sample_figures())
    ids = [chart.id for chart in charts]
    for wanted in ("chart-month", "chart-kind", "chart-channel", "chart-deadlines"):
        assert wanted in ids
    assert "chart-open-age" in ids
    for chart in charts:
        root = parse(chart)
        assert root.get("role") == "img"
        title = root.find(f"{SVG}title")
        desc = root.find(f"{SVG}desc")
        assert title is not None and title.text == chart.title
        assert desc is not None and desc.text == chart.description
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert chart.title and len(chart.description) > 30
        # the table beside it has one cell per header in every row
        assert chart.rows
        assert all(len(row) == len(chart.headers) for row in chart.rows)
        # no XML declaration: the SVG can stand inside HTML
        assert chart.svg.startswith("<svg")


def test_labels_and_values_are_real_text_not_paths() -> None:
    charts = report_charts(sample_figures())
    kind = texts(by_id(charts, "chart-kind"))
    assert "Beschwerde" in kind and "Dienstaufsichtsbeschwerde" in kind
    assert "96" in kind and "88" in kind and "71" in kind  # period, before, year before
    assert {"3. Quartal 2026", "2. Quartal 2026", "3. Quartal 2025"} <= set(kind)  # legend
    languages = texts(by_id(charts, "chart-language"))
    assert "Türkisch" in languages and "Ukrainisch" in languages
    deadlines = texts(by_id(charts, "chart-deadlines"))
    assert any(text.startswith("90 %") and "79 von 88" in text for text in deadlines)


def test_the_data_table_holds_the_same_numbers() -> None:
    chart = by_id(report_charts(sample_figures()), "chart-channel")
    assert chart.headers == ("Kanal", "3. Quartal 2026", "2. Quartal 2026", "3. Quartal 2025")
    assert chart.rows[0] == ("QR-Code auf der Meinungskarte", "71", "52", "30")
    # letters (3 / 2 / 2) are the only small channel in each period: the phone (17 / 15 / 13),
    # next smallest, is hidden in every column too
    assert ("Brief", "< 5", "< 5", "< 5") in chart.rows
    assert ("Telefon", "k. A.", "k. A.", "k. A.") in chart.rows
    drawn = texts(chart)
    assert not {"17", "15", "13", "3", "2"} & set(drawn)
    assert drawn.count("k. A.") == 3


def test_suppressed_counts_are_neither_drawn_nor_written() -> None:
    charts = report_charts(sample_figures(threshold=5))
    kind = by_id(charts, "chart-kind")
    # Dienstaufsicht 3 / 4 / 1 and Petition 2 / 0 / 1: only "< 5" and the 0 may show
    drawn = texts(kind)
    for true_value in ("1", "2", "3", "4"):
        assert true_value not in drawn
    assert drawn.count("< 5") == 5
    assert "0" in drawn
    assert ("Dienstaufsichtsbeschwerde", "< 5", "< 5", "< 5") in kind.rows
    assert ("Petition", "< 5", "0", "< 5") in kind.rows

    language = by_id(charts, "chart-language")
    assert "3" not in texts(language)  # Persisch
    assert ("Persisch", "< 5") in language.rows
    # the only small language: the next smallest (Türkisch, 6) is hidden too, in the table
    # and at its bar alike, so 212 minus the others does not give Persisch
    assert ("Türkisch", "k. A.") in language.rows
    assert "6" not in texts(language) and "k. A." in texts(language)
    assert ("Arabisch", "14") in language.rows

    # With the threshold at 1 nothing is hidden, so the values above are really there.
    shown_all = texts(by_id(report_charts(sample_figures(threshold=1)), "chart-kind"))
    assert {"1", "2", "3", "4"} <= set(shown_all)
    assert "< 1" not in shown_all


def test_a_suppressed_bar_has_no_height() -> None:
    """Persisch (3) under threshold 5 is hidden, and Türkisch (6), the next smallest, with it
    (else 212 minus the others gives Persisch): two bars fewer than with every count shown."""

    def bars(threshold: int) -> int:
        chart = by_id(report_charts(sample_figures(threshold=threshold)), "chart-language")
        root = parse(chart)
        patches = [
            group
            for group in root.iter(f"{SVG}g")
            if (group.get("id") or "").startswith("chart-language-patch_")
        ]
        # a bar of height 0 is drawn as a degenerate path; count the ones with an area
        return sum(1 for group in patches if _has_area(group))

    assert bars(threshold=1) - bars(threshold=5) == 2


def _has_area(group: ET.Element) -> bool:
    path = group.find(f"{SVG}path")
    if path is None:
        return False
    numbers = [float(part) for part in path.get("d", "").replace("\n", " ").split() if _num(part)]
    xs, ys = numbers[0::2], numbers[1::2]
    return bool(xs and ys) and max(xs) - min(xs) > 0.01 and max(ys) - min(ys) > 0.01


def _num(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_a_deadline_with_few_cases_due_shows_no_share() -> None:
    figures = dataclasses.replace(
        sample_figures(threshold=5),
        timeliness=Timeliness(
            deadlines=(
                Deadline(ACK, "Eingangsbestätigung binnen 3 Arbeitstagen", "GA 5.3", 4, 3),
                Deadline(ANSWER, "Antwort binnen 14 Tagen", "RL Nr. 2", 40, 30),
            ),
            open_by_age=(Row("0-7", "0–7 Tage", 2), Row("8-14", "8–14 Tage", 12)),
        ),
    )
    charts = report_charts(figures)
    chart = by_id(charts, "chart-deadlines")
    assert chart.rows[0] == ("Eingangsbestätigung binnen 3 Arbeitstagen", "< 5", "< 5", "–")
    assert chart.rows[1] == ("Antwort binnen 14 Tagen", "40", "30", "75 %")
    drawn = " ".join(texts(chart))
    assert "– (< 5 von < 5)" in drawn
    assert "75 %" in drawn
    assert "(3 von 4)" not in drawn
    age = texts(by_id(charts, "chart-open-age"))
    # 2 is hidden, and 12 with it: the open cases add up to a known number
    assert "2" not in age and "12" not in age
    assert "< 5" in age and "k. A." in age
    assert by_id(charts, "chart-open-age").rows == (("0–7 Tage", "< 5"), ("8–14 Tage", "k. A."))


def test_two_renders_are_byte_equal_and_ids_unique_on_a_page() -> None:
    first = report_charts(sample_figures())
    second = report_charts(sample_figures())
    assert [chart.svg for chart in first] == [chart.svg for chart in second]
    ids: list[str] = []
    for chart in first:
        ids += [element.get("id", "") for element in parse(chart).iter() if element.get("id")]
        assert "<dc:date>" not in chart.svg
    assert len(ids) == len(set(ids))


def test_the_data_uri_is_the_svg() -> None:
    chart = report_charts(sample_figures())[0]
    prefix = "data:image/svg+xml;base64,"
    assert chart.data_uri.startswith(prefix)
    assert base64.b64decode(chart.data_uri[len(prefix) :]).decode() == chart.svg


def test_charts_are_fast() -> None:
    figures = sample_figures()
    report_charts(figures)  # matplotlib's first use loads fonts
    best = min(_timed(figures) for _ in range(3))
    assert best / len(report_charts(figures)) < 0.1


def _timed(figures: object) -> float:
    started = time.perf_counter()
    report_charts(figures)  # type: ignore[arg-type]
    return time.perf_counter() - started
