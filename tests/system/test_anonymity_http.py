"""The anonymity promise over real HTTP, end to end.

Gunicorn serves the app with the production config (scripts/gunicorn.conf.py) and Redis
as the rate-limit store. A visitor with a known address (a loopback alias and a forwarded
address), user agent, referrer and cookies sends feedback, looks up a receipt, hits errors
and sends a malformed request. Then the database files, gunicorn's access and error logs,
the app's output and every Redis key and value are searched: none of it may appear.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

from tests.helpers import GUNICORN, REDIS_URL, free_port, require_service

ROOT = Path(__file__).resolve().parents[2]
SOURCE_ADDRESS = "127.0.0.77"
FORWARDED_FOR = "203.0.113.77"
USER_AGENT = "ProbeAgent/9.9 (unique-agent-7f3a91)"
REFERRER = "https://referrer.example/private-page-4711"
TRACKING_COOKIE = "cookievalue-9c1e55"
NEEDLES = [
    SOURCE_ADDRESS,
    FORWARDED_FOR,
    "unique-agent-7f3a91",
    "private-page-4711",
    TRACKING_COOKIE,
]


@dataclass
class Served:
    port: int
    workdir: Path
    redis_url: str


def run_flask(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "intake", *args],
        env=env,
        check=True,
        capture_output=True,
        cwd=ROOT,
    )


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    redis_url = require_service("redis", REDIS_URL)
    redis.Redis.from_url(redis_url).flushdb()
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")},
        "INTAKE_SECRET_KEY": "s" * 48,
        "INTAKE_INSTANCE_PATH": str(tmp_path),
        "INTAKE_DATABASE_URL": f"sqlite:///{tmp_path}/intake.sqlite3",
        "INTAKE_RATELIMIT_STORAGE_URI": redis_url,
        "INTAKE_TRUSTED_PROXIES": "1",
        "INTAKE_MIN_FILL_SECONDS": "0",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_ACCESS_LOG": str(tmp_path / "access.log"),
        "GUNICORN_ERROR_LOG": str(tmp_path / "error.log"),
        "FORWARDED_ALLOW_IPS": "*",
    }
    run_flask(env, "db", "upgrade")
    run_flask(env, "offices", "add", "DIEZ", "Geschäftsstelle Diez", "--state", "RP")
    with (tmp_path / "app-output.log").open("wb") as output:
        process = subprocess.Popen(
            GUNICORN,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
        try:
            wait_for(port)
            yield Served(port, tmp_path, redis_url)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(20)


def wait_for(port: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not start")


class Visitor:
    """An HTTP client with a fixed source address and identifying headers."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies = {"tracking": TRACKING_COOKIE}

    def request(self, method: str, path: str, body: str = "") -> tuple[int, str]:
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=10, source_address=(SOURCE_ADDRESS, 0)
        )
        headers = {
            "User-Agent": USER_AGENT,
            "Referer": REFERRER,
            "X-Forwarded-For": FORWARDED_FOR,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body.encode(), headers=headers)
        response = connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        text = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, text

    def form_fields(self, html: str) -> dict[str, str]:
        pairs = re.findall(r'name="(csrf_token|form_token)"[^>]*value="([^"]*)"', html)
        pairs += [
            (n, v)
            for v, n in re.findall(r'value="([^"]*)"[^>]*name="(csrf_token|form_token)"', html)
        ]
        return dict(pairs)


def encode(fields: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(fields)


def visit(visitor: Visitor) -> None:
    status, page = visitor.request("GET", "/M/DIEZ/K12")
    assert status == 200
    fields = visitor.form_fields(page)
    status, thanks = visitor.request(
        "POST",
        "/M/DIEZ/K12",
        encode({**fields, "kind": "complaint", "rating": "2", "text": "Zu lange gewartet."}),
    )
    assert status == 200 and "receipt-code" in thanks
    status, page = visitor.request("GET", "/m/diez")
    status, preview = visitor.request(
        "POST",
        "/m/diez",
        encode({**visitor.form_fields(page), "kind": "idea", "text": "Ruf an: 0176 1234567"}),
    )
    assert status == 200 and "Telefonnummer entfernt" in preview
    status, page = visitor.request("GET", "/status")
    status, _ = visitor.request(
        "POST", "/status", encode({**visitor.form_fields(page), "code": "ABCD-EFGH-JK"})
    )
    assert status == 404
    assert visitor.request("GET", "/nowhere")[0] == 404
    assert visitor.request("POST", "/m/diez", "text=no-csrf")[0] == 400
    assert visitor.request("GET", "/staff/login")[0] == 200


def send_garbage(port: int) -> None:
    """A malformed request: gunicorn's error log mentions the peer for these."""
    with socket.create_connection(("127.0.0.1", port), source_address=(SOURCE_ADDRESS, 0)) as s:
        s.sendall(b"NOT-HTTP \x00\x01 garbage\r\n\r\n")
        s.recv(1024)


def redis_dump(url: str) -> bytes:
    connection = redis.Redis.from_url(url)
    keys = connection.keys("*")
    assert keys, "the rate limiter stored nothing in Redis: the test would prove nothing"
    return b"\n".join(k + b"=" + (connection.dump(k) or b"") for k in keys)


@pytest.mark.slow
def test_no_identifying_request_data_is_kept_anywhere(served: Served) -> None:
    visitor = Visitor(served.port)
    visit(visitor)
    session_cookie = visitor.cookies["mk_session"]
    send_garbage(served.port)
    time.sleep(0.5)
    stores = {"redis": redis_dump(served.redis_url)}
    for path in served.workdir.iterdir():
        if path.is_file():
            stores[path.name] = path.read_bytes()
    assert {"intake.sqlite3", "access.log", "error.log", "app-output.log"} <= set(stores)
    assert b"/staff/login" in stores["access.log"], "the access log is not being written"
    # Gunicorn names the peer of a malformed request; the scrubber must have replaced it.
    assert b"Invalid request from ip=[REMOVED_IP_ADDRESS]" in stores["error.log"]
    # …while the server's own listen address stays readable for the operator.
    assert f"Listening at: http://127.0.0.1:{served.port} (".encode() in stores["error.log"]
    assert b"Zu lange gewartet." in b"".join(
        v for k, v in stores.items() if k.startswith("intake.sqlite3")
    ), "the case was not stored: the search would prove nothing"
    for name, content in stores.items():
        for needle in [*NEEDLES, session_cookie]:
            assert needle.encode() not in content, f"{needle!r} found in {name}"
