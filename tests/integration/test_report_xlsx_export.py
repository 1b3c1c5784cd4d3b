"""The staff's XLSX download of a period: who may fetch it, and what it holds."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.models import AuditEvent, Case, Contact, Office, random_id
from intake.reports import services as reports
from intake.web.extensions import db
from tests.helpers import login, make_user

D = dt.date
URL = "/staff/reports/export.xlsx?period=2025-Q2"


@pytest.fixture
def app_config(tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "staff_names.txt"
    path.write_text("# Team Eingangszone\nKevin Schulz\n", encoding="utf-8")
    return {"STAFF_NAMES_FILE": str(path)}


def add(app: Flask, received_on: D, text: str, **fields: Any) -> int:
    values: dict[str, Any] = {
        "channel": "qr_card",
        "kind": "complaint",
        "language": "de",
        "status": "new",
    }
    values.update(fields)
    contact = values.pop("contact", None)
    with app.app_context():
        office = db.session.scalar(select(Office.id).where(Office.code == "DIEZ"))
        row = Case(id=random_id(), office_id=office, received_on=received_on, text=text, **values)
        if contact:
            row.contact = Contact(preferred="email", consent_on=received_on, **contact)
        db.session.add(row)
        db.session.commit()
        return row.id


def client_as(app: Flask, role: str) -> FlaskClient:
    email = f"{role}@example.org"
    make_user(app, email, role, office_code="DIEZ" if role == "team_lead" else None)
    visitor = app.test_client()
    login(visitor, email)
    return visitor


def seed(app: Flask) -> dict[str, int]:
    return {
        "rude": add(
            app,
            D(2025, 4, 2),
            "Kevin Schulz war unfreundlich, bitte melden Sie sich.",
            krm_kind="beschwerde",
            status="answered",
            answered_on=D(2025, 4, 12),
            contact={"name": "Anna Kundin", "email": "anna@example.org"},
        ),
        "formula": add(app, D(2025, 5, 5), "=cmd|' /C calc'!A0", language="uk"),
        "restricted": add(app, D(2025, 5, 6), "Bestechung bei der Bewilligung", restricted=True),
        "later": add(app, D(2025, 7, 1), "Folgequartal"),
    }


def test_officer_downloads_the_quarter_as_xlsx(app: Flask) -> None:
    ids = seed(app)
    response = client_as(app, "officer").get(URL)
    assert response.status_code == 200
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="krm-export-2025-q2.xlsx"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    assert book.sheetnames == ["Fälle", "Kennzahlen"]
    cases = book["Fälle"]
    assert cases.freeze_panes == "A2"
    header = [cell.value for cell in cases[1]]
    assert header == list(reports.EXPORT_COLUMNS)
    rows = {
        row[0]: dict(zip(header, row, strict=True))
        for row in cases.iter_rows(min_row=2, values_only=True)
    }
    assert set(rows) == {str(ids["rude"]), str(ids["formula"])}
    rude = rows[str(ids["rude"])]
    assert rude["text"] == "[Name] war unfreundlich, bitte melden Sie sich."
    assert rude["eingang"] == dt.datetime(2025, 4, 2)
    assert rows[str(ids["formula"])]["text"] == "'=cmd|' /C calc'!A0"
    assert rows[str(ids["formula"])]["sprache"] == "Ukrainisch"
    everything = " ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    for secret in ("Schulz", "Anna Kundin", "anna@example.org", "Bestechung", "Folgequartal"):
        assert secret not in everything, secret
    figures = {row[0]: row[1:] for row in book["Kennzahlen"].iter_rows(values_only=True)}
    assert figures["Reaktionen gesamt (ohne Spam)"][0] == 2
    assert figures["Beschwerde (Fachaufsichtsbeschwerde)"][0] == "< 5"  # one: below 5
    assert book.properties.title == "KRM-Export 2. Quartal 2025"
    with app.app_context():
        details = list(
            db.session.scalars(
                select(AuditEvent.detail).where(AuditEvent.action == "report_export")
            )
        )
    assert details == ["xlsx:2025-Q2"]


def test_management_may_download_and_a_bad_period_is_400(app: Flask) -> None:
    seed(app)
    management = client_as(app, "management")
    assert management.get(URL).status_code == 200
    assert management.get("/staff/reports/export.xlsx?period=2025-Q5").status_code == 400


@pytest.mark.parametrize("role", ["team_lead", "anti_corruption", "service", "admin"])
def test_other_roles_may_not_download(app: Flask, role: str) -> None:
    seed(app)
    assert client_as(app, role).get(URL).status_code == 403
    with app.app_context():
        assert (
            db.session.scalar(select(AuditEvent).where(AuditEvent.action == "report_export"))
            is None
        )


def test_without_login_the_download_sends_to_the_login(app: Flask, client: FlaskClient) -> None:
    response = client.get(URL)
    assert response.status_code in (302, 303)
    assert "/staff/login" in response.headers["Location"]
