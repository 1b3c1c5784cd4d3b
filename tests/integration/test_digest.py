"""Staff digests: per role, visibility respected, never a text, contact data or another name."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from intake.mailer import Mail, MailError, MailSettings
from intake.models import Case, Contact, GoogleReview, Office, User
from intake.triage import cases, digest
from intake.web import settings
from intake.web.extensions import db

TODAY = date(2026, 3, 4)  # a Wednesday; no holiday in Rhineland-Palatinate around it
BASE = "https://feedback.example.org"
SECRET = "GEHEIMTEXT-123"
CONTACT_NAME = "Erika Beispielkundin"
CONTACT_MAIL = "erika.kundin@example.net"


@pytest.fixture
def app_config(tmp_path: Path) -> dict[str, Any]:
    return {
        "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
        "PUBLIC_BASE_URL": BASE + "/",
        "RULE_PROFILE": "rhein-lahn",
    }


def office_id(code: str) -> int:
    found = db.session.scalar(select(Office.id).where(Office.code == code))
    assert found is not None
    return found


def add_user(email: str, role: str, *, office: str | None = None, active: bool = True) -> User:
    user = User(
        email=email,
        role=role,
        password_hash="unused",
        active=active,
        office_id=office_id(office) if office else None,
    )
    db.session.add(user)
    db.session.commit()
    return user


def add_case(
    label: str,
    *,
    status: str = "triaged",
    received_on: date,
    office: str = "DIEZ",
    krm_kind: str | None = "beschwerde",
    refresh: bool = True,
    **fields: Any,
) -> int:
    """A case whose text is unique and secret; deadlines computed as the app does."""
    item = Case(
        office_id=office_id(office),
        channel=fields.pop("channel", "qr_card"),
        kind=fields.pop("kind", "complaint"),
        text=f"{SECRET} {label}: Frau Müller war unfreundlich",
        language="de",
        received_on=received_on,
        status=status,
        krm_kind=krm_kind,
        acknowledged_on=received_on,
        **fields,
    )
    item.contact = Contact(
        name=CONTACT_NAME, email=CONTACT_MAIL, preferred="email", consent_on=received_on
    )
    item.contactable = True
    if refresh:
        cases.refresh_due(db.session, item, settings.rule_profile(), today=TODAY)
    db.session.add(item)
    db.session.commit()
    return item.id


def add_review(label: str, *, replied: bool) -> int:
    case_id = add_case(
        label, channel="google", kind="other", krm_kind="lob", received_on=date(2026, 3, 1),
        rating=2,
    )  # fmt: skip
    db.session.add(
        GoogleReview(
            case_id=case_id,
            name=f"accounts/1/locations/2/reviews/{label}",
            location_name="accounts/1/locations/2",
            reviewer_name="Rezensent Geheimname",
            comment_original=f"{SECRET} Rezension",
            reply_comment="Danke" if replied else None,
            create_time=datetime(2026, 3, 1, tzinfo=UTC),
        )
    )
    db.session.commit()
    return case_id


@pytest.fixture
def world(app: Flask) -> dict[str, int]:
    """Staff of every role and one case of every kind the digests report (or must not)."""
    with app.app_context():
        sommer = add_user("petra.sommer@example.org", "officer")
        add_user("officer@example.org", "officer")
        add_user("admin@example.org", "admin")
        add_user("chef@example.org", "management")
        add_user("ak@example.org", "anti_corruption")
        add_user("lead-diez@example.org", "team_lead", office="DIEZ")
        add_user("lead-ems@example.org", "team_lead", office="EMS")
        add_user("service@example.org", "service")
        add_user("former@example.org", "officer", active=False)
        return {
            "new": add_case("neu", status="new", kind="praise", krm_kind=None, refresh=False,
                            received_on=date(2026, 3, 3)),
            # final answer due 24.02. (14 days): overdue, interim message due
            "overdue": add_case("ueberfaellig", received_on=date(2026, 2, 10),
                                assignee_id=sommer.id),
            # final answer due 04.03. = today: due soon, interim message due
            "soon": add_case("bald", received_on=date(2026, 2, 18)),
            # final answer due 16.03.: nothing yet
            "later": add_case("spaeter", received_on=date(2026, 3, 2)),
            "restricted": add_case("korruption", received_on=date(2026, 2, 10),
                                   restricted=True, high_risk=True, flags="corruption"),
            "high_risk": add_case("presse", kind="praise", krm_kind="lob",
                                  received_on=date(2026, 3, 1), high_risk=True, flags="media"),
            "high_risk_closed": add_case("presse-alt", status="closed", krm_kind="lob",
                                         received_on=date(2026, 1, 5), high_risk=True,
                                         closed_on=date(2026, 1, 20)),
            "forwarded": add_case("weitergeleitet", status="forwarded",
                                  received_on=date(2026, 3, 2), forwarded_on=date(2026, 3, 2)),
            "spam": add_case("spam", status="new", is_spam=True, received_on=date(2026, 3, 3),
                             high_risk=True, refresh=False),
            "review_open": add_review("offen", replied=False),
            "review_replied": add_review("beantwortet", replied=True),
        }  # fmt: skip


def user(email: str) -> User:
    found = db.session.scalar(select(User).where(User.email == email))
    assert found is not None
    return found


def build(email: str) -> digest.Digest:
    """The digest of one staff member under the app's rule profile."""
    return digest.build(db.session, user(email), today=TODAY, rule_profile=settings.rule_profile())


def sections_of(email: str) -> dict[str, set[int]]:
    built = build(email)
    result = {section.title: {entry.case_id for entry in section.entries}
              for section in built.sections}  # fmt: skip
    for section in built.sections:
        assert section.count == len(section.entries)
    return result


# --------------------------------------------------------------------------- contents per role


def test_officer_and_admin_digest(app: Flask, world: dict[str, int]) -> None:
    expected = {
        "Neue Fälle (noch nicht gesichtet)": {world["new"]},
        "Überfällige Fälle": {world["overdue"]},
        "Fällig in den nächsten 2 Arbeitstagen": {world["soon"]},
        "Zwischennachricht fällig": {world["overdue"], world["soon"]},
        "Unbeantwortete Google-Rezensionen": {world["review_open"]},
    }
    with app.app_context():
        assert sections_of("officer@example.org") == expected
        assert sections_of("admin@example.org") == expected


def test_restricted_cases_count_for_anti_corruption_only(app: Flask, world: dict[str, int]) -> None:
    with app.app_context():
        for email in ("officer@example.org", "admin@example.org", "chef@example.org"):
            listed = set().union(*sections_of(email).values())
            assert world["restricted"] not in listed, email
        assert sections_of("ak@example.org") == {
            "Offene Fälle mit Korruptionshinweis": {world["restricted"]}
        }


def test_management_gets_open_high_risk_cases(app: Flask, world: dict[str, int]) -> None:
    with app.app_context():
        assert sections_of("chef@example.org") == {
            "Offene Fälle mit hohem Risiko": {world["high_risk"]}
        }


def test_team_lead_gets_own_office_awaiting_statement(app: Flask, world: dict[str, int]) -> None:
    with app.app_context():
        assert sections_of("lead-diez@example.org") == {
            "Weitergeleitete Fälle, die auf Ihre Stellungnahme warten": {world["forwarded"]}
        }
        assert build("lead-ems@example.org").empty
        item = db.session.get(Case, world["forwarded"])
        assert item is not None
        item.status, item.statement_on = "statement", TODAY
        db.session.commit()
        assert build("lead-diez@example.org").empty


def test_recipients_are_active_staff_of_digest_roles(app: Flask, world: dict[str, int]) -> None:
    with app.app_context():
        emails = {u.email for u in digest.recipients(db.session)}
        assert "service@example.org" not in emails
        assert "former@example.org" not in emails
        assert {"officer@example.org", "ak@example.org", "lead-ems@example.org"} <= emails


def test_sections_list_a_limited_number_of_links(
    app: Flask, world: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(digest, "LINK_LIMIT", 1)
    with app.app_context():
        built = build("officer@example.org")
        interim = next(s for s in built.sections if s.title == "Zwischennachricht fällig")
        assert (interim.count, len(interim.entries)) == (2, 1)
        body = digest.compose(built, settings.public_base_url()).body
    assert "Zwischennachricht fällig: 2" in body
    assert f"- … und 1 weitere: {BASE}/staff/" in body


# --------------------------------------------------------------------------- the mail


def test_mail_has_links_and_no_text(app: Flask, world: dict[str, int]) -> None:
    with app.app_context():
        mail = digest.compose(build("officer@example.org"), settings.public_base_url())
    assert mail.to == "officer@example.org"
    assert mail.purpose == "digest"
    assert mail.subject == "Meinungskarte: Ihre Übersicht vom 04.03.2026 (6)"
    assert f"{BASE}/staff/cases/{world['overdue']}\n" in mail.body
    assert f"- Fall {world['overdue']} · DIEZ · Abschließende Antwort fällig seit 24.02.2026" in (
        mail.body
    )
    assert f"- Fall {world['soon']} · DIEZ · Abschließende Antwort fällig am 04.03.2026" in (
        mail.body
    )
    assert_clean(mail.subject + mail.body, recipient="officer@example.org")


def assert_clean(content: str, *, recipient: str) -> None:
    """No case text, contact data, reviewer name or staff name other than the recipient."""
    for forbidden in (SECRET, "Müller", CONTACT_NAME, CONTACT_MAIL, "Geheimname", "Rezension "):
        assert forbidden not in content
    lowered = content.lower()
    for email in ("petra.sommer", "officer@", "admin@", "chef@", "ak@", "lead-diez", "lead-ems"):
        if not recipient.startswith(email.rstrip("@")):
            assert email not in lowered, email
    assert "sommer" not in lowered or recipient.startswith("petra.sommer")


def read_outbox(folder: Path) -> list[tuple[str, str, str, bytes]]:
    mails = []
    for path in sorted(folder.glob("*.eml")):
        raw = path.read_bytes()
        message = BytesParser(policy=policy.default).parsebytes(raw)
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        mails.append((str(message["To"]), str(message["Subject"]), body.get_content(), raw))
    return mails


def test_cli_writes_one_mail_per_recipient_with_something_to_report(
    app: Flask, world: dict[str, int], runner: FlaskCliRunner, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        result = runner.invoke(args=["digest", "send", "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "digest 2026-03-04: 6 sent, 1 with nothing to report, 0 failed" in result.output
    mails = read_outbox(Path(app.config["MAIL_OUTBOX_DIR"]))
    assert sorted(to for to, *_ in mails) == [
        "admin@example.org",
        "ak@example.org",
        "chef@example.org",
        "lead-diez@example.org",
        "officer@example.org",
        "petra.sommer@example.org",
    ]
    for to, subject, body, raw in mails:
        assert_clean(subject + body, recipient=to)
        assert SECRET.encode() not in raw
        assert "/staff/cases/" in body
    ak_body = next(body for to, _, body, _ in mails if to == "ak@example.org")
    assert f"/staff/cases/{world['restricted']}" in ak_body
    for to, _, body, _ in mails:
        if to != "ak@example.org":
            assert f"/staff/cases/{world['restricted']}" not in body
    # logs: counts only, no address, no text
    assert "digest: 6 mails sent, 1 staff with nothing to report, 0 failed" in caplog.text
    assert "@example" not in caplog.text and SECRET not in caplog.text


def test_cli_dry_run_prints_and_sends_nothing(
    app: Flask, world: dict[str, int], runner: FlaskCliRunner
) -> None:
    result = runner.invoke(args=["digest", "send", "--today", "2026-03-04", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "To: ak@example.org" in result.output
    assert "Offene Fälle mit Korruptionshinweis: 1" in result.output
    assert "6 would send" in result.output
    assert SECRET not in result.output and CONTACT_MAIL not in result.output
    assert not list(Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml"))


def test_nothing_to_report_sends_nothing(app: Flask, runner: FlaskCliRunner) -> None:
    with app.app_context():
        add_user("officer@example.org", "officer")
        add_case("spaeter", received_on=date(2026, 3, 2))
    result = runner.invoke(args=["digest", "send", "--today", "2026-03-04"])
    assert result.exit_code == 0, result.output
    assert "0 sent, 1 with nothing to report" in result.output
    assert not Path(app.config["MAIL_OUTBOX_DIR"]).exists()


def test_a_failed_mail_does_not_stop_the_others(app: Flask, world: dict[str, int]) -> None:
    delivered: list[Mail] = []

    def deliver(mail: Mail) -> None:
        if mail.to == "chef@example.org":
            raise MailError("SMTPServerDisconnected")
        delivered.append(mail)

    with app.app_context():
        run = digest.send_all(
            db.session,
            today=TODAY,
            deliver=deliver,
            rule_profile=settings.rule_profile(),
            base_url=settings.public_base_url(),
        )
    assert (run.sent, run.failed, run.nothing_to_report) == (5, 1, 1)
    assert "chef@example.org" not in {mail.to for mail in delivered}


def test_cli_fails_when_a_mail_fails(
    app: Flask, world: dict[str, int], runner: FlaskCliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(mail: Mail, mail_settings: MailSettings) -> None:
        raise MailError("SMTPConnectError")

    monkeypatch.setattr("intake.mailer.send", broken)
    result = runner.invoke(args=["digest", "send", "--today", "2026-03-04"])
    assert result.exit_code == 1
    assert "6 digest(s) could not be sent" in result.output
