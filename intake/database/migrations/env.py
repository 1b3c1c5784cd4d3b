"""Alembic environment: runs against the engine handed over by `intake.database.migrate`."""

from __future__ import annotations

from alembic import context

import intake.models  # noqa: F401  (registers the tables)
from intake.database import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
