"""Issue 13 below the browser: the conduct hint drives the suggestion, the classification is
recorded whole in the audit log, the receipt-code acknowledgement, and need to know for
contact data — on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.models import AuditEvent, Case, User
from intake.privacy import needtoknow
from intake.triage.trail import classification
from intake.web.extensions import db
from tests.helpers import hidden_fields, login, make_user, submit


def only(app: Flask) -> Case:
    with app.app_context():
        found = db.session.scalars(select(Case)).one()
        db.session.expunge(found)
        return found


def post_on_case(client: FlaskClient, case_id: int, action: str, **data: str) -> object:
    page = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    return client.post(f"/staff/cases/{case_id}/{action}", data={**hidden_fields(page), **data})


def test_conduct_hint_suggests_a_conduct_complaint(app: Flask, officer: User) -> None:
    submit(app.test_client(), kind="complaint", text="Die Mitarbeiterin war respektlos zu mir.")
    item = only(app)
    assert item.flag_names == ["dienstaufsicht"]
    assert item.suggested_kind == "dienstaufsicht"
    assert item.suggestion_reason == "vorgeschlagen wegen: 'respektlos'"


def test_classification_is_audited_whole(app: Flask, client: FlaskClient, officer: User) -> None:
    submit(app.test_client(), kind="complaint", text="Die Wartezeit am Empfang war zu lang.")
    item = only(app)
    post_on_case(
        client,
        item.id,
        "classify",
        kind="beschwerde",
        justified="1",
        justified_reason="organisation",
        decision_note="Zwei Stunden Wartezeit   laut Aushang belegt.",
    )
    with app.app_context():
        detail = db.session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "classify")
        ).one()
    found = json.loads(detail)
    assert found == {
        "from": None,
        "to": "beschwerde",
        "conduct": False,
        "justified": True,
        "reason": "organisation",
        "note": "Zwei Stunden Wartezeit laut Aushang belegt.",
    }
    with app.test_request_context():
        assert classification(detail) == (
            "Beschwerde (Fachaufsichtsbeschwerde); persönliches Verhalten: nein; "
            "begründet: ja; Grund: Organisation unter Standard oder verbesserungsfähig; "
            "Begründung: „Zwei Stunden Wartezeit laut Aushang belegt.“"
        )
        # Events written before the JSON detail still read in German.
        assert classification("- → beschwerde (gewählt: dienstaufsicht)") == (
            "Beschwerde (Fachaufsichtsbeschwerde); gewählt: Dienstaufsichtsbeschwerde"
        )


def test_acknowledgement_on_the_status_page_needs_a_receipt_code(
    app: Flask, client: FlaskClient, officer: User
) -> None:
    submit(app.test_client(), kind="complaint", text="Der Aufzug ist seit Wochen defekt.")
    item = only(app)
    post_on_case(client, item.id, "acknowledge", channel="receipt")
    assert only(app).acknowledged_on is not None
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "acknowledge")
        ).one()
        assert event.detail == "receipt"
        stored = db.session.get(Case, item.id)
        assert stored is not None
        stored.receipt_hash = None
        stored.acknowledged_on = None
        db.session.commit()
    post_on_case(client, item.id, "acknowledge", channel="receipt")
    assert only(app).acknowledged_on is None  # no code: no status page to show it on
    response = post_on_case(client, item.id, "acknowledge", channel="sms")
    assert only(app).acknowledged_on is None, response


@pytest.mark.parametrize(
    ("role", "text", "expected"),
    [
        ("officer", "Die Wartezeit war zu lang.", needtoknow.ContactAccess.SHOWN),
        ("admin", "Die Wartezeit war zu lang.", needtoknow.ContactAccess.SHOWN),
        ("management", "Die Wartezeit war zu lang.", needtoknow.ContactAccess.HIDDEN),
        (
            "management",
            "Dienstaufsichtsbeschwerde: der Sachbearbeiter war arrogant.",
            needtoknow.ContactAccess.ON_REQUEST,
        ),
        ("service", "Die Wartezeit war zu lang.", needtoknow.ContactAccess.HIDDEN),
        ("anti_corruption", "Die Wartezeit war zu lang.", needtoknow.ContactAccess.HIDDEN),
    ],
)
def test_contact_data_by_need_to_know(
    app: Flask, role: str, text: str, expected: needtoknow.ContactAccess
) -> None:
    submit(app.test_client(), kind="complaint", text=text)
    user = make_user(app, f"{role}@example.net", role)
    with app.app_context():
        item = db.session.scalars(select(Case)).one()
        assert needtoknow.contact_access(user, item) is expected


def test_management_reads_contact_data_only_on_request_and_audited(
    app: Flask, client: FlaskClient
) -> None:
    submit(
        app.test_client(),
        kind="complaint",
        text="Dienstaufsichtsbeschwerde: der Sachbearbeiter war arrogant.",
        email="erika@example.net",
        preferred="email",
        consent="y",
    )
    item = only(app)
    with app.app_context():
        assert db.session.scalars(select(Case.contactable)).one()
    make_user(app, "gf@example.net", "management")
    login(client, "gf@example.net")
    page = client.get(f"/staff/cases/{item.id}").get_data(as_text=True)
    assert "erika@example.net" not in page
    lured = client.get(  # a link on another site, clicked by the manager
        f"/staff/cases/{item.id}?kontakt=1", headers={"Sec-Fetch-Site": "cross-site"}
    ).get_data(as_text=True)
    assert "erika@example.net" not in lured
    page = client.get(f"/staff/cases/{item.id}?kontakt=1").get_data(as_text=True)
    assert "erika@example.net" in page
    with app.app_context():
        views = db.session.scalars(
            select(AuditEvent.user_id).where(AuditEvent.action == "contact_view")
        ).all()
    assert len(views) == 1
