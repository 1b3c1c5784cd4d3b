"""`flask --app intake reviews …`: Google reviews into the inbox (cron or a systemd timer).

No secret is ever printed: messages come from `intake.reviews.google`'s errors, which are built
from Google's error text and resource names only.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from intake import reviews
from intake.models import GoogleLocation, utcnow
from intake.reviews.google import GoogleError, NotFound, PermissionDenied
from intake.reviews.sync import describe, needs_full_pass
from intake.web import settings
from intake.web.extensions import db

reviews_cli = AppGroup("reviews", help="Google reviews: sync, Takeout import, status.")
# Failures that concern one location; the others (credentials, quota, Google down) would
# hit every location alike, so the run stops at the first of them.
PER_LOCATION = (PermissionDenied, NotFound)


def _links(code: str | None) -> list[GoogleLocation]:
    try:
        links = reviews.linked_locations(db.session, code)
    except reviews.LinkError as exc:
        raise click.ClickException(str(exc)) from exc
    if code is not None and not links:
        raise click.ClickException(
            f"office {code.upper()} is not linked (flask --app intake offices link-google)"
        )
    return links


@reviews_cli.command("sync")
@click.option("--office", "code", help="Only this office (code).")
@click.option("--full", is_flag=True, help="List every review (notices deleted ones).")
def sync(code: str | None, full: bool) -> None:
    """Fetch new and changed reviews of every linked office (safe to repeat)."""
    links = _links(code)
    if not links:
        click.echo("no office is linked to Google (flask --app intake offices link-google)")
        return
    try:
        client = reviews.client_from_config(current_app.config)
    except (GoogleError, ValueError) as exc:
        message = describe(exc) if isinstance(exc, GoogleError) else str(exc)
        raise click.ClickException(message) from exc
    every = int(current_app.config["GOOGLE_FULL_SYNC_HOURS"])
    failed: list[str] = []
    for position, link in enumerate(links, start=1):
        office = link.office.code
        full_pass = full or needs_full_pass(link, utcnow(), every)
        kind = "all reviews" if full_pass else "changes"
        click.echo(f"[{position}/{len(links)}] {office} {link.name}: reading {kind} …")
        try:
            report = reviews.sync_location(
                db.session,
                client,
                link,
                full=full_pass,
                rule_profile=settings.rule_profile(),
                progress=lambda r: click.echo(f"  … {r.read} reviews read"),
            )
        except GoogleError as exc:
            db.session.rollback()
            failed.append(office)
            click.echo(f"{office}: failed: {describe(exc)}", err=True)
            if not isinstance(exc, PER_LOCATION):
                skipped = len(links) - position
                if skipped:
                    click.echo(f"stopped; {skipped} office(s) not synced", err=True)
                break
            continue
        click.echo(report.summary())
    if failed:
        raise click.ClickException(
            f"sync failed for {', '.join(failed)}; what was read is kept, run again later "
            "(nothing is stored twice)"
        )


@reviews_cli.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
def import_takeout(path: Path) -> None:
    """Import reviews from a Google Takeout export (folder or .zip); safe to repeat."""
    try:
        report = reviews.import_takeout(db.session, path, settings.rule_profile())
    except GoogleError as exc:
        db.session.rollback()
        raise click.ClickException(f"{exc}; nothing imported") from exc
    db.session.commit()  # the whole export at once
    for location, count in sorted(report.unlinked.items()):
        click.echo(
            f"skipped {count} review(s) of {location}: no office is linked to it "
            "(flask --app intake offices link-google)",
            err=True,
        )
    click.echo(
        f"{report.read} reviews: {report.new} new, {report.updated} updated, "
        f"{report.unchanged} unchanged"
    )


@reviews_cli.command("status")
def status() -> None:
    """Linked offices and when their reviews were last synced."""
    links = _links(None)
    if not links:
        click.echo("no office is linked to Google (flask --app intake offices link-google)")
    for link in links:
        last = link.synced_at.isoformat(timespec="minutes") if link.synced_at else "never"
        full = link.full_synced_at.isoformat(timespec="minutes") if link.full_synced_at else "never"
        click.echo(f"{link.office.code}\t{link.name}\tlast sync {last}\tlast full pass {full}")
