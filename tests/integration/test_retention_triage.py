"""Retention of triaged cases: contact data after N days, texts after M months, idempotent."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from intake.models import Case, Contact, ForwardLink, GoogleReview, Measure, Office
from intake.privacy import retention
from intake.web.extensions import db

TODAY = date(2026, 3, 31)
SECRET_TEXT = "GEHEIMTEXT-4711 Frau Müller hat mir nicht geholfen"
ANSWER = "Sehr geehrte Frau Kundin, Ihre Beschwerde war berechtigt."
STAFF = ("Petra Sommer",)


def add_case(
    *,
    status: str = "closed",
    closed_on: date | None = None,
    contact: bool = True,
    received_on: date = date(2023, 1, 2),
    text: str = SECRET_TEXT,
    channel: str = "qr_card",
    **fields: Any,
) -> int:
    """A triaged case, stored; returns its id (call inside an app context)."""
    office_id = db.session.scalar(select(Office.id).where(Office.code == "DIEZ"))
    item = Case(
        office_id=office_id,
        channel=channel,
        kind="complaint",
        krm_kind="beschwerde",
        rating=2,
        text=text,
        language="de",
        received_on=received_on,
        status=status,
        closed_on=closed_on,
        answer=ANSWER if status in ("answered", "closed") else None,
        justified=True,
        flags="media",
        flag_reasons="media: vorgeschlagen wegen: 'Zeitung'",
        **fields,
    )
    if contact:
        item.contact = Contact(
            name="Erika Beispiel",
            email="erika@example.org",
            phone="0170 1234567",
            preferred="email",
            consent_on=received_on,
        )
        item.contactable = True
    db.session.add(item)
    db.session.commit()
    return item.id


def run(**overrides: Any) -> retention.RetentionReport:
    settings: dict[str, Any] = {
        "spam_days": 30,
        "contact_days": 90,
        "anonymise_months": 24,
        "today": TODAY,
        "staff_names": STAFF,
    }
    settings.update(overrides)
    return retention.run(db.session, **settings)


def fresh(case_id: int) -> Case:
    db.session.expire_all()
    item = db.session.get(Case, case_id)
    assert item is not None
    return item


# --------------------------------------------------------------------------- contact data


@pytest.mark.parametrize("status", ["closed", "handed_off"])
def test_contact_kept_on_day_n_and_deleted_on_day_n_plus_1(app: Flask, status: str) -> None:
    with app.app_context():
        day_n = add_case(status=status, closed_on=TODAY - timedelta(days=90))
        day_n1 = add_case(status=status, closed_on=TODAY - timedelta(days=91))
        report = run()
        assert report.contacts_deleted == 1
        assert fresh(day_n).contact is not None
        assert fresh(day_n).contact_deleted_on is None
        gone = fresh(day_n1)
        assert gone.contact is None
        assert gone.contact_deleted_on == TODAY
        # the text is not touched by the contact rule
        assert gone.text == SECRET_TEXT
        assert gone.anonymised_on is None
        # one day later the other one goes too
        later = run(today=TODAY + timedelta(days=1))
        assert later.contacts_deleted == 1
        assert fresh(day_n).contact is None
        assert fresh(day_n).contact_deleted_on == TODAY + timedelta(days=1)


def test_open_cases_keep_everything_however_old(app: Flask) -> None:
    with app.app_context():
        ids = [
            add_case(status=status, received_on=date(2020, 1, 2))
            for status in ("new", "triaged", "forwarded", "statement", "answered")
        ]
        reopened = add_case(status="triaged", closed_on=None, received_on=date(2020, 1, 2))
        report = run()
        assert (report.contacts_deleted, report.texts_anonymised) == (0, 0)
        for case_id in [*ids, reopened]:
            item = fresh(case_id)
            assert item.contact is not None
            assert item.text == SECRET_TEXT
            assert (item.contact_deleted_on, item.anonymised_on) == (None, None)


def test_cases_without_contact_are_not_marked(app: Flask) -> None:
    with app.app_context():
        case = add_case(closed_on=TODAY - timedelta(days=200), contact=False)
        assert run().contacts_deleted == 0
        assert fresh(case).contact_deleted_on is None


# --------------------------------------------------------------------------- texts


def add_related(case_id: int) -> None:
    now = datetime(2023, 2, 1, tzinfo=UTC)
    db.session.add_all(
        [
            ForwardLink(
                case_id=case_id,
                token_hash=f"{case_id:064d}"[-64:],
                recipient="lead@example.org",
                note="Bitte Stellungnahme zu Frau Müller, GEHEIMNOTIZ",
                expires_at=now + timedelta(days=14),
                statement="Stellungnahme: Herr Sommer war krank. GEHEIMSTELLUNGNAHME",
                proposed_measures="Schulung für Petra Sommer",
                answered_at=now,
            ),
            Measure(
                case_id=case_id,
                what="Schulung Gesprächsführung für Frau Sommer (Team 2)",
                responsible="Herr Dr. Weber",
                check_result="Petra Sommer berichtet: wirksam",
                status="done",
            ),
        ]
    )
    db.session.commit()


def test_texts_anonymised_after_m_months(app: Flask) -> None:
    cutoff = date(2024, 3, 31)  # TODAY minus 24 months
    with app.app_context():
        kept = add_case(closed_on=cutoff, handoff_to=None)
        old = add_case(
            status="handed_off",
            closed_on=cutoff - timedelta(days=1),
            handoff_to="Widerspruchsstelle, Frau Sommer",
        )
        add_related(kept)
        add_related(old)
        report = run()
        assert report.texts_anonymised == 1

        untouched = fresh(kept)
        assert untouched.text == SECRET_TEXT
        assert untouched.anonymised_on is None
        assert untouched.forward_links[0].statement is not None
        assert untouched.measures[0].what.startswith("Schulung Gesprächsführung für Frau Sommer")

        item = fresh(old)
        assert item.anonymised_on == TODAY
        assert (item.text, item.answer) == ("", None)
        assert item.contact is None and item.contact_deleted_on == TODAY
        link = item.forward_links[0]
        assert (link.statement, link.proposed_measures, link.note) == (None, None, "")
        assert link.recipient == "lead@example.org"  # staff, kept for the audit trail
        measure = item.measures[0]
        assert measure.what == "Schulung Gesprächsführung für [Name] (Team 2)"
        assert measure.responsible == "[Name]"
        assert measure.check_result == "[Name] berichtet: wirksam"
        assert item.handoff_to == "Widerspruchsstelle, [Name]"
        # the analysis record stays
        assert (item.kind, item.krm_kind, item.channel, item.rating) == (
            "complaint",
            "beschwerde",
            "qr_card",
            2,
        )
        assert item.office is not None and item.office.code == "DIEZ"
        assert (item.received_on, item.closed_on) == (date(2023, 1, 2), cutoff - timedelta(days=1))
        assert (item.justified, item.flags, item.status) == (True, "media", "handed_off")


def test_month_arithmetic() -> None:
    assert retention.months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert retention.months_before(date(2024, 3, 31), 1) == date(2024, 2, 29)
    assert retention.months_before(date(2026, 1, 15), 13) == date(2024, 12, 15)
    assert retention.months_before(date(2026, 1, 15), 0) == date(2026, 1, 15)
    with pytest.raises(ValueError, match="negative"):
        retention.months_before(date(2026, 1, 15), -1)


def test_google_review_texts_anonymised(app: Flask) -> None:
    with app.app_context():
        case = add_case(closed_on=date(2023, 6, 1), contact=False, channel="google")
        db.session.add(
            GoogleReview(
                case_id=case,
                name="accounts/1/locations/2/reviews/3",
                location_name="accounts/1/locations/2",
                reviewer_name="Erika Beispiel",
                star_rating=2,
                comment_original="GEHEIMREZENSION",
                comment_translation="SECRET REVIEW",
                reply_comment="Liebe Frau Beispiel, danke.",
                first_replied_at=datetime(2023, 5, 1, tzinfo=UTC),
            )
        )
        db.session.commit()
        assert run().texts_anonymised == 1
        db.session.expire_all()
        review = db.session.scalar(select(GoogleReview))
        assert review is not None
        assert (review.reviewer_name, review.comment_original, review.comment_translation) == (
            None,
            None,
            None,
        )
        assert review.reply_comment is None
        assert review.star_rating == 2
        assert review.first_replied_at is not None  # that it was answered stays


def test_second_run_changes_nothing(app: Flask) -> None:
    with app.app_context():
        old = add_case(closed_on=date(2023, 1, 5))
        add_related(old)
        add_case(closed_on=TODAY - timedelta(days=100))
        first = run()
        assert (first.contacts_deleted, first.texts_anonymised) == (2, 1)
        before = fresh(old)
        snapshot = (before.text, before.anonymised_on, before.measures[0].what)
        second = run(today=TODAY + timedelta(days=3))
        assert (second.spam_purged, second.contacts_deleted, second.texts_anonymised) == (0, 0, 0)
        after = fresh(old)
        # anonymised_on keeps the day it happened
        assert (after.text, after.anonymised_on, after.measures[0].what) == snapshot


def test_work_is_done_in_chunks(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retention, "CHUNK", 3)
    with app.app_context():
        ids = [add_case(closed_on=date(2023, 1, 5)) for _ in range(8)]
        report = run()
        assert (report.contacts_deleted, report.texts_anonymised) == (8, 8)
        assert db.session.scalar(select(func.count()).select_from(Contact)) == 0
        assert all(fresh(i).text == "" for i in ids)


def test_rules_without_a_setting_are_skipped(app: Flask) -> None:
    with app.app_context():
        case = add_case(closed_on=date(2020, 1, 5))
        report = retention.run(db.session, spam_days=30, today=TODAY)
        assert (report.contacts_deleted, report.texts_anonymised) == (0, 0)
        assert fresh(case).contact is not None


def test_spam_purge_still_runs(app: Flask) -> None:
    with app.app_context():
        spam = add_case(status="new", received_on=TODAY - timedelta(days=31), is_spam=True)
        young = add_case(status="new", received_on=TODAY - timedelta(days=30), is_spam=True)
        assert run().spam_purged == 1
        db.session.expire_all()
        assert db.session.get(Case, spam) is None
        assert db.session.get(Case, young) is not None


# --------------------------------------------------------------------------- logs and CLI


def test_logs_hold_counts_never_contents(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    with app.app_context():
        old = add_case(closed_on=date(2023, 1, 5))
        add_related(old)
        add_case(closed_on=TODAY - timedelta(days=100))
        with caplog.at_level(logging.DEBUG):
            run()
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("intake")]
    assert "retention: 0 spam submissions purged, 2 contacts deleted, 1 cases anonymised" in (
        messages
    )
    for secret in ("GEHEIM", "Müller", "Sommer", "Erika", "example.org", "0170"):
        assert secret not in caplog.text


def test_cli_uses_the_settings(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    names = tmp_path / "staff_names.txt"
    names.write_text("Petra Sommer\n", encoding="utf-8")
    app.config.update(
        CONTACT_RETENTION_DAYS=10, TEXT_ANONYMISE_MONTHS=1, STAFF_NAMES_FILE=str(names)
    )
    today = date.today()
    with app.app_context():
        contact_only = add_case(closed_on=today - timedelta(days=11))
        old = add_case(closed_on=today - timedelta(days=62))
        add_related(old)
        recent = add_case(closed_on=today - timedelta(days=10))
    result = runner.invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output
    assert "contacts deleted: 2" in result.output
    assert "texts anonymised: 1" in result.output
    assert "spam purged: 0" in result.output
    assert "GEHEIM" not in result.output
    with app.app_context():
        assert fresh(contact_only).contact is None
        assert fresh(contact_only).text == SECRET_TEXT
        assert fresh(recent).contact is not None
        anonymised = fresh(old)
        assert anonymised.text == ""
        assert anonymised.measures[0].check_result == "[Name] berichtet: wirksam"
    again = runner.invoke(args=["retention", "run"])
    assert "contacts deleted: 0" in again.output and "texts anonymised: 0" in again.output
