"""The database: one engine per app, one session per app context.

Plain SQLAlchemy 2.x rather than an extension, so that services can take a `Session`
and be tested without Flask. Services commit; models and request hooks never do.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker


class Base(DeclarativeBase):
    """Declarative base of every model."""


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine with the pragmas SQLite needs for several workers (WAL, busy timeout, FKs)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for _attempt in range(50):  # two workers starting at once race for the journal-mode switch
        try:
            cursor.execute("pragma journal_mode=wal")
            break
        except Exception:
            import time

            time.sleep(0.05)
    cursor.execute("pragma synchronous=normal")
    cursor.execute("pragma foreign_keys=on")
    cursor.close()


class Database:
    """Holds the engine and session factory of an app; `db.session` is per app context."""

    def init_app(self, app: Flask) -> None:
        """Create the engine lazily-bound to this app and close sessions on teardown."""
        engine = make_engine(app.config["DATABASE_URL"])
        app.extensions["intake.db"] = sessionmaker(bind=engine, expire_on_commit=False)
        app.teardown_appcontext(self._close)

    @staticmethod
    def _factory() -> sessionmaker[Session]:
        factory: sessionmaker[Session] = current_app.extensions["intake.db"]
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
