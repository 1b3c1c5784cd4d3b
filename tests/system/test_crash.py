"""A receipt code shown is a case kept, even when the server is killed mid-burst.

Real gunicorn (2 workers) takes submissions from a few visitors at once; the whole process
group is killed with SIGKILL while they are sending. After a restart every receipt code a
visitor was shown is found again over POST /status and belongs to the text that visitor
sent, nothing is stored twice, nothing appears that nobody sent, and SQLite's integrity
check passes. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import func, select

from intake import create_app
from intake.database import make_engine
from intake.models import Case
from intake.reception import services as reception
from intake.web import settings
from intake.web.extensions import db
from tests.helpers import GUNICORN, free_port, hidden_fields, make_config, receipt_of, seed_offices

ROOT = Path(__file__).resolve().parents[2]
VISITORS = 4
ACKNOWLEDGED_BEFORE_KILL = 24
GENEROUS = "100000 per minute"


@dataclass
class Burst:
    """What the visitors sent and were shown (shared by their threads)."""

    posted: int = 0
    shown: dict[str, str] = field(default_factory=dict)  # receipt code → text sent
    unexpected: list[str] = field(default_factory=list)  # answers other than a thank-you page
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)


class Visitor:
    """A browser-like client: its own cookies, form tokens from the page it loaded."""

    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=10) as response:
            page: str = response.read().decode()
            return page

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        body = urllib.parse.urlencode(fields).encode()
        try:
            with self.opener.open(self.base + path, data=body, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def send_until_stopped(port: int, number: int, burst: Burst) -> None:
    """Load the form, send it, note the receipt code shown; until the server dies."""
    visitor = Visitor(port)
    for index in range(10_000):
        if burst.stop.is_set():
            return
        message = f"Absturzprobe {number}-{index}: Die Wartezeit am Empfang war heute zu lang."
        try:
            tokens = hidden_fields(visitor.get("/m/diez"))
            with burst.lock:
                burst.posted += 1
            status, page = visitor.post("/m/diez", {**tokens, "kind": "complaint", "text": message})
        except (OSError, http.client.HTTPException):  # killed: refused, reset, cut off
            return  # nothing was shown
        with burst.lock:
            if status == 200 and "receipt-code" in page:
                burst.shown[receipt_of(page)] = message
            else:
                burst.unexpected.append(f"{status}: {page[:2000]}")
                return


@pytest.fixture
def environment(database_url: str, tmp_path: Path) -> dict[str, str]:
    """The production configuration on the test database, limits out of the burst's way."""
    app = seed_offices(create_app(make_config(database_url)))
    with app.app_context():
        db.engine.dispose()
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")},
        "INTAKE_SECRET_KEY": "k" * 48,
        "INTAKE_INSTANCE_PATH": str(tmp_path),
        "INTAKE_DATABASE_URL": database_url,
        "INTAKE_MIN_FILL_SECONDS": "0",
        "INTAKE_RATELIMIT_SUBMIT_CLIENT": GENEROUS,
        "INTAKE_RATELIMIT_SUBMIT_GLOBAL": GENEROUS,
        "INTAKE_RATELIMIT_RECEIPT_CLIENT": GENEROUS,
        "INTAKE_RATELIMIT_RECEIPT_GLOBAL": GENEROUS,
        "WEB_CONCURRENCY": "2",
        "GUNICORN_ACCESS_LOG": str(tmp_path / "access.log"),
        "GUNICORN_ERROR_LOG": str(tmp_path / "error.log"),
    }


Start = Callable[[], tuple[subprocess.Popen[bytes], int]]


@pytest.fixture
def start(environment: dict[str, str]) -> Iterator[Start]:
    """Start gunicorn on a fresh port; every server still running is killed at the end."""
    started: list[subprocess.Popen[bytes]] = []

    def run() -> tuple[subprocess.Popen[bytes], int]:
        port = free_port()
        process = subprocess.Popen(
            GUNICORN,
            cwd=ROOT,
            env={
                **environment,
                "PORT": str(port),
                "GUNICORN_ERROR_LOG": environment["GUNICORN_ERROR_LOG"] + f".{len(started)}",
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: master and workers die together
        )
        started.append(process)
        wait_ready(process, port)
        return process, port

    yield run
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(20)


def wait_ready(process: subprocess.Popen[bytes], port: int) -> None:
    """Until a worker answers a page (a listening master alone is not enough)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn exited (see error.log.*)"
        try:
            Visitor(port).get("/status")
            return
        except (OSError, http.client.HTTPException):
            time.sleep(0.1)
    raise AssertionError("gunicorn's workers did not answer")


def burst_then_kill(start: Start) -> Burst:
    process, port = start()
    burst = Burst()
    threads = [
        threading.Thread(target=send_until_stopped, args=(port, n, burst), daemon=True)
        for n in range(VISITORS)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    while len(burst.shown) < ACKNOWLEDGED_BEFORE_KILL and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)  # master and both workers, mid-request
    process.wait(20)
    burst.stop.set()
    for thread in threads:
        thread.join(20)
    assert burst.unexpected == []
    assert len(burst.shown) >= ACKNOWLEDGED_BEFORE_KILL, "the burst was too slow to prove much"
    return burst


def look_up(port: int, code: str) -> int:
    visitor = Visitor(port)
    tokens = hidden_fields(visitor.get("/status"))
    status, _page = visitor.post("/status", {**tokens, "code": code})
    return status


@pytest.mark.slow
def test_every_receipt_shown_survives_a_sigkill_mid_burst(start: Start, database_url: str) -> None:
    burst = burst_then_kill(start)
    _process, port = start()
    missing = [code for code in burst.shown if look_up(port, code) != 200]
    assert missing == [], f"{len(missing)} of {len(burst.shown)} receipt codes shown are lost"

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            rows, nonces = connection.execute(
                select(func.count(), func.count(Case.form_nonce_hash.distinct()))
            ).one()
            if engine.dialect.name == "sqlite":
                assert connection.exec_driver_sql("pragma integrity_check").scalar() == "ok"
        assert rows == nonces, "a form was stored twice"
        assert len(burst.shown) <= rows <= burst.posted
        app = create_app(make_config(database_url, SECRET_KEY="k" * 48))
        with app.app_context():
            for code, message in burst.shown.items():
                found = reception.find_by_receipt(db.session, code, settings.receipt_key())
                assert found is not None and found.text == message
        with app.app_context():
            db.engine.dispose()
    finally:
        engine.dispose()
