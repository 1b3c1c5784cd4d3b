"""The monthly summary for the leadership meeting: its lists, never a text, a contact or a
staff name; the page, the PDF (PDF/UA), the mail with the PDF attached and the command."""

from __future__ import annotations

import io
from datetime import date
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import click
import pikepdf
import pytest
from flask import Flask
from flask.cli import AppGroup
from flask.testing import FlaskClient

import intake.backoffice.reports.management  # noqa: F401  # registers the summary's views
from intake.cli import report_mail
from intake.models import Measure
from intake.reports import summary as monthly
from intake.reports.services import Period
from intake.web.extensions import db
from tests.factories import State, make_case
from tests.helpers import login, make_user

NOVEMBER = Period(2026, month=11)
TODAY = date(2026, 12, 2)
SECRET = "Herr Brandtner vom Empfang hat mich vor allen Leuten bloßgestellt"
CONTACT = {
    "name": "Jelena Petrenko",
    "email": "jelena.petrenko@example.net",
    "postal_address": "Hauptstraße 5, 65582 Diez",
    "preferred": "post",
}
BASE = "https://feedback.example.org"


@pytest.fixture
def app_config(tmp_path: Path) -> dict[str, Any]:
    return {
        "RULE_PROFILE": "rhein-lahn",
        "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
        "PUBLIC_BASE_URL": BASE,
        "REPORT_MAIL_TO": "leitung@jobcenter.example, geschaeftsfuehrung@jobcenter.example",
    }


def case(state: State, received_on: date, due_on: date | None = None, **fields: Any) -> int:
    item = make_case(db.session, state, received_on=received_on, text=SECRET,
                     contact=dict(CONTACT), **fields)  # fmt: skip
    if due_on is not None:
        item.next_due_on, item.next_due_name = due_on, "abschluss"
    db.session.flush()
    return item.id


def measure(what: str, status: str = "open", **fields: Any) -> None:
    db.session.add(Measure(what=what, responsible=fields.pop("responsible", "Frau Okafor"),
                           status=status, **fields))  # fmt: skip


@pytest.fixture
def world(app: Flask) -> dict[str, int]:
    with app.app_context():
        ids = {
            "risk": case("triaged", date(2026, 11, 10), high_risk=True),
            "risk_ems": case("answered", date(2026, 11, 28), high_risk=True, office="EMS"),
            "risk_october": case("triaged", date(2026, 10, 30), high_risk=True),
            "risk_restricted": case(
                "triaged",
                date(2026, 11, 12),
                high_risk=True,
                restricted=True,
                due_on=date(2026, 11, 20),
            ),
            "overdue": case("forwarded", date(2026, 11, 3), due_on=date(2026, 11, 17)),
            "due_today": case("triaged", date(2026, 11, 18), due_on=TODAY),
            "closed": case("closed", date(2026, 10, 1), due_on=date(2026, 10, 15)),
        }
        spam = make_case(
            db.session, "spam", received_on=date(2026, 11, 5), text=SECRET, high_risk=True
        )
        spam.next_due_on = date(2026, 11, 8)
        ids["spam"] = spam.id
        measure(
            "Frau Okafor schult das Team am Empfang zu Deeskalation",
            due_on=date(2026, 12, 20),
            case_id=ids["overdue"],
        )
        measure("Wartemarkensystem in Diez einführen", due_on=date(2026, 11, 20))  # overdue
        measure("Beschilderung erneuern", due_on=date(2027, 3, 1))  # too far ahead
        measure("Flyer nachdrucken", status="dropped", due_on=date(2026, 12, 10))
        measure(
            "Rückrufzeiten veröffentlichen",
            status="done",
            due_on=date(2026, 10, 1),
            check_on=date(2026, 12, 15),
        )
        measure(
            "Terminvergabe online",
            status="done",
            check_on=date(2026, 11, 30),
            checked_on=date(2026, 11, 30),
            effective=True,
        )
        measure("Korruptionsprävention", due_on=date(2026, 12, 5), case_id=ids["risk_restricted"])
        db.session.commit()
        return ids  # fmt: skip


def build() -> monthly.MonthlySummary:
    return monthly.build(db.session, NOVEMBER, today=TODAY, staff_names=("Okafor", "Brandtner"))


def test_contents(app: Flask, world: dict[str, int]) -> None:
    with app.app_context():
        found = build()
    assert found.high_risk == 2
    assert [line.case_id for line in found.high_risk_cases] == [world["risk"], world["risk_ems"]]
    assert [line.office for line in found.high_risk_cases] == ["DIEZ", "EMS"]
    assert found.high_risk_cases[0].kind == "beschwerde"
    # overdue: due before today and not ended; the risk cases' own deadlines count too
    overdue = {line.case_id for line in found.overdue_cases}
    assert world["overdue"] in overdue
    assert not overdue & {world["due_today"], world["closed"], world["spam"],
                          world["risk_restricted"]}  # fmt: skip
    assert found.overdue == len(found.overdue_cases)
    assert [m.what for m in found.measures] == [
        "Wartemarkensystem in Diez einführen",
        "[Name] schult das Team am Empfang zu Deeskalation",
    ]
    assert [m.overdue for m in found.measures] == [True, False]
    assert found.measures[1].case_id == world["overdue"]
    assert {m.responsible for m in found.measures} == {"[Name]"}
    assert [m.what for m in found.checks] == ["Rückrufzeiten veröffentlichen"]
    assert (found.measures_due, found.checks_due) == (2, 1)


def test_measure_texts_show_no_phone_number_and_no_staff_name(
    app: Flask, client: FlaskClient
) -> None:
    with app.app_context():
        measure(
            "Rückruf an 0151 23456789 durch Frau Müller",
            responsible="Frau Müller (0151 23456789)",
            due_on=date(2026, 12, 10),
        )
        measure(
            "Wirksamkeit prüfen: Kundennummer 123D456789 zurückgerufen?",
            status="done",
            check_on=date(2026, 12, 20),
        )
        db.session.commit()
        found = build()
    assert [(m.what, m.responsible) for m in found.measures] == [
        ("Rückruf an [Telefonnummer entfernt] durch [Name]", "[Name] ([Telefonnummer entfernt])")
    ]
    assert "123D456789" not in found.checks[0].what
    make_user(app, "chefin@example.org", "management")
    login(client, "chefin@example.org")
    html = client.get("/staff/reports/summary?month=2026-11").get_data(as_text=True)
    assert "Rückruf an [Telefonnummer entfernt] durch [Name]" in html
    for leaked in ("0151", "23456789", "Müller", "123D456789"):
        assert leaked not in html, leaked


def test_lists_are_limited_and_counted(app: Flask, world: dict[str, int]) -> None:
    with app.app_context():
        found = monthly.build(db.session, NOVEMBER, today=TODAY, staff_names=(), limit=1)
    assert (found.high_risk, len(found.high_risk_cases)) == (2, 1)


def test_a_month_is_required(app: Flask) -> None:
    with app.app_context(), pytest.raises(ValueError, match="needs a month"):
        monthly.build(db.session, Period(2026, 4), today=TODAY, staff_names=())


def assert_clean(content: str) -> None:
    for forbidden in (
        "Brandtner",
        "bloßgestellt",
        "Okafor",
        "Petrenko",
        "jelena",
        "Korruption",
        "Flyer",
        "Beschilderung",
    ):
        assert forbidden not in content, forbidden


def test_page_and_pdf(app: Flask, client: FlaskClient, world: dict[str, int]) -> None:
    make_user(app, "chefin@example.org", "management")
    login(client, "chefin@example.org")
    page = client.get("/staff/reports/summary?month=2026-11")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<h1>KRM-Monatsübersicht November 2026</h1>" in html
    assert f'href="/staff/cases/{world["risk"]}"' in html
    assert html.count("<caption>") == html.count("<table")
    assert_clean(html.replace("Okafor schult", ""))  # (masked: see below)
    assert "Okafor" not in html

    response = client.get("/staff/reports/summary.pdf?month=2026-11")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    with pikepdf.open(io.BytesIO(response.data)) as document:
        assert bool(document.Root.MarkInfo.Marked)
        assert str(document.Root.Lang) == "de"
        assert "/StructTreeRoot" in document.Root
        text = b"".join(page.Contents.read_bytes() if "/Contents" in page else b""
                        for page in document.pages)  # fmt: skip
    assert b"Brandtner" not in text


def test_bad_month_and_roles(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    login(client)
    for month in ("2026-13", "2026-Q4", "2026", "November"):
        assert client.get(f"/staff/reports/summary?month={month}").status_code == 400, month
    assert client.get("/staff/reports/summary").status_code == 200
    other = app.test_client()
    make_user(app, "lead@example.org", "team_lead", office_code="DIEZ")
    login(other, "lead@example.org")
    assert other.get("/staff/reports/summary").status_code == 403
    assert other.get("/staff/reports/summary.pdf").status_code == 403


def test_mail_has_counts_link_and_pdf(app: Flask, world: dict[str, int]) -> None:
    with app.app_context():
        mail = monthly.compose_mail(build(), "leitung@jobcenter.example", BASE + "/", b"%PDF-1.7")
    assert mail.subject == "KRM-Monatsübersicht November 2026"
    assert "Neue Fälle mit hohem Risiko im November 2026: 2" in mail.body
    assert f"{BASE}/staff/reports/summary?month=2026-11" in mail.body
    assert [(a.filename, a.content_type) for a in mail.attachments] == [
        ("krm-monatsuebersicht-2026-11.pdf", "application/pdf")
    ]
    assert_clean(mail.subject + mail.body)


def reports_group() -> click.Group:
    group = AppGroup("reports")
    report_mail.register(group)
    return group


def test_command_sends_one_mail_per_recipient(app: Flask, world: dict[str, int]) -> None:
    result = app.test_cli_runner().invoke(
        reports_group(), ["send", "--month", "2026-11", "--today", TODAY.isoformat()]
    )
    assert result.exit_code == 0, result.output
    assert "summary 2026-11: 2 sent, 0 failed" in result.output
    outbox = sorted(Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml"))
    assert len(outbox) == 2
    for path in outbox:
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        assert message["Subject"] == "KRM-Monatsübersicht November 2026"
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        assert_clean(body.get_content())
        (attachment,) = list(message.iter_attachments())
        assert attachment.get_content_type() == "application/pdf"
        assert attachment.get_filename() == "krm-monatsuebersicht-2026-11.pdf"
        assert attachment.get_content().startswith(b"%PDF-")
    recipients = {
        BytesParser(policy=policy.default).parsebytes(p.read_bytes())["To"] for p in outbox
    }
    assert recipients == {"leitung@jobcenter.example", "geschaeftsfuehrung@jobcenter.example"}


def test_command_dry_run_and_bad_month(app: Flask, world: dict[str, int]) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(reports_group(), ["send", "--month", "2026-11", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "To: leitung@jobcenter.example" in result.output
    assert "Attachments: krm-monatsuebersicht-2026-11.pdf" in result.output
    assert "2 would send" in result.output
    assert_clean(result.output)
    assert not list(Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml"))
    bad = runner.invoke(reports_group(), ["send", "--month", "2026-13"])
    assert bad.exit_code != 0
    assert "YYYY-MM" in bad.output


@pytest.mark.parametrize("app_config", [{"REPORT_MAIL_TO": ""}])
def test_command_falls_back_to_management_accounts(app: Flask, tmp_path: Path) -> None:
    make_user(app, "chefin@example.org", "management")
    make_user(app, "officer@example.org", "officer")
    result = app.test_cli_runner().invoke(reports_group(), ["send", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "To: chefin@example.org" in result.output
    assert "officer@example.org" not in result.output


def test_command_fails_when_a_mail_fails(
    app: Flask, world: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from intake.mailer import MailError

    def broken(mail: Any, settings: Any) -> None:
        raise MailError("SMTPConnectError")

    monkeypatch.setattr("intake.mailer.send", broken)
    result = app.test_cli_runner().invoke(reports_group(), ["send", "--month", "2026-11"])
    assert result.exit_code == 1
    assert "2 summary mail(s) could not be sent" in result.output
