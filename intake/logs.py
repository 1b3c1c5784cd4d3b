"""Logging that cannot leak a visitor: every record passes a scrubber.

The app never logs request identity in the first place; the scrubber is the second
line of defence (as GlobaLeaks' `[REMOVED_IP_ADDRESS]`), catching addresses that a
library might put into a message, e.g. Werkzeug's development-server access log.
"""

from __future__ import annotations

import logging
import re

from flask import Flask

_IPV4 = r"\b(?:\d{1,3}\.){3}\d{1,3}\b"
_IPV6 = r"\b(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{0,4}\b|::1\b|::ffff:[0-9.]+"
IP_PATTERN = re.compile(f"{_IPV6}|{_IPV4}")
PLACEHOLDER = "[REMOVED_IP_ADDRESS]"


def scrub(message: str) -> str:
    """Replace anything that looks like an IP address."""
    return IP_PATTERN.sub(PLACEHOLDER, message)


class ScrubbingFilter(logging.Filter):
    """Rewrites a record's final message without addresses."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keep the record, but scrubbed."""
        message = record.getMessage()
        record.msg, record.args = scrub(message), None
        return True


def install_filter(logger: logging.Logger) -> None:
    """Attach the scrubber to a logger and its handlers (idempotent)."""
    targets: list[logging.Filterer] = [logger, *logger.handlers]
    for target in targets:
        if not any(isinstance(f, ScrubbingFilter) for f in target.filters):
            target.addFilter(ScrubbingFilter())


def init_app(app: Flask) -> None:
    """Scrub the app's, Werkzeug's and the root logger's records."""
    for logger in (app.logger, logging.getLogger("werkzeug"), logging.getLogger()):
        install_filter(logger)
    # The dev server's per-request access lines carry the address: not wanted at all.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
