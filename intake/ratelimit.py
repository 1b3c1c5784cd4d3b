"""Rate-limit keys that never hold a client address.

The key is an HMAC of the client address with a secret that changes every day (derived
from the app's secret and the date, so every worker and host agrees without sharing
state). The store (memory or Redis) thus sees only opaque, daily-changing tokens; the
address itself lives only in memory for the duration of the request.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

from flask import Flask, current_app, request
from flask_limiter import Limiter
from werkzeug.middleware.proxy_fix import ProxyFix


def daily_secret(secret_key: str | bytes, day: str) -> bytes:
    """The rate-limit key secret of one UTC day."""
    key = secret_key.encode() if isinstance(secret_key, str) else secret_key
    return hmac.new(key, b"ratelimit:" + day.encode(), hashlib.sha256).digest()


def hashed_client(address: str, secret_key: str | bytes, day: str) -> str:
    """Keyed hash of a client address for one day (truncated: only equality matters)."""
    mac = hmac.new(daily_secret(secret_key, day), address.encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


def client_key() -> str:
    """Flask-Limiter key function: the hashed client address of this request."""
    day = datetime.now(UTC).date().isoformat()
    # ProxyFix (when TRUSTED_PROXIES > 0) has already put the right address here.
    address = request.remote_addr or "unknown"
    return hashed_client(address, current_app.config["SECRET_KEY"] or "", day)


def everyone() -> str:
    """Key function for the limits that all clients share."""
    return "all"


def config_limit(name: str) -> str:
    """Read a limit string from the app config at request time (so tests can change it)."""
    value: str = current_app.config[name]
    return value


def init_ratelimit(app: Flask, limiter: Limiter) -> None:
    """Trust exactly the configured number of proxies, then bind the limiter."""
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]
    limiter.init_app(app)


def only_writes_are_limited() -> bool:
    """Every limit here is on a POST; skipping the rest saves the limiter's work on each GET."""
    return request.method not in {"POST", "PUT", "PATCH", "DELETE"}
