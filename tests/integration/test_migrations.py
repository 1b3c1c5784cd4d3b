"""Migrations: head matches the models; upgrade works on an empty and a populated database."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from intake.database import Base, make_engine, migrate


def test_head_matches_the_models(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert diff == []


def test_downgrade_and_upgrade_keep_data(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "insert into office (code, name, address, state, retired) "
                "values ('KEEP', 'Bleibt', '', 'RP', false)"
            )
        )
    head = migrate.current(engine)
    assert head is not None
    migrate.upgrade(engine)  # idempotent at head
    with engine.connect() as connection:
        assert (
            connection.execute(text("select name from office where code='KEEP'")).scalar()
            == "Bleibt"
        )
    engine.dispose()


def test_upgrade_from_empty(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "empty.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    assert migrate.current(engine) is None
    migrate.upgrade(engine)
    assert migrate.current(engine) is not None
    migrate.downgrade(engine, "base")
    assert migrate.current(engine) is None
    migrate.upgrade(engine)
    engine.dispose()
