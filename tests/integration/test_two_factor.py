"""The second factor: enrolment at the first login, TOTP codes once, recovery codes, resets."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select
from werkzeug.test import TestResponse

from intake.accounts import totp
from intake.models import AuditEvent, RecoveryCode, User, utcnow
from intake.web import access
from intake.web.extensions import db
from tests.helpers import PASSWORD, TOTP_SECRET, enter_code, hidden_fields, login, make_user

OFFICER = "officer@example.org"
SECRET_ON_PAGE = re.compile(r'id="totp-secret">([A-Z2-7]+)<')


@pytest.fixture
def app_config(tmp_path: Path) -> dict[str, Any]:
    return {"MAIL_OUTBOX_DIR": str(tmp_path / "outbox")}


def password_step(client: FlaskClient, email: str = OFFICER) -> TestResponse:
    page = client.get("/staff/login").get_data(as_text=True)
    return client.post(
        "/staff/login", data={"email": email, "password": PASSWORD, **hidden_fields(page)}
    )


def post_code(client: FlaskClient, url: str, code: str) -> TestResponse:
    page = client.get(url).get_data(as_text=True)
    return client.post(url, data={"code": code, **hidden_fields(page)})


def actions(app: Flask, prefix: str) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(AuditEvent.action, AuditEvent.detail)
            .where(AuditEvent.action.startswith(prefix))
            .order_by(AuditEvent.id)
        )
        return [(action, detail) for action, detail in rows]


def enrol(client: FlaskClient) -> tuple[str, list[str]]:
    """Walk the first login of an officer without a second factor; the secret and codes."""
    assert password_step(client).headers["Location"] == "/staff/login/enrol"
    page = client.get("/staff/login/enrol").get_data(as_text=True)
    match = SECRET_ON_PAGE.search(page)
    assert match, page
    secret = match.group(1)
    done = post_code(client, "/staff/login/enrol", pyotp.TOTP(secret).now())
    assert done.status_code == 200, done.get_data(as_text=True)
    html = done.get_data(as_text=True)
    block = html.split('id="recovery-codes"', 1)[1].split("</ul>", 1)[0]
    return secret, re.findall(r"<code>([a-z2-9-]+)</code>", block)


def test_first_login_enrols_with_secret_qr_code_and_ten_recovery_codes(
    app: Flask, client: FlaskClient
) -> None:
    make_user(app, OFFICER, "officer", two_factor=False)
    assert password_step(client).headers["Location"] == "/staff/login/enrol"
    page = client.get("/staff/login/enrol").get_data(as_text=True)
    assert '<label for="code">Sechsstelliger Code aus der App</label>' in page
    assert 'name="code"' in page and 'src="data:image/svg+xml;base64,' in page
    secret = SECRET_ON_PAGE.search(page)
    assert secret is not None
    # nothing else opens yet
    assert client.get("/staff/inbox").headers["Location"].startswith("/staff/login")
    wrong = post_code(client, "/staff/login/enrol", "000000")
    assert wrong.status_code == 401
    assert "Der Code stimmt nicht." in wrong.get_data(as_text=True)
    done = post_code(client, "/staff/login/enrol", pyotp.TOTP(secret.group(1)).now())
    html = done.get_data(as_text=True)
    assert done.status_code == 200
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", html)
    assert len(set(codes)) == 10 and 'id="recovery-codes"' in html
    assert re.search(r'<a id="continue"[^>]*href="/staff/"', html)
    assert client.get("/staff/inbox").status_code == 200
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == OFFICER))
        assert user is not None and totp.is_enrolled(user) and user.totp_secret == secret.group(1)
    assert [a for a, _d in actions(app, "2fa_")] == ["2fa_failed", "2fa_enrolled"]
    # the codes are stored hashed only
    with app.app_context():
        stored = db.session.scalars(select(RecoveryCode.code_hash))
        assert not {c.replace("-", "") for c in codes} & set(stored)


def test_the_enrolment_secret_stays_the_same_on_reload(app: Flask, client: FlaskClient) -> None:
    make_user(app, OFFICER, "officer", two_factor=False)
    password_step(client)
    first = SECRET_ON_PAGE.search(client.get("/staff/login/enrol").get_data(as_text=True))
    second = SECRET_ON_PAGE.search(client.get("/staff/login/enrol").get_data(as_text=True))
    assert first and second and first.group(1) == second.group(1)


def test_a_half_login_opens_nothing_but_the_second_step(app: Flask, client: FlaskClient) -> None:
    make_user(app, "admin@example.org", "admin")
    assert password_step(client, "admin@example.org").headers["Location"] == "/staff/login/code"
    for url in ("/staff/", "/staff/inbox", "/staff/admin/users", "/staff/login/enrol"):
        response = client.get(url)
        assert response.status_code == 302, url
        location = response.headers["Location"]
        assert location.startswith(("/staff/login", "/staff/login/code")), url
    token = hidden_fields(client.get("/staff/login/code").get_data(as_text=True))
    assert client.post("/staff/logout", data=token).status_code == 302
    assert client.get("/staff/login/code").status_code == 200  # still only the code page


def test_a_half_login_expires_after_ten_minutes(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_user(app)
    password_step(client)
    later = utcnow() + timedelta(seconds=access.PENDING_LOGIN_SECONDS + 1)
    monkeypatch.setattr(access, "clock", lambda: later)
    response = client.get("/staff/login/code")
    assert response.status_code == 302 and response.headers["Location"].startswith("/staff/login?")


def test_a_code_is_accepted_once(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    code = pyotp.TOTP(TOTP_SECRET).now()
    password_step(client)
    assert enter_code(client, OFFICER, code).status_code == 302
    other = app.test_client()
    password_step(other)
    replay = enter_code(other, OFFICER, code)
    assert replay.status_code == 401
    assert other.get("/staff/inbox").status_code == 302
    assert actions(app, "2fa_failed") == [("2fa_failed", "staff.login.code")]


def test_codes_of_the_neighbouring_steps_count_older_ones_do_not(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_user(app)
    now = utcnow()
    monkeypatch.setattr(access, "clock", lambda: now)
    generator = pyotp.TOTP(TOTP_SECRET)
    password_step(client)
    stale = generator.at(now - timedelta(seconds=90))
    assert enter_code(client, OFFICER, stale).status_code == 401
    assert enter_code(client, OFFICER, generator.at(now - timedelta(seconds=30))).status_code == 302


def test_recovery_codes_log_in_once_each(app: Flask, client: FlaskClient) -> None:
    make_user(app, OFFICER, "officer", two_factor=False)
    _secret, codes = enrol(client)
    assert len(codes) == 10
    other = app.test_client()
    password_step(other)
    used = enter_code(other, OFFICER, codes[3].upper().replace("-", " "))
    assert used.status_code == 302 and other.get("/staff/inbox").status_code == 200
    again = app.test_client()
    password_step(again)
    assert enter_code(again, OFFICER, codes[3]).status_code == 401
    assert [a for a, _d in actions(app, "2fa_")] == [
        "2fa_enrolled",
        "2fa_recovery_code_used",
        "2fa_failed",
    ]


def test_roles_without_a_required_second_factor_log_in_with_the_password(
    app: Flask, client: FlaskClient
) -> None:
    make_user(app, "lead@example.org", "team_lead", office_code="DIEZ")
    make_user(app, "service@example.org", "service")
    assert password_step(client, "lead@example.org").headers["Location"] == "/staff/"
    other = app.test_client()
    assert password_step(other, "service@example.org").headers["Location"] == "/staff/"
    assert {"officer", "management", "anti_corruption", "admin"} == totp.REQUIRED_ROLES


def test_an_enrolled_team_lead_still_gives_the_code(app: Flask, client: FlaskClient) -> None:
    make_user(app, "lead@example.org", "team_lead", office_code="DIEZ", two_factor=True)
    assert password_step(client, "lead@example.org").headers["Location"] == "/staff/login/code"


def test_admin_resets_a_second_factor_and_the_user_enrols_again(
    app: Flask, client: FlaskClient
) -> None:
    officer = make_user(app)
    make_user(app, "admin@example.org", "admin")
    victim = app.test_client()
    login(victim)
    login(client, "admin@example.org")
    url = f"/staff/admin/users/{officer.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Zweiten Faktor zurücksetzen" in page
    done = client.post(url, data={"action": "reset_2fa", **hidden_fields(page)})
    assert done.status_code == 302
    assert victim.get("/staff/inbox").status_code == 302  # the user's sessions ended
    assert password_step(app.test_client()).headers["Location"] == "/staff/login/enrol"
    assert actions(app, "admin_user_2fa") == [("admin_user_2fa_reset", OFFICER)]


def test_cli_resets_a_second_factor(app: Flask, runner: FlaskCliRunner) -> None:
    make_user(app)
    result = runner.invoke(args=["users", "reset-2fa", OFFICER])
    assert result.exit_code == 0, result.output
    assert "enrolled again at the next login" in result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == OFFICER))
        assert user is not None and user.totp_secret is None and not totp.is_enrolled(user)
    assert actions(app, "cli_user_2fa") == [("cli_user_2fa_reset", OFFICER)]
    assert runner.invoke(args=["users", "reset-2fa", "nobody@example.org"]).exit_code != 0


def test_demo_logins_need_no_phone(app: Flask, runner: FlaskCliRunner) -> None:
    refused = runner.invoke(args=["users", "demo-code"])
    assert refused.exit_code != 0 and "no demo accounts" in refused.output
    demo = runner.invoke(args=["db", "demo"])
    password = re.search(r"password: (\S+)", demo.output)
    assert password is not None
    code = runner.invoke(args=["users", "demo-code"]).output.strip()
    assert re.fullmatch(r"\d{6}", code)
    client = app.test_client()
    page = client.get("/staff/login").get_data(as_text=True)
    first = client.post(
        "/staff/login",
        data={"email": "admin@example.org", "password": password.group(1), **hidden_fields(page)},
    )
    assert first.headers["Location"] == "/staff/login/code"
    assert enter_code(client, "admin@example.org", code).status_code == 302
    assert client.get("/staff/admin/users").status_code == 200


def test_codes_in_other_digits_are_just_a_wrong_code(app: Flask) -> None:
    """Arabic-Indic or full-width digits on the code step: "wrong code", never a 500."""
    make_user(app)
    client = app.test_client()
    assert password_step(client).headers["Location"] == "/staff/login/code"
    for typed in ("١٢٣٤٥٦", "１１１１１１", "۱۲۳ ۴۵۶"):
        assert enter_code(client, OFFICER, typed).status_code == 401, typed


def _raced(app: Flask, use: Any) -> list[bool]:
    from tests.integration.test_single_use import overlapping

    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == OFFICER))
    return overlapping(app, lambda session: use(session, session.get(User, user_id)))


def test_one_totp_code_raced_by_two_requests_logs_in_once(app: Flask) -> None:
    """A phishing relay sending the user's code at the same moment as the user: one wins."""
    make_user(app)
    now = utcnow()
    code = pyotp.TOTP(TOTP_SECRET).at(now)
    results = _raced(
        app, lambda session, user: totp.check_totp(session, user, TOTP_SECRET, code, now)
    )
    assert results == [True, False]


def test_one_recovery_code_raced_by_two_requests_is_used_once(app: Flask) -> None:
    make_user(app)
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == OFFICER)).one()
        code = totp.new_recovery_codes(db.session, user)[0]
        db.session.commit()
    results = _raced(
        app, lambda session, user: totp.use_recovery_code(session, user, code, utcnow())
    )
    assert results == [True, False]


def test_a_half_login_begun_before_a_reset_cannot_enrol(app: Flask) -> None:
    """Whoever had typed the password before the admin reset the second factor must not be
    the one who enrols the new one: the reset ends the half-login too."""
    from intake.accounts import services as auth

    make_user(app)
    client = app.test_client()
    assert password_step(client).headers["Location"] == "/staff/login/code"
    with app.app_context():
        auth.reset_second_factor(db.session, OFFICER)
        db.session.commit()
    for url in ("/staff/login/code", "/staff/login/enrol"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert urlsplit(response.headers["Location"]).path == "/staff/login", url
