"""Reports, the CSV export, hint statistics and the high-risk list."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.measures import services as measures
from intake.models import AuditEvent, Case, Contact, GoogleReview, Office, User, random_id
from intake.reports import services as reports
from intake.triage import rules
from intake.web.extensions import db
from tests.helpers import login, make_user

D = dt.date
Q2 = reports.Period(2025, 2)


@pytest.fixture
def app_config(tmp_path: Path) -> dict[str, Any]:
    """A staff list with one colleague, whose surname must never reach an export."""
    path = tmp_path / "staff_names.txt"
    path.write_text("# Team Eingangszone\nKevin Schulz\n", encoding="utf-8")
    return {"STAFF_NAMES_FILE": str(path)}


def office_id(code: str) -> int:
    found = db.session.scalar(select(Office.id).where(Office.code == code))
    assert found is not None
    return found


def add(app: Flask, office: str | None = "DIEZ", **fields: Any) -> int:
    """One case; defaults make it a new, unclassified web complaint."""
    values: dict[str, Any] = {
        "channel": "qr_card",
        "kind": "complaint",
        "text": "Text",
        "language": "de",
        "received_on": D(2025, 5, 1),
        "status": "new",
    }
    values.update(fields)
    contact = values.pop("contact", None)
    reviewer = values.pop("reviewer", None)
    with app.app_context():
        row = Case(id=random_id(), office_id=office_id(office) if office else None, **values)
        if contact:
            row.contact = Contact(preferred="email", consent_on=row.received_on, **contact)
        if reviewer:
            row.google_review = GoogleReview(
                name=f"accounts/1/locations/2/reviews/{row.id}",
                location_name="accounts/1/locations/2",
                reviewer_name=reviewer,
            )
        db.session.add(row)
        db.session.commit()
        return row.id


def seed_quarter(app: Flask) -> dict[str, int]:
    """Five reportable cases in 2025-Q2, plus spam, a restricted case and two outside it."""
    return {
        "rude": add(
            app,
            channel="qr_card",
            krm_kind="beschwerde",
            justified=True,
            justified_reason="verhalten",
            status="answered",
            received_on=D(2025, 4, 2),
            answered_on=D(2025, 4, 12),
            text="Frau Müller war unfreundlich. Wartezeit für Anträge zu lang.",
            contact={"name": "Anna Kundin", "email": "anna@example.org", "phone": "0176 555123"},
        ),
        "formula": add(
            app,
            channel="paper_card",
            kind="praise",
            krm_kind="lob",
            status="closed",
            received_on=D(2025, 5, 5),
            answered_on=D(2025, 5, 9),
            closed_on=D(2025, 5, 10),
            text="=cmd|' /C calc'!A0",
        ),
        "listed_name": add(
            app,
            "EMS",
            channel="homepage",
            krm_kind="beschwerde",
            justified=False,
            status="triaged",
            received_on=D(2025, 6, 30),
            high_risk=True,
            text="Schulz hat nie zurückgerufen, ich gehe zur Zeitung.",
        ),
        "review": add(
            app,
            "EMS",
            channel="google",
            received_on=D(2025, 4, 15),
            text="Lange Wartezeit.",
            reviewer="Erika Beispielfrau",
        ),
        "no_office": add(
            app,
            None,
            channel="email",
            krm_kind="dienstaufsicht",
            status="forwarded",
            received_on=D(2025, 5, 20),
            text="Beschwerde über das Verhalten am Telefon.",
        ),
        "spam": add(app, is_spam=True, received_on=D(2025, 4, 10), text="Billige Uhren kaufen"),
        "restricted": add(
            app,
            channel="letter",
            krm_kind="beschwerde",
            restricted=True,
            high_risk=True,
            received_on=D(2025, 5, 1),
            text="Bestechung bei der Bewilligung",
        ),
        "before": add(app, received_on=D(2025, 3, 31), text="Vorquartal"),
        "after": add(app, received_on=D(2025, 7, 1), text="Folgequartal"),
    }


def client_as(app: Flask, role: str) -> FlaskClient:
    email = f"{role}@example.org"
    make_user(app, email, role)
    visitor = app.test_client()
    login(visitor, email)
    return visitor


def test_period_report_counts_and_leaves_out_spam_and_restricted(app: Flask) -> None:
    seed_quarter(app)
    with app.app_context():
        report = reports.period_report(db.session, Q2.start, Q2.end)
    assert (report.start, report.end) == (D(2025, 4, 1), D(2025, 6, 30))
    assert report.total == 5
    assert report.by_kind == {"lob": 1, "beschwerde": 2, "dienstaufsicht": 1}
    assert report.unclassified == 1
    assert report.by_channel == {
        "homepage": 1,
        "qr_card": 1,
        "paper_card": 1,
        "email": 1,
        "google": 1,
    }
    assert [(o.code, o.count) for o in report.by_office] == [("DIEZ", 2), ("EMS", 2), ("-", 1)]
    assert (report.justified_yes, report.justified_no, report.justified_open) == (1, 1, 1)
    assert report.justified_reasons == {"verhalten": 1}
    assert list(report.by_state.items()) == [
        ("new", 1),
        ("triaged", 1),
        ("forwarded", 1),
        ("answered", 1),
        ("closed", 1),
    ]
    assert (report.answered, report.median_days_to_answer) == (2, 7)
    assert report.high_risk == 1  # the restricted case's risk is not counted here
    assert report.restricted == 1
    assert report.measures == reports.MeasureCounts()


def test_measure_counts_of_the_period(app: Flask) -> None:
    today = dt.date.today()
    quarter = reports.Period(today.year, (today.month - 1) // 3 + 1)
    open_case = add(app, received_on=today)
    hidden_case = add(app, received_on=today, restricted=True)
    with app.app_context():
        fields = measures.MeasureFields("Aushang", "Teamleitung")
        for case_id in (open_case, hidden_case):
            item = db.session.get(Case, case_id)
            measure = measures.create(db.session, None, fields, case=item)
            measures.update(db.session, measure, None, fields, "done")
            measures.record_check(
                db.session, measure, None, effective=True, result="gewirkt", today=today
            )
        measures.create(db.session, None, fields, office_id=office_id("EMS"))
        db.session.commit()
        counts = reports.measure_counts(db.session, quarter.start, quarter.end)
        earlier = reports.measure_counts(
            db.session, quarter.previous().start, quarter.previous().end
        )
    assert counts == reports.MeasureCounts(opened=2, done=1, checked=1, effective=1)
    assert earlier == reports.MeasureCounts()


def test_report_page_shows_the_period_and_links_around_it(app: Flask) -> None:
    seed_quarter(app)
    officer = client_as(app, "officer")
    page = officer.get("/staff/reports?period=2025-Q2")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "an Antikorruption abgegeben" in html
    assert "Bestechung" not in html and "Billige Uhren" not in html
    assert "period=2025-Q1" in html and "period=2025-Q3" in html
    assert "/staff/reports/export.csv?period=2025-Q2" in html
    assert "<caption>" in html and 'class="num"' in html
    year = officer.get("/staff/reports?period=2025").get_data(as_text=True)
    assert "period=2024" in year and "period=2026" in year
    assert officer.get("/staff/reports").status_code == 200
    assert officer.get("/staff/reports?period=2025-Q5").status_code == 400
    assert officer.get("/staff/reports/export.csv?period=Q2").status_code == 400


@pytest.mark.parametrize(
    ("profile", "today", "expected"),
    [
        ("neukoelln", D(2026, 4, 3), "2026-Q1"),  # report due 15 April
        ("neukoelln", D(2026, 4, 16), "2026-Q2"),  # just reported: the next one is due
        ("neukoelln", D(2026, 1, 1), "2025-Q4"),
        ("rhein-lahn", D(2026, 1, 10), "2025"),  # annual report due 24 January
        ("rhein-lahn", D(2026, 9, 1), "2026"),
        ("rhein-lahn", D(2026, 12, 31), "2026"),
    ],
)
def test_default_period_follows_the_rule_profile(profile: str, today: D, expected: str) -> None:
    assert reports.default_period(rules.PROFILES[profile], today).key == expected


def test_periods_parse_and_step() -> None:
    assert reports.parse_period("2026-q3") == reports.Period(2026, 3)
    assert reports.parse_period("2025") == reports.Period(2025)
    assert [reports.parse_period(raw) for raw in ("2025-Q0", "25", "1999", "", None)] == [None] * 5
    q4 = reports.Period(2025, 4)
    assert (q4.start, q4.end, q4.next().key, q4.previous().key) == (
        D(2025, 10, 1),
        D(2025, 12, 31),
        "2026-Q1",
        "2025-Q3",
    )
    assert (reports.Period(2024).end, reports.Period(2024, 1).end) == (
        D(2024, 12, 31),
        D(2024, 3, 31),
    )


def test_csv_export_is_masked_excel_ready_and_formula_safe(app: Flask) -> None:
    ids = seed_quarter(app)
    response = client_as(app, "management").get("/staff/reports/export.csv?period=2025-Q2")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "krm-export-2025-q2.csv" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    for secret in (
        "Müller",
        "Schulz",
        "Anna Kundin",
        "anna@example.org",
        "0176",
        "Erika Beispielfrau",
        "Bestechung",
        "Billige Uhren",
        "Vorquartal",
        "Folgequartal",
    ):
        assert secret not in text, secret
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == list(reports.EXPORT_COLUMNS)
    by_id = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert set(by_id) == {
        str(ids[k]) for k in ("rude", "formula", "listed_name", "review", "no_office")
    }
    rude = by_id[str(ids["rude"])]
    assert rude["text"] == "[Name] war unfreundlich. Wartezeit für Anträge zu lang."
    assert (rude["geschaeftsstelle"], rude["krm_art"], rude["begruendet"]) == (
        "DIEZ",
        "beschwerde",
        "ja",
    )
    assert (rude["begruendung"], rude["beantwortet_am"]) == ("verhalten", "2025-04-12")
    assert by_id[str(ids["formula"])]["text"] == "'=cmd|' /C calc'!A0"
    assert by_id[str(ids["listed_name"])]["text"].startswith("[Name] hat nie zurückgerufen")
    assert by_id[str(ids["listed_name"])]["hohes_risiko"] == "ja"
    assert by_id[str(ids["no_office"])]["geschaeftsstelle"] == ""
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "report_export"))
        assert event is not None and event.detail == "2025-Q2"


def test_every_risky_cell_start_is_neutralised() -> None:
    text = reports.to_csv([["=1+1", "+49 170", "-2", "@SUM(A1)", "\tx", "ok", "a=b"]])
    row = list(csv.reader(io.StringIO(text), delimiter=";"))[1]
    assert row == ["'=1+1", "'+49 170", "'-2", "'@SUM(A1)", "'\tx", "ok", "a=b"]


def test_hint_stats_acceptance_rate_and_overrides(app: Flask) -> None:
    rule = {"hints_version": "2025.1", "suggestion_reason": "Wörter: unfreundlich"}
    for accepted, chosen in ((True, "beschwerde"), (True, "beschwerde"), (False, "dienstaufsicht")):
        add(app, suggested_kind="beschwerde", suggestion_accepted=accepted, krm_kind=chosen, **rule)
    add(app, suggested_kind="beschwerde", **rule)  # not classified yet
    add(
        app,
        suggested_kind="lob",
        suggestion_reason=reports.SENDER_REASON,
        suggestion_accepted=True,
        krm_kind="lob",
        hints_version="2025.1",
    )
    add(
        app,
        suggested_kind="idee",
        suggestion_accepted=False,
        krm_kind="lob",
        hints_version="2024.9",
    )
    add(
        app,
        suggested_kind="beschwerde",
        suggestion_accepted=False,
        krm_kind="lob",
        restricted=True,
        **rule,
    )
    add(
        app,
        suggested_kind="beschwerde",
        suggestion_accepted=False,
        krm_kind="lob",
        is_spam=True,
        **rule,
    )
    add(
        app,
        suggested_kind="idee",
        suggestion_accepted=True,
        krm_kind="idee",
        hints_version="2024.9",
        received_on=D(2024, 1, 1),
    )
    with app.app_context():
        rows = reports.hint_stats(db.session, since=D(2025, 1, 1))
    summary = [
        (r.version, r.source, r.kind, r.suggestions, r.classified, r.accepted, r.overrides)
        for r in rows
    ]
    assert summary == [
        ("2025.1", "rules", "beschwerde", 4, 3, 2, [("dienstaufsicht", 1)]),
        ("2025.1", "sender", "lob", 1, 1, 1, []),
        ("2024.9", "rules", "idee", 1, 1, 0, [("lob", 1)]),
    ]
    assert rows[0].rate == pytest.approx(2 / 3)
    assert rows[2].rate == 0
    html = client_as(app, "management").get("/staff/hints?since=2025-01-01").get_data(as_text=True)
    assert re.search(r'class="num">67\s?%<', html) and "Dienstaufsichtsbeschwerde: 1" in html
    everything = client_as(app, "officer").get("/staff/hints").get_data(as_text=True)
    # Without `since`, the 2024.9 hint's older acceptance counts too: 1 of 2.
    assert re.search(r'class="num">50\s?%<', everything)


def test_high_risk_list_shows_open_unrestricted_cases_newest_first(app: Flask) -> None:
    older = add(
        app,
        high_risk=True,
        status="triaged",
        received_on=D(2025, 5, 1),
        text="Ältere Drohung mit Presse",
    )
    newer = add(
        app,
        high_risk=True,
        status="answered",
        received_on=D(2025, 6, 1),
        text="Neuere Presse-Sache",
        flags="media",
    )
    add(
        app,
        high_risk=True,
        status="closed",
        received_on=D(2025, 6, 2),
        text="Erledigte Presse-Sache",
    )
    add(
        app, high_risk=True, status="handed_off", received_on=D(2025, 6, 2), text="Abgegebene Sache"
    )
    add(
        app,
        high_risk=True,
        restricted=True,
        received_on=D(2025, 6, 3),
        text="Korruption und Presse",
    )
    add(app, high_risk=True, is_spam=True, received_on=D(2025, 6, 4), text="Spam mit Presse")
    add(app, received_on=D(2025, 6, 5), text="Gewöhnliche Beschwerde")
    html = client_as(app, "management").get("/staff/high-risk").get_data(as_text=True)
    assert html.index(f"/staff/cases/{newer}") < html.index(f"/staff/cases/{older}")
    assert "Presse / Anwalt" in html  # the flag's label
    for hidden in ("Erledigte", "Abgegebene", "Korruption", "Spam mit", "Gewöhnliche"):
        assert hidden not in html, hidden
    assert client_as(app, "officer").get("/staff/high-risk").status_code == 200
    for role in ("team_lead", "anti_corruption", "service", "admin"):
        assert client_as(app, role).get("/staff/high-risk").status_code == 403, role


def test_report_roles(app: Flask) -> None:
    seed_quarter(app)
    lead = client_as(app, "team_lead")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.role == "team_lead"))
        assert user is not None
        user.office_id = office_id("DIEZ")
        db.session.commit()
    for url in ("/staff/reports", "/staff/reports/export.csv", "/staff/hints", "/staff/measures"):
        assert lead.get(url).status_code == 403, url
    guard = client_as(app, "anti_corruption")
    assert guard.get("/staff/reports/export.csv?period=2025-Q2").status_code == 403
    admin = client_as(app, "admin")
    assert admin.get("/staff/reports").status_code == 403
    assert admin.get("/staff/hints").status_code == 200
