"""Login throttling: only failures count; an account waits (doubling, capped), never locks."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from intake.backoffice.login import throttle
from tests.helpers import (
    PASSWORD,
    REDIS_URL,
    enter_code,
    hidden_fields,
    make_user,
    require_service,
    seed_offices,
)

OFFICER = "officer@example.org"
WRONG = "nicht das richtige Passwort"


class Clock:
    """`intake.backoffice.login.throttle.now`, moved by the test instead of sleeping."""

    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    moved = Clock(throttle.now())
    monkeypatch.setattr(throttle, "now", moved)
    return moved


def visitor(app: Flask, address: str = "192.0.2.10") -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def logout(client: FlaskClient) -> None:
    page = client.get("/staff/inbox", follow_redirects=True).get_data(as_text=True)
    assert client.post("/staff/logout", data=hidden_fields(page)).status_code == 302


def attempt(client: FlaskClient, email: str = OFFICER, password: str = PASSWORD) -> TestResponse:
    page = client.get("/staff/login").get_data(as_text=True)
    return client.post(
        "/staff/login", data={"email": email, "password": password, **hidden_fields(page)}
    )


def wait_of(response: TestResponse) -> int:
    assert response.status_code == 429, response.status_code
    return int(response.headers["Retry-After"])


def test_successful_logins_do_not_use_up_the_address(app: Flask) -> None:
    """An office behind one NAT address: the whole shift logs in at 8 o'clock."""
    app.config["RATELIMIT_LOGIN_CLIENT"] = "3 per 15 minutes"
    for n in range(6):
        make_user(app, f"lead{n}@example.org", "team_lead", office_code="DIEZ")
        assert attempt(visitor(app), f"lead{n}@example.org").status_code == 302, n


def test_failures_from_one_address_are_limited(app: Flask) -> None:
    app.config["RATELIMIT_LOGIN_CLIENT"] = "3 per 15 minutes"
    make_user(app, "lead@example.org", "team_lead", office_code="DIEZ")
    for n in range(3):
        assert attempt(visitor(app), f"nobody{n}@example.org", WRONG).status_code == 401
    refused = attempt(visitor(app), "lead@example.org")
    assert 0 < wait_of(refused) <= 15 * 60
    assert attempt(visitor(app, "198.51.100.7"), "lead@example.org").status_code == 302


def test_an_account_is_never_locked_it_waits_growing_times(app: Flask, clock: Clock) -> None:
    app.config.update(
        RATELIMIT_LOGIN_ACCOUNT="3 per 15 minutes",
        LOGIN_WAIT_SECONDS=30,
        LOGIN_WAIT_MAX_SECONDS=100,
        RATELIMIT_LOGIN_CLIENT="1000 per minute",
    )
    make_user(app, "lead@example.org", "team_lead", office_code="DIEZ")
    email = "lead@example.org"
    assert [attempt(visitor(app), email, WRONG).status_code for _ in range(2)] == [401, 401]
    assert attempt(visitor(app), email, WRONG).status_code == 401  # the 3rd failure: wait 30 s
    assert wait_of(attempt(visitor(app), email, WRONG)) == 30
    right_during_wait = attempt(visitor(app), email)  # the right password changes nothing
    assert wait_of(right_during_wait) == 30
    clock.now += 31
    assert attempt(visitor(app), email, WRONG).status_code == 401  # 4th failure: wait 60 s
    clock.now += 59
    assert wait_of(attempt(visitor(app), email)) == 1
    clock.now += 2
    assert attempt(visitor(app), email, WRONG).status_code == 401  # 5th: 120 s, capped at 100
    assert wait_of(attempt(visitor(app), email)) == 100
    clock.now += 101
    assert attempt(visitor(app), email).status_code == 302  # never locked for good
    assert attempt(visitor(app), email, WRONG).status_code == 401  # the count starts afresh
    assert attempt(visitor(app), email).status_code == 302


def test_the_wait_does_not_tell_whether_the_password_was_right(app: Flask, clock: Clock) -> None:
    app.config["RATELIMIT_LOGIN_ACCOUNT"] = "2 per 15 minutes"
    make_user(app)
    for _ in range(2):
        attempt(visitor(app), password=WRONG)
    right, wrong = attempt(visitor(app)), attempt(visitor(app), password=WRONG)
    assert right.status_code == wrong.status_code == 429
    assert right.headers["Retry-After"] == wrong.headers["Retry-After"]
    for response in (right, wrong):
        html = response.get_data(as_text=True)
        assert "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie 30 Sekunden" in html
        assert "E-Mail-Adresse oder Passwort ist falsch." not in html


def test_staff_get_their_own_wait_page(app: Flask) -> None:
    app.config["RATELIMIT_LOGIN_ACCOUNT"] = "1 per 15 minutes"
    make_user(app)
    attempt(visitor(app), password=WRONG)
    html = attempt(visitor(app)).get_data(as_text=True)
    assert "Anmeldung Back Office" in html and 'id="login-wait"' in html
    assert "Ihr Konto ist nicht gesperrt." in html
    assert "Ihre Nachricht ist uns wichtig" not in html and "Zum Formular" not in html


def test_wrong_codes_count_for_the_account_too(app: Flask) -> None:
    app.config["RATELIMIT_LOGIN_ACCOUNT"] = "3 per 15 minutes"
    make_user(app)
    client = visitor(app)
    assert attempt(client).headers["Location"] == "/staff/login/code"
    statuses = [enter_code(client, OFFICER, "000000").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    waiting = enter_code(client, OFFICER)  # even the right code waits
    assert waiting.status_code == 429
    assert "Bitte warten Sie" in waiting.get_data(as_text=True)


def test_unknown_accounts_wait_like_known_ones(app: Flask) -> None:
    """The throttle does not reveal whether an account exists."""
    app.config["RATELIMIT_LOGIN_ACCOUNT"] = "2 per 15 minutes"
    make_user(app)
    for email in (OFFICER, "niemand@example.org"):
        statuses = [attempt(visitor(app), email, WRONG).status_code for _ in range(3)]
        assert statuses == [401, 401, 429], email


@pytest.mark.parametrize(
    ("failures", "expected"), [(1, 0), (4, 0), (5, 30), (6, 60), (7, 120), (9, 480), (30, 900)]
)
def test_the_delay_doubles_from_the_threshold_up_to_the_cap(failures: int, expected: int) -> None:
    assert throttle.delay_after(failures, 5, 30, 900) == expected


@pytest.fixture
def redis_config() -> dict[str, Any]:
    return {"RATELIMIT_STORAGE_URI": require_service("redis", REDIS_URL)}


def test_the_wait_is_shared_through_redis(
    app_factory: Any, redis_config: dict[str, Any], database_url: str
) -> None:
    """Through Redis, several workers see the same wait (fresh names: Redis outlives tests)."""
    app = seed_offices(app_factory(RATELIMIT_LOGIN_ACCOUNT="2 per 15 minutes", **redis_config))
    email = f"lead-{secrets.token_hex(4)}@example.org"
    make_user(app, email, "team_lead", office_code="DIEZ")
    address = f"198.51.100.{secrets.randbelow(250) + 1}"
    statuses = [attempt(visitor(app, address), email, WRONG).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]


def test_a_guesser_elsewhere_never_makes_the_colleague_wait(app: Flask) -> None:
    """Wrong passwords for the anti-corruption officer's address from somewhere on the
    internet: that address waits, and so would any new browser; the officer at her usual desk,
    where she logged in before, logs in as always."""
    app.config["RATELIMIT_LOGIN_ACCOUNT"] = "2 per 15 minutes"
    make_user(app, "ak@example.org", "anti_corruption")
    her_desk = visitor(app, "198.51.100.7")
    assert attempt(her_desk, "ak@example.org").status_code == 302
    assert enter_code(her_desk, "ak@example.org").status_code == 302  # a complete login
    logout(her_desk)
    guesser = visitor(app, "203.0.113.9")
    statuses = [attempt(guesser, "ak@example.org", WRONG).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    assert wait_of(attempt(visitor(app, "192.0.2.99"), "ak@example.org")) > 0  # a new browser
    at_her_desk = attempt(her_desk, "ak@example.org")
    assert at_her_desk.status_code == 302
    assert at_her_desk.headers["Location"].endswith("/staff/login/code")


def test_the_device_cookie_is_signed_private_and_names_no_one(app: Flask) -> None:
    make_user(app)
    client = visitor(app)
    attempt(client)
    response = enter_code(client, OFFICER)
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if "mk_device=" in c]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert OFFICER not in cookie and "officer" not in cookie
    value = cookie.split(";")[0].split("=", 1)[1]
    with app.test_request_context(headers={"Cookie": f"mk_device={value}"}):
        assert throttle.known_device(OFFICER)
        assert not throttle.known_device("someone.else@example.org")
    with app.test_request_context(headers={"Cookie": f"mk_device={value[:-3]}xyz"}):
        assert not throttle.known_device(OFFICER)  # forged or damaged: unknown


def test_failures_are_remembered_long_enough_to_reach_the_cap(app: Flask) -> None:
    """A patient guesser who waits out every delay does not start afresh each window: the
    failures are kept for four times the longest wait (an hour by default), so the waits
    keep doubling up to LOGIN_WAIT_MAX_SECONDS."""
    make_user(app)
    attempt(visitor(app), password=WRONG)
    with app.test_request_context(environ_base={"REMOTE_ADDR": "192.0.2.10"}):
        _client, failures, _wait = throttle._keys(OFFICER)
        remembered = throttle.limiter.storage.get_expiry(failures) - throttle.time.time()
    assert remembered >= 4 * app.config["LOGIN_WAIT_MAX_SECONDS"] - 5
