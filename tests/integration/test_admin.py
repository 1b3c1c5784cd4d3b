"""The admin's pages: staff accounts, offices and the read-only settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from intake.accounts import services as auth
from intake.backoffice.admin.views import display_value, is_secret, mask_url_credentials
from intake.models import AuditEvent, Office, User
from intake.offices import services as offices
from intake.roles import Role
from intake.web.extensions import db
from tests.helpers import PASSWORD, SECRET, hidden_fields, login, make_user

ADMIN = "admin@example.org"
NEW_PASSWORD = "a long new passphrase for testing"
# Separation of duties: the anti-corruption role is granted on the server only
# (tests/integration/test_separation_of_duties.py).
GRANTABLE = [role for role in Role if role != Role.ANTI_CORRUPTION]


@pytest.fixture
def admin(app: Flask, client: FlaskClient) -> User:
    """A logged-in administrator."""
    user = make_user(app, ADMIN, "admin")
    login(client, ADMIN)
    return user


def post_form(client: FlaskClient, url: str, **fields: Any) -> TestResponse:
    """Load the page and send a form from it with the page's CSRF token."""
    page = client.get(url).get_data(as_text=True)
    data = {**hidden_fields(page), **fields}
    return client.post(url, data={k: v for k, v in data.items() if v is not None})


def create_user(client: FlaskClient, email: str, role: str, **fields: Any) -> TestResponse:
    data: dict[str, Any] = {
        "email": email,
        "role": role,
        "office": "",
        "password": NEW_PASSWORD,
        "password_confirm": NEW_PASSWORD,
    }
    data.update(fields)
    return post_form(client, "/staff/admin/users", **data)


def office_id(app: Flask, code: str) -> int:
    with app.app_context():
        found = db.session.scalar(select(Office.id).where(Office.code == code))
        assert found is not None
        return found


def user_row(app: Flask, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user is not None
        db.session.expunge(user)
        return user


def audit_events(app: Flask, prefix: str = "admin_") -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(AuditEvent.action, AuditEvent.detail)
            .where(AuditEvent.action.startswith(prefix))
            .order_by(AuditEvent.id)
        )
        return [(action, detail) for action, detail in rows]


# ----------------------------------------------------------------------------- accounts


def test_admin_creates_an_account_of_every_role(
    app: Flask, client: FlaskClient, admin: User
) -> None:
    diez = office_id(app, "DIEZ")
    for role in GRANTABLE:
        # the office is ignored unless the role is team lead
        response = create_user(client, f"New.{role}@Example.org", role, office=str(diez))
        assert response.status_code == 302, response.get_data(as_text=True)
    for role in GRANTABLE:
        user = user_row(app, f"new.{role}@example.org")
        assert user.role == role and user.active
        assert user.office_id == (diez if role == "team_lead" else None)
    with app.app_context():
        assert auth.authenticate(db.session, "new.team_lead@example.org", NEW_PASSWORD)
    page = client.get("/staff/admin/users").get_data(as_text=True)
    assert "new.team_lead@example.org" in page and "Teamleitung" in page
    assert "Geschäftsstelle Diez (DIEZ)" in page
    assert "$argon2" not in page and NEW_PASSWORD not in page
    events = audit_events(app, "admin_user_create")
    assert len(events) == len(GRANTABLE)
    assert all(NEW_PASSWORD not in detail for _action, detail in events)


def test_a_team_lead_needs_an_office(app: Flask, client: FlaskClient, admin: User) -> None:
    response = create_user(client, "lead@example.org", "team_lead", office="")
    assert response.status_code == 422
    assert "Eine Teamleitung braucht eine Geschäftsstelle." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "lead@example.org")) is None


def test_weak_or_mistyped_passwords_are_refused_kindly(
    app: Flask, client: FlaskClient, admin: User
) -> None:
    weak = create_user(
        client, "weak@example.org", "officer", password="kurz", password_confirm="kurz"
    )
    assert weak.status_code == 422
    html = weak.get_data(as_text=True)
    assert "Das Passwort ist zu kurz: mindestens 12 Zeichen." in html
    assert 'value="kurz"' not in html  # a password is never sent back
    mistyped = create_user(
        client, "typo@example.org", "officer", password_confirm="something else!"
    )
    assert mistyped.status_code == 422
    assert "Die beiden Passwörter stimmen nicht überein." in mistyped.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User.id).where(User.email.like("%o@example.org"))) is None
    assert audit_events(app, "admin_user_create") == []


def test_a_duplicate_email_is_refused(app: Flask, client: FlaskClient, admin: User) -> None:
    make_user(app, "officer@example.org", "officer")
    response = create_user(client, " Officer@Example.ORG ", "management")
    assert response.status_code == 422
    assert "Es gibt schon ein Konto mit dieser E-Mail-Adresse." in response.get_data(as_text=True)
    assert user_row(app, "officer@example.org").role == "officer"
    invalid = create_user(client, "no-at-sign", "officer")
    assert invalid.status_code == 422
    assert "Bitte geben Sie eine gültige E-Mail-Adresse an." in invalid.get_data(as_text=True)


def test_deactivating_ends_the_users_session(app: Flask, client: FlaskClient, admin: User) -> None:
    officer = make_user(app, "officer@example.org", "officer")
    other = app.test_client()
    login(other, "officer@example.org")
    assert other.get("/staff/inbox").status_code == 200
    url = f"/staff/admin/users/{officer.id}"
    response = post_form(client, url, action="update", role="officer", office="")  # no "active"
    assert response.status_code == 302
    after = other.get("/staff/inbox")
    assert after.status_code == 302 and after.headers["Location"].startswith("/staff/login")
    with app.app_context():
        assert auth.authenticate(db.session, "officer@example.org", PASSWORD) is None
    assert user_row(app, "officer@example.org").active is False
    assert audit_events(app, "admin_user_update") == [
        ("admin_user_update", "officer@example.org: deactivated; sessions ended")
    ]
    page = client.get("/staff/admin/users").get_data(as_text=True)
    assert "gesperrt" in page
    # reactivated, the account may log in again
    again = post_form(client, url, action="update", role="officer", office="", active="y")
    assert again.status_code == 302
    login(other, "officer@example.org")


def test_a_new_role_ends_the_session_and_changes_the_office(
    app: Flask, client: FlaskClient, admin: User
) -> None:
    officer = make_user(app, "officer@example.org", "officer")
    other = app.test_client()
    login(other, "officer@example.org")
    url = f"/staff/admin/users/{officer.id}"
    refused = post_form(client, url, action="update", role="team_lead", office="", active="y")
    assert refused.status_code == 422
    assert other.get("/staff/inbox").status_code == 200  # nothing changed yet
    ems = office_id(app, "EMS")
    response = post_form(client, url, action="update", role="team_lead", office=ems, active="y")
    assert response.status_code == 302
    assert other.get("/staff/inbox").status_code == 302
    user = user_row(app, "officer@example.org")
    assert (user.role, user.office_id, user.active) == ("team_lead", ems, True)
    page = client.get(url).get_data(as_text=True)
    assert "Geschäftsstelle Bad Ems (EMS)" in page
    # back to officer: the office goes with the role
    post_form(client, url, action="update", role="officer", office=ems, active="y")
    assert user_row(app, "officer@example.org").office_id is None


def test_an_admin_cannot_lock_themself_out(app: Flask, client: FlaskClient, admin: User) -> None:
    url = f"/staff/admin/users/{admin.id}"
    for change in ({"role": "admin"}, {"role": "officer", "active": "y"}):
        response = post_form(client, url, action="update", office="", **change)
        assert response.status_code == 422
        assert "Sie können sich nicht selbst" in response.get_data(as_text=True)
    user = user_row(app, ADMIN)
    assert (user.role, user.active, user.session_version) == ("admin", True, admin.session_version)
    assert client.get("/staff/admin/users").status_code == 200
    assert audit_events(app) == []


def test_admin_sets_a_new_password(app: Flask, client: FlaskClient, admin: User) -> None:
    officer = make_user(app, "officer@example.org", "officer")
    other = app.test_client()
    login(other, "officer@example.org")
    url = f"/staff/admin/users/{officer.id}"
    weak = post_form(client, url, action="password", password="short", password_confirm="short")
    assert weak.status_code == 422
    assert "mindestens 12 Zeichen" in weak.get_data(as_text=True)
    done = post_form(
        client, url, action="password", password=NEW_PASSWORD, password_confirm=NEW_PASSWORD
    )
    assert done.status_code == 302
    assert other.get("/staff/inbox").status_code == 302
    with app.app_context():
        assert auth.authenticate(db.session, "officer@example.org", NEW_PASSWORD) is not None
        assert auth.authenticate(db.session, "officer@example.org", PASSWORD) is None
    assert audit_events(app) == [("admin_user_password", "officer@example.org")]
    # the admin's own new password keeps this session, ends the others
    own = f"/staff/admin/users/{admin.id}"
    second = app.test_client()
    login(second, ADMIN)
    post_form(client, own, action="password", password=NEW_PASSWORD, password_confirm=NEW_PASSWORD)
    assert client.get("/staff/admin/users").status_code == 200
    assert second.get("/staff/admin/users").status_code == 302


def test_unknown_users_and_actions(app: Flask, client: FlaskClient, admin: User) -> None:
    assert client.get("/staff/admin/users/999999").status_code == 404
    assert post_form(client, f"/staff/admin/users/{admin.id}", action="drop").status_code == 400


# ----------------------------------------------------------------------------- offices


def add_office(client: FlaskClient, **fields: str) -> TestResponse:
    data = {"action": "add", "code": "nassau", "name": "Geschäftsstelle Nassau", "state": "rp"}
    data.update(fields)
    return post_form(client, "/staff/admin/offices", **data)


def test_admin_adds_an_office(app: Flask, client: FlaskClient, admin: User) -> None:
    response = add_office(client, address="Am Adolfsplatz 1")
    assert response.status_code == 302
    with app.app_context():
        office = offices.find_active(db.session, "NASSAU")
        assert office is not None
        assert (office.name, office.state, office.address) == (
            "Geschäftsstelle Nassau",
            "RP",
            "Am Adolfsplatz 1",
        )
    page = client.get("/staff/admin/offices").get_data(as_text=True)
    assert "http://127.0.0.1:5000/m/nassau" in page
    assert "<caption>" in page and 'scope="col"' in page
    assert audit_events(app) == [("admin_office_add", "NASSAU")]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"state": "XX"}, "Bitte geben Sie das Bundesland als Kürzel an, eines von: BB, BE"),
        ({"code": "a"}, "Das Kürzel besteht aus 2 bis 12 Buchstaben oder Ziffern."),
        ({"code": "na-ssau"}, "Das Kürzel besteht aus 2 bis 12 Buchstaben oder Ziffern."),
        ({"name": "  "}, "Bitte geben Sie einen Namen an."),
        ({"code": "diez"}, "Dieses Kürzel ist schon vergeben."),
    ],
)
def test_office_mistakes_are_shown(
    app: Flask, client: FlaskClient, admin: User, fields: dict[str, str], message: str
) -> None:
    response = add_office(client, **fields)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and 'class="error-summary"' in html
    with app.app_context():
        assert len(offices.all_offices(db.session)) == 3
    assert audit_events(app) == []


def test_admin_retires_and_reactivates_an_office(
    app: Flask, client: FlaskClient, admin: User
) -> None:
    retire = post_form(client, "/staff/admin/offices", action="retire", code="DIEZ")
    assert retire.status_code == 302
    with app.app_context():
        assert offices.find_active(db.session, "diez") is None
    page = client.get("/staff/admin/offices").get_data(as_text=True)
    assert "Wieder aktivieren" in page
    back = post_form(client, "/staff/admin/offices", action="reactivate", code="diez")
    assert back.status_code == 302
    with app.app_context():
        assert offices.find_active(db.session, "DIEZ") is not None
    assert audit_events(app) == [
        ("admin_office_retire", "DIEZ"),
        ("admin_office_reactivate", "DIEZ"),
    ]
    unknown = post_form(client, "/staff/admin/offices", action="retire", code="NOPE")
    assert unknown.status_code == 404
    assert post_form(client, "/staff/admin/offices", action="explode").status_code == 400


# ----------------------------------------------------------------------------- settings


def test_settings_page_hides_secrets_and_shows_the_rule_profile(
    app: Flask, client: FlaskClient, admin: User, tmp_path: Path
) -> None:
    names = tmp_path / "names.txt"
    names.write_text("Erika Mustermann\n# comment\nMax Beispiel\n", encoding="utf-8")
    app.config.update(
        # read by the page only: the database engine was built already
        DATABASE_URL="postgresql+psycopg://krm:db-pass-w0rd@db.example/intake",
        RATELIMIT_STORAGE_URI="redis://:redis-pass-w0rd@cache.example:6379/0",
        MAIL_SMTP_PASSWORD="smtp-pass-w0rd",
        MAIL_SMTP_USER="mailer",
        STAFF_NAMES_FILE=str(names),
    )
    response = client.get("/staff/admin/settings")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for secret in (SECRET, "db-pass-w0rd", "redis-pass-w0rd", "smtp-pass-w0rd"):
        assert secret not in html
    assert "postgresql+psycopg://krm:•••@db.example/intake" in html
    assert "redis://:•••@cache.example:6379/0" in html
    assert "••• (gesetzt)" in html and "mailer" in html
    assert "Jobcenter Rhein-Lahn" in html and "3 Arbeitstage" in html
    assert "14 Kalendertage" in html and "24.01." in html
    assert str(names) in html and "<dd>2</dd>" in html
    assert "Umgebungsvariablen" in html and "<form" not in html.split("</nav>")[-1]


def test_settings_show_the_other_profile_and_a_missing_names_file(
    app: Flask, client: FlaskClient, admin: User, tmp_path: Path
) -> None:
    app.config.update(RULE_PROFILE="neukoelln", STAFF_NAMES_FILE=str(tmp_path / "none.txt"))
    html = client.get("/staff/admin/settings").get_data(as_text=True)
    assert "Jobcenter Berlin Neukölln" in html and "10 Arbeitstage" in html
    assert "15.01., 15.04., 15.07., 15.10." in html
    assert "<dd>nein</dd>" in html


def test_masking_of_setting_values(app: Flask) -> None:
    with app.test_request_context():
        assert is_secret("SECRET_KEY") and is_secret("MAIL_SMTP_PASSWORD")
        assert is_secret("SOME_API_TOKEN") and not is_secret("GOOGLE_TOKEN_URL")
        assert display_value("SECRET_KEY", "x" * 40) == "••• (gesetzt)"
        assert display_value("MAIL_SMTP_PASSWORD", "") == "(nicht gesetzt)"
        assert display_value("SECRET_KEY", None) == "(nicht gesetzt)"
        assert display_value("TRUSTED_PROXIES", 0) == "0"
        assert display_value("RATELIMIT_ENABLED", True) == "ja"
        assert display_value(
            "EMBED_ALLOWED_ORIGINS", ["https://a.example", "https://b.example"]
        ) == ("https://a.example https://b.example")
        assert display_value("DATABASE_URL", "sqlite:////srv/intake.sqlite3") == (
            "sqlite:////srv/intake.sqlite3"
        )
    assert mask_url_credentials("postgresql://u:p%40ss@h/db") == "postgresql://u:•••@h/db"
    assert mask_url_credentials("redis://h:6379/0?password=abc&db=1") == (
        "redis://h:6379/0?password=•••&db=1"
    )
    assert "geheim" not in mask_url_credentials("GOOGLE_TOKEN_URL=https://t.example/?token=geheim")


# ----------------------------------------------------------------------------- access


def test_changes_need_the_csrf_token(app: Flask, client: FlaskClient, admin: User) -> None:
    data = {
        "email": "x@example.org",
        "role": "officer",
        "password": NEW_PASSWORD,
        "password_confirm": NEW_PASSWORD,
    }
    assert client.post("/staff/admin/users", data=data).status_code == 400
    assert (
        client.post(
            f"/staff/admin/users/{admin.id}", data={"action": "update", "role": "officer"}
        ).status_code
        == 400
    )
    office = {"action": "add", "code": "NEU", "name": "Neu", "state": "RP"}
    assert client.post("/staff/admin/offices", data=office).status_code == 400
    retire = {"action": "retire", "code": "DIEZ"}
    assert client.post("/staff/admin/offices", data=retire).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(User.id).where(User.email == "x@example.org")) is None
        assert offices.find_active(db.session, "DIEZ") is not None
        assert db.session.scalar(select(Office.id).where(Office.code == "NEU")) is None


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_only_admins_may_open_the_administration(app: Flask, role: str) -> None:
    make_user(app, f"{role}@example.org", role, office_code="DIEZ" if role == "team_lead" else None)
    visitor = app.test_client()
    login(visitor, f"{role}@example.org")
    token = hidden_fields(visitor.get("/staff/login").get_data(as_text=True))
    for url in (
        "/staff/admin/users",
        "/staff/admin/users/1",
        "/staff/admin/offices",
        "/staff/admin/settings",
    ):
        assert visitor.get(url).status_code == 403, url
        if not url.endswith("settings"):
            assert visitor.post(url, data=token).status_code == 403, url
