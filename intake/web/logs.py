"""Logging that cannot leak a visitor: every record passes a scrubber.

The app never logs request identity in the first place; the scrubber is the second
line of defence (as GlobaLeaks' `[REMOVED_IP_ADDRESS]`), catching addresses that a
library might put into a message, e.g. Werkzeug's development-server access log or
gunicorn's "Invalid request from ip=…". Candidates are checked with `ipaddress`, so every
IPv4 and IPv6 notation goes (compressed, full, upper-case, IPv4-mapped, in brackets, with
a zone id), while times such as 12:30:45 and words stay. Only the server's own listen
address stays readable, and only in gunicorn's start-up lines, where no client appears.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from collections.abc import Iterable

from flask import Flask

PLACEHOLDER = "[REMOVED_IP_ADDRESS]"
# A run of characters an address is written with (hex digits, colons, dots), not inside a
# word, optionally with an IPv6 zone id (`fe80::1%eth0`). Each run is then checked.
_RUN = re.compile(
    r"(?<![0-9A-Za-z_])(?P<run>[0-9A-Fa-f:.]{2,})(?P<zone>%[0-9A-Za-z_.\-]+)?(?![0-9A-Za-z_])"
)
_IPV4 = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?!\d)")
# Gunicorn's messages about its own listening sockets (arbiter.py, sock.py).
STARTUP_LINES = ("Listening at:", "Connection in use:", "Can't connect to")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _ipv6(text: str) -> Address | None:
    try:
        return ipaddress.IPv6Address(text)
    except ValueError:
        return None


def _ipv4(text: str) -> Address | None:
    """Dotted quads, leading zeros too (`ipaddress` refuses those, a log line may not)."""
    parts = text.split(".")
    if len(parts) != 4 or not all(p.isdigit() and int(p) <= 255 for p in parts):
        return None
    return ipaddress.IPv4Address(".".join(str(int(p)) for p in parts))


def _ipv6_core(text: str) -> str | None:
    """The longest IPv6 address at the start of a run, giving back trailing `:` and `.` one at
    a time: in gunicorn's "from ip=2a01:4f8::: Invalid" the address ends in `::` and the
    third colon is punctuation."""
    core = text
    for _ in range(4):  # punctuation after an address is short; a long run is no address
        if _ipv6(core) is not None:
            return core
        if not core or core[-1] not in ":.":
            return None
        core = core[:-1]
    return None


class _Scrubber:
    """Replaces addresses, except those `keep` says belong to the server itself."""

    def __init__(self, keep: frozenset[str] = frozenset(), loopback: bool = False) -> None:
        self.keep, self.loopback = keep, loopback

    def kept(self, ip: Address) -> bool:
        if ip.is_unspecified:  # 0.0.0.0 and :: are never a client
            return True
        return str(ip) in self.keep or (self.loopback and ip.is_loopback)

    def run(self, match: re.Match[str]) -> str:
        text, zone = match.group("run"), match.group("zone") or ""
        if text.count(":") >= 2 and (core := _ipv6_core(text)) is not None:
            ip = _ipv6(core)
            assert ip is not None
            return match.group(0) if self.kept(ip) else PLACEHOLDER + text[len(core) :]
        return _IPV4.sub(self.dotted, text) + zone

    def dotted(self, match: re.Match[str]) -> str:
        ip = _ipv4(match.group(0))
        return match.group(0) if ip is None or self.kept(ip) else PLACEHOLDER

    def __call__(self, message: str) -> str:
        return _RUN.sub(self.run, message)


_CLIENTS_ONLY = _Scrubber()


def scrub(message: str) -> str:
    """Replace every IP address (in any notation) with a placeholder."""
    return _CLIENTS_ONLY(message)


def server_hosts(binds: Iterable[str]) -> frozenset[str]:
    """The addresses in gunicorn `bind` values (`host:port`, `[v6]:port`; sockets skipped)."""
    hosts: set[str] = set()
    for bind in binds:
        if bind.startswith(("unix:", "fd://")):
            continue
        host = bind[1:].partition("]")[0] if bind.startswith("[") else bind.rpartition(":")[0]
        try:
            hosts.add(str(ipaddress.ip_address(host or bind)))
        except ValueError:
            continue  # a name such as localhost: its loopback address is kept anyway
    return frozenset(hosts)


class ScrubbingFilter(logging.Filter):
    """Rewrites a record's final message without addresses.

    `server` holds the server's own bind addresses: they (and loopback) stay readable in
    gunicorn's start-up lines, so an operator sees where it listens.
    """

    def __init__(self, server: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.server = _Scrubber(server, loopback=True)

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keep the record, but scrubbed."""
        message = record.getMessage()
        scrubber = self.server if message.startswith(STARTUP_LINES) else _CLIENTS_ONLY
        record.msg, record.args = scrubber(message), None
        return True


def install_filter(logger: logging.Logger, server: frozenset[str] = frozenset()) -> None:
    """Attach the scrubber to a logger and its handlers (idempotent: the latest one wins)."""
    targets: list[logging.Filterer] = [logger, *logger.handlers]
    for target in targets:
        for old in [f for f in target.filters if isinstance(f, ScrubbingFilter)]:
            target.removeFilter(old)
        target.addFilter(ScrubbingFilter(server))


def init_app(app: Flask) -> None:
    """Scrub the app's, Werkzeug's and the root logger's records."""
    for logger in (app.logger, logging.getLogger("werkzeug"), logging.getLogger()):
        install_filter(logger)
    # The dev server's per-request access lines carry the address: not wanted at all.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
