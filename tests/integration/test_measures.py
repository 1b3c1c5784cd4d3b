"""Measures (Maßnahmen): from the case page, editing, the effectiveness check, who sees what."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import Flask, g, render_template
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.backoffice.measures.section import case_extras
from intake.measures import services as measures
from intake.models import AuditEvent, Case, Measure, Office, User
from intake.web.extensions import db
from tests.factories import make_case
from tests.helpers import hidden_fields, login, make_user

TODAY = dt.date.today()
SECRET_TEXT = "Wartebereich umgestalten, Aufruf per Anzeige"


def add_case(app: Flask, office: str = "DIEZ", **fields: Any) -> int:
    """A triaged complaint about an office (classified through the services); returns its id."""
    with app.app_context():
        row = make_case(
            db.session,
            "triaged",
            office=office,
            channel="qr_card",
            text="Sehr lange Wartezeit.",
            received_on=TODAY - dt.timedelta(days=3),
            **fields,
        )
        db.session.commit()
        return row.id


def add_measure(app: Flask, case_id: int | None = None, **fields: Any) -> int:
    """A measure through the service (standalone for Diez without a case)."""
    with app.app_context():
        item = db.session.get(Case, case_id) if case_id else None
        office_id = db.session.scalar(select(Office.id).where(Office.code == "DIEZ"))
        measure = measures.create(
            db.session,
            None,
            measures.MeasureFields(
                what=fields.pop("what", "Aushang aktualisieren"),
                responsible=fields.pop("responsible", "Teamleitung Eingangszone"),
                due_on=fields.pop("due_on", None),
                check_on=fields.pop("check_on", None),
            ),
            case=item,
            office_id=None if item else office_id,
        )
        for name, value in fields.items():
            setattr(measure, name, value)
        db.session.commit()
        return measure.id


def token(client: FlaskClient) -> dict[str, str]:
    """The session's CSRF token, as the prefixed field of the case page's measure form."""
    fields = hidden_fields(client.get("/staff/measures").get_data(as_text=True))
    return {"measure-csrf_token": fields["csrf_token"]}


def user_as(app: Flask, role: str, office: str | None = None) -> FlaskClient:
    email = f"{role}@example.org"
    make_user(app, email, role)
    if office:
        with app.app_context():
            user = db.session.scalar(select(User).where(User.email == email))
            assert user is not None
            user.office_id = db.session.scalar(select(Office.id).where(Office.code == office))
            db.session.commit()
    visitor = app.test_client()
    login(visitor, email)
    return visitor


def audit_details(app: Flask) -> list[str]:
    with app.app_context():
        query = select(AuditEvent.detail).where(AuditEvent.action == "measure")
        return list(db.session.scalars(query.order_by(AuditEvent.id)))


def test_officer_adds_a_measure_from_the_case_page(
    app: Flask, client: FlaskClient, officer: object
) -> None:
    case_id = add_case(app, office="EMS")
    response = client.post(
        f"/staff/cases/{case_id}/measures",
        data={
            "measure-what": SECRET_TEXT,
            "measure-responsible": "Teamleitung Eingangszone",
            "measure-due_on": (TODAY + dt.timedelta(days=14)).isoformat(),
            "measure-check_on": (TODAY + dt.timedelta(days=60)).isoformat(),
            **token(client),
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/cases/{case_id}#measures")
    with app.app_context():
        [measure] = db.session.scalars(select(Measure))
        ems = db.session.scalar(select(Office.id).where(Office.code == "EMS"))
        assert (measure.case_id, measure.office_id, measure.status) == (case_id, ems, "open")
        assert measure.due_on == TODAY + dt.timedelta(days=14)
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "measure"))
        assert event is not None and event.case_id == case_id and event.user is not None
    [detail] = audit_details(app)
    assert detail == f"measure {measure.id}: created"
    listed = client.get("/staff/measures").get_data(as_text=True)
    assert SECRET_TEXT in listed and "Teamleitung Eingangszone" in listed


def test_a_measure_needs_what_and_who(app: Flask, client: FlaskClient, officer: object) -> None:
    case_id = add_case(app)
    response = client.post(
        f"/staff/cases/{case_id}/measures",
        data={"measure-what": "Schulung", "measure-responsible": "   ", **token(client)},
    )
    assert response.status_code == 422
    assert "Bitte geben Sie an, wer verantwortlich ist." in response.get_data(as_text=True)
    before = client.post(
        f"/staff/cases/{case_id}/measures",
        data={
            "measure-what": "Schulung",
            "measure-responsible": "Teamleitung",
            "measure-due_on": "2026-05-10",
            "measure-check_on": "2026-05-01",
            **token(client),
        },
    )
    assert before.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(Measure)) is None


def test_edit_status_and_effectiveness_check_are_audited_without_text(
    app: Flask, client: FlaskClient, officer: object
) -> None:
    measure_id = add_measure(app, add_case(app), what=SECRET_TEXT)
    page = client.get(f"/staff/measures/{measure_id}")
    assert page.status_code == 200 and SECRET_TEXT in page.get_data(as_text=True)
    form = hidden_fields(page.get_data(as_text=True))
    base = {
        "what": SECRET_TEXT,
        "responsible": "Teamleitung Eingangszone",
        "due_on": "",
        "check_on": (TODAY - dt.timedelta(days=1)).isoformat(),
        "status": "done",
        **form,
    }
    assert client.post(f"/staff/measures/{measure_id}", data=base).status_code == 302
    due = client.get("/staff/measures?show=check").get_data(as_text=True)
    assert f"/staff/measures/{measure_id}" in due
    # A verdict needs its reason, and a reason its verdict.
    missing = client.post(f"/staff/measures/{measure_id}", data={**base, "effective": "1"})
    assert missing.status_code == 422
    result = "Wartezeiten-Beschwerden seit Umsetzung halbiert"
    checked = client.post(
        f"/staff/measures/{measure_id}", data={**base, "effective": "1", "check_result": result}
    )
    assert checked.status_code == 302
    with app.app_context():
        measure = db.session.get(Measure, measure_id)
        assert measure is not None
        assert (measure.status, measure.effective, measure.checked_on) == ("done", True, TODAY)
        assert measure.check_result == result
    assert f"/staff/measures/{measure_id}" not in client.get("/staff/measures?show=check").get_data(
        as_text=True
    )
    details = audit_details(app)
    assert details[1] == f"measure {measure_id}: check_on, status=done"
    assert details[2] == f"measure {measure_id}: effective=yes, check_result, checked_on"
    assert not any(SECRET_TEXT in d or result in d for d in details)


def test_list_filters_and_pages(app: Flask, client: FlaskClient, officer: object) -> None:
    open_ids = [
        add_measure(app, due_on=TODAY + dt.timedelta(days=n), what=f"Offen {n}") for n in range(5)
    ]
    dropped = add_measure(app, status="dropped", what="Verworfen")
    with app.app_context():
        first = measures.page(db.session, None, "open", today=TODAY, size=2)
        assert [m.id for m in first.rows] == open_ids[:2]
        assert first.next_cursor is not None
        rest = measures.page(
            db.session, None, "open", today=TODAY, size=10, after=first.next_cursor
        )
        assert [m.id for m in rest.rows] == open_ids[2:] and rest.next_cursor is None
    html = client.get("/staff/measures?show=dropped").get_data(as_text=True)
    assert f"/staff/measures/{dropped}" in html and "Offen 1" not in html
    overdue = add_measure(app, due_on=TODAY - dt.timedelta(days=2), what="Überfällig")
    html = client.get("/staff/measures").get_data(as_text=True)
    assert re.search(rf"/staff/measures/{overdue}.*?überfällig", html, re.S)


def test_due_checks(app: Flask) -> None:
    case_id = add_case(app)
    yesterday, tomorrow = TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)
    due = add_measure(app, case_id, status="done", check_on=yesterday)
    add_measure(app, case_id, status="done", check_on=tomorrow)  # not yet
    add_measure(app, case_id, status="open", check_on=yesterday)  # not done yet
    add_measure(app, case_id, status="done", check_on=yesterday, checked_on=TODAY)  # checked
    restricted = add_measure(app, add_case(app, restricted=True), status="done", check_on=yesterday)
    with app.app_context():
        found = [m.id for m in measures.due_checks(db.session, TODAY)]
    assert found == [due]
    assert restricted not in found


def test_measures_of_restricted_cases_stay_with_anti_corruption(
    app: Flask, client: FlaskClient, officer: object
) -> None:
    hidden_case = add_case(app, restricted=True)
    hidden = add_measure(app, hidden_case, what="Geheime Prüfung")
    standalone = add_measure(app, what="Übergreifend: Aushang")
    data = {"measure-what": "Prüfen", "measure-responsible": "Leitung", **token(client)}
    assert client.post(f"/staff/cases/{hidden_case}/measures", data=data).status_code == 404
    assert client.get(f"/staff/measures/{hidden}").status_code == 404
    listed = client.get("/staff/measures").get_data(as_text=True)
    assert "Geheime Prüfung" not in listed and "Übergreifend: Aushang" in listed
    with app.app_context():
        management = User(role="management", email="m@example.org", password_hash="x")
        page = measures.page(db.session, management, "all", today=TODAY)
        assert [m.id for m in page.rows] == [standalone]

    guard = user_as(app, "anti_corruption")
    data["measure-csrf_token"] = hidden_fields(guard.get("/staff/login").get_data(as_text=True))[
        "csrf_token"
    ]
    assert guard.post(f"/staff/cases/{hidden_case}/measures", data=data).status_code == 302
    open_case = add_case(app)
    assert guard.post(f"/staff/cases/{open_case}/measures", data=data).status_code == 404
    with app.app_context():
        on_hidden = db.session.scalars(select(Measure.id).where(Measure.case_id == hidden_case))
        assert len(list(on_hidden)) == 2


def test_roles_of_the_measure_pages(app: Flask) -> None:
    case_id = add_case(app)
    measure_id = add_measure(app, case_id, what="Schulung Gesprächsführung")
    lead = user_as(app, "team_lead", office="DIEZ")
    assert lead.get("/staff/measures").status_code == 403
    assert lead.get(f"/staff/measures/{measure_id}").status_code == 403
    boss = user_as(app, "management")
    listed = boss.get("/staff/measures").get_data(as_text=True)
    assert "Schulung Gesprächsführung" in listed
    assert f'href="/staff/measures/{measure_id}"' not in listed  # no edit link
    assert boss.get(f"/staff/measures/{measure_id}").status_code == 403
    service = user_as(app, "service")
    assert service.get("/staff/measures").status_code == 403


def test_case_page_partial_lists_measures_and_offers_the_form(app: Flask) -> None:
    case_id = add_case(app)
    add_measure(app, case_id, what="Terminvergabe prüfen", due_on=dt.date(2026, 3, 2))
    with app.test_request_context("/staff/cases/1"):
        item = db.session.get(Case, case_id)
        assert item is not None
        for role, offers_form in (("officer", True), ("management", False)):
            g.current_user = User(role=role, email=f"{role}@example.org")
            extras = case_extras(item)
            assert [m.what for m in extras["case_measures"]] == ["Terminvergabe prüfen"]
            html = render_template("staff/_measures.html", case=item, **extras)
            assert "Terminvergabe prüfen" in html and "<caption" in html
            assert ('name="measure-what"' in html) is offers_form
            assert (f'action="/staff/cases/{case_id}/measures"' in html) is offers_form


def test_case_page_shows_measures_and_keeps_a_failed_form(
    app: Flask, client: FlaskClient, officer: object
) -> None:
    case_id = add_case(app)
    add_measure(app, case_id, what="Rückrufzeiten festlegen")
    page = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert "Rückrufzeiten festlegen" in page and 'name="measure-what"' in page
    failed = client.post(
        f"/staff/cases/{case_id}/measures",
        data={"measure-what": "Schulung Deeskalation", **token(client)},
    )
    html = failed.get_data(as_text=True)
    assert failed.status_code == 422
    assert "Schulung Deeskalation" in html  # what was typed stays
    assert '<details class="add-measure" open>' in html
