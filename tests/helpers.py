"""Helpers for tests: configuration, logging in and sending forms as a browser does."""

from __future__ import annotations

import os
import re
import socket
import sys
from typing import Any

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.accounts import services as auth
from intake.accounts import totp
from intake.models import Office, User, utcnow
from intake.web.extensions import db

CI = os.environ.get("CI") == "true"
PG_URL = os.environ.get("INTAKE_TEST_DATABASE_URL", "")
REDIS_URL = os.environ.get("INTAKE_TEST_REDIS_URL", "")
SECRET = "test-secret-key-that-is-long-enough-0123456789"
PASSWORD = "correct horse battery staple"
# The second factor of every test user whose role needs one (see make_user and login).
TOTP_SECRET = "JBSWY3DPEHPK3PXPMEINUNGSKARTE234"


def require_service(name: str, url: str) -> str:
    """The service URL, or skip (outside CI) / fail (under CI) when it is not configured."""
    if url:
        return url
    message = f"{name} is not configured (INTAKE_TEST_{name.upper()}_URL)"
    if CI:
        pytest.fail(message)
    pytest.skip(message)


def make_config(database_url: str, **overrides: Any) -> dict[str, Any]:
    """The test configuration: real CSRF, real limits (generous unless a test lowers them)."""
    config: dict[str, Any] = {
        "TESTING": True,
        "PROPAGATE_UNEXPECTED": True,
        "SECRET_KEY": SECRET,
        "DATABASE_URL": database_url,
        "RATELIMIT_STORAGE_URI": "memory://",
        "MIN_FILL_SECONDS": 0,
        "RATELIMIT_SUBMIT_CLIENT": "1000 per minute",
        "RATELIMIT_SUBMIT_GLOBAL": "1000 per minute",
    }
    config.update(overrides)
    return config


def seed_offices(app: Flask) -> Flask:
    """Two active offices and a retired one."""
    with app.app_context():
        db.session.add_all(
            [
                Office(
                    code="DIEZ", name="Geschäftsstelle Diez", state="RP", address="Schloßberg 2"
                ),
                Office(code="EMS", name="Geschäftsstelle Bad Ems", state="RP"),
                Office(code="OLD", name="Alte Stelle", state="BE", retired=True),
            ]
        )
        db.session.commit()
    return app


def make_user(
    app: Flask,
    email: str = "officer@example.org",
    role: str = "officer",
    office_code: str | None = None,
    two_factor: bool | None = None,
) -> User:
    """A staff member with the test password (a team lead belongs to `office_code`).

    Roles that need a second factor are enrolled with `TOTP_SECRET` (unless `two_factor`
    says otherwise), so that `login` can give the code.
    """
    with app.app_context():
        user = auth.create_user(db.session, email, role, PASSWORD)
        if office_code is not None:
            user.office_id = db.session.scalar(
                select(Office.id).where(Office.code == office_code.upper())
            )
        enrol = role in totp.REQUIRED_ROLES if two_factor is None else two_factor
        if enrol:
            totp.enrol(db.session, user, TOTP_SECRET, utcnow())
        db.session.commit()
        db.session.refresh(user)
        db.session.expunge(user)
        return user


HIDDEN = re.compile(r'<input[^>]*name="(csrf_token|form_token)"[^>]*value="([^"]*)"')
HIDDEN_ALT = re.compile(r'<input[^>]*value="([^"]*)"[^>]*name="(csrf_token|form_token)"')


def hidden_fields(html: str) -> dict[str, str]:
    """The CSRF and form tokens of a page."""
    found = dict(HIDDEN.findall(html))
    found.update({name: value for value, name in HIDDEN_ALT.findall(html)})
    return found


def login(client: FlaskClient, email: str = "officer@example.org") -> None:
    """Log in through the real forms: the password, then the code when the user has TOTP."""
    page = client.get("/staff/login").get_data(as_text=True)
    response = client.post(
        "/staff/login", data={"email": email, "password": PASSWORD, **hidden_fields(page)}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    if response.headers["Location"].startswith("/staff/login/code"):
        response = enter_code(client, email)
        assert response.status_code == 302, response.get_data(as_text=True)


def next_code(client: FlaskClient, email: str) -> str:
    """A code the server takes now: the current step, or the next one if that is used.

    Never the previous step: the server checks a moment later, and if a 30-second boundary
    falls in between, the previous step of the test's clock is two steps behind the server's
    (a rare, real flake). One code is accepted once, so a test that logs the same user in
    twice within 30 seconds gets the next step's code; a third login in one step frees the
    steps first (replay protection itself is tested in tests/integration/test_two_factor.py).
    """
    with client.application.app_context():
        user = db.session.scalar(select(User).where(User.email == auth.normalize_email(email)))
        assert user is not None and user.totp_secret is not None
        now = utcnow()
        step = pyotp.TOTP(user.totp_secret).timecode(now)
        last = user.totp_last_step
        usable = [s for s in (step, step + 1) if last is None or s > last]
        if not usable:
            user.totp_last_step = None
            db.session.commit()
            usable = [step]
        return pyotp.TOTP(user.totp_secret).generate_otp(usable[0])


def enter_code(client: FlaskClient, email: str, code: str | None = None) -> Any:
    """The second step of a login: post a code (by default the next valid TOTP code)."""
    page = client.get("/staff/login/code").get_data(as_text=True)
    data = {"code": code if code is not None else next_code(client, email), **hidden_fields(page)}
    return client.post("/staff/login/code", data=data)


def submit(client: FlaskClient, url: str = "/m/diez", **fields: Any) -> Any:
    """Load a form and send it with its tokens, as a browser would."""
    page = client.get(url).get_data(as_text=True)
    data = {"kind": "praise", "text": "Sehr freundliche Beratung, danke!", **hidden_fields(page)}
    data.update(fields)
    return client.post(url, data={k: v for k, v in data.items() if v is not None})


RECEIPT = re.compile(r'id="receipt-code"[^>]*value="([A-Z0-9-]+)"')


def receipt_of(html: str) -> str:
    """The receipt code shown on a thank-you page."""
    match = RECEIPT.search(html)
    assert match, "no receipt code on the page"
    return match.group(1)


def add_print_batch(
    app: Flask, office_code: str, layout: str, count: int, batch_id: int | None = None
) -> int:
    """A recorded print run of an office (its id is the batch number in the QR code's URL)."""
    from intake.models import PrintBatch

    with app.app_context():
        office_id = db.session.scalar(select(Office.id).where(Office.code == office_code.upper()))
        batch = PrintBatch(
            id=batch_id, office_id=office_id, layout=layout, language="de", count=count
        )
        db.session.add(batch)
        db.session.commit()
        return batch.id


# The production server as the docs start it (run from the checkout's root).
GUNICORN = [
    sys.executable,
    "-m",
    "gunicorn",
    "-c",
    "scripts/gunicorn.conf.py",
    "intake:create_app()",
]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
