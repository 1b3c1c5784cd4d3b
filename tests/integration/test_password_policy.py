"""Password policy: at least 12 characters and none of the 30,000 most common passwords."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from intake.accounts import passwords
from intake.accounts import services as auth
from intake.models import User
from intake.web.extensions import db
from tests.helpers import hidden_fields, login, make_user


@pytest.mark.parametrize(
    "password",
    ["password1234", "PASSWORD1234", "Qwerty123456", "leave me alone", "1q2w3e4r5t6y"],
)
def test_common_passwords_are_refused_whatever_their_case_or_spaces(password: str) -> None:
    assert len(password) >= passwords.MIN_PASSWORD_LENGTH
    with pytest.raises(auth.PasswordError) as refused:
        auth.check_password_policy(password)
    assert refused.value.reason == "common"


@pytest.mark.parametrize(
    "password", ["correct horse battery staple", "Mein Kaffee ist kalt geworden", "Zwölf Äpfel!"]
)
def test_long_uncommon_passphrases_pass(password: str) -> None:
    auth.check_password_policy(password)


def test_short_passwords_are_refused_first() -> None:
    with pytest.raises(auth.PasswordError) as refused:
        auth.check_password_policy("password")
    assert refused.value.reason == "short"


def test_the_list_is_zxcvbns_loaded_once() -> None:
    passwords.common_passwords.cache_clear()
    first = passwords.common_passwords()
    assert len(first) > 29_000 and "iloveyou" in first
    assert passwords.common_passwords() is first


def test_the_admin_page_explains_a_common_password_in_german(
    app: Flask, client: FlaskClient
) -> None:
    make_user(app, "admin@example.org", "admin")
    login(client, "admin@example.org")
    page = client.get("/staff/admin/users").get_data(as_text=True)
    response = client.post(
        "/staff/admin/users",
        data={
            "email": "neu@example.org",
            "role": "officer",
            "office": "",
            "password": "Password1234",
            "password_confirm": "Password1234",
            **hidden_fields(page),
        },
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "steht auf einer Liste häufig benutzter Passwörter" in html
    assert "Password1234" not in html
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "neu@example.org")) is None


def test_the_command_line_refuses_a_common_password(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["users", "create", "neu@example.org", "--role", "officer"], input="qwerty123456\n"
    )
    assert result.exit_code != 0 and "commonly used passwords" in result.output
