"""The officers' digest reminds of the next KRM report from 10 working days before its date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import update

from intake.models import ReportVersion, User
from intake.triage import digest, rules
from intake.web import settings
from intake.web.extensions import db

BASE = "https://feedback.example.org"
NEUKOELLN = rules.PROFILES["neukoelln"]
RHEIN_LAHN = rules.PROFILES["rhein-lahn"]


@pytest.mark.parametrize(
    ("profile", "today", "expected"),
    [
        # Neukölln: 15.01.2027 about the 4th quarter; 10 working days before is 30.12.2026
        (NEUKOELLN, date(2027, 1, 4), "Der Quartalsbericht über das 4. Quartal 2026 ist am "
                                      "15.01.2027 fällig"),
        (NEUKOELLN, date(2027, 1, 15), "Der Quartalsbericht über das 4. Quartal 2026 ist heute "
                                       "fällig"),
        (NEUKOELLN, date(2026, 10, 5), "Der Quartalsbericht über das 3. Quartal 2026 ist am "
                                       "15.10.2026 fällig"),
        # Rhein-Lahn: the annual report by 24 January
        (RHEIN_LAHN, date(2027, 1, 20), "Der Jahresbericht über das Jahr 2026 ist am 24.01.2027 "
                                        "fällig"),
    ],
)  # fmt: skip
def test_reminder_names_date_and_period(
    profile: rules.RuleProfile, today: date, expected: str
) -> None:
    section = digest.report_reminder(profile, today)
    assert section is not None
    assert section.title == "KRM-Bericht fällig"
    assert section.notes[0].startswith(expected)
    assert profile.report_rule in section.notes[0]


@pytest.mark.parametrize(
    ("profile", "today"),
    [
        (NEUKOELLN, date(2026, 12, 1)),
        (NEUKOELLN, date(2027, 1, 16)),  # the day after: the next one is April's
        (NEUKOELLN, date(2026, 9, 28)),  # 13 working days before 15.10.
        (RHEIN_LAHN, date(2026, 12, 28)),
    ],
)
def test_no_reminder_far_from_the_date(profile: rules.RuleProfile, today: date) -> None:
    assert digest.report_reminder(profile, today) is None


def test_links_open_the_report_page_on_the_period() -> None:
    quarter = digest.report_reminder(NEUKOELLN, date(2027, 1, 4))
    year = digest.report_reminder(RHEIN_LAHN, date(2027, 1, 20))
    assert quarter is not None and year is not None
    assert quarter.link == "/staff/reports?period=2026-Q4"
    assert year.link == "/staff/reports?period=2026"


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"RULE_PROFILE": "neukoelln", "PUBLIC_BASE_URL": BASE}


def add_user(email: str, role: str) -> User:
    user = User(email=email, role=role, password_hash="unused", active=True)
    db.session.add(user)
    db.session.commit()
    return user


def test_only_officers_get_the_reminder_in_their_mail(app: Flask) -> None:
    today = date(2027, 1, 11)
    with app.app_context():
        officer = add_user("krm@example.org", "officer")
        others = [
            add_user("admin@example.org", "admin"),
            add_user("chef@example.org", "management"),
        ]
        built = digest.build(db.session, officer, today=today, rule_profile=settings.rule_profile())
        assert [s.title for s in built.sections] == ["KRM-Bericht fällig"]
        assert not built.empty  # the reminder alone is worth a mail
        for user in others:
            titles = [
                s.title
                for s in digest.build(
                    db.session, user, today=today, rule_profile=settings.rule_profile()
                ).sections
            ]
            assert "KRM-Bericht fällig" not in titles
        mail = digest.compose(built, settings.public_base_url())
    assert (
        "\nKRM-Bericht fällig\nDer Quartalsbericht über das 4. Quartal 2026 ist am 15.01.2027"
        in (mail.body)
    )
    assert f"  {BASE}/staff/reports?period=2026-Q4\n" in mail.body
    assert "KRM-Bericht fällig: 0" not in mail.body
    assert mail.subject == "Meinungskarte: Ihre Übersicht vom 11.01.2027 (0)"


def add_version(period: str, number: int, status: str) -> None:
    db.session.add(
        ReportVersion(
            period=period,
            number=number,
            status=status,
            causes="Wartezeiten am Empfang in Diez, vor allem montags.",
            recommendations="Empfang montags doppelt besetzen.",
        )
    )
    db.session.commit()


def reminder_titles(officer: User, today: date) -> list[str]:
    built = digest.build(db.session, officer, today=today, rule_profile=settings.rule_profile())
    return [s.title for s in built.sections]


def test_no_reminder_once_the_report_was_handed_in(app: Flask) -> None:
    """Handed in early (a final version of 2026-Q4 exists): no more reminder for it."""
    today = date(2027, 1, 11)
    with app.app_context():
        officer = add_user("krm@example.org", "officer")
        add_version("2026-Q3", 1, "final")  # last quarter's report counts not for this one
        add_version("2026-Q4", 1, "draft")  # a draft is not handed in yet
        assert reminder_titles(officer, today) == ["KRM-Bericht fällig"]
        assert digest.report_reminder(NEUKOELLN, today, db.session) is not None

        db.session.execute(
            update(ReportVersion)
            .where(ReportVersion.period == "2026-Q4")
            .values(status="final", figures='{"schema": 1}', pdf=b"%PDF-1.7\n%%EOF\n")
        )
        db.session.commit()
        assert reminder_titles(officer, today) == []
        assert digest.report_reminder(NEUKOELLN, today, db.session) is None
        assert digest.build(
            db.session, officer, today=today, rule_profile=settings.rule_profile()
        ).empty
        # the next report (1st quarter 2027, due 15.04.2027) is reminded of as usual
        assert digest.report_reminder(NEUKOELLN, date(2027, 4, 6), db.session) is not None
