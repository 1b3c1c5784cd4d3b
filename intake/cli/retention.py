"""`flask --app intake retention run`: for cron or a systemd timer."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from intake import retention
from intake.extensions import db

retention_cli = AppGroup("retention", help="Delete what the retention settings say is due.")


@retention_cli.command("run")
def run() -> None:
    """Apply the retention rules once (safe to repeat)."""
    report = retention.run(db.session, spam_days=current_app.config["SPAM_RETENTION_DAYS"])
    click.echo(f"spam purged: {report.spam_purged}")
