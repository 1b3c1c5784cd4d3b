"""Fixtures: the app on SQLite and (when configured) PostgreSQL, with CSRF on.

Every test that uses `app` runs once per database backend. The PostgreSQL backend is
used when `INTAKE_TEST_DATABASE_URL` is set (scripts/test sets it); under `CI=true` a
backend or service that does not answer is a failure, never a skip.
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import text

from intake import create_app
from intake.database import Base, make_engine, migrate
from intake.models import User
from intake.web.extensions import db
from tests.helpers import (
    CI,
    PG_URL,
    login,
    make_config,
    make_user,
    require_service,
    seed_offices,
)

BACKENDS = ["sqlite", "postgres"] if (PG_URL or CI) else ["sqlite"]


@pytest.fixture(autouse=True, scope="session")
def cheap_staff_password_hashing() -> Iterator[None]:
    """Staff passwords at Argon2id's production cost take ~170 ms per hash and per verify, and
    the suite creates and logs in hundreds of accounts. In-process tests use the same
    algorithm at its cheapest; the system tests start real gunicorn processes, which keep the
    production cost (and `tests/unit/test_password_cost.py` holds that cost)."""
    from intake.accounts import services as auth

    production = auth._hasher
    auth._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    auth._dummy_hash.cache_clear()
    yield
    auth._hasher = production
    auth._dummy_hash.cache_clear()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (faster than migrating every time)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL schema of this test run, migrated from scratch, dropped afterwards.

    Each run gets its own schema (through the connection's search_path), so two runs on one
    server, say a developer's and CI's, never truncate each other's rows.
    """
    url = require_service("database", PG_URL)
    schema = f"test_{secrets.token_hex(4)}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"create schema {schema}"))
    separator = "&" if "?" in url else "?"
    scoped = f"{url}{separator}options=-csearch_path%3D{schema}"
    engine = make_engine(scoped)
    migrate.upgrade(engine)
    engine.dispose()
    yield scoped
    with admin.begin() as connection:
        connection.execute(text(f"drop schema {schema} cascade"))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[str]:
    """An empty, migrated database of the backend under test."""
    if request.param == "sqlite":
        target = tmp_path / "intake.sqlite3"
        shutil.copy(sqlite_template, target)
        yield f"sqlite:///{target}"
        return
    url: str = request.getfixturevalue("postgres_url")
    yield url
    engine = make_engine(url)
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"truncate {tables} restart identity cascade"))
    engine.dispose()


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Per-test overrides of the configuration (tests change it before `app` is built)."""
    return {}


@pytest.fixture
def app(database_url: str, app_config: dict[str, Any]) -> Iterator[Flask]:
    """The application with demo-like offices."""
    application = seed_offices(create_app(make_config(database_url, **app_config)))
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def app_factory(database_url: str) -> Iterator[Callable[..., Flask]]:
    """Build extra apps on the test database (e.g. with other limits); disposed afterwards."""
    built: list[Flask] = []

    def build(**overrides: Any) -> Flask:
        application = create_app(make_config(database_url, **overrides))
        built.append(application)
        return application

    yield build
    for application in built:
        with application.app_context():
            db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client (CSRF on)."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A CLI runner."""
    return app.test_cli_runner()


@pytest.fixture
def officer(app: Flask, client: FlaskClient) -> User:
    """A logged-in KRM officer."""
    user = make_user(app)
    login(client)
    return user
