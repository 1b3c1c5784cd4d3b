"""A reaction in Ukrainian, Arabic or Turkish is triaged as one in German (issue 10): received
through `reception.receive`, it is high risk, flagged for the media with the customer's word and
its German meaning, and a corruption word routes it to the anti-corruption officer alone."""

from __future__ import annotations

import secrets

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.models import Case, Office
from intake.reception import services as reception
from intake.reception.formtoken import FormTicket
from intake.triage import cases, rules
from intake.web import settings
from intake.web.extensions import db
from tests.helpers import login, make_user, submit

GERMAN = "Ich gehe zur Zeitung, das ist Korruption."
UKRAINIAN = "Я піду до газети, це корупція"


def receive(app: Flask, text: str, language: str) -> Case:
    """One reaction through the public intake's service, as the form sends it."""
    with app.app_context():
        office_id = db.session.scalar(select(Office.id).where(Office.code == "DIEZ"))
        draft = reception.Draft(
            kind="complaint",
            text=text,
            language=language,
            source=reception.Source("office_link"),
            office_id=office_id,
        )
        ticket = FormTicket(nonce=secrets.token_urlsafe(16), age_seconds=60.0)
        receipt = reception.receive(
            db.session,
            draft,
            ticket,
            min_fill_seconds=3,
            min_batch=1,
            rule_profile=rules.PROFILES["rhein-lahn"],
            receipt_key=settings.receipt_key(),
        )
        assert receipt.code is not None and not receipt.repeated
        case = db.session.scalars(
            select(Case).where(Case.form_nonce_hash == ticket.nonce_hash)
        ).one()
        db.session.expunge(case)
        return case


def test_a_ukrainian_corruption_hint_is_triaged_exactly_as_a_german_one(app: Flask) -> None:
    german = receive(app, GERMAN, "de")
    ukrainian = receive(app, UKRAINIAN, "uk")
    for case in (german, ukrainian):
        assert case.high_risk and case.restricted
        assert case.flag_names == ["media", "corruption"]
        assert not case.is_spam
    reasons = cases.flag_reasons(ukrainian)
    assert reasons["media"] == "vorgeschlagen wegen: 'газети' (Zeitung)"
    assert reasons["corruption"] == "vorgeschlagen wegen: 'корупція' (Korruption)"
    assert cases.flag_reasons(german) == {
        "media": "vorgeschlagen wegen: 'Zeitung'",
        "corruption": "vorgeschlagen wegen: 'Korruption'",
    }
    assert ukrainian.text == UKRAINIAN  # nothing masked, the customer's words kept


@pytest.mark.parametrize(
    ("text", "language", "media", "corruption"),
    [
        ("سأذهب إلى الصحافة", "ar", "'الصحافة' (Presse)", None),
        ("Gazeteye gideceğim, rüşvet", "tr", "'Gazeteye' (Zeitung)", "'rüşvet' (Bestechung)"),
    ],
)
def test_the_other_examples_of_the_issue(
    app: Flask, text: str, language: str, media: str, corruption: str | None
) -> None:
    case = receive(app, text, language)
    reasons = cases.flag_reasons(case)
    assert case.high_risk
    assert reasons["media"] == f"vorgeschlagen wegen: {media}"
    assert case.restricted == (corruption is not None)
    if corruption:
        assert reasons["corruption"] == f"vorgeschlagen wegen: {corruption}"


def test_a_foreign_corruption_hint_is_seen_by_the_anti_corruption_officer_only(
    app: Flask, client: FlaskClient
) -> None:
    submit(app.test_client(), kind="complaint", text=UKRAINIAN)
    with app.app_context():
        item = db.session.scalars(select(Case)).one()
        assert item.restricted and "corruption" in item.flag_names
    make_user(app)
    login(client)
    assert f"/staff/cases/{item.id}" not in client.get("/staff/inbox").get_data(as_text=True)
    assert client.get(f"/staff/cases/{item.id}").status_code == 404
    make_user(app, "ak@example.org", "anti_corruption")
    ak = app.test_client()
    login(ak, "ak@example.org")
    assert f"/staff/cases/{item.id}" in ak.get("/staff/inbox").get_data(as_text=True)
    page = ak.get(f"/staff/cases/{item.id}").get_data(as_text=True)
    assert "корупція" in page and "(Korruption)" in page
