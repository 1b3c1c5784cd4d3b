"""`flask --app intake retention run`: for cron or a systemd timer (counts only, no contents)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from intake.privacy import retention
from intake.web import settings
from intake.web.extensions import db

retention_cli = AppGroup("retention", help="Delete what the retention settings say is due.")


@retention_cli.command("run")
def run() -> None:
    """Apply the retention rules once (safe to repeat): spam, contact data, texts."""
    config = current_app.config
    report = retention.run(
        db.session,
        spam_days=int(config["SPAM_RETENTION_DAYS"]),
        contact_days=int(config["CONTACT_RETENTION_DAYS"]),
        anonymise_months=int(config["TEXT_ANONYMISE_MONTHS"]),
        staff_names=settings.staff_names(),
    )
    click.echo(f"spam purged: {report.spam_purged}")
    click.echo(f"contacts deleted: {report.contacts_deleted}")
    click.echo(f"texts anonymised: {report.texts_anonymised}")
