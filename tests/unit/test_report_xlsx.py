"""The XLSX export: what Excel opens must be exact, formula-free and as masked as the CSV."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile
from typing import Any

import openpyxl
import pytest

from intake.reports.figures import Durations, Row
from intake.reports.services import EXPORT_COLUMNS
from intake.reports.xlsx import workbook
from tests.report_samples import sample_figures

BIG_ID = 4_611_686_018_427_387_903  # 2**62 - 1: Excel would round it to 4611686018427380000


def case_row(**values: str) -> list[str]:
    """An export row (as `export_rows` yields it), columns named as in EXPORT_COLUMNS."""
    row = {
        "id": "5123456789012345678",
        "eingang": "2026-07-14",
        "geschaeftsstelle": "DIEZ",
        "kanal": "qr_card",
        "sprache": "Deutsch",
        "absender_art": "citizen",
        "krm_art": "beschwerde",
        "begruendet": "ja",
        "begruendung": "bearbeitungsdauer",
        "status": "answered",
        "beantwortet_am": "2026-07-21",
        "abgeschlossen_am": "",
        "hohes_risiko": "nein",
        "text": "Seit sechs Wochen warte ich auf den Bescheid, [Name] ruft nicht zurück.",
    }
    row.update(values)
    return [row[name] for name in EXPORT_COLUMNS]


def opened(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def cell_of(sheet: Any, row: int, column: str) -> Any:
    return sheet.cell(row=row, column=EXPORT_COLUMNS.index(column) + 1)


def figure_rows(sheet: Any) -> dict[str, tuple[Any, ...]]:
    """The Kennzahlen sheet by its first column (the last row of a label wins)."""
    return {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row[0]}


def test_cases_sheet_has_header_frozen_filter_and_widths() -> None:
    book = opened(workbook(None, [case_row(), case_row(id="17")]))
    assert book.sheetnames == ["Fälle"]
    sheet = book["Fälle"]
    assert [cell.value for cell in sheet[1]] == list(EXPORT_COLUMNS)
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:N3"
    assert sheet.column_dimensions["N"].width >= 60  # the text column is wide
    assert sheet.column_dimensions["B"].width >= 10


def test_dates_are_dates_shown_german_and_empty_dates_stay_empty() -> None:
    sheet = opened(workbook(None, [case_row()]))["Fälle"]
    received = cell_of(sheet, 2, "eingang")
    assert received.is_date
    assert received.value.date() == dt.date(2026, 7, 14)
    assert received.number_format == "DD.MM.YYYY"
    assert cell_of(sheet, 2, "beantwortet_am").value.date() == dt.date(2026, 7, 21)
    assert cell_of(sheet, 2, "abgeschlossen_am").value is None


def test_62_bit_ids_arrive_exactly_as_text() -> None:
    sheet = opened(workbook(None, [case_row(id=str(BIG_ID))]))["Fälle"]
    cell = cell_of(sheet, 2, "id")
    assert cell.data_type == "s"
    assert cell.value == "4611686018427387903"
    assert int(cell.value) == BIG_ID


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("https://example.com/?q="&A1;"Antrag ansehen")',
        "\ufeff=1+1",
        "+49 170 1234567 bitte zurückrufen",
        "-Termin verschoben",
        "@SUM(A1:A9)",
        "\u200b\u200e=cmd|' /C calc'!A0",
        "＝1+1",
    ],
)
def test_formulas_in_texts_come_out_as_plain_text(text: str) -> None:
    data = workbook(None, [case_row(text=text, begruendung=text)])
    sheet = opened(data)["Fälle"]
    for column in ("text", "begruendung"):
        cell = cell_of(sheet, 2, column)
        assert cell.data_type == "s", column
        assert cell.value == "'" + text, column
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_texts_in_every_language_survive_and_control_characters_do_not_break_the_file() -> None:
    rows = [
        case_row(id="1", sprache="Ukrainisch", text="Дуже довго чекала на відповідь."),
        case_row(id="2", sprache="Arabisch", text="انتظرت طويلاً في المكتب."),
        case_row(id="3", sprache="Türkisch", text="Randevu çok geç verildi.\x07\x00"),
    ]
    sheet = opened(workbook(None, rows))["Fälle"]
    assert cell_of(sheet, 2, "text").value == "Дуже довго чекала на відповідь."
    assert cell_of(sheet, 3, "text").value == "انتظرت طويلاً في المكتب."
    assert cell_of(sheet, 4, "text").value == "Randevu çok geç verildi."


def test_a_text_longer_than_an_excel_cell_is_shortened() -> None:
    long = "Die Wartezeit im Eingangsbereich ist zu lang. " * 1000
    sheet = opened(workbook(None, [case_row(text=long)]))["Fälle"]
    value = cell_of(sheet, 2, "text").value
    assert len(value) == 32_767 and value.endswith("…")


def test_two_thousand_rows_from_a_generator() -> None:
    def rows() -> Any:
        for number in range(1, 2_001):
            yield case_row(id=str(number), text=f"Hinweis Nummer {number}")

    sheet = opened(workbook(None, rows()))["Fälle"]
    assert sheet.max_row == 2_001
    assert cell_of(sheet, 2_001, "id").value == "2000"
    assert sheet.auto_filter.ref == "A1:N2001"


def test_figures_sheet_suppresses_small_numbers_as_shown_does() -> None:
    book = opened(workbook(sample_figures(threshold=5), [case_row()]))
    assert book.sheetnames == ["Fälle", "Kennzahlen"]
    rows = figure_rows(book["Kennzahlen"])
    # totals as they are, with the period before and a year before
    assert rows["Reaktionen gesamt (ohne Spam)"][:3] == (212, 187, 164)
    # breakdown rows with comparisons; 1 … 4 hidden, 0 shown
    assert rows["Beschwerde"][:3] == (96, 88, 71)
    assert rows["Dienstaufsichtsbeschwerde"][:3] == ("< 5", "< 5", "< 5")
    assert rows["Petition"][:3] == ("< 5", 0, "< 5")
    assert rows["Persisch"][0] == "< 5"
    # the one small language would follow from the total: the next smallest is hidden too
    assert rows["Türkisch"][0] == "k. A."
    assert rows["Russisch"][0] == 9
    # letters 3 / 2 / 2 are the only small channel in each column: the phone goes with them
    assert rows["Brief"][:3] == ("< 5", "< 5", "< 5")
    assert rows["Telefon"][:3] == ("k. A.", "k. A.", "k. A.")
    # kinds: two small ones protect each other now and a year before; in the period before
    # petitions were 0, so the supervisory complaints (4) are alone and ideas (27) go too
    assert rows["Idee/Anregung"][:3] == (31, "k. A.", 22)
    assert rows["Lob"][:3] == (54, 41, 45)
    # open by age: 3 and 2 protect each other, 0 stays 0
    assert (rows["15–30 Tage"][0], rows["31–90 Tage"][0], rows["8–14 Tage"][0]) == ("< 5", "< 5", 6)
    assert rows["mehr als 90 Tage"][0] == 0
    # single totals as they are, however small, as on the report page and in its PDF
    assert rows["an Antikorruption abgegeben (nicht mitgezählt)"][0] == 1
    assert rows["davon hohes Risiko"][0] == 4
    assert rows["davon nicht klassifiziert"][0] == 26
    assert (rows["begonnen"][0], rows["davon wirksam"][0]) == (5, 1)
    assert (rows["Rezensionen"][0], rows["beantwortet"][0]) == (29, 27)
    headers = [row for row in book["Kennzahlen"].iter_rows(values_only=True) if row[0] == "Art"]
    assert headers == [("Art", "Anzahl", "Vorperiode (2026-Q2)", "Vorjahr (2025-Q3)")]


def test_figures_sheet_number_formats() -> None:
    sheet = opened(workbook(sample_figures(), []))["Kennzahlen"]
    by_label = {row[0].value: row for row in sheet.iter_rows() if row[0].value}
    ack = by_label["Eingangsbestätigung binnen 3 Arbeitstagen"]
    assert (ack[1].value, ack[2].value) == (88, 79)
    assert ack[3].value == pytest.approx(79 / 88)
    assert ack[3].number_format == "0.0%"
    answer = by_label["Eingang bis Antwort"]
    assert (answer[1].value, answer[2].value, answer[3].value) == (170, 6, 13)
    assert answer[2].number_format == "0.0"
    assert by_label["Eingang bis Abgabe an die Teamleitung"][2].value == "–"
    assert by_label["Beginn"][1].value.date() == dt.date(2026, 7, 1)
    assert by_label["Beginn"][1].number_format == "DD.MM.YYYY"
    assert by_label["Beschwerde"][1].number_format == "#,##0"


def test_a_share_is_left_out_where_its_base_is_suppressed() -> None:
    figures = sample_figures(threshold=5)
    deadlines = (
        dataclasses.replace(figures.timeliness.deadlines[0], due=3, kept=3),
        figures.timeliness.deadlines[1],
    )
    timeliness = dataclasses.replace(
        figures.timeliness, deadlines=deadlines, to_answer=Durations(2, 4.0, 9.0)
    )
    figures = dataclasses.replace(
        figures, timeliness=timeliness, by_month=(Row("2026-07", "Juli 2026", 3, None, 0),)
    )
    rows = figure_rows(opened(workbook(figures, []))["Kennzahlen"])
    assert rows["Eingangsbestätigung binnen 3 Arbeitstagen"][:3] == ("< 5", "< 5", "–")
    assert rows["Eingang bis Antwort"][:3] == ("< 5", "–", "–")
    assert rows["Juli 2026"][:2] == ("< 5", 0)


def test_a_small_justified_count_hides_the_next_smallest() -> None:
    figures = dataclasses.replace(
        sample_figures(threshold=5),
        justified_yes=41,
        justified_no=3,
        justified_open=11,
        justified_reasons=(
            Row("bearbeitungsdauer", "lange Bearbeitungsdauer", 23),
            Row("erreichbarkeit", "Erreichbarkeit", 12),
            Row("verhalten", "Verhalten", 6),
        ),
    )
    sheet = opened(workbook(figures, []))["Kennzahlen"]
    rows = figure_rows(sheet)
    assert rows["begründet"][0] == 41
    assert (rows["nicht begründet"][0], rows["noch offen"][0]) == ("< 5", "k. A.")
    # no small reason: every reason as it is
    assert [
        rows[label][0] for label in ("lange Bearbeitungsdauer", "Erreichbarkeit", "Verhalten")
    ] == [23, 12, 6]
    hidden = next(cell for cell in sheet.iter_rows() if cell[0].value == "noch offen")[1]
    assert hidden.alignment.horizontal == "right"


def test_threshold_one_shows_every_count() -> None:
    rows = figure_rows(opened(workbook(sample_figures(threshold=1), []))["Kennzahlen"])
    assert rows["Dienstaufsichtsbeschwerde"][:3] == (3, 4, 1)
    assert not any("Kleine Zahlen" in str(label) for label in rows)


def test_document_properties_name_no_one_and_no_time_of_day() -> None:
    data = workbook(sample_figures(), [case_row()], title="KRM-Export 3. Quartal 2026")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
        stamps = {info.date_time for info in archive.infolist()}
    assert "creator" not in core and "lastModifiedBy" not in core
    assert "<dc:title" in core and "KRM-Export 3. Quartal 2026" in core
    assert "2026-10-12T00:00:00Z" in core  # the figures' date, at midnight
    assert stamps == {(2026, 10, 12, 0, 0, 0)}
    props = opened(data).properties
    assert props.title == "KRM-Export 3. Quartal 2026"
    assert props.created == dt.datetime(2026, 10, 12)


def test_a_failed_export_leaves_no_temporary_file_with_case_texts() -> None:
    from openpyxl.worksheet import _writer

    def rows() -> Any:
        yield case_row(text="Mein Antrag liegt seit März unbearbeitet.")
        raise RuntimeError("Verbindung zur Datenbank verloren")

    before = list(_writer.ALL_TEMP_FILES)
    with pytest.raises(RuntimeError, match="Datenbank"):
        workbook(sample_figures(), rows())
    assert before == _writer.ALL_TEMP_FILES
