"""`flask --app intake cards …`: print runs and bare QR codes for the service team."""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

import cards
from intake.languages import LANGUAGES, MULTILINGUAL
from intake.models import Office
from intake.offices import services as offices
from intake.printing import services as printing
from intake.web.extensions import db

cards_cli = AppGroup("cards", help="Opinion cards, posters and QR codes.")


def _office(code: str) -> Office:
    office = offices.find_active(db.session, code)
    if office is None:
        raise click.ClickException(
            f"no active office {offices.normalize_code(code)} "
            "(see `flask --app intake offices list`)"
        )
    return office


def _writable(path: Path) -> None:
    parent = path.resolve().parent
    if not parent.is_dir() or not os.access(parent, os.W_OK):
        raise click.ClickException(f"cannot write {path}: {parent} is not a writable folder")


@cards_cli.command("print")
@click.option("--office", "code", required=True, help="Office code, e.g. DIEZ.")
@click.option("--layout", type=click.Choice(printing.LAYOUTS), required=True)
@click.option(
    "--count",
    type=click.IntRange(min=1),
    required=True,
    help="Cards (four per A4 sheet, double-sided) or poster pages.",
)
@click.option(
    "--lang",
    "language",
    type=click.Choice([*LANGUAGES, MULTILINGUAL]),
    default="de",
    help=f"Language of the texts; {MULTILINGUAL} prints a line in each offered language and "
    "a QR code to the page where the customer picks one.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
def print_batch(code: str, layout: str, count: int, language: str, output: Path) -> None:
    """Record a print run and write its PDF (nothing is left behind on failure)."""
    settings = printing.PrintSettings.from_config(current_app.config)
    office = _office(code)
    _writable(output)
    try:
        batch = printing.record_batch(
            db.session, office, layout, language, count, user=None, via="cli", settings=settings
        )
        spec = printing.spec_for(office, layout, language, batch.id, settings)
        plan = cards.plan_pdf(spec, count, min_batch=settings.min_batch)
        with click.progressbar(length=plan.total_pages, label="pages", file=None) as bar:
            result = cards.write_pdf_file(
                output,
                spec,
                count,
                min_batch=settings.min_batch,
                progress=lambda _page: bar.update(1),
            )
    except (printing.PrintError, cards.BatchTooSmall, cards.LayoutOverflow, OSError) as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(
        f"batch {batch.id}: {count} × {layout} for {office.code}, {result.pages} pages, "
        f"{result.size_bytes / 1024:.0f} KiB → {output}"
    )
    click.echo(f"QR code: {spec.url}")


@cards_cli.command("qr")
@click.option("--office", "code", required=True)
@click.option("--format", "fmt", type=click.Choice(["svg", "png"]), required=True)
@click.option(
    "--size",
    type=click.IntRange(min=64, max=8000),
    default=600,
    help="PNG size in pixels (SVG scales freely).",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
def qr(code: str, fmt: str, size: int, output: Path) -> None:
    """The office's QR code alone, for the homepage, letters and screens."""
    office = _office(code)
    _writable(output)
    url = offices.public_url(current_app.config["PUBLIC_BASE_URL"], office.code, "w")
    data = cards.qr_svg(url.upper()) if fmt == "svg" else cards.qr_png(url.upper(), size)
    tmp = output.with_name(f".{output.name}.part")
    try:
        tmp.write_bytes(data)
        tmp.replace(output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from exc
    click.echo(f"{fmt.upper()} for {url} → {output}")
