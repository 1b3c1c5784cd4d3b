"""The domain services' rules, called as the command line would: without a request.

Services flush and audit, the caller commits (`intake.database`); the rules that used to live
in back-office views (account edits, answer templates, who can be given a case, measures
without a case, card orders, reactivating an office) hold for every caller.
"""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select

from intake.accounts import services as auth
from intake.answers import services as answers
from intake.measures import services as measures
from intake.models import AnswerTemplate, AuditEvent, CardRequest, Case, Office, User
from intake.offices import services as offices
from intake.printing import services as printing
from intake.reception import services as reception
from intake.triage import cases, rules
from intake.web import access
from intake.web.extensions import db
from tests.helpers import make_user

ADMIN = "admin@example.org"


def _user(email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    assert user is not None
    return user


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def _case(*, restricted: bool = False) -> Case:
    item = reception.record_staff_entry(
        db.session,
        channel="phone",
        office_id=None,
        kind="complaint",
        text="Niemand ruft zurück.",
        received_on=date.today(),
        contact=None,
        rule_profile=rules.PROFILES["rhein-lahn"],
    )
    item.restricted = restricted
    db.session.flush()
    return item


# --- the transaction boundary ---------------------------------------------------------------


def test_services_flush_and_the_caller_commits(app: Flask) -> None:
    with app.app_context():
        auth.create_user(db.session, "neu@example.org", "officer", "eine lange Passphrase hier")
        offices.add(db.session, offices.OfficeRow("NEU", "Neue Stelle", "RP"))
        assert db.session.scalar(select(User.id).where(User.email == "neu@example.org"))
        db.session.rollback()  # a caller that does not commit stores nothing
        assert db.session.scalar(select(User.id).where(User.email == "neu@example.org")) is None
        assert db.session.scalar(select(Office.id).where(Office.code == "NEU")) is None


# --- account edits --------------------------------------------------------------------------


def test_an_edit_ends_sessions_on_a_new_role_and_is_audited(app: Flask) -> None:
    make_user(app, ADMIN, "admin")
    make_user(app)
    with app.app_context():
        admin, officer = _user(ADMIN), _user("officer@example.org")
        version = officer.session_version
        change = auth.UserChange("management", None, True)
        assert auth.update_user(db.session, officer, change, by=admin) == [
            "role officer -> management",
            "sessions ended",
        ]
        db.session.commit()
        assert officer.session_version == version + 1
        assert _actions() == ["admin_user_update"]


def test_an_edit_without_a_change_changes_and_audits_nothing(app: Flask) -> None:
    make_user(app)
    with app.app_context():
        officer = _user("officer@example.org")
        version = officer.session_version
        change = auth.UserChange("officer", None, True)
        assert auth.update_user(db.session, officer, change) == []
        assert officer.session_version == version
        assert _actions() == []


def test_only_a_team_lead_keeps_an_office_and_the_server_is_audited_as_such(
    app: Flask,
) -> None:
    make_user(app)
    with app.app_context():
        officer = _user("officer@example.org")
        diez = db.session.scalar(select(Office.id).where(Office.code == "DIEZ"))
        assert auth.update_user(db.session, officer, auth.UserChange("officer", diez, True)) == []
        assert officer.office_id is None
        changes = auth.update_user(db.session, officer, auth.UserChange("team_lead", diez, True))
        assert changes[:2] == ["role officer -> team_lead", f"office None -> {diez}"]
        assert officer.office_id == diez
        assert _actions() == ["cli_user_update"]


@pytest.mark.parametrize("change", [("officer", True), ("admin", False)])
def test_an_admin_cannot_demote_or_lock_out_themself(app: Flask, change: tuple[str, bool]) -> None:
    make_user(app, ADMIN, "admin")
    with app.app_context():
        admin = _user(ADMIN)
        with pytest.raises(auth.SelfLockoutError):
            auth.update_user(
                db.session, admin, auth.UserChange(change[0], None, change[1]), by=admin
            )
        assert (admin.role, admin.active) == ("admin", True)


def test_an_admin_cannot_grant_the_anti_corruption_role_by_an_edit(app: Flask) -> None:
    make_user(app, ADMIN, "admin")
    make_user(app)
    with app.app_context():
        admin, officer = _user(ADMIN), _user("officer@example.org")
        with pytest.raises(auth.SeparationOfDutiesError):
            auth.update_user(
                db.session, officer, auth.UserChange("anti_corruption", None, True), by=admin
            )
        assert officer.role == "officer"


# --- who can be given a case ----------------------------------------------------------------


def test_a_case_goes_to_active_accounts_that_may_work_it_and_never_to_an_admin(
    app: Flask,
) -> None:
    for email, role in (
        ("b.officer@example.org", "officer"),
        ("a.officer@example.org", "officer"),
        ("gone@example.org", "officer"),
        (ADMIN, "admin"),
        ("watch@example.org", "anti_corruption"),
        ("boss@example.org", "management"),
    ):
        make_user(app, email, role)
    with app.app_context():
        _user("gone@example.org").active = False
        plain, restricted = _case(), _case(restricted=True)
        assert [u.email for u in cases.assignees(db.session, plain)] == [
            "a.officer@example.org",
            "b.officer@example.org",
        ]
        assert [u.email for u in cases.assignees(db.session, restricted)] == ["watch@example.org"]
        assert cases.ASSIGNABLE_ROLES < cases.WORKING_ROLES


def test_the_inbox_opens_to_the_roles_that_work_cases() -> None:
    assert set(access.INBOX) == set(access.WORK) == cases.WORKING_ROLES


# --- answer templates -----------------------------------------------------------------------


def test_unknown_placeholders_are_named_once_in_order() -> None:
    text = "{anrede} {nmae} {datum} {foo} {nmae}"
    assert answers.unknown_placeholders(text) == ["{nmae}", "{foo}"]


def test_a_template_is_stored_trimmed_audited_and_its_title_unique(app: Flask) -> None:
    make_user(app)
    with app.app_context():
        user = _user("officer@example.org")
        text = answers.TemplateText("lob", "de", "  Dank  ", "{anrede}\r\n\r\nDanke. ")
        row = answers.save_template(db.session, None, text, user)
        db.session.commit()
        assert (row.title, row.body, row.updated_by_id) == ("Dank", "{anrede}\n\nDanke.", user.id)
        assert _actions() == ["template_save"]
        with pytest.raises(answers.TitleTakenError):
            answers.save_template(db.session, None, text, user)
        answers.save_template(db.session, row, text, user)  # its own title is no clash
        with pytest.raises(answers.TemplateError):
            answers.save_template(
                db.session, None, answers.TemplateText("lob", "de", "Neu", "{nmae}"), user
            )
        answers.delete_template(db.session, row, user)
        db.session.commit()
        assert db.session.scalar(select(AnswerTemplate.id)) is None
        assert _actions() == ["template_save", "template_save", "template_delete"]


# --- measures, card orders, offices ---------------------------------------------------------


def test_a_measure_without_a_case_is_no_business_of_the_anti_corruption_role(
    app: Flask,
) -> None:
    make_user(app)
    make_user(app, "watch@example.org", "anti_corruption")
    with app.app_context():
        officer, watcher = _user("officer@example.org"), _user("watch@example.org")
        diez = db.session.scalar(select(Office.id).where(Office.code == "DIEZ"))
        alone = measures.create(
            db.session,
            officer,
            measures.MeasureFields("Aushang erneuern", "Empfang"),
            office_id=diez,
        )
        restricted = measures.create(
            db.session,
            watcher,
            measures.MeasureFields("Vier-Augen-Prinzip", "Leitung"),
            case=_case(restricted=True),
        )
        assert measures.can_work(db.session, officer, alone)
        assert not measures.can_work(db.session, watcher, alone)
        assert measures.can_work(db.session, watcher, restricted)
        assert not measures.can_work(db.session, officer, restricted)
        assert not measures.can_work(db.session, None, alone)


def test_a_card_order_is_audited_with_its_id(app: Flask) -> None:
    make_user(app, "lead@example.org", "team_lead", office_code="DIEZ")
    with app.app_context():
        lead = _user("lead@example.org")
        order = printing.request_cards(db.session, lead, lead.office_id or 0, "card", 200, "Foyer")
        db.session.commit()
        stored = db.session.get(CardRequest, order.id)
        assert stored is not None and (stored.count, stored.requested_by_id) == (200, lead.id)
        event = db.session.scalars(select(AuditEvent)).one()
        assert (event.action, event.detail) == ("card_request", f"request {order.id}")


def test_a_retired_office_comes_back(app: Flask) -> None:
    with app.app_context():
        assert offices.find_active(db.session, "old") is None
        assert offices.reactivate(db.session, "old").code == "OLD"
        db.session.commit()
        assert offices.find_active(db.session, "OLD") is not None
        with pytest.raises(offices.OfficeError):
            offices.reactivate(db.session, "NONE")
