"""Rate limits: per client (hashed) and for everyone; friendly 429 with Retry-After."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from intake.config import SETTINGS
from intake.web.extensions import limiter
from intake.web.ratelimit import hashed_client, key_for
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
    with app.app_context():
        token = key_for("203.0.113.99")
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


def test_one_client_cannot_use_up_what_everyone_shares(
    app_factory: AppFactory, storage_uri: str
) -> None:
    """A request counts for everyone only once it has passed its own client's limits."""
    app = seed_offices(
        app_factory(
            RATELIMIT_STORAGE_URI=storage_uri,
            RATELIMIT_SUBMIT_CLIENT="100 per minute;2 per hour",
            RATELIMIT_SUBMIT_GLOBAL="5 per minute",
        )
    )
    pest = client_from(app, "192.0.2.50")
    statuses = [submit(pest, text=f"Noch einmal, Nummer {n}.").status_code for n in range(8)]
    assert statuses == [200, 200] + [429] * 6
    assert submit(client_from(app, "192.0.2.51"), text="Ich komme noch durch.").status_code == 200
    # …and the shared limit still holds against many clients.
    others = [submit(client_from(app, f"192.0.2.{n}")).status_code for n in range(60, 64)]
    assert others == [200, 200, 429, 429]


def test_one_client_cannot_use_up_the_shared_receipt_lookups(
    app_factory: AppFactory, storage_uri: str
) -> None:
    app = seed_offices(
        app_factory(
            RATELIMIT_STORAGE_URI=storage_uri,
            RATELIMIT_RECEIPT_CLIENT="2 per hour",
            RATELIMIT_RECEIPT_GLOBAL="4 per hour",
        )
    )

    def miss(visitor: FlaskClient) -> int:
        fields = hidden_fields(visitor.get("/status").get_data(as_text=True))
        status: int = visitor.post("/status", data={"code": "ABCD-EFGH-JK", **fields}).status_code
        return status

    # A new address of its /64 for every try: still one client.
    tries = [miss(client_from(app, f"2001:db8:5:5::{n:x}")) for n in range(1, 7)]
    assert tries == [404, 404, 429, 429, 429, 429]
    assert miss(client_from(app, "192.0.2.52")) == 404


def test_ipv6_clients_cannot_escape_their_limit_by_rotating_addresses(
    app_factory: AppFactory, storage_uri: str
) -> None:
    app = seed_offices(
        app_factory(RATELIMIT_STORAGE_URI=storage_uri, RATELIMIT_SUBMIT_CLIENT="2 per minute")
    )
    rotating = ["2001:db8:7:7::1", "2001:db8:7:7:a::2", "2001:DB8:7:7:ffff:1:2:3"]
    statuses = [submit(client_from(app, address)).status_code for address in rotating]
    assert statuses == [200, 200, 429]
    assert submit(client_from(app, "2001:db8:7:8::1")).status_code == 200  # the next /64
    # An IPv4 client seen through an IPv6 socket is the same client as over IPv4.
    assert submit(client_from(app, "192.0.2.70")).status_code == 200
    assert submit(client_from(app, "192.0.2.70")).status_code == 200
    assert submit(client_from(app, "::ffff:192.0.2.70")).status_code == 429


def test_apps_on_one_redis_share_the_daily_secret(app_factory: AppFactory) -> None:
    """Several workers (here: two apps) on one Redis key a client alike."""
    url = require_service("redis", REDIS_URL)
    first, second = app_factory(RATELIMIT_STORAGE_URI=url), app_factory(RATELIMIT_STORAGE_URI=url)
    keys = []
    for app in (first, second):
        with app.app_context():
            keys.append(key_for("192.0.2.80"))
    assert keys[0] == keys[1]
    assert keys[0] != hashed_client("192.0.2.80", SECRET, datetime.now(UTC).date().isoformat())


def test_the_daily_secret_is_not_derived_from_the_secret_key(app_factory: AppFactory) -> None:
    """Same SECRET_KEY, another Redis database (or memory): another key for the same client."""
    url = require_service("redis", REDIS_URL)
    base, _, number = url.rpartition("/")
    other = f"{base}/{(int(number or 0) + 1) % 16}"
    apps = [app_factory(RATELIMIT_STORAGE_URI=uri) for uri in (url, other, "memory://")]
    keys = set()
    for app in apps:
        with app.app_context():
            keys.add(key_for("192.0.2.81"))
    assert len(keys) == 3
    redis.Redis.from_url(other).delete(*redis.Redis.from_url(other).keys("mk:daily-secret:*"))


def test_without_redis_limits_fall_back_to_each_workers_memory(app_factory: AppFactory) -> None:
    with socket.socket() as probe:  # a port nobody listens on: Redis has gone away
        probe.bind(("127.0.0.1", 0))
        gone = f"redis://127.0.0.1:{probe.getsockname()[1]}/0"
    app = seed_offices(
        app_factory(RATELIMIT_STORAGE_URI=gone, RATELIMIT_SUBMIT_CLIENT="2 per minute")
    )
    visitor = client_from(app, "192.0.2.90")
    try:
        assert [submit(visitor).status_code for _ in range(3)] == [200, 200, 429]
        assert submit(client_from(app, "192.0.2.91")).status_code == 200
    finally:
        # The limiter is one object for every app of this process: the next app's store is up.
        limiter._storage_dead = False
