"""Separation of duties: an admin alone can neither make nor take over an anti-corruption account.

Otherwise an admin could create such an account, or reset an anti-corruption officer's
password or second factor, log in with it and read the restricted (corruption) cases.
Only the server's command line (or an anti-corruption officer) may, and the
anti-corruption officers are told by mail.
"""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select
from werkzeug.test import TestResponse

from intake.accounts import services as auth
from intake.accounts import totp
from intake.models import AuditEvent, User
from intake.web.extensions import db
from tests.helpers import PASSWORD, hidden_fields, login, make_user

ADMIN = "admin@example.org"
WATCHER = "antikorruption@example.org"
NEW_PASSWORD = "eine ganz neue lange Passphrase"


@pytest.fixture
def app_config(tmp_path: Path) -> dict[str, Any]:
    return {"MAIL_OUTBOX_DIR": str(tmp_path / "outbox")}


@pytest.fixture
def admin(app: Flask, client: FlaskClient) -> User:
    user = make_user(app, ADMIN, "admin")
    login(client, ADMIN)
    return user


@pytest.fixture
def watcher(app: Flask) -> User:
    """An anti-corruption officer, created on the server."""
    return make_user(app, WATCHER, "anti_corruption")


def post_form(client: FlaskClient, url: str, **fields: Any) -> TestResponse:
    page = client.get(url).get_data(as_text=True)
    return client.post(url, data={**hidden_fields(page), **fields})


def outbox(app: Flask) -> list[tuple[str, str, str]]:
    folder = Path(app.config["MAIL_OUTBOX_DIR"])
    mails = []
    for path in sorted(folder.glob("*.eml")):
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        mails.append((str(message["To"]), str(message["Subject"]), body.get_content()))
    return mails


def user_row(app: Flask, email: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user


def test_the_admin_page_does_not_offer_the_anti_corruption_role(
    app: Flask, client: FlaskClient, admin: User, watcher: User
) -> None:
    page = client.get("/staff/admin/users").get_data(as_text=True)
    assert 'value="anti_corruption"' not in page
    forged = post_form(
        client,
        "/staff/admin/users",
        email="mole@example.org",
        role="anti_corruption",
        office="",
        password=NEW_PASSWORD,
        password_confirm=NEW_PASSWORD,
    )
    assert forged.status_code == 422
    assert user_row(app, "mole@example.org") is None
    officer = make_user(app, "officer@example.org", "officer")
    url = f"/staff/admin/users/{officer.id}"
    promoted = post_form(
        client, url, action="update", role="anti_corruption", office="", active="y"
    )
    assert promoted.status_code == 422
    assert user_row(app, "officer@example.org").role == "officer"  # type: ignore[union-attr]
    own = f"/staff/admin/users/{admin.id}"
    assert post_form(client, own, action="update", role="anti_corruption", office="", active="y")
    assert user_row(app, ADMIN).role == "admin"  # type: ignore[union-attr]
    assert outbox(app) == []


@pytest.mark.parametrize(
    "change",
    [
        {"action": "password", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
        {"action": "reset_2fa"},
        {"action": "update", "role": "anti_corruption", "office": ""},  # deactivate
        {"action": "update", "role": "officer", "office": "", "active": "y"},
    ],
)
def test_an_admin_cannot_reset_or_change_an_anti_corruption_account(
    app: Flask, client: FlaskClient, admin: User, watcher: User, change: dict[str, str]
) -> None:
    url = f"/staff/admin/users/{watcher.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'id="server-managed"' in page and "Passwort setzen" not in page
    refused = post_form(client, url, **change)
    assert refused.status_code == 422
    assert "werden nicht hier verwaltet, sondern auf dem Server" in refused.get_data(as_text=True)
    after = user_row(app, WATCHER)
    assert after is not None and after.role == "anti_corruption" and after.active
    assert totp.is_enrolled(after)
    with app.app_context():
        assert auth.authenticate(db.session, WATCHER, PASSWORD) is not None
        assert auth.authenticate(db.session, WATCHER, NEW_PASSWORD) is None
        assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.detail == WATCHER)) is None


def test_the_services_refuse_an_admin_and_allow_the_server_and_the_role_itself(
    app: Flask, watcher: User
) -> None:
    admin = make_user(app, ADMIN, "admin")
    with app.app_context():
        with pytest.raises(auth.SeparationOfDutiesError):
            auth.create_user(
                db.session, "mole@example.org", "anti_corruption", NEW_PASSWORD, by=admin
            )
        with pytest.raises(auth.SeparationOfDutiesError):
            auth.reset_password(db.session, WATCHER, NEW_PASSWORD, by=admin)
        with pytest.raises(auth.SeparationOfDutiesError):
            auth.reset_second_factor(db.session, WATCHER, by=admin)
        db.session.rollback()
        second = auth.create_user(
            db.session, "zweite@example.org", "anti_corruption", NEW_PASSWORD, by=watcher
        )
        assert second.role == "anti_corruption"
        assert auth.reset_password(db.session, WATCHER, NEW_PASSWORD).role == "anti_corruption"


def test_the_server_grants_the_role_and_the_officers_are_told(
    app: Flask, runner: FlaskCliRunner, watcher: User
) -> None:
    result = runner.invoke(
        args=["users", "create", "Neu@Example.org", "--role", "anti_corruption"],
        input=NEW_PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "anti-corruption officers told: 2" in result.output
    mails = outbox(app)
    assert sorted(to for to, _s, _b in mails) == [WATCHER, "neu@example.org"]
    for _to, subject, body in mails:
        assert subject == "Meinungskarte: Änderung an einem Antikorruptions-Konto"
        assert "Konto mit der Rolle Antikorruptionsbeauftragte/r angelegt" in body
        assert "Konto: neu@example.org" in body and "Kommandozeile des Servers" in body
        assert NEW_PASSWORD not in body
    with app.app_context():
        events = list(db.session.scalars(select(AuditEvent.action)))
    assert "cli_user_create" in events


def test_server_resets_of_an_anti_corruption_account_are_told(
    app: Flask, runner: FlaskCliRunner, watcher: User
) -> None:
    reset = runner.invoke(args=["users", "reset-password", WATCHER], input=NEW_PASSWORD + "\n")
    assert reset.exit_code == 0, reset.output
    second = runner.invoke(args=["users", "reset-2fa", WATCHER])
    assert second.exit_code == 0, second.output
    bodies = [body for to, _s, body in outbox(app) if to == WATCHER]
    assert any("Passwort neu gesetzt" in body for body in bodies)
    assert any("Zweiter Faktor zurückgesetzt" in body for body in bodies)
    # other accounts' resets are not the anti-corruption officers' business
    make_user(app, "officer@example.org", "officer")
    runner.invoke(args=["users", "reset-2fa", "officer@example.org"])
    assert len(outbox(app)) == 2


def test_the_first_anti_corruption_officer_is_created_with_nobody_to_tell(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(
        args=["users", "create", WATCHER, "--role", "anti_corruption"], input=NEW_PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "anti-corruption officers told: 1" in result.output  # the new officer themself
