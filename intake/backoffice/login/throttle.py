"""Login throttling: failures count, successes never do; an account waits, it is never locked.

Counters of failures only (a wrong password or a wrong second-factor code):

- per client (`RATELIMIT_LOGIN_CLIENT`, e.g. 20 per 15 minutes), so one address cannot
  guess through many accounts — an office whose staff share one NAT address is not shut out
  at shift start by its own successful logins;
- per account and client (`RATELIMIT_LOGIN_ACCOUNT`, e.g. 5 per 15 minutes): after that many
  failures each further attempt *from that client* waits `LOGIN_WAIT_SECONDS`, doubling with
  every failure up to `LOGIN_WAIT_MAX_SECONDS`;
- per account from everywhere, the same way, against guessing from many addresses — but this
  wait does not hold up a *known device*: a browser in which this account completed a login
  before carries a signed cookie saying so (the OWASP device-cookie pattern). Whoever types a
  colleague's address with wrong passwords from elsewhere therefore never makes the colleague
  at her usual desk wait, and nobody can lock anyone out.

Failures are remembered for the window or four times the longest wait, whichever is longer,
so a patient guesser reaches the cap instead of starting afresh every window; a complete
login forgets them. During a wait the password is not even checked, so the answer ("please
wait N seconds") is the same whether it was right. Keys are keyed hashes
(`intake.web.ratelimit.hashed_client`, `client_key`): the store never sees an address or an
e-mail address. It is the rate-limit store (memory or Redis); when Redis fails, a
process-local memory store stands in.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from typing import TypeVar

from flask import Response, after_this_request, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import parse
from limits.storage import MemoryStorage, Storage

from intake.web.extensions import limiter
from intake.web.ratelimit import client_key, hashed_client

log = logging.getLogger(__name__)
_fallback = MemoryStorage()
DEVICE_COOKIE = "mk_device"
DEVICE_DAYS = 90
DEVICE_ACCOUNTS = 8  # a shared desk PC: the last few accounts that logged in there
T = TypeVar("T")


def now() -> float:
    """The throttle's clock (tests move it instead of sleeping)."""
    return time.time()


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


def _store(operation: Callable[[Storage], T]) -> T:
    storage = limiter.storage
    try:
        return operation(storage)
    except storage.base_exceptions as exc:  # Redis down: throttle in this process only
        log.warning("login throttle: rate-limit store failed (%s)", type(exc).__name__)
        return operation(_fallback)


def _incr(key: str, expiry: int, amount: int = 1) -> int:
    return _store(lambda storage: storage.incr(key, expiry, amount))


def _clear(key: str) -> None:
    _store(lambda storage: storage.clear(key))


def _account(email: str) -> str:
    from intake.accounts.services import normalize_email

    secret = current_app.config["SECRET_KEY"] or ""
    return hashed_client(normalize_email(email), secret, "accounts")


def _keys(email: str) -> tuple[str, str, str]:
    account, client = _account(email), client_key()
    return (
        f"mk/login-fail/client/{client}",
        f"mk/login-fail/account/{account}/{client}",
        f"mk/login-wait/account/{account}/{client}",
    )


def _account_keys(email: str) -> tuple[str, str]:
    """The account's failures and wait from everywhere (known devices are not held up)."""
    account = _account(email)
    return f"mk/login-fail/account/{account}", f"mk/login-wait/account/{account}"


def _device_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="intake.login-device")


def _device_cookie_name() -> str:
    secure = bool(current_app.config.get("SESSION_COOKIE_SECURE"))
    return ("__Host-" if secure else "") + DEVICE_COOKIE


def _known_accounts() -> list[str]:
    raw = request.cookies.get(_device_cookie_name(), "")
    if not raw:
        return []
    try:
        accounts = _device_serializer().loads(raw, max_age=DEVICE_DAYS * 86400)
    except (BadSignature, ValueError, TypeError):
        return []
    return [a for a in accounts if isinstance(a, str)] if isinstance(accounts, list) else []


def known_device(email: str) -> bool:
    """Whether this account completed a login in this browser before."""
    return _account(email) in _known_accounts()


def _remember_device(email: str) -> None:
    """After a complete login: mark this browser as a known device of the account."""
    account = _account(email)
    accounts = [account, *(a for a in _known_accounts() if a != account)][:DEVICE_ACCOUNTS]
    value = _device_serializer().dumps(accounts)
    secure = bool(current_app.config.get("SESSION_COOKIE_SECURE"))

    @after_this_request
    def set_cookie(response: Response) -> Response:
        response.set_cookie(
            _device_cookie_name(),
            value,
            max_age=DEVICE_DAYS * 86400,
            path="/",
            secure=secure,
            httponly=True,
            samesite="Strict",
        )
        return response


def _waiting(key: str) -> int:
    until = _store(lambda s: s.get(key))
    return max(1, math.ceil(until - now())) if until > now() else 0


def _memory_seconds(window: int, cap: int) -> int:
    """How long an account's failures from one client are remembered."""
    return max(window, 4 * cap)


def wait_seconds(email: str) -> int:
    """How long this client must wait before trying `email` again; 0: it may try now."""
    if not _enabled():
        return 0
    client, _failures, wait = _keys(email)
    if seconds := _waiting(wait):
        return seconds
    if not known_device(email) and (seconds := _waiting(_account_keys(email)[1])):
        return seconds
    client_limit = parse(current_app.config["RATELIMIT_LOGIN_CLIENT"])
    if _store(lambda s: s.get(client)) >= client_limit.amount:
        return max(1, math.ceil(_store(lambda s: s.get_expiry(client)) - time.time()))
    return 0


def delay_after(failures: int, threshold: int, base: int, cap: int) -> int:
    """Seconds to wait after the n-th failure: none below the threshold, then doubling."""
    if failures < threshold:
        return 0
    return int(min(cap, base * 2 ** min(failures - threshold, 32)))


def failed(email: str) -> None:
    """Count a failed attempt for this client and this account; start or extend the wait."""
    if not _enabled():
        return
    config = current_app.config
    client, failures, wait = _keys(email)
    client_limit = parse(config["RATELIMIT_LOGIN_CLIENT"])
    account_limit = parse(config["RATELIMIT_LOGIN_ACCOUNT"])
    _store(lambda s: s.incr(client, client_limit.get_expiry()))
    cap = int(config["LOGIN_WAIT_MAX_SECONDS"])
    memory = _memory_seconds(account_limit.get_expiry(), cap)
    for counter, waiting in ((failures, wait), _account_keys(email)):
        count = _incr(counter, memory)
        delay = delay_after(count, account_limit.amount, int(config["LOGIN_WAIT_SECONDS"]), cap)
        if delay:  # the wait's "count" is the time it ends
            _clear(waiting)
            _incr(waiting, max(delay, memory), int(now()) + delay)


def succeeded(email: str) -> None:
    """A complete login: forget the account's failures, and remember this browser."""
    if not _enabled():
        return
    _client, failures, wait = _keys(email)
    for key in (failures, wait, *_account_keys(email)):
        _clear(key)
    _remember_device(email)
