"""`flask --app intake offices …`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from intake import reviews
from intake.offices import services as offices
from intake.web.extensions import db

offices_cli = AppGroup("offices", help="Offices (Geschäftsstellen) and their form URLs.")
STATE = click.Choice(offices.STATES, case_sensitive=False)


@offices_cli.command("add")
@click.argument("code")
@click.argument("name")
@click.option("--state", required=True, type=STATE, help="Federal state, e.g. RP or BE.")
@click.option("--address", default="", help="Postal address.")
def add(code: str, name: str, state: str, address: str) -> None:
    """Add an office with a short CODE and a display NAME."""
    try:
        office = offices.add(db.session, offices.OfficeRow(code, name, state, address))
    except offices.OfficeError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"added {office.code}: {_url(office.code)}")


@offices_cli.command("list")
def list_offices() -> None:
    """Code, name, state and public form URL of every office."""
    for office in offices.all_offices(db.session):
        flag = "  (retired)" if office.retired else ""
        click.echo(f"{office.code}\t{office.name}\t{office.state}\t{_url(office.code)}{flag}")


@offices_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_csv(file: Path) -> None:
    """Add or update offices from a CSV file with columns code,name,state[,address]."""
    try:
        with file.open(encoding="utf-8-sig") as stream:
            rows = offices.read_csv(stream)
        created, updated = offices.upsert_many(db.session, rows)
    except (offices.OfficeError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{file}: {exc}; nothing imported") from exc
    db.session.commit()  # every row at once
    click.echo(f"imported {created} new, {updated} updated")


@offices_cli.command("retire")
@click.argument("code")
def retire(code: str) -> None:
    """Retire an office: its URL then leads visitors to the general form."""
    try:
        office = offices.retire(db.session, code)
    except offices.OfficeError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"retired {office.code}")


def _url(code: str) -> str:
    return offices.public_url(current_app.config["PUBLIC_BASE_URL"], code)


@offices_cli.command("link-google")
@click.argument("code")
@click.argument("location")
def link_google(code: str, location: str) -> None:
    """Link office CODE to its Google Business Profile LOCATION (accounts/{a}/locations/{l})."""
    try:
        link, previous = reviews.link_location(db.session, code, location)
    except reviews.LinkError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    moved = f" (was {previous}; its sync starts afresh)" if previous else ""
    click.echo(f"linked {link.office.code} to {link.name}{moved}")


@offices_cli.command("unlink-google")
@click.argument("code")
def unlink_google(code: str) -> None:
    """Remove office CODE's Google link; its reviews stay in the inbox."""
    try:
        name = reviews.unlink_location(db.session, code)
    except reviews.LinkError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"unlinked {offices.normalize_code(code)} from {name}")
