"""Rate-limit keys that never hold a client address.

The key is an HMAC of the client's network (an IPv4 address, or the /64 of an IPv6 address)
with a secret that is drawn at random every UTC day. It is not derived from anything, so
nobody, not even whoever holds SECRET_KEY, can recompute an old day's secret and test
addresses against a saved copy of the store. With Redis the workers and hosts agree on it
through one Redis key that expires shortly after its day; with `memory://` each process
draws its own (each counts alone anyway). The store thus sees only opaque tokens that
change every day; the address lives only in memory for the duration of the request.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from flask import Flask, current_app, request
from flask_limiter import Limiter
from limits.storage import RedisStorage, storage_from_string
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

log = logging.getLogger(__name__)

EXTENSION = "intake.ratelimit_secret"
SECRET_BYTES = 32
# The day's key outlives midnight a little, for hosts whose clocks lag behind.
EXPIRY_SLACK = timedelta(minutes=30)
# After the store failed, a worker uses its own secret for this long before asking again.
STORE_RETRY_SECONDS = 30.0


def daily_secret(secret_key: str | bytes, day: str) -> bytes:
    """The secret of one day, derived from `secret_key` (which must itself stay secret)."""
    key = secret_key.encode() if isinstance(secret_key, str) else secret_key
    return hmac.new(key, b"ratelimit:" + day.encode(), hashlib.sha256).digest()


def hashed_client(address: str, secret_key: str | bytes, day: str) -> str:
    """Keyed hash of a client address for one day (truncated: only equality matters)."""
    mac = hmac.new(daily_secret(secret_key, day), address.encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


def client_network(address: str) -> str:
    """What counts as one client: an IPv4 address, or the /64 an IPv6 address belongs to.

    IPv6 hosts pick new addresses within their /64 at will (privacy extensions), so
    counting single addresses would let one client escape its limit. An IPv4 client seen
    through an IPv6 socket (`::ffff:a.b.c.d`) is the same client as over IPv4.
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


class SecretStore(Protocol):
    """Where workers agree on the day's secret."""

    def get_or_create(self, name: str, value: str, ttl_seconds: int) -> str:
        """Store `value` under `name` unless something is there; return what is stored."""


class RedisSecretStore:
    """The day's secret in Redis: the first worker to ask creates it (SET NX), all read it."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def get_or_create(self, name: str, value: str, ttl_seconds: int) -> str:
        """Atomic create-once with an expiry; then read whichever value won."""
        self.client.set(name, value, nx=True, ex=ttl_seconds)
        stored = self.client.get(name)
        if stored is None:
            raise LookupError("the daily rate-limit secret vanished from the store")
        return stored.decode() if isinstance(stored, bytes) else str(stored)


def utc_now() -> datetime:
    """The current time in UTC (the clock a test replaces)."""
    return datetime.now(UTC)


class DailySecret:
    """The random secret of the current UTC day, kept in memory until the day ends."""

    def __init__(
        self,
        store: SecretStore | None,
        *,
        key_prefix: str = "mk",
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.store, self.key_prefix, self.clock = store, key_prefix, clock
        self._lock = threading.Lock()
        self._day, self._secret, self._shared = "", b"", False
        self._retry_at = 0.0

    def current(self) -> tuple[str, bytes]:
        """(day, secret) for now; asks the store at most once a day while it answers."""
        now = self.clock()
        day = now.date().isoformat()
        with self._lock:
            fresh = self._day == day
            if fresh and (self._shared or self.store is None):
                return day, self._secret
            may_ask = not fresh or time.monotonic() >= self._retry_at
            if self.store is not None and may_ask and self._ask_store(day, now):
                return day, self._secret
            if not fresh:
                self._day, self._secret = day, secrets.token_bytes(SECRET_BYTES)
                self._shared = False
            return day, self._secret

    def _ask_store(self, day: str, now: datetime) -> bool:
        assert self.store is not None
        midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), UTC)
        ttl = int((midnight + EXPIRY_SLACK - now).total_seconds())
        try:
            value = self.store.get_or_create(
                f"{self.key_prefix}:daily-secret:{day}", secrets.token_hex(SECRET_BYTES), ttl
            )
            secret = bytes.fromhex(value)
        except Exception as exc:  # any store failure: count alone for a while
            log.warning(
                "rate limits: the shared daily key could not be read (%s); this worker "
                "counts with its own key for now",
                type(exc).__name__,
            )
            self._retry_at = time.monotonic() + STORE_RETRY_SECONDS
            return False
        self._day, self._secret, self._shared = day, secret, True
        return True


def secret_store(config: Mapping[str, Any]) -> SecretStore | None:
    """A Redis store for the day's secret when the limiter counts in Redis, else None."""
    uri = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if uri.startswith("memory://"):
        return None
    storage = storage_from_string(uri, **(config.get("RATELIMIT_STORAGE_OPTIONS") or {}))
    if isinstance(storage, RedisStorage):
        return RedisSecretStore(storage.get_connection())
    log.warning(
        "rate limits: %s cannot share the daily key; each worker keys clients on its own",
        uri.partition("://")[0],
    )
    return None


def key_for(address: str) -> str:
    """The rate-limit key of a client address today (inside an app context)."""
    day, secret = current_app.extensions[EXTENSION].current()
    return hashed_client(client_network(address), secret, day)


def client_key() -> str:
    """Flask-Limiter key function: the hashed client of this request."""
    # ProxyFix (when TRUSTED_PROXIES > 0) has already put the right address here.
    return key_for(request.remote_addr or "unknown")


def everyone() -> str:
    """Key function for the limits that all clients share."""
    return "all"


def passed_its_client_limits(response: Response) -> bool:
    """`deduct_when` of shared limits: only a request its own client's limits let through counts.

    Otherwise one client hammering away past its own limit would use up what everyone shares.
    """
    return response.status_code != 429


def config_limit(name: str) -> str:
    """Read a limit string from the app config at request time (so tests can change it)."""
    value: str = current_app.config[name]
    return value


def counts_alone_warning(storage_uri: str, workers: int) -> str | None:
    """The start-up warning when several workers each keep their own in-memory counters."""
    if workers > 1 and storage_uri.startswith("memory://"):
        return (
            f"rate limits: RATELIMIT_STORAGE_URI is memory:// with {workers} workers, so each "
            f"worker counts on its own and every limit is in effect {workers} times as high; "
            "set INTAKE_RATELIMIT_STORAGE_URI=redis://… (docs/operations.md, Rate limits)"
        )
    return None


def init_ratelimit(app: Flask, limiter: Limiter) -> None:
    """Trust exactly the configured number of proxies, then bind the limiter."""
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]
    app.extensions[EXTENSION] = DailySecret(
        secret_store(app.config), key_prefix=str(app.config.get("RATELIMIT_KEY_PREFIX") or "mk")
    )
    limiter.init_app(app)


def only_writes_are_limited() -> bool:
    """Every limit here is on a POST; skipping the rest saves the limiter's work on each GET."""
    return request.method not in {"POST", "PUT", "PATCH", "DELETE"}
