"""The database: one engine per app, one session per app context.

Plain SQLAlchemy 2.x rather than an extension, so that services can take a `Session`
and be tested without Flask.

One transaction boundary: the caller commits — a back-office view, the lead's link page, a
public view, a CLI command (`db.session.commit()`), once, after the domain services did
their part. Domain services (`intake.triage`, `accounts`, `offices`, `answers`, …) only
`flush()` (for ids, or to hit a unique constraint early) and add their audit events to the
same session, so a change and its audit event are stored together or not at all, and a
view can combine several services in one transaction. Models never commit. The exceptions
commit themselves and say why: batch jobs that commit chunk by chunk so that an
interrupted run resumes (`intake.privacy.retention`, `intake.reviews.sync.sync_location`),
and the public intake (`intake.reception.services.receive`), whose commit is part of its
store-exactly-once guarantee.

SQLite is set up for what the product promises (docs/operations.md, "Durability"):

- **WAL** with **`synchronous=FULL`**: several workers read while one writes, and a commit
  is on disk (the WAL is fsynced) before the visitor sees a receipt code — `NORMAL` would
  survive a killed process but could lose the last commits in a power cut.
- **`secure_delete`**: deleted rows and replaced texts are overwritten with zeros instead
  of lingering in free space; `checkpoint` then empties the WAL, which still holds the
  frames that first stored them (retention calls it after every run).
- **Private files**: the database, its `-wal` and `-shm` are 0600 and a folder created for
  them 0700. SQLite gives `-wal` and `-shm` the main file's mode, so the main file is
  created 0600 before SQLite opens it; files left with wider modes are tightened (logged).
"""

from __future__ import annotations

import logging
import os
import stat
import time
from functools import partial
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

log = logging.getLogger(__name__)

FILE_MODE = 0o600
FOLDER_MODE = 0o700
SIDE_FILES = ("-wal", "-shm", "-journal")


class Base(DeclarativeBase):
    """Declarative base of every model."""


def make_engine(url: str, *, private_folder: str | None = None, **kwargs: Any) -> Engine:
    """An engine with the pragmas SQLite needs for several workers, durability and privacy.

    `private_folder` (the instance folder) is tightened to 0700 if the SQLite file lies
    directly in it; another existing folder is left as the operator made it.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        path = sqlite_path(engine.url)
        if path is not None:
            prepare = partial(_private_files, path, private_folder)
            event.listen(engine, "do_connect", lambda *_args: prepare())
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite URL; None for in-memory and `file:` URI databases."""
    name = url.database
    if url.get_backend_name() != "sqlite" or not name or name == ":memory:":
        return None
    return None if name.startswith("file:") else Path(name)


def _private_files(path: Path, private_folder: str | None) -> None:
    """Create the folder (0700) and the empty database file (0600); tighten what is wider."""
    folder = path.parent
    if not folder.exists():
        folder.mkdir(parents=True, mode=FOLDER_MODE, exist_ok=True)
        folder.chmod(FOLDER_MODE)  # mkdir's mode passes through the umask
    elif private_folder and folder.resolve() == Path(private_folder).resolve():
        _tighten(folder, FOLDER_MODE)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE))
    for file in (path, *(path.with_name(path.name + side) for side in SIDE_FILES)):
        _tighten(file, FILE_MODE)


def _tighten(path: Path, mode: int) -> None:
    try:
        current = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:  # a -wal or -shm that is not there (yet)
        return
    if not current & ~mode:
        return
    try:
        path.chmod(mode)
    except PermissionError:  # another user's file: say so, but keep working
        log.warning("%s is readable by others (%o) and not ours to change", path, current)
        return
    log.warning("%s was readable by others (%o); set to %o", path, current, mode)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for _attempt in range(50):  # two workers starting at once race for the journal-mode switch
        try:
            cursor.execute("pragma journal_mode=wal")
            break
        except Exception:
            time.sleep(0.05)
    cursor.execute("pragma synchronous=full")
    cursor.execute("pragma secure_delete=on")
    cursor.execute("pragma foreign_keys=on")
    cursor.close()


def checkpoint(engine: Engine) -> bool:
    """Copy SQLite's WAL into the database file and truncate it to zero bytes.

    After deleting, the WAL still holds the earlier page images with the deleted data; this
    empties it. It waits (busy timeout) for readers; False when some still held it, so the
    WAL could not be emptied this time. Other databases: nothing to do, True.
    """
    if engine.dialect.name != "sqlite":
        return True
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        row = connection.exec_driver_sql("pragma wal_checkpoint(TRUNCATE)").one()
    return not row[0]


class Database:
    """Holds the engine and session factory of an app; `db.session` is per app context."""

    def init_app(self, app: Flask) -> None:
        """Create the engine lazily-bound to this app and close sessions on teardown."""
        engine = make_engine(app.config["DATABASE_URL"], private_folder=app.instance_path)
        app.extensions["intake.database"] = sessionmaker(bind=engine, expire_on_commit=False)
        app.teardown_appcontext(self._close)

    @staticmethod
    def _factory() -> sessionmaker[Session]:
        factory: sessionmaker[Session] = current_app.extensions["intake.database"]
        return factory

    @property
    def engine(self) -> Engine:
        """The current app's engine."""
        bind = self._factory().kw["bind"]
        assert isinstance(bind, Engine)
        return bind

    @property
    def session(self) -> Session:
        """The session of the current app context, created on first use."""
        if "db_session" not in g:
            g.db_session = self._factory()()
        session: Session = g.db_session
        return session

    @staticmethod
    def _close(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()
