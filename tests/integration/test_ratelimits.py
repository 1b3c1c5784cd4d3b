"""Rate limits: per client (hashed) and for everyone; friendly 429 with Retry-After."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from intake.config import SETTINGS
from intake.ratelimit import hashed_client
from tests.helpers import (
    REDIS_URL,
    SECRET,
    hidden_fields,
    receipt_of,
    require_service,
    seed_offices,
    submit,
)

DEFAULTS = {s.name: s.default for s in SETTINGS}


def client_from(app: Flask, address: str) -> FlaskClient:
    test_client = app.test_client()
    test_client.environ_base["REMOTE_ADDR"] = address
    return test_client


@pytest.fixture(params=["memory", "redis"])
def storage_uri(request: pytest.FixtureRequest) -> Iterator[str]:
    """In-memory counters, and the real Redis (required under CI)."""
    if request.param == "memory":
        yield "memory://"
        return
    url = require_service("redis", REDIS_URL)
    connection = redis.Redis.from_url(url)
    connection.flushdb()
    yield url
    connection.flushdb()


AppFactory = Callable[..., Flask]


def test_submissions_per_client_get_a_friendly_429(
    app_factory: AppFactory, storage_uri: str
) -> None:
    app = seed_offices(
        app_factory(RATELIMIT_STORAGE_URI=storage_uri, RATELIMIT_SUBMIT_CLIENT="2 per minute")
    )
    visitor = client_from(app, "192.0.2.10")
    assert submit(visitor, text="eins").status_code == 200
    assert submit(visitor, text="zwei").status_code == 200
    blocked = submit(visitor, "/m/diez?lang=en", text="drei")
    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["Retry-After"]) <= 60
    html = blocked.get_data(as_text=True)
    assert '<html lang="en"' in html and "<h1>" in html
    # Another address is not affected.
    assert submit(client_from(app, "192.0.2.11"), text="vier").status_code == 200


def test_waiting_room_on_one_address_is_not_locked_out(app_factory: AppFactory) -> None:
    app = seed_offices(
        app_factory(
            RATELIMIT_SUBMIT_CLIENT=DEFAULTS["RATELIMIT_SUBMIT_CLIENT"],
            RATELIMIT_SUBMIT_GLOBAL=DEFAULTS["RATELIMIT_SUBMIT_GLOBAL"],
        )
    )
    room = [client_from(app, "198.51.100.7") for _ in range(10)]  # ten phones, one guest Wi-Fi
    for person in room:
        assert submit(person, text="Wir warten alle zusammen.").status_code == 200


def test_global_limit_covers_everyone(app_factory: AppFactory, storage_uri: str) -> None:
    app = seed_offices(
        app_factory(RATELIMIT_STORAGE_URI=storage_uri, RATELIMIT_SUBMIT_GLOBAL="3 per minute")
    )
    statuses = [submit(client_from(app, f"192.0.2.{n}")).status_code for n in range(1, 6)]
    assert statuses == [200, 200, 200, 429, 429]


def test_failed_receipt_lookups_are_limited_but_hits_are_not(
    app_factory: AppFactory, storage_uri: str
) -> None:
    app = seed_offices(
        app_factory(RATELIMIT_STORAGE_URI=storage_uri, RATELIMIT_RECEIPT_CLIENT="3 per hour")
    )
    visitor = client_from(app, "192.0.2.20")
    code = receipt_of(submit(visitor).get_data(as_text=True))
    fields = hidden_fields(visitor.get("/status").get_data(as_text=True))
    for _ in range(5):
        assert visitor.post("/status", data={"code": code, **fields}).status_code == 200
    for _ in range(3):
        assert visitor.post("/status", data={"code": "ABCD-EFGH-JK", **fields}).status_code == 404
    assert visitor.post("/status", data={"code": code, **fields}).status_code == 429


def test_redis_keys_hold_no_client_address(app_factory: AppFactory) -> None:
    url = require_service("redis", REDIS_URL)
    connection = redis.Redis.from_url(url)
    connection.flushdb()
    app = seed_offices(app_factory(RATELIMIT_STORAGE_URI=url))
    visitor = client_from(app, "203.0.113.99")
    assert submit(visitor).status_code == 200
    keys = [k.decode() for k in connection.keys("*")]
    assert keys, "the limiter wrote nothing to Redis"
    assert not any("203.0.113.99" in k for k in keys)
    from datetime import UTC, datetime

    token = hashed_client("203.0.113.99", SECRET, datetime.now(UTC).date().isoformat())
    assert any(token in k for k in keys)
    for key in connection.keys("*"):
        assert b"203.0.113.99" not in str(connection.dump(key)).encode()
    connection.flushdb()


def test_keys_rotate_daily_and_depend_on_the_secret() -> None:
    a = hashed_client("192.0.2.1", SECRET, "2026-11-21")
    assert a == hashed_client("192.0.2.1", SECRET, "2026-11-21")
    assert a != hashed_client("192.0.2.1", SECRET, "2026-11-22")
    assert a != hashed_client("192.0.2.1", SECRET + "x", "2026-11-21")
    assert "192" not in a and len(a) == 32


def test_trusted_proxy_count_decides_the_client(app_factory: AppFactory) -> None:
    app = seed_offices(app_factory(TRUSTED_PROXIES=1, RATELIMIT_SUBMIT_CLIENT="1 per minute"))
    proxy = client_from(app, "127.0.0.1")
    headers_a = {"X-Forwarded-For": "192.0.2.30"}
    headers_b = {"X-Forwarded-For": "192.0.2.31"}
    page = proxy.get("/m/diez").get_data(as_text=True)
    data = {"kind": "idea", "text": "Über den Proxy.", **hidden_fields(page)}
    assert proxy.post("/m/diez", data=data, headers=headers_a).status_code == 200
    page = proxy.get("/m/diez").get_data(as_text=True)
    data = {"kind": "idea", "text": "Über den Proxy.", **hidden_fields(page)}
    assert proxy.post("/m/diez", data=data, headers=headers_b).status_code == 200
    assert proxy.post("/m/diez", data=data, headers=headers_a).status_code == 429


def test_limits_can_be_switched_off(app_factory: AppFactory) -> None:
    app = seed_offices(app_factory(RATELIMIT_ENABLED=False, RATELIMIT_SUBMIT_CLIENT="1 per minute"))
    visitor = client_from(app, "192.0.2.40")
    assert [submit(visitor).status_code for _ in range(3)] == [200, 200, 200]
