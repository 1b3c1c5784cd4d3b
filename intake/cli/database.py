"""`flask --app intake db …`: migrations (Alembic, inside the package) and demo data."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from intake import cases, migrate
from intake.extensions import db

db_cli = AppGroup("db", help="Database schema and demo data.")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Bring the database to the current schema (or REVISION)."""
    migrate.upgrade(db.engine, revision)
    click.echo(f"database at {migrate.current(db.engine) or 'empty'}")
    if revision == "head":
        triaged = cases.triage_legacy(db.session, cases.profile(), today=date.today())
        if triaged:
            click.echo(f"hints and deadlines added to {triaged} earlier submissions")


@db_cli.command("current")
def current() -> None:
    """Print the database's schema revision."""
    click.echo(migrate.current(db.engine) or "empty")


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def revision(message: str) -> None:
    """Write a new migration from the difference between models and database (developers)."""
    migrate.revision(db.engine, message)


@db_cli.command("demo")
def demo() -> None:
    """Load demo offices, one login per role and a few cases; print the logins."""
    from intake import demo as demo_data  # only needed here

    created, login = demo_data.load(db.session)
    click.echo(f"demo offices added: {created}")
    if login:
        click.echo(f"demo officer login: {login[0]}  password: {login[1]}")
        others = ", ".join(f"{email} ({role})" for email, role in demo_data.DEMO_USERS[1:])
        click.echo(f"same password for: {others}")
    else:
        click.echo("demo officer exists already (password unchanged)")
