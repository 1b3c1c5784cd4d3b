"""A live server on SQLite and Debian's Chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyotp
import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

from intake import create_app
from intake.web.extensions import db
from tests.helpers import PASSWORD, TOTP_SECRET, make_config, make_user, seed_offices

CHROMIUM = "/usr/bin/chromium"
# Chromium's background services would try to reach Google; this machine has no network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium from Debian's package."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/test installs Debian's chromium package")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def buffered(app: Flask) -> WSGIApplication:
    """Read each response fully and close it before the server writes it.

    Chromium drops connections it no longer needs (a favicon after the page closed); the
    development server then leaves a streamed file unclosed, which would surface as a
    ResourceWarning in some later test.
    """

    def serve(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            close = getattr(response, "close", None)
            if close is not None:
                close()

    return serve


class LiveServer:
    """The app served over real HTTP in a thread."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.server = make_server("127.0.0.1", 0, buffered(app), threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.thread.join(5)


@pytest.fixture
def live_app(tmp_path: Path, sqlite_template: Path) -> Iterator[Flask]:
    """The app on a fresh SQLite file, with offices and an officer."""
    target = tmp_path / "intake.sqlite3"
    shutil.copy(sqlite_template, target)
    app = seed_offices(create_app(make_config(f"sqlite:///{target}", PROPAGATE_UNEXPECTED=False)))
    make_user(app)
    yield app
    with app.app_context():
        db.engine.dispose()


def second_factor(page: Page) -> None:
    """After "Anmelden": the code step, for users that `make_user` enrolled with TOTP_SECRET."""
    page.wait_for_url(lambda url: not url.endswith("/staff/login"))
    if "/staff/login/code" in page.url:
        page.get_by_label("Sechsstelliger Code aus der App").fill(pyotp.TOTP(TOTP_SECRET).now())
        page.get_by_role("button", name="Bestätigen").click()
        page.wait_for_url(lambda url: "/staff/login" not in url)


def log_in(page: Page, url: str, email: str = "officer@example.org") -> None:
    """Log in through the real form, second factor included."""
    page.goto(url + "/staff/login")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    second_factor(page)


@pytest.fixture
def server(live_app: Flask) -> Iterator[LiveServer]:
    """The live server."""
    with LiveServer(live_app) as live:
        yield live


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A small phone: 360×740 CSS pixels, touch, JavaScript on."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        locale="de-DE",
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def no_js(browser: Browser) -> Iterator[Page]:
    """A browser with JavaScript switched off."""
    context = browser.new_context(
        viewport={"width": 390, "height": 800}, java_script_enabled=False, locale="de-DE"
    )
    page = context.new_page()
    yield page
    context.close()
