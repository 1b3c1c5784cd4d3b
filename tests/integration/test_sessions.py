"""Server-side staff sessions: logout kills copied cookies; idle timeout; absolute lifetime."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.accounts import services as auth
from intake.models import StaffSession, User, utcnow
from intake.web import access
from intake.web.extensions import db
from tests.helpers import hidden_fields, login, make_user

COOKIE = "mk_session"


class Clock:
    """`intake.web.access.clock`, moved by the test instead of sleeping."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    moved = Clock()
    monkeypatch.setattr(access, "clock", moved)
    return moved


def copy_cookie(source: FlaskClient, target: FlaskClient) -> None:
    cookie = source.get_cookie(COOKIE)
    assert cookie is not None
    target.set_cookie(COOKIE, cookie.value)


def rows(app: Flask) -> list[StaffSession]:
    with app.app_context():
        found = list(db.session.scalars(select(StaffSession).order_by(StaffSession.id)))
        for row in found:
            db.session.expunge(row)
        return found


def test_a_copied_cookie_dies_with_the_logout(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    login(client)
    thief = app.test_client()
    copy_cookie(client, thief)
    assert thief.get("/staff/inbox").status_code == 200  # a copy works while logged in …
    page = client.get("/staff/inbox").get_data(as_text=True)
    assert client.post("/staff/logout", data=hidden_fields(page)).status_code == 302
    stolen = thief.get("/staff/inbox")  # … and not after the logout
    assert stolen.status_code == 302 and stolen.headers["Location"].startswith("/staff/login")
    (row,) = rows(app)
    assert row.revoked_at is not None


def test_the_cookie_holds_only_a_random_id_and_the_database_only_its_hash(
    app: Flask, client: FlaskClient
) -> None:
    make_user(app)
    login(client)
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    content = serializer.loads(cookie.value)
    assert set(content) <= {access.SESSION_ID, "csrf_token", "_permanent"}
    token = content[access.SESSION_ID]
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    (row,) = rows(app)
    assert row.token_hash != token and len(row.token_hash) == 64


def test_an_idle_session_ends(app: Flask, client: FlaskClient, clock: Clock) -> None:
    make_user(app)
    login(client)
    clock.advance(minutes=29)
    assert client.get("/staff/inbox").status_code == 200
    clock.advance(minutes=29)  # 29 minutes after the last request: still fine
    assert client.get("/staff/inbox").status_code == 200
    clock.advance(minutes=31)
    idle = client.get("/staff/inbox")
    assert idle.status_code == 302 and idle.headers["Location"].startswith("/staff/login")
    assert client.get_cookie(COOKIE) is None or access.SESSION_ID not in (
        app.session_interface.get_signing_serializer(app).loads(  # type: ignore[attr-defined]
            client.get_cookie(COOKIE).value  # type: ignore[union-attr]
        )
    )


def test_the_idle_time_is_a_setting(app: Flask, client: FlaskClient, clock: Clock) -> None:
    app.config["SESSION_IDLE_MINUTES"] = 5
    make_user(app)
    login(client)
    clock.advance(minutes=6)
    assert client.get("/staff/inbox").status_code == 302


def test_an_active_session_still_ends_after_its_lifetime(
    app: Flask, client: FlaskClient, clock: Clock
) -> None:
    make_user(app)
    login(client)
    for _ in range(23):  # busy all day: a request every 20 minutes for 7 h 40 min
        clock.advance(minutes=20)
        assert client.get("/staff/inbox").status_code == 200
    clock.advance(minutes=20)  # 8 h after the login (SESSION_LIFETIME_MINUTES = 480)
    assert client.get("/staff/inbox").status_code == 302


def test_last_seen_is_written_at_most_once_a_minute(
    app: Flask, client: FlaskClient, clock: Clock
) -> None:
    make_user(app)
    login(client)
    (before,) = rows(app)
    clock.advance(seconds=30)
    client.get("/staff/inbox")
    (same,) = rows(app)
    assert same.last_seen_at == before.last_seen_at
    clock.advance(seconds=40)
    client.get("/staff/inbox")
    (later,) = rows(app)
    assert later.last_seen_at > before.last_seen_at


def test_a_new_password_or_deactivation_ends_every_session(app: Flask) -> None:
    make_user(app)
    first, second = app.test_client(), app.test_client()
    login(first)
    login(second)
    with app.app_context():
        auth.reset_password(db.session, "officer@example.org", "eine ganz andere Passphrase")
        db.session.commit()
    assert first.get("/staff/inbox").status_code == 302
    assert second.get("/staff/inbox").status_code == 302
    assert all(row.revoked_at is not None for row in rows(app))


def test_a_deactivated_users_session_ends(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    login(client)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "officer@example.org"))
        assert user is not None
        user.active = False
        db.session.commit()
    assert client.get("/staff/inbox").status_code == 302


def test_old_sessions_are_cleaned_up_at_the_next_login(
    app: Flask, client: FlaskClient, clock: Clock
) -> None:
    make_user(app, "lead@example.org", "team_lead", office_code="DIEZ")  # no code: the clock moves
    login(client, "lead@example.org")
    clock.advance(hours=9)
    login(app.test_client(), "lead@example.org")
    assert len(rows(app)) == 1


def test_logging_in_again_ends_the_previous_session(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    login(client)
    thief = app.test_client()
    copy_cookie(client, thief)
    login(client)  # someone else (or the same person) logs in on this browser
    assert thief.get("/staff/inbox").status_code == 302
    assert client.get("/staff/inbox").status_code == 200
