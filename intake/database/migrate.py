"""Alembic, driven from code: the migrations live in `intake/database/migrations`."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine, settings: Mapping[str, Any] | None = None) -> Config:
    """An Alembic config bound to an engine (env.py uses the passed connection).

    `settings` are the app's settings for data migrations (0007 reads RULE_PROFILE); a
    migration copies what it needs from them and falls back to the defaults without them.
    Messages go to the `sys.stdout` of the moment (Alembic's default is bound at import).
    """
    config = Config(stdout=sys.stdout)
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    config.attributes["settings"] = dict(settings or {})
    return config


def upgrade(
    engine: Engine, revision: str = "head", *, settings: Mapping[str, Any] | None = None
) -> None:
    """Migrate the database to `revision`, with the app's `settings` for data migrations."""
    command.upgrade(alembic_config(engine, settings), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate the database down to `revision` (development and tests)."""
    command.downgrade(alembic_config(engine), revision)


def revision(engine: Engine, message: str) -> None:
    """Autogenerate a migration from the models (for developers)."""
    command.revision(alembic_config(engine), message=message, autogenerate=True)


def current(engine: Engine) -> str | None:
    """The database's revision, or None when it has no schema yet."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
