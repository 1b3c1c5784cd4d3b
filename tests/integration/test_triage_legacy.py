"""Migration 0007: cases stored before triage get hints, flags and their next deadline, once.

Each test takes the database back to 0006, writes rows as they were before triage
(`hints_version` NULL) and upgrades, on SQLite and PostgreSQL. The expected dates are written
out by hand from the rules (RL Nr. 2, GA 5.3) and the holiday calendars, because the
migration must keep giving them whatever `intake.triage` becomes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, Engine, select, text

from intake.database import make_engine, migrate
from intake.models import Case, Office, User
from intake.web.extensions import db

CORRUPTION_TEXT = "Der Sachbearbeiter wollte Geld, damit mein Antrag schneller geht. Bestechung!"
COMPLAINT_TEXT = "Ich beschwere mich über die lange Wartezeit."
FRONLEICHNAM_WEEK = dt.date(2026, 6, 2)  # Tuesday; Thursday 4 June is a holiday in RP, not BE


def insert_case(connection: Connection, case_id: int, **values: Any) -> None:
    """A submission row as 0006 stores it, with no hints yet."""
    row: dict[str, Any] = {
        "id": case_id,
        "office_id": None,
        "channel": "letter",
        "kind": "complaint",
        "text": COMPLAINT_TEXT,
        "received_on": FRONLEICHNAM_WEEK,
        "status": "new",
        "is_spam": False,
        "hints_version": None,
        "restricted": False,
        "high_risk": False,
    }
    row.update(values)
    connection.execute(
        text(
            "insert into submission (id, office_id, channel, kind, text, masked_kinds, language, "
            "received_on, status, is_spam, contactable, about_conduct, flags, flag_reasons, "
            "high_risk, restricted, hints_version) values (:id, :office_id, :channel, :kind, "
            ":text, '', 'de', :received_on, :status, :is_spam, false, false, '', '', :high_risk, "
            ":restricted, :hints_version)"
        ),
        row,
    )


def add_contact(connection: Connection, case_id: int) -> None:
    connection.execute(
        text(
            "insert into contact (id, submission_id, name, email, phone, postal_address, "
            "preferred, consent_on) values (:id, :s, 'Anna', 'a@example.org', '', '', 'email', "
            "'2026-06-02')"
        ),
        {"id": case_id + 1, "s": case_id},
    )


def office_id(connection: Connection, code: str) -> int:
    found = connection.execute(select(Office.id).where(Office.code == code)).scalar_one()
    return int(found)


def cases_by_id(engine: Engine) -> dict[int, Any]:
    with engine.connect() as connection:
        rows = connection.execute(select(Case.__table__))  # typed: dates as dates on SQLite
        return {row.id: row for row in rows}


def at_0006(engine: Engine) -> None:
    migrate.downgrade(engine, "0006")
    assert migrate.current(engine) == "0006"


def test_db_upgrade_gives_earlier_cases_hints_and_deadlines(
    app: Flask, client: FlaskClient, officer: User, database_url: str
) -> None:
    engine = make_engine(database_url)
    at_0006(engine)
    try:
        with engine.begin() as connection:
            diez, old = office_id(connection, "DIEZ"), office_id(connection, "OLD")
            insert_case(connection, 101, channel="qr_card", text=CORRUPTION_TEXT)
            insert_case(connection, 102, office_id=diez)  # a letter from Rhineland-Palatinate
            add_contact(connection, 102)
            insert_case(connection, 103, office_id=old)  # the same from Berlin
            add_contact(connection, 103)
            insert_case(connection, 104, channel="phone")  # no acknowledgement for a call
            insert_case(connection, 105, status="closed")
            insert_case(connection, 106, is_spam=True)
            # triaged already: its stored hints stay as they are
            insert_case(connection, 107, text=CORRUPTION_TEXT, hints_version="2025.1")
        result = app.test_cli_runner().invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        assert "hints and deadlines added to 6 earlier cases" in result.output
        head = migrate.current(engine)  # the head: 0007 ran on the way
        assert head is not None and head > "0007"
        assert f"database at {head}" in result.output
        rows = cases_by_id(engine)

        corrupt = rows[101]
        assert corrupt.restricted and corrupt.high_risk and corrupt.hints_version == "2025.1"
        assert "corruption" in corrupt.flags.split(",")
        assert "'Bestechung'" in corrupt.flag_reasons
        assert client.get("/staff/cases/101").status_code == 404  # anti-corruption only

        # RL Nr. 2: acknowledgement 3 working days after receipt; Fronleichnam counts in RP only.
        for case_id, due_on in ((102, dt.date(2026, 6, 8)), (103, dt.date(2026, 6, 5))):
            row = rows[case_id]
            assert row.contactable and row.suggested_kind == "beschwerde"
            assert row.suggestion_reason == "vorgeschlagen wegen: 'beschwere'"
            assert (row.next_due_on, row.next_due_name) == (due_on, "eingangsbestaetigung")
            assert not row.restricted and not row.high_risk
        # A call: the final answer within 14 days (16 June, a Tuesday), no acknowledgement.
        final = (dt.date(2026, 6, 16), "abschluss")
        assert (rows[104].next_due_on, rows[104].next_due_name) == final
        assert not rows[104].contactable
        for ended in (rows[105], rows[106]):
            assert ended.hints_version == "2025.1" and ended.suggested_kind == "beschwerde"
            assert ended.next_due_on is None and ended.next_due_name is None
        untouched = rows[107]
        assert not untouched.restricted and untouched.flags == "" and untouched.next_due_on is None

        again = app.test_cli_runner().invoke(args=["db", "upgrade"])
        assert again.exit_code == 0, again.output
        assert "earlier cases" not in again.output
    finally:
        migrate.upgrade(engine)
        engine.dispose()


def test_the_deployment_rule_profile_decides_the_deadlines(app: Flask, database_url: str) -> None:
    """Neukölln (GA 5.3): no acknowledgement for an anonymous card, forwarding in 10 days."""
    engine = make_engine(database_url)
    at_0006(engine)
    try:
        with engine.begin() as connection:
            insert_case(connection, 201, channel="qr_card")  # no office: the profile's Berlin
            insert_case(connection, 202, channel="qr_card")
            add_contact(connection, 202)
        migrate.upgrade(engine, settings={"RULE_PROFILE": "neukoelln"})
        rows = cases_by_id(engine)
        # 10 working days after Tuesday 2 June in Berlin (no holiday): Tuesday 16 June.
        forwarded = (dt.date(2026, 6, 16), "weiterleitung_teamleitung")
        assert (rows[201].next_due_on, rows[201].next_due_name) == forwarded
        # With contact data the card is acknowledged within 3 working days: Friday 5 June.
        acknowledged = (dt.date(2026, 6, 5), "eingangsbestaetigung")
        assert (rows[202].next_due_on, rows[202].next_due_name) == acknowledged
        with app.app_context():  # the model reads what the migration wrote
            case = db.session.scalars(select(Case).where(Case.id == 202)).one()
            assert case.contactable and case.hints_version == "2025.1"
    finally:
        migrate.upgrade(engine)
        engine.dispose()


def test_a_row_the_rules_cannot_date_gets_hints_but_no_deadline(database_url: str) -> None:
    engine = make_engine(database_url)
    at_0006(engine)
    try:
        with engine.begin() as connection:
            insert_case(connection, 301, channel="fax", text=CORRUPTION_TEXT)
        migrate.upgrade(engine)
        row = cases_by_id(engine)[301]
        assert row.restricted and row.hints_version == "2025.1"
        assert row.next_due_on is None
    finally:
        migrate.upgrade(engine)
        engine.dispose()
