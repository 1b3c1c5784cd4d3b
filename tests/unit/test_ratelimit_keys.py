"""Rate-limit keys: a random daily secret nobody can recompute, and one key per IPv6 /64."""

from __future__ import annotations

import logging
import runpy
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import redis

from intake.web.ratelimit import DailySecret, RedisSecretStore, client_network, hashed_client
from tests.helpers import REDIS_URL, require_service

NOON = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def other_database(url: str) -> str:
    """The same Redis server, another database number."""
    base, _, number = url.rpartition("/")
    return f"{base}/{(int(number or 0) + 1) % 16}"


@pytest.fixture
def redis_client() -> Iterator[redis.Redis]:
    connection = redis.Redis.from_url(require_service("redis", REDIS_URL))
    yield connection
    connection.close()


@pytest.fixture
def prefix(redis_client: redis.Redis) -> Iterator[str]:
    """A key prefix of this test only (other test runs share the Redis database)."""
    name = f"test-{secrets.token_hex(4)}"
    yield name
    for key in redis_client.scan_iter(f"{name}:*"):
        redis_client.delete(key)


# --- the address that is counted ----------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "counted_as"),
    [
        ("192.0.2.1", "192.0.2.1"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:DB8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("fe80::1%eth0", "fe80::/64"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("unknown", "unknown"),
    ],
)
def test_ipv6_clients_are_counted_by_their_64(address: str, counted_as: str) -> None:
    assert client_network(address) == counted_as


def test_hashed_client_stays_a_pure_keyed_hash() -> None:
    """The staff login keys accounts with it: same inputs, same token."""
    assert hashed_client("a@example.org", "k" * 40, "accounts") == hashed_client(
        "a@example.org", "k" * 40, "accounts"
    )


# --- the daily secret ---------------------------------------------------------------------


def test_without_a_shared_store_each_process_draws_its_own_secret() -> None:
    clock = Clock(NOON)
    first, second = DailySecret(None, clock=clock), DailySecret(None, clock=clock)
    day, secret = first.current()
    assert day == "2026-11-21" and len(secret) == 32
    assert first.current() == (day, secret)  # kept for the day
    assert second.current()[1] != secret


def test_workers_on_one_redis_agree_on_the_secret(redis_client: redis.Redis, prefix: str) -> None:
    clock = Clock(NOON)
    workers = [
        DailySecret(RedisSecretStore(redis_client), key_prefix=prefix, clock=clock)
        for _ in range(3)
    ]
    assert len({worker.current() for worker in workers}) == 1


def test_the_secret_is_random_not_derived(redis_client: redis.Redis, prefix: str) -> None:
    """Two deployments (two Redis databases) on the same day have different secrets."""
    other = redis.Redis.from_url(other_database(require_service("redis", REDIS_URL)))
    clock = Clock(NOON)
    try:
        here = DailySecret(RedisSecretStore(redis_client), key_prefix=prefix, clock=clock)
        there = DailySecret(RedisSecretStore(other), key_prefix=prefix, clock=clock)
        assert here.current()[1] != there.current()[1]
    finally:
        for key in other.scan_iter(f"{prefix}:*"):
            other.delete(key)
        other.close()


def test_the_secret_expires_in_redis_after_its_day(redis_client: redis.Redis, prefix: str) -> None:
    late = NOON.replace(hour=23, minute=50)
    DailySecret(RedisSecretStore(redis_client), key_prefix=prefix, clock=Clock(late)).current()
    [key] = list(redis_client.scan_iter(f"{prefix}:*"))
    assert 0 < redis_client.ttl(key) <= 3600  # gone shortly after midnight
    early = NOON.replace(hour=0, minute=5) + timedelta(days=1)
    DailySecret(RedisSecretStore(redis_client), key_prefix=prefix, clock=Clock(early)).current()
    ttls = [redis_client.ttl(k) for k in redis_client.scan_iter(f"{prefix}:*")]
    assert len(ttls) == 2 and all(0 < ttl <= 25 * 3600 for ttl in ttls)


def test_a_new_day_brings_a_new_secret(redis_client: redis.Redis, prefix: str) -> None:
    clock = Clock(NOON)
    worker = DailySecret(RedisSecretStore(redis_client), key_prefix=prefix, clock=clock)
    today = worker.current()
    clock.now += timedelta(days=1)
    tomorrow = worker.current()
    assert tomorrow[0] == "2026-11-22" and tomorrow[1] != today[1]
    clock.now = NOON + timedelta(days=1, hours=11)
    assert worker.current() == tomorrow


def test_a_new_day_brings_a_new_secret_in_memory_too() -> None:
    clock = Clock(NOON)
    worker = DailySecret(None, clock=clock)
    today = worker.current()
    clock.now += timedelta(days=1)
    assert worker.current()[1] != today[1]


class BrokenStore:
    """A Redis that went away."""

    calls = 0

    def get_or_create(self, name: str, value: str, ttl_seconds: int) -> str:
        self.calls += 1
        raise redis.ConnectionError("Connection refused")


def test_without_redis_a_worker_keeps_counting_with_its_own_secret() -> None:
    store = BrokenStore()
    worker = DailySecret(store, clock=Clock(NOON))
    first = worker.current()
    assert worker.current() == first  # no new secret (and no new connection) per request
    assert store.calls == 1


# --- memory:// with several workers -------------------------------------------------------


def gunicorn_settings() -> dict[str, Any]:
    """scripts/gunicorn.conf.py as gunicorn reads it."""
    return runpy.run_path(str(Path(__file__).resolve().parents[2] / "scripts/gunicorn.conf.py"))


class FakeWorker:
    """What gunicorn hands to `post_worker_init`."""

    def __init__(self, age: int, workers: int, storage_uri: str) -> None:
        self.age = age
        self.cfg = SimpleNamespace(workers=workers)
        self.wsgi = SimpleNamespace(config={"RATELIMIT_STORAGE_URI": storage_uri})
        self.log = logging.getLogger("test-gunicorn-worker")


@pytest.mark.parametrize(
    ("workers", "storage_uri", "warned"),
    [
        (2, "memory://", True),
        (1, "memory://", False),
        (4, "redis://127.0.0.1:6379/0", False),
    ],
)
def test_gunicorn_warns_once_when_workers_count_alone(
    caplog: pytest.LogCaptureFixture, workers: int, storage_uri: str, warned: bool
) -> None:
    hook = gunicorn_settings()["post_worker_init"]
    with caplog.at_level(logging.WARNING, logger="test-gunicorn-worker"):
        for age in (1, 2, 3):  # the first worker speaks; later ones stay quiet
            hook(FakeWorker(age, workers, storage_uri))
    messages = [r.getMessage() for r in caplog.records]
    if warned:
        [message] = messages
        assert "memory://" in message and f"{workers} workers" in message
        assert "INTAKE_RATELIMIT_STORAGE_URI=redis://" in message
    else:
        assert messages == []


class FlakyStore:
    """A Redis that is down first and answers later."""

    def __init__(self) -> None:
        self.up = False
        self.stored: dict[str, str] = {}

    def get_or_create(self, name: str, value: str, ttl_seconds: int) -> str:
        if not self.up:
            raise redis.ConnectionError("Connection refused")
        return self.stored.setdefault(name, value)


def test_a_worker_rejoins_the_shared_secret_when_redis_is_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("intake.web.ratelimit.STORE_RETRY_SECONDS", 0.0)
    store, clock = FlakyStore(), Clock(NOON)
    worker = DailySecret(store, clock=clock)
    alone = worker.current()
    store.up = True
    shared = worker.current()
    [stored] = store.stored.values()
    assert shared != alone and shared[1] == bytes.fromhex(stored)
    store.up = False
    clock.now += timedelta(days=1)
    next_day_alone = worker.current()
    store.up = True
    assert worker.current() != next_day_alone  # it asked again, although it had a secret
