"""The log scrubber: client addresses in every notation go, times and the server's own bind stay."""

from __future__ import annotations

import io
import logging

import pytest

from intake.web.logs import PLACEHOLDER, ScrubbingFilter, install_filter, scrub, server_hosts

GONE = PLACEHOLDER


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Invalid request from ip=192.0.2.1: bad", f"Invalid request from ip={GONE}: bad"),
        ("peer 192.0.2.1:51234 closed", f"peer {GONE}:51234 closed"),
        ("client fd00::abcd sent", f"client {GONE} sent"),
        ("client 2001:db8::1 sent", f"client {GONE} sent"),
        ("client 2001:DB8::A:1 sent", f"client {GONE} sent"),
        ("mapped ::ffff:192.0.2.1 seen", f"mapped {GONE} seen"),
        ("url http://[2001:db8::1]:443/m/diez", f"url http://[{GONE}]:443/m/diez"),
        ("link-local fe80::1%eth0 here", f"link-local {GONE} here"),
        ("full 2001:0db8:0000:0000:0000:ff00:0042:8329.", f"full {GONE}."),
        ("FULL 2001:0DB8:85A3:0000:0000:8A2E:0370:7334", f"FULL {GONE}"),
        ("loopback ::1 and 127.0.0.77", f"loopback {GONE} and {GONE}"),
        ("from 2001:db8::1: connection reset", f"from {GONE}: connection reset"),
        ("list 192.0.2.1,198.51.100.2", f"list {GONE},{GONE}"),
        ("X-Forwarded-For: 203.0.113.7, 10.0.0.1", f"X-Forwarded-For: {GONE}, {GONE}"),
        ("nat64 64:ff9b::c000:221", f"nat64 {GONE}"),
    ],
)
def test_addresses_in_every_notation_are_removed(line: str, expected: str) -> None:
    assert scrub(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Termin um 12:30:45 verlegt",
        "2026-11-21 12:30:45,123 [INFO] Booting worker with pid: 4711",
        "Worker exiting (pid: 4711)",
        "Listening at: unix:/run/intake.sock",
        "mail: 1 answer message sent",
        "rate limits: 10 per minute",
        "MAC 00:1a:2b:3c:4d:5e of the printer",
        "ratio 1:2:3 and a face :: end",
        "version 3.11.7 of Python",
        "IBAN DE02 1203 0000 0000 2020 51, Zeile 999.999.999.999",
    ],
)
def test_times_words_and_numbers_stay(line: str) -> None:
    assert scrub(line) == line


def record(message: str, *args: object, name: str = "gunicorn.error") -> logging.LogRecord:
    return logging.LogRecord(name, logging.INFO, __file__, 1, message, args, None)


def filtered(scrubber: ScrubbingFilter, message: str, *args: object) -> str:
    item = record(message, *args)
    assert scrubber.filter(item)
    return item.getMessage()


def test_the_filter_scrubs_the_formatted_message() -> None:
    assert filtered(ScrubbingFilter(), "Invalid request from ip=%s", "2001:db8::77") == (
        f"Invalid request from ip={GONE}"
    )


def test_the_servers_own_listen_address_stays_readable() -> None:
    scrubber = ScrubbingFilter(server_hosts(["127.0.0.1:5000", "[2001:db8::5]:8000"]))
    line = "Listening at: http://127.0.0.1:5000,http://[2001:db8::5]:8000 (4711)"
    listeners = "http://127.0.0.1:5000,http://[2001:db8::5]:8000"
    assert filtered(scrubber, "Listening at: %s (%s)", listeners, 4711) == line
    assert filtered(scrubber, "Connection in use: %s", "('127.0.0.1', 5000)") == (
        "Connection in use: ('127.0.0.1', 5000)"
    )
    # The exemption holds for the start-up lines only, and for the server's addresses only.
    assert filtered(scrubber, "Invalid request from ip=%s", "127.0.0.1") == (
        f"Invalid request from ip={GONE}"
    )
    assert filtered(scrubber, "Listening at: %s", "http://192.0.2.9:80") == (
        f"Listening at: http://{GONE}:80"
    )


def test_loopback_and_wildcard_binds_are_the_server_too() -> None:
    """`localhost` resolves to 127.0.0.1; `0.0.0.0` and `::` are shown as they are."""
    scrubber = ScrubbingFilter(server_hosts(["localhost:5000", "0.0.0.0:80", "[::]:81"]))
    line = "Listening at: http://127.0.0.1:5000,http://0.0.0.0:80,http://[::]:81 (1)"
    assert filtered(scrubber, line) == line
    assert filtered(scrubber, "Listening at: http://127.0.0.77:5000 (1)") == (
        "Listening at: http://127.0.0.77:5000 (1)"
    )


def test_bind_strings_of_every_kind_are_understood() -> None:
    hosts = server_hosts(
        ["127.0.0.1:5000", "[::1]:8000", "unix:/run/intake.sock", "fd://3", "192.0.2.5", "web:80"]
    )
    assert {"127.0.0.1", "::1", "192.0.2.5"} <= hosts


def test_install_filter_is_idempotent_and_takes_the_latest_bind() -> None:
    logger = logging.getLogger("test-logs-install")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    logger.propagate = False
    try:
        install_filter(logger)
        install_filter(logger, server_hosts(["192.0.2.5:80"]))
        assert sum(isinstance(f, ScrubbingFilter) for f in logger.filters) == 1
        assert sum(isinstance(f, ScrubbingFilter) for f in handler.filters) == 1
        logger.warning("Listening at: http://192.0.2.5:80 (1)")
        logger.warning("Invalid request from ip=192.0.2.5")
        assert stream.getvalue().splitlines() == [
            "Listening at: http://192.0.2.5:80 (1)",
            f"Invalid request from ip={GONE}",
        ]
    finally:
        logger.removeHandler(handler)


@pytest.mark.parametrize(
    "line",
    [
        "Invalid request from ip=2a01:4f8:1:2:3::: Invalid HTTP method",
        "Invalid request from ip=2001:db8::: Invalid HTTP version",
        "Ignoring EPIPE from 2001:db8::1::",
    ],
)
def test_an_address_ending_in_colons_before_punctuation_is_scrubbed(line: str) -> None:
    """Gunicorn's own message format puts a colon right after the address."""
    scrubbed = scrub(line)
    assert "2a01" not in scrubbed and "2001" not in scrubbed
    assert PLACEHOLDER in scrubbed
