"""`flask --app intake reports send`: the monthly summary for the leadership meeting, by mail.

Meant for a monthly timer (say on the 1st, for the month just ended). Recipients: the setting
REPORT_MAIL_TO, else every active management account. Each gets one mail with the counts, the
link to the summary page and the summary as PDF; the exit code is non-zero when any mail
failed, so the timer's log shows it.
"""

from __future__ import annotations

from datetime import date, datetime

import click
from sqlalchemy import select

from intake import mailer
from intake.backoffice.reports.management import render_document
from intake.models import User
from intake.reports import services as reports
from intake.reports import summary as monthly
from intake.roles import Role
from intake.web import settings
from intake.web.extensions import db


def recipients() -> list[str]:
    """REPORT_MAIL_TO, else the active management accounts' addresses."""
    configured = settings.report_mail_to()
    if configured:
        return list(configured)
    return list(
        db.session.scalars(
            select(User.email)
            .where(User.active.is_(True), User.role == Role.MANAGEMENT)
            .order_by(User.email)
        )
    )


def _month(raw: str | None, today: date) -> reports.Period:
    if not raw:
        return monthly.previous_month(today)
    found = reports.parse_period(raw)
    if found is None or found.month is None:
        raise click.BadParameter("a month as YYYY-MM, e.g. 2026-11", param_hint="--month")
    return found


def register(group: click.Group) -> None:
    """Add `send` to the `reports` command group."""

    @group.command("send")
    @click.option("--month", "month", help="The month, YYYY-MM (default: the previous month).")
    @click.option(
        "--today",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        help="The day the summary is as of (default: today).",
    )
    @click.option("--dry-run", is_flag=True, help="Print the mails instead of sending them.")
    def send(month: str | None, today: datetime | None, dry_run: bool) -> None:
        """Mail the monthly summary (with its PDF) to the leadership meeting."""
        day = today.date() if today else date.today()
        period = _month(month, day)
        to = recipients()
        if not to:
            raise click.ClickException(
                "no recipients: set REPORT_MAIL_TO or create an active management account"
            )
        found = monthly.build(db.session, period, today=day, staff_names=settings.staff_names())
        base_url = settings.public_base_url()
        from intake.reports import (
            pdf,  # here: heavy, loaded on first use (tests/integration/test_lean_workers.py)
        )

        document = pdf.render(render_document(found, base_url))
        failed = 0
        for address in to:
            mail = monthly.compose_mail(found, address, base_url, document)
            if dry_run:
                names = ", ".join(
                    f"{item.filename} ({len(item.data)} Bytes)" for item in mail.attachments
                )
                click.echo(
                    f"To: {mail.to}\nSubject: {mail.subject}\nAttachments: {names}\n\n"
                    f"{mail.body}{'-' * 72}"
                )
                continue
            try:
                settings.send_mail(mail)
            except (mailer.MailError, OSError):
                failed += 1
        verb = "would send" if dry_run else "sent"
        click.echo(f"summary {period.key}: {len(to) - failed} {verb}, {failed} failed")
        if failed:
            raise click.ClickException(
                f"{failed} summary mail(s) could not be sent (the others went out)"
            )
