"""`flask --app intake db …`: migrations (Alembic, inside the package), backups, demo data."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from intake.database import backup as backups
from intake.database import migrate
from intake.web.extensions import db

db_cli = AppGroup("db", help="Database schema, backup and restore, demo data.")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Bring the database to the current schema (or REVISION)."""
    migrate.upgrade(db.engine, revision, settings=current_app.config)
    click.echo(f"database at {migrate.current(db.engine) or 'empty'}")


@db_cli.command("current")
def current() -> None:
    """Print the database's schema revision."""
    click.echo(migrate.current(db.engine) or "empty")


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def revision(message: str) -> None:
    """Write a new migration from the difference between models and database (developers)."""
    migrate.revision(db.engine, message)


@db_cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--pg-dump", "pg_dump", help="The pg_dump program (default: pg_dump on PATH).")
def backup(path: Path, pg_dump: str | None) -> None:
    """Write a consistent backup to PATH while the app runs (0600; SQLite file or pg_dump -Fc)."""
    try:
        result = backups.backup(db.engine, path, pg_dump=pg_dump)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"backup written: {result.path} ({result.size} bytes, {result.kind})")


@db_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
def restore(path: Path, yes: bool) -> None:
    """Replace the SQLite database with the backup at PATH (stop the app first)."""
    if not yes:
        click.confirm("Replace everything in the database with this backup?", abort=True)
    try:
        backups.restore(db.engine, path)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"restored from {path}; schema at {migrate.current(db.engine) or 'empty'}")
    click.echo("next: flask --app intake db upgrade, then start the app")


@db_cli.command("demo")
def demo() -> None:
    """Load demo offices, one login per role and a few cases; print the logins."""
    from intake.cli import demo as demo_data  # only needed here

    created, login = demo_data.load(db.session)
    click.echo(f"demo offices added: {created}")
    if login:
        click.echo(f"demo officer login: {login[0]}  password: {login[1]}")
        others = ", ".join(f"{email} ({role})" for email, role in demo_data.DEMO_USERS[1:])
        click.echo(f"same password for: {others}")
    else:
        click.echo("demo officer exists already (password unchanged)")
