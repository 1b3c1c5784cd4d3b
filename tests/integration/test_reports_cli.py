"""`flask --app intake reports …`: the exports for timers and scripts, and their errors."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from intake.models import AuditEvent, Case, Office, ReportVersion, random_id
from intake.reports import services as reports
from intake.web.extensions import db
from tests.report_samples import sample_figures

D = dt.date
TODAY = D(2026, 11, 30)


class FrozenDate(dt.date):
    """`date.today()` is 30 November 2026 for the command."""

    @classmethod
    def today(cls) -> FrozenDate:
        return cls(TODAY.year, TODAY.month, TODAY.day)


@pytest.fixture
def app_config(tmp_path: Path) -> dict[str, Any]:
    """Neukölln reports quarterly; one colleague's name must never reach an export."""
    names = tmp_path / "staff_names.txt"
    names.write_text("Kevin Schulz\n", encoding="utf-8")
    return {"RULE_PROFILE": "neukoelln", "STAFF_NAMES_FILE": str(names)}


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("intake.cli.reports.date", FrozenDate)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The umask most services start with, whatever the test runner's."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def add(app: Flask, received_on: D, text: str, **fields: Any) -> int:
    values: dict[str, Any] = {
        "channel": "qr_card",
        "kind": "complaint",
        "language": "de",
        "status": "new",
    }
    values.update(fields)
    with app.app_context():
        office = db.session.scalar(select(Office.id).where(Office.code == "DIEZ"))
        row = Case(id=random_id(), office_id=office, received_on=received_on, text=text, **values)
        db.session.add(row)
        db.session.commit()
        return row.id


def seed(app: Flask) -> dict[str, int]:
    """Cases in 2026-Q3 (the latest ended quarter on 30 Nov 2026) and in the running Q4."""
    return {
        "q3": add(
            app,
            D(2026, 8, 12),
            "Herr Schulz hat mich am Telefon abgewimmelt, Kevin Schulz ruft nie zurück.",
            krm_kind="beschwerde",
        ),
        "q3_formula": add(app, D(2026, 9, 3), '=HYPERLINK("https://example.com";"hier")'),
        "q3_restricted": add(
            app, D(2026, 9, 4), "Geld gegen schnellere Bewilligung angeboten", restricted=True
        ),
        "q4": add(app, D(2026, 10, 20), "Termin im Oktober war ausgebucht."),
    }


def events(app: Flask) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent.detail)
                .where(AuditEvent.action == "report_export")
                .order_by(AuditEvent.id)
            )
        )


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_csv_defaults_to_the_latest_ended_quarter(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, usual_umask: None
) -> None:
    ids = seed(app)
    target = tmp_path / "export.csv"
    result = runner.invoke(args=["reports", "csv", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "CSV 2026-Q3 (3. Quartal 2026)" in result.output
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = csv_rows(data)
    assert rows[0] == list(reports.EXPORT_COLUMNS)
    by_id = {row[0]: row for row in rows[1:]}
    assert set(by_id) == {str(ids["q3"]), str(ids["q3_formula"])}  # no Q4, nothing restricted
    text = by_id[str(ids["q3"])][-1]
    assert "Schulz" not in text and "[Name]" in text
    assert by_id[str(ids["q3_formula"])][-1].startswith("'=HYPERLINK(")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert events(app) == ["cli:csv:2026-Q3"]


def test_csv_to_standard_output_and_a_chosen_period(app: Flask, runner: FlaskCliRunner) -> None:
    ids = seed(app)
    result = runner.invoke(args=["reports", "csv", "--period", "2026-10"])
    assert result.exit_code == 0, result.output
    rows = csv_rows(result.stdout_bytes)
    assert rows[0] == list(reports.EXPORT_COLUMNS)
    assert [row[0] for row in rows[1:]] == [str(ids["q4"])]


def test_yearly_profile_defaults_to_last_year(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    app.config["RULE_PROFILE"] = "rhein-lahn"
    add(app, D(2025, 12, 31), "Silvester war das Amt geschlossen, niemand sagte es vorher.")
    add(app, D(2026, 1, 2), "Im neuen Jahr kam endlich der Bescheid.")
    target = tmp_path / "jahr.csv"
    result = runner.invoke(args=["reports", "csv", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "CSV 2025 " in result.output
    texts = [row[-1] for row in csv_rows(target.read_bytes())[1:]]
    assert texts == ["Silvester war das Amt geschlossen, niemand sagte es vorher."]


def test_latest_ended_period() -> None:
    from intake.triage.rules import PROFILES

    quarterly, yearly = PROFILES["neukoelln"], PROFILES["rhein-lahn"]
    assert reports.latest_ended(quarterly, D(2026, 11, 30)).key == "2026-Q3"
    assert reports.latest_ended(quarterly, D(2026, 9, 30)).key == "2026-Q2"  # Q3 still running
    assert reports.latest_ended(quarterly, D(2026, 10, 1)).key == "2026-Q3"
    assert reports.latest_ended(quarterly, D(2026, 1, 15)).key == "2025-Q4"
    assert reports.latest_ended(yearly, D(2026, 11, 30)).key == "2025"
    assert reports.latest_ended(yearly, D(2026, 1, 1)).key == "2025"
    assert reports.latest_ended(yearly, D(2025, 12, 31)).key == "2024"


@pytest.mark.parametrize("command", ["csv", "xlsx", "pdf"])
def test_a_bad_period_is_refused_clearly(
    runner: FlaskCliRunner, tmp_path: Path, command: str
) -> None:
    target = tmp_path / f"bericht.{command}"
    result = runner.invoke(args=["reports", command, "--period", "2026-Q5", "-o", str(target)])
    assert result.exit_code == 2
    assert "'2026-Q5' is not a period" in result.output
    assert "2026-Q3" in result.output  # says what would do
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)  # click's usage error, nothing raised
    assert not target.exists()


@pytest.mark.parametrize("command", ["csv", "xlsx", "pdf"])
def test_a_missing_folder_is_refused_and_nothing_is_left(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, command: str
) -> None:
    seed(app)
    shared = tmp_path / "ablage"
    shared.mkdir()
    target = shared / "gibt-es-nicht" / f"bericht.{command}"
    result = runner.invoke(args=["reports", command, "--period", "2026-Q3", "-o", str(target)])
    assert result.exit_code == 1
    assert f"cannot write {target}: there is no folder {target.parent}" in result.output
    assert "Traceback" not in result.output
    assert list(shared.iterdir()) == []
    assert events(app) == []  # nothing exported, nothing recorded


def test_a_file_in_place_of_the_folder_is_refused(runner: FlaskCliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "ablage"
    blocker.write_text("kein Ordner", encoding="utf-8")
    result = runner.invoke(args=["reports", "csv", "-o", str(blocker / "export.csv")])
    assert result.exit_code == 1 and "cannot write" in result.output
    assert blocker.read_text(encoding="utf-8") == "kein Ordner"


def test_a_folder_as_the_output_is_refused(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(args=["reports", "xlsx", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "is a directory" in result.output


def test_xlsx_holds_the_cases_and_the_figures(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    ids = seed(app)
    target = tmp_path / "krm.xlsx"
    result = runner.invoke(args=["reports", "xlsx", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "XLSX 2026-Q3" in result.output
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Fälle", "Kennzahlen"]
    cases = book["Fälle"]
    assert [c.value for c in cases[1]] == list(reports.EXPORT_COLUMNS)
    assert sorted(row[0] for row in cases.iter_rows(min_row=2, values_only=True)) == sorted(
        [str(ids["q3"]), str(ids["q3_formula"])]
    )
    figures = {row[0]: row[1:] for row in book["Kennzahlen"].iter_rows(values_only=True)}
    assert figures["KRM-Kennzahlen 2026-Q3"] is not None
    assert figures["Reaktionen gesamt (ohne Spam)"][0] == 2
    # a total, shown exactly (one count only, as everywhere in reports)
    assert figures["an Antikorruption abgegeben (nicht mitgezählt)"][0] == 1
    assert book.properties.title == "KRM-Export 3. Quartal 2026"
    assert book.properties.created == dt.datetime(2026, 11, 30)
    assert events(app) == ["cli:xlsx:2026-Q3"]


def test_pdf_renders_the_draft_when_nothing_is_final(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    seed(app)
    with app.app_context():
        db.session.add(
            ReportVersion(
                period="2026-Q3",
                number=1,
                status="draft",
                causes="Viele Beschwerden über die Erreichbarkeit der Hotline.",
                recommendations="Rückrufzeiten auf der Homepage nennen.",
            )
        )
        db.session.commit()
    target = tmp_path / "bericht.pdf"
    result = runner.invoke(args=["reports", "pdf", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "PDF draft of 2026-Q3" in result.output
    assert target.read_bytes().startswith(b"%PDF")
    assert events(app) == ["cli:pdf:2026-Q3"]


def test_pdf_writes_the_newest_final_version_byte_for_byte(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    frozen = json.dumps(sample_figures().to_dict())
    first = b"%PDF-1.7\n% Endfassung 1, am 12.10.2026 abgegeben\n%%EOF\n"
    second = b"%PDF-1.7\n% Endfassung 2, korrigierte Zahlen\n\x00\xff\x10binary\n%%EOF\n"
    with app.app_context():
        for number, pdf in ((1, first), (2, second)):
            db.session.add(
                ReportVersion(
                    period="2026-Q3",
                    number=number,
                    status="final",
                    figures=frozen,
                    pdf=pdf,
                    finalized_at=dt.datetime(2026, 10, 12, 9, 30, tzinfo=dt.UTC),
                )
            )
        db.session.add(ReportVersion(period="2026-Q3", number=3, status="draft"))
        db.session.commit()
    target = tmp_path / "endfassung.pdf"
    result = runner.invoke(args=["reports", "pdf", "--period", "2026-Q3", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "final version 2" in result.output
    assert target.read_bytes() == second


def test_refresh_recomputes_the_dirty_days_once(app: Flask, runner: FlaskCliRunner) -> None:
    seed(app)
    result = runner.invoke(args=["reports", "refresh"])
    assert result.exit_code == 0, result.output
    assert "report days recomputed: 4" in result.output  # four days of receipt
    again = runner.invoke(args=["reports", "refresh"])
    assert again.exit_code == 0 and "report days recomputed: 0" in again.output
