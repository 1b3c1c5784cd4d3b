"""`flask --app intake users …`: passwords come from a prompt or stdin, never from argv.

The command line is the server's own channel: it may grant the anti-corruption role and
reset such accounts, which the admin pages may not (separation of duties, see
`intake.accounts.services`). Every such change is audited and mailed to the anti-corruption
officers (`intake.accounts.oversight`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import click
from flask.cli import AppGroup

from intake import audit
from intake.accounts import oversight, totp
from intake.accounts import services as auth
from intake.models import User, utcnow
from intake.offices import services as offices
from intake.roles import Role
from intake.web import settings
from intake.web.extensions import db

users_cli = AppGroup("users", help="Staff accounts of the back office.")
BY_CLI = "die Kommandozeile des Servers (flask users)"


def _read_password() -> str:
    if sys.stdin.isatty():
        value: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        return value
    return sys.stdin.readline().rstrip("\n")


def _tell_anti_corruption(user: User, change: str) -> None:
    """Mail the anti-corruption officers when their role or one of their accounts changes."""
    if user.role != auth.PROTECTED_ROLE:
        return
    told = oversight.notify(db.session, change, user.email, BY_CLI, settings.send_mail)
    click.echo(f"anti-corruption officers told: {told.sent}")
    if told.failed:
        click.echo(f"warning: {told.failed} notification mail(s) could not be sent", err=True)


def _change(
    change: Callable[[], User], action: str, detail: Callable[[User], str], done: str, told: str
) -> None:
    """Make a change to an account, audit it as the server's, commit, say so, tell the
    anti-corruption officers when it concerns their role."""
    try:
        user = change()
    except auth.UserError as exc:
        raise click.ClickException(str(exc)) from exc
    audit.record(db.session, None, action, detail=detail(user))
    db.session.commit()
    click.echo(done.format(email=user.email, role=user.role))
    _tell_anti_corruption(user, told)


@users_cli.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]))
def create(email: str, role: str) -> None:
    """Create a staff account (password from the prompt, or the first line of stdin)."""
    _change(
        lambda: auth.create_user(db.session, email, role, _read_password()),
        "cli_user_create",
        lambda user: f"{user.email}: {user.role}",
        "created {email} ({role})",
        "Konto mit der Rolle Antikorruptionsbeauftragte/r angelegt",
    )


@users_cli.command("update")
@click.argument("email")
@click.option("--role", type=click.Choice([role.value for role in Role]), help="New role.")
@click.option("--office", "office_code", help="Office code of a team lead.")
@click.option("--active/--inactive", default=None, help="Open or close the account.")
def update(email: str, role: str | None, office_code: str | None, active: bool | None) -> None:
    """Change an account's role, office or whether it is open (the same rules as the admin
    page; a new role or closing the account ends the user's sessions)."""
    try:
        user = auth.find_user(db.session, email)
        office = offices.find_active(db.session, office_code) if office_code else None
        if office_code and office is None:
            raise auth.UserError(f"no open office {office_code!r}")
        before = user.role
        change = auth.UserChange(
            role=role or user.role,
            office_id=office.id if office else user.office_id,
            active=user.active if active is None else active,
        )
        changes = auth.update_user(db.session, user, change, by=None)
    except auth.UserError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"{user.email}: {'; '.join(changes) or 'nothing to change'}")
    if changes and auth.PROTECTED_ROLE in (before, user.role):  # granted, changed or taken
        told = oversight.notify(
            db.session,
            "Konto geändert: " + "; ".join(changes),
            user.email,
            BY_CLI,
            settings.send_mail,
        )
        click.echo(f"anti-corruption officers told: {told.sent}")


@users_cli.command("reset-password")
@click.argument("email")
def reset_password(email: str) -> None:
    """Set a new password; the user's open sessions end."""
    _change(
        lambda: auth.reset_password(db.session, email, _read_password()),
        "cli_user_password",
        lambda user: user.email,
        "password reset for {email}",
        "Passwort neu gesetzt",
    )


@users_cli.command("reset-2fa")
@click.argument("email")
def reset_2fa(email: str) -> None:
    """Forget the second factor; the user sets it up again at the next login."""
    _change(
        lambda: auth.reset_second_factor(db.session, email),
        "cli_user_2fa_reset",
        lambda user: user.email,
        "second factor reset for {email}: enrolled again at the next login",
        "Zweiter Faktor zurückgesetzt",
    )


@users_cli.command("demo-code")
def demo_code() -> None:
    """The current second-factor code of the demo accounts (from `flask db demo`) only."""
    from intake.cli import demo  # only needed here

    if not demo.has_demo_accounts(db.session):
        raise click.ClickException(
            "no demo accounts with the demo second factor here (flask --app intake db demo)"
        )
    click.echo(totp.current_code(demo.DEMO_TOTP_SECRET, utcnow()))
