"""Login throttling: failures count, successes never do; an account waits, it is never locked.

Two counters, both of failures only (a wrong password or a wrong second-factor code):

- per client (`RATELIMIT_LOGIN_CLIENT`, e.g. 20 per 15 minutes), so one address cannot
  guess through many accounts — an office whose staff share one NAT address is not shut out
  at shift start by its own successful logins;
- per account (`RATELIMIT_LOGIN_ACCOUNT`, e.g. 5 per 15 minutes): after that many failures,
  each further attempt has to wait `LOGIN_WAIT_SECONDS`, doubling with every failure up to
  `LOGIN_WAIT_MAX_SECONDS`. Nobody can lock a colleague out for good by typing their address
  five times, and guessing stays slow.

During a wait the password is not even checked, so the answer ("please wait N seconds") is
the same whether it was right. Keys are keyed hashes (`intake.ratelimit.hashed_client`,
`client_key`): the store never sees an address or an e-mail address. It is the rate-limit
store (memory or Redis); when Redis fails, a process-local memory store stands in.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from typing import TypeVar

from flask import current_app
from limits import parse
from limits.storage import MemoryStorage, Storage

from intake.extensions import limiter
from intake.ratelimit import client_key, hashed_client

log = logging.getLogger(__name__)
_fallback = MemoryStorage()
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


def _account(email: str) -> str:
    from intake.staff.auth import normalize_email

    secret = current_app.config["SECRET_KEY"] or ""
    return hashed_client(normalize_email(email), secret, "accounts")


def _keys(email: str) -> tuple[str, str, str]:
    account = _account(email)
    return (
        f"mk/login-fail/client/{client_key()}",
        f"mk/login-fail/account/{account}",
        f"mk/login-wait/account/{account}",
    )


def wait_seconds(email: str) -> int:
    """How long this client must wait before trying `email` again; 0: it may try now."""
    if not _enabled():
        return 0
    client, _failures, wait = _keys(email)
    until = _store(lambda s: s.get(wait))
    if until > now():
        return max(1, math.ceil(until - now()))
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
    count = _store(lambda s: s.incr(failures, account_limit.get_expiry()))
    delay = delay_after(
        count,
        account_limit.amount,
        int(config["LOGIN_WAIT_SECONDS"]),
        int(config["LOGIN_WAIT_MAX_SECONDS"]),
    )
    if delay:
        until = int(now()) + delay
        _store(lambda s: s.clear(wait))
        _store(lambda s: s.incr(wait, max(delay, account_limit.get_expiry()), until))


def succeeded(email: str) -> None:
    """A complete login forgets the account's failures (the client's stay counted)."""
    if not _enabled():
        return
    _client, failures, wait = _keys(email)
    _store(lambda s: s.clear(failures))
    _store(lambda s: s.clear(wait))
