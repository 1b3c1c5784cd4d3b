"""`flask --app intake users …`: passwords come from a prompt or stdin, never from argv."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from intake.access import ROLES
from intake.extensions import db
from intake.staff import auth

users_cli = AppGroup("users", help="Staff accounts of the back office.")


def _read_password() -> str:
    if sys.stdin.isatty():
        value: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        return value
    return sys.stdin.readline().rstrip("\n")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(ROLES))
def create(email: str, role: str) -> None:
    """Create a staff account (password from the prompt, or the first line of stdin)."""
    try:
        user = auth.create_user(db.session, email, role, _read_password())
    except auth.UserError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {user.email} ({user.role})")


@users_cli.command("reset-password")
@click.argument("email")
def reset_password(email: str) -> None:
    """Set a new password; the user's open sessions end."""
    try:
        user = auth.reset_password(db.session, email, _read_password())
    except auth.UserError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"password reset for {user.email}")
