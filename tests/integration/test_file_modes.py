"""The database files are private: 0600 for the SQLite file, its -wal and -shm, 0700 for
the instance folder. A default umask (022) would make them readable by every local user.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from intake import create_app
from intake.web.extensions import db
from tests.helpers import make_config, seed_offices, submit


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The umask most services start with, whatever the test runner's."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def app_in(instance: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    monkeypatch.setenv("INTAKE_INSTANCE_PATH", str(instance))
    return create_app(make_config(f"sqlite:///{instance / 'intake.sqlite3'}"))


def migrate_and_use(app: Flask) -> None:
    from intake.database import migrate

    with app.app_context():
        migrate.upgrade(db.engine)
    seed_offices(app)
    assert submit(app.test_client(), text="Die Wartenummern-Anzeige war defekt.").status_code == 200


def test_a_new_database_is_private_from_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    instance = tmp_path / "instance"
    app = app_in(instance, monkeypatch)
    migrate_and_use(app)
    database = instance / "intake.sqlite3"
    files = [
        database,
        database.with_name("intake.sqlite3-wal"),
        database.with_name("intake.sqlite3-shm"),
    ]
    try:
        assert all(f.exists() for f in files), "the WAL files were not created: proves nothing"
        assert {f.name: oct(mode(f)) for f in files} == {f.name: "0o600" for f in files}
        assert oct(mode(instance)) == "0o700"
    finally:
        with app.app_context():
            db.engine.dispose()


def test_existing_open_files_and_instance_folder_are_tightened_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    instance.chmod(0o755)
    database = instance / "intake.sqlite3"
    for name in ("intake.sqlite3", "intake.sqlite3-wal"):
        (instance / name).touch()
        (instance / name).chmod(0o644)
    app = app_in(instance, monkeypatch)
    with caplog.at_level(logging.WARNING, logger="intake.database"):
        migrate_and_use(app)
    try:
        assert oct(mode(instance)) == "0o700"
        for suffix in ("", "-wal", "-shm"):
            assert oct(mode(database.with_name(database.name + suffix))) == "0o600", suffix
        warned = " ".join(r.getMessage() for r in caplog.records)
        assert str(instance) in warned and str(database) in warned
    finally:
        with app.app_context():
            db.engine.dispose()


def test_a_database_folder_other_than_the_instance_folder_is_left_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An operator's own folder (shared with a backup group, say) keeps its mode."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o750)
    monkeypatch.setenv("INTAKE_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(make_config(f"sqlite:///{shared / 'intake.sqlite3'}"))
    migrate_and_use(app)
    try:
        assert oct(mode(shared)) == "0o750"
        assert oct(mode(shared / "intake.sqlite3")) == "0o600"
    finally:
        with app.app_context():
            db.engine.dispose()
