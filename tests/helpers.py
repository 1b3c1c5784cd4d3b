"""Helpers for tests: configuration, logging in and sending forms as a browser does."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.extensions import db
from intake.models import Office, User
from intake.staff import auth

CI = os.environ.get("CI") == "true"
PG_URL = os.environ.get("INTAKE_TEST_DATABASE_URL", "")
REDIS_URL = os.environ.get("INTAKE_TEST_REDIS_URL", "")
SECRET = "test-secret-key-that-is-long-enough-0123456789"
PASSWORD = "correct horse battery staple"


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
) -> User:
    """A staff member with the test password (a team lead belongs to `office_code`)."""
    with app.app_context():
        user = auth.create_user(db.session, email, role, PASSWORD)
        if office_code is not None:
            user.office_id = db.session.scalar(
                select(Office.id).where(Office.code == office_code.upper())
            )
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
    """Log in through the real form."""
    page = client.get("/staff/login").get_data(as_text=True)
    response = client.post(
        "/staff/login", data={"email": email, "password": PASSWORD, **hidden_fields(page)}
    )
    assert response.status_code == 302, response.get_data(as_text=True)


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
