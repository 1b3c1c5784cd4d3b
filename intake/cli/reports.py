"""`flask --app intake reports …`: the KRM report and its exports, for timers and scripts.

    reports pdf  [--period 2026-Q3|2026|2026-07] -o FILE.pdf
    reports xlsx [--period …] -o FILE.xlsx
    reports csv  [--period …] [-o FILE.csv|-]
    reports refresh

Without `--period` the profile's latest ended period (a quarter or a year). `pdf` writes the
period's newest final version byte for byte where there is one, else renders the current
draft. Files are written to a temporary file in the target folder and renamed, so a failure
leaves nothing behind, with mode 0600 whatever the umask: the exports hold (masked) case
texts and the figures are staff-internal until handed in; share a file on purpose.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

import click
from flask.cli import AppGroup

from intake import audit
from intake.cli.report_mail import register as register_send
from intake.reports import daily, documents
from intake.reports import services as reports
from intake.reports.figures import Figures
from intake.web import reportdoc, settings
from intake.web.extensions import db

reports_cli = AppGroup("reports", help="KRM reports: PDF, XLSX and CSV exports, the day summary.")

BOM = "\ufeff"  # Excel reads a CSV file as UTF-8 only with it (as the staff download)
STDOUT = Path("-")


def _parse_period(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> reports.Period | None:
    if value is None:
        return None
    found = reports.parse_period(value)
    if found is None:
        raise click.BadParameter(
            f"{value!r} is not a period; use a quarter (2026-Q3), a year (2026) "
            "or a month (2026-07)"
        )
    return found


period_option = click.option(
    "--period",
    callback=_parse_period,
    metavar="PERIOD",
    help="2026-Q3, 2026 or 2026-07 (default: the latest period that has ended).",
)


def _period(chosen: reports.Period | None) -> reports.Period:
    return chosen or reports.latest_ended(settings.rule_profile(), date.today())


def _figures(period: reports.Period) -> Figures:
    """The live figures of the period (refreshing the day summary; the caller commits)."""
    return daily.compute(
        db.session,
        period,
        settings.rule_profile(),
        as_of=date.today(),
        threshold=settings.report_min_count(),
        staff_names=settings.staff_names(),
    )


def _write(output: Path, data: bytes) -> None:
    """Write `data` to `output` whole or not at all (mode 0600), or ClickException."""
    if output == STDOUT:
        click.echo(data, nl=False)  # bytes go to the binary stream as they are
        return
    folder = output.absolute().parent
    if not folder.is_dir():
        raise click.ClickException(f"cannot write {output}: there is no folder {folder}")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.", suffix=".part")
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from exc
    try:
        with os.fdopen(handle, "wb") as target:
            target.write(data)
            target.flush()
            os.fsync(target.fileno())
        os.replace(temporary, output)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from exc


def _done(what: str, period: reports.Period, output: Path, size: int) -> None:
    if output != STDOUT:
        click.echo(f"{what} {period.key} ({period.label}), {size / 1024:.0f} KiB → {output}")


output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The file to write.",
)


@reports_cli.command("pdf")
@period_option
@output_option
def pdf(period: reports.Period | None, output: Path) -> None:
    """The report as PDF: the newest final version as handed in, else the current draft."""
    chosen = _period(period)
    final = documents.latest_final(db.session, chosen.key)
    if final is not None and final.pdf:
        data, what = final.pdf, f"PDF final version {final.number} of"
    else:
        data, what = _draft_pdf(chosen), "PDF draft of"
    audit.record(db.session, None, "report_export", detail=f"cli:pdf:{chosen.key}")
    _write(output, data)
    db.session.commit()
    _done(what, chosen, output, len(data))


def _draft_pdf(period: reports.Period) -> bytes:
    draft = documents.draft(db.session, period.key)
    return reportdoc.report_pdf(
        _figures(period),
        causes=draft.causes if draft else "",
        recommendations=draft.recommendations if draft else "",
        profile_name=settings.rule_profile().name,
        status=documents.DRAFT,
    )


@reports_cli.command("xlsx")
@period_option
@output_option
def xlsx_export(period: reports.Period | None, output: Path) -> None:
    """The period's cases (masked, no contact data) and its figures as an Excel workbook."""
    chosen = _period(period)
    from intake.reports import (
        xlsx,  # here: heavy, loaded on first use (tests/integration/test_lean_workers.py)
    )

    data = xlsx.workbook(
        _figures(chosen),
        reports.export_rows(db.session, chosen.start, chosen.end, settings.staff_names()),
        title=f"KRM-Export {chosen.label}",
        today=date.today(),
    )
    audit.record(db.session, None, "report_export", detail=f"cli:xlsx:{chosen.key}")
    _write(output, data)
    db.session.commit()
    _done("XLSX", chosen, output, len(data))


@reports_cli.command("csv")
@period_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=STDOUT,
    show_default=True,
    help="The file to write, - for standard output.",
)
def csv_export(period: reports.Period | None, output: Path) -> None:
    """The period's cases as CSV for the analysis tool (semicolons, UTF-8 with BOM)."""
    chosen = _period(period)
    text = BOM + reports.to_csv(
        reports.export_rows(db.session, chosen.start, chosen.end, settings.staff_names())
    )
    data = text.encode("utf-8")
    audit.record(db.session, None, "report_export", detail=f"cli:csv:{chosen.key}")
    _write(output, data)
    db.session.commit()
    _done("CSV", chosen, output, len(data))


@reports_cli.command("refresh")
def refresh() -> None:
    """Bring the day summary up to date (for a nightly timer; safe to repeat)."""
    done = daily.refresh(db.session, settings.rule_profile())
    db.session.commit()
    click.echo(f"report days recomputed: {done}")


register_send(reports_cli)  # `reports send`: the monthly summary by mail (intake.cli.report_mail)
