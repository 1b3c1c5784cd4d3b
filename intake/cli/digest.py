"""`flask --app intake digest send`: the staff's daily digest (counts and links, never texts)."""

from __future__ import annotations

from datetime import date, datetime

import click
from flask.cli import AppGroup

from intake import mailer
from intake.triage import digest
from intake.web import settings
from intake.web.extensions import db

digest_cli = AppGroup("digest", help="Staff notification digests (counts, never texts).")


@digest_cli.command("send")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The day the digest is for (default: today).",
)
@click.option("--dry-run", is_flag=True, help="Print the mails instead of sending them.")
def send(today: datetime | None, dry_run: bool) -> None:
    """One mail per staff member with something to report (safe to repeat)."""
    day = today.date() if today else date.today()

    def show(mail: mailer.Mail) -> None:
        click.echo(f"To: {mail.to}\nSubject: {mail.subject}\n\n{mail.body}{'-' * 72}")

    run = digest.send_all(
        db.session,
        today=day,
        deliver=show if dry_run else settings.send_mail,
        rule_profile=settings.rule_profile(),
        base_url=settings.public_base_url(),
    )
    verb = "would send" if dry_run else "sent"
    click.echo(
        f"digest {day.isoformat()}: {run.sent} {verb}, "
        f"{run.nothing_to_report} with nothing to report, {run.failed} failed"
    )
    if run.failed:
        raise click.ClickException(
            f"{run.failed} digest(s) could not be sent (the others went out)"
        )
