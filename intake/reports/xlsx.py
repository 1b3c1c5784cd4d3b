"""The report export as an Excel workbook: the period's cases, and the report's figures.

Sheet "Fälle" holds the rows of `intake.reports.services.export_rows` under `EXPORT_COLUMNS`,
with what the CSV export promises (masked texts, no contact data, no restricted cases, every
text cell formula-safe through `safe_cell`) and what a spreadsheet adds: dates as real dates
shown DD.MM.YYYY, case ids as text (they are 62-bit; Excel keeps 15 digits of a number),
a frozen header row and an autofilter. It is written in openpyxl's write-only mode, so
100,000 rows stream through a temporary file instead of memory.

Sheet "Kennzahlen", when figures are given, holds the report's counts with the period before
and the same period a year earlier. Small numbers are suppressed by the one rule of
`intake.reports.figures` (as the report page, its PDF and charts do): totals are numbers as
they are (the period's totals, "nicht klassifiziert", high risk, restricted, the measures'
and the reviews' counts); each breakdown column is a group for `figures.hidden`, its hidden
counts written as the text "< 5" (1 … threshold − 1) or "k. A." (a larger count hidden so the
small one cannot be subtracted out); a share is left out ("–") where its due or kept count is
hidden, a duration's median where its count is. Number formats are Excel's built-in ones
(`#,##0`, `0.0%`, `0.0`), which Excel shows with the reader's separators (1.234; 91,3 %).

The document properties carry a title only: no creator (the default would be "openpyxl",
a user's name must never land there) and the date of the export at midnight, no time.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from intake.reports.figures import (
    Durations,
    Figures,
    Row,
    deadline_share,
    hidden,
    shown,
    shown_as,
    suppressed,
)
from intake.reports.services import EXPORT_COLUMNS, safe_cell

CASES_SHEET = "Fälle"
FIGURES_SHEET = "Kennzahlen"
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD.MM.YYYY"
COUNT_FORMAT = "#,##0"
SHARE_FORMAT = "0.0%"
DAYS_FORMAT = "0.0"
MAX_CELL = 32_767  # characters Excel holds in one cell
DATE_COLUMNS = frozenset({"eingang", "beantwortet_am", "abgeschlossen_am"})
WIDTHS = {
    "id": 22,
    "eingang": 12,
    "geschaeftsstelle": 16,
    "kanal": 14,
    "sprache": 14,
    "absender_art": 14,
    "krm_art": 18,
    "begruendet": 11,
    "begruendung": 22,
    "status": 14,
    "beantwortet_am": 15,
    "abgeschlossen_am": 17,
    "hohes_risiko": 13,
    "text": 80,
}
NONE = "–"  # no comparison made, no share computable (as `shown(None, …)` prints)


def workbook(
    figures: Figures | None,
    rows: Iterable[Sequence[str]],
    *,
    title: str | None = None,
    today: date | None = None,
) -> bytes:
    """The XLSX file: the export rows as sheet "Fälle", the figures (if any) as "Kennzahlen".

    `title` goes into the document properties (default: "KRM-Export" and the figures' period);
    `today` is the date stamped as created/modified (default: the figures' `as_of`, else today).
    """
    book = Workbook(write_only=True)
    try:
        _cases_sheet(book, rows)
        if figures is not None:
            _figures_sheet(book, figures)
    except BaseException:
        _discard(book)
        raise
    day = today or (figures.as_of if figures is not None else date.today())
    stamp = datetime(day.year, day.month, day.day)
    props = book.properties
    props.title = title or ("KRM-Export " + figures.period if figures else "KRM-Export")
    props.creator = None
    props.lastModifiedBy = None
    props.created = stamp
    props.modified = stamp
    buffer = io.BytesIO()
    # ExcelWriter itself, not `Workbook.save`, which stamps the time of saving as modified.
    with _DatedZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        archive.stamp = (day.year, day.month, day.day, 0, 0, 0)
        ExcelWriter(book, archive).save()
    return buffer.getvalue()


def _discard(book: Any) -> None:
    """Remove the temporary files of a workbook that will not be saved (they hold case texts;
    openpyxl itself would remove them only when the process ends)."""
    for sheet in book.worksheets:
        writer = getattr(sheet, "_writer", None)
        if writer is None:
            continue
        rows = getattr(sheet, "_rows", None)
        with contextlib.suppress(Exception):
            if rows is not None:
                rows.close()
            writer.close()
        with contextlib.suppress(OSError, ValueError):
            writer.cleanup()


class _DatedZip(zipfile.ZipFile):
    """A zip archive whose members all carry one date at midnight, not the time of writing."""

    stamp: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0)

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.stamp)
        info.compress_type = self.compression
        info.external_attr = 0o600 << 16
        return info

    def writestr(  # type: ignore[override]
        self, zinfo_or_arcname: str | zipfile.ZipInfo, data: str | bytes, *args: Any
    ) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = self._info(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, *args)

    def write(  # type: ignore[override]
        self, filename: str, arcname: str | None = None, *args: Any
    ) -> None:
        info = self._info(arcname or os.path.basename(filename))
        info.file_size = os.path.getsize(filename)  # lets zipfile choose Zip64 for huge sheets
        with open(filename, "rb") as source, self.open(info, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)


# --- the cases -----------------------------------------------------------------------------


def _cases_sheet(book: Any, rows: Iterable[Sequence[str]]) -> None:
    sheet = book.create_sheet(CASES_SHEET)
    for index, name in enumerate(EXPORT_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(name, 14)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in EXPORT_COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append(list(_case_cells(sheet, row)))
        count += 1
    last = get_column_letter(len(EXPORT_COLUMNS))
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"


def _case_cells(sheet: Any, row: Sequence[str]) -> Iterator[Any]:
    for name, value in zip(EXPORT_COLUMNS, row, strict=False):
        if name in DATE_COLUMNS and (day := _date(value)) is not None:
            cell = WriteOnlyCell(sheet, value=day)
            cell.number_format = DATE_FORMAT
            yield cell
        else:  # the id too: a str stays text in the file, every digit of it
            yield _text(value)


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _text(value: str) -> str | None:
    """A text cell: no control characters XML cannot hold, no formula, within Excel's limit;
    None (no cell) for an empty value."""
    if not value:
        return None
    cleaned = ILLEGAL_CHARACTERS_RE.sub("", value)
    safe = safe_cell(cleaned)
    if len(safe) > MAX_CELL:
        safe = safe[: MAX_CELL - 1] + "…"
    return safe


# --- the figures ---------------------------------------------------------------------------


class _Sheet:
    """The "Kennzahlen" sheet, written row by row."""

    def __init__(self, book: Any, figures: Figures) -> None:
        self.sheet = book.create_sheet(FIGURES_SHEET)
        for letter, width in zip("ABCD", (50, 16, 22, 22), strict=True):
            self.sheet.column_dimensions[letter].width = width
        self.figures = figures
        self.bold = Font(bold=True)
        self.heading = Font(bold=True, size=13)
        self.right = Alignment(horizontal="right")

    def blank(self) -> None:
        self.sheet.append([])

    def title(self, text: str, *, size: str = "heading") -> None:
        cell = WriteOnlyCell(self.sheet, value=text)
        cell.font = self.heading if size == "heading" else self.bold
        self.sheet.append([cell])

    def header(self, *names: str) -> None:
        cells = []
        for name in names:
            cell = WriteOnlyCell(self.sheet, value=name)
            cell.font = self.bold
            cells.append(cell)
        self.sheet.append(cells)

    def line(self, label: str, *values: Any) -> None:
        self.sheet.append([_text(label), *values])

    def count(self, value: int | None, *, hide_small: bool = True) -> Any:
        """A count cell: the number, or "< n" / "–" as text aligned like a number."""
        if value is None or (hide_small and suppressed(value, self.figures.threshold)):
            cell = WriteOnlyCell(self.sheet, value=shown(value, self.figures.threshold))
            cell.alignment = self.right
            return cell
        return self.number(value, COUNT_FORMAT)

    def group(self, values: Sequence[int | None]) -> list[Any]:
        """The cells of one breakdown group (a column), suppressed by `figures.hidden`."""
        threshold = self.figures.threshold
        flags = hidden([value or 0 for value in values], threshold)
        cells = []
        for value, flag in zip(values, flags, strict=True):
            if value is None or (flag and value):
                cell = WriteOnlyCell(self.sheet, value=shown_as(value, threshold, flag))
                cell.alignment = self.right
                cells.append(cell)
            else:
                cells.append(self.number(value, COUNT_FORMAT))
        return cells

    def number(self, value: float | None, fmt: str) -> Any:
        if value is None:
            cell = WriteOnlyCell(self.sheet, value=NONE)
            cell.alignment = self.right
            return cell
        cell = WriteOnlyCell(self.sheet, value=value)
        cell.number_format = fmt
        return cell


def _figures_sheet(book: Any, figures: Figures) -> None:
    out = _Sheet(book, figures)
    _overview(out, figures)
    _breakdowns(out, figures)
    _judgements(out, figures)
    _deadlines(out, figures)
    _durations(out, figures)
    _measures_and_reviews(out, figures)


def _overview(out: _Sheet, figures: Figures) -> None:
    out.title(f"KRM-Kennzahlen {figures.period}")
    for label, day in (("Beginn", figures.start), ("Ende", figures.end), ("Stand", figures.as_of)):
        out.line(label, _day_cell(out, day))
    out.line("Regelprofil", figures.profile)
    if figures.threshold > 1:
        out.line(
            f"Kleine Zahlen (1 bis {figures.threshold - 1}) sind als „< {figures.threshold}“ "
            "ausgewiesen; wäre in einer Aufschlüsselung nur eine Zahl verdeckt, steht auch die "
            "nächstkleinere als „k. A.“, damit sie sich nicht aus der Summe errechnen lässt; "
            "Summen vollständig."
        )
    out.blank()
    out.header("Eingänge", "Anzahl", f"Vorperiode ({figures.previous})", _year_header(figures))
    out.line(
        "Reaktionen gesamt (ohne Spam)",
        out.count(figures.total, hide_small=False),
        out.count(figures.total_previous, hide_small=False),
        out.count(figures.total_year_before, hide_small=False),
    )
    # single totals: as they are, as on the report page and in its PDF
    out.line("davon nicht klassifiziert", out.count(figures.unclassified, hide_small=False))
    out.line("davon hohes Risiko", out.count(figures.high_risk, hide_small=False))
    out.line(
        "an Antikorruption abgegeben (nicht mitgezählt)",
        out.count(figures.restricted, hide_small=False),
    )


def _day_cell(out: _Sheet, day: date) -> Any:
    cell = WriteOnlyCell(out.sheet, value=day)
    cell.number_format = DATE_FORMAT
    return cell


def _year_header(figures: Figures) -> str:
    return f"Vorjahr ({figures.year_before})"


BREAKDOWNS: tuple[tuple[str, str, str], ...] = (
    ("by_kind", "Nach Art (KRM)", "Art"),
    ("by_channel", "Nach Eingangskanal", "Kanal"),
    ("by_office", "Nach Geschäftsstelle", "Geschäftsstelle"),
    ("by_month", "Nach Monat", "Monat"),
    ("by_language", "Nach Sprache", "Sprache"),
    ("by_sender", "Nach Absender", "Absender"),
    ("by_state", "Nach Bearbeitungsstand", "Stand"),
)


def _breakdowns(out: _Sheet, figures: Figures) -> None:
    for attribute, heading, column in BREAKDOWNS:
        _breakdown(out, figures, heading, column, getattr(figures, attribute))


def _breakdown(
    out: _Sheet, figures: Figures, heading: str, column: str, rows: Sequence[Row]
) -> None:
    out.blank()
    out.title(heading, size="section")
    previous = any(row.previous is not None for row in rows)
    year_before = any(row.year_before is not None for row in rows)
    names = [column, "Anzahl"]
    if previous:
        names.append(f"Vorperiode ({figures.previous})")
    if year_before:
        names.append(_year_header(figures))
    out.header(*names)
    columns = [out.group([row.count for row in rows])]
    if previous:
        columns.append(out.group([row.previous for row in rows]))
    if year_before:
        columns.append(out.group([row.year_before for row in rows]))
    for index, row in enumerate(rows):
        out.line(row.label or row.key, *(column[index] for column in columns))


def _judgements(out: _Sheet, figures: Figures) -> None:
    out.blank()
    out.title("Begründet? (Beschwerden und Petitionen)", size="section")
    out.header("Entscheidung", "Anzahl")
    yes, no, still_open = out.group(
        [figures.justified_yes, figures.justified_no, figures.justified_open]
    )
    out.line("begründet", yes)
    out.line("nicht begründet", no)
    out.line("noch offen", still_open)
    if figures.justified_reasons:
        out.blank()
        out.title("Gründe der begründeten", size="section")
        out.header("Grund", "Anzahl")
        reasons = figures.justified_reasons
        for row, cell in zip(reasons, out.group([row.count for row in reasons]), strict=True):
            out.line(row.label or row.key, cell)


def _deadlines(out: _Sheet, figures: Figures) -> None:
    out.blank()
    out.title("Fristen", size="section")
    out.header("Frist", "fällig", "eingehalten", "Anteil eingehalten")
    for deadline in figures.timeliness.deadlines:
        out.line(
            deadline.label,
            out.count(deadline.due),
            out.count(deadline.kept),
            out.number(deadline_share(deadline, figures.threshold), SHARE_FORMAT),
        )
    if figures.timeliness.open_by_age:
        out.blank()
        out.title("Offen am Ende des Zeitraums, nach Alter", size="section")
        out.header("Alter", "Anzahl")
        ages = figures.timeliness.open_by_age
        for row, cell in zip(ages, out.group([row.count for row in ages]), strict=True):
            out.line(row.label or row.key, cell)


def _durations(out: _Sheet, figures: Figures) -> None:
    out.blank()
    out.title("Bearbeitungsdauer in Arbeitstagen", size="section")
    out.header("Schritt", "Fälle", "Median", "90 % binnen")
    steps = (
        ("Eingang bis Eingangsbestätigung", figures.timeliness.to_ack),
        ("Eingang bis Antwort", figures.timeliness.to_answer),
        ("Eingang bis Abgabe an die Teamleitung", figures.timeliness.to_forward),
        ("Abgabe bis Stellungnahme der Teamleitung", figures.timeliness.to_statement),
    )
    for label, durations in steps:
        _duration(out, label, durations, figures.threshold)


def _duration(out: _Sheet, label: str, durations: Durations, threshold: int) -> None:
    hidden = suppressed(durations.count, threshold)
    out.line(
        label,
        out.count(durations.count),
        out.number(None if hidden else durations.median, DAYS_FORMAT),
        out.number(None if hidden else durations.p90, DAYS_FORMAT),
    )


def _measures_and_reviews(out: _Sheet, figures: Figures) -> None:
    measures = figures.measures
    out.blank()
    out.title("Maßnahmen", size="section")
    out.header("", "Anzahl")
    for label, value in (
        ("begonnen", measures.opened),
        ("erledigt", measures.done),
        ("Wirksamkeit geprüft", measures.checked),
        ("davon wirksam", measures.effective),
        ("davon nicht wirksam", measures.not_effective),
    ):
        out.line(label, out.count(value, hide_small=False))
    reviews = figures.reviews
    out.blank()
    out.title("Google-Rezensionen", size="section")
    out.header("", "Wert")
    # totals, as on the report page: the reviews are public on Google anyway
    out.line("Rezensionen", out.count(reviews.count, hide_small=False))
    out.line("beantwortet", out.count(reviews.answered, hide_small=False))
    out.line("Anteil beantwortet", out.number(reviews.answered_share, SHARE_FORMAT))
    out.line("durchschnittliche Sterne", out.number(reviews.average_stars, DAYS_FORMAT))
    out.line("Tage bis zur Antwort (Median)", out.number(reviews.median_days_to_reply, DAYS_FORMAT))
