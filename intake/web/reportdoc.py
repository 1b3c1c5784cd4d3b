"""The KRM report as a document: HTML (staff/report_document.html) and its PDF/UA.

Both take the frozen `Figures` and the officer's two texts; the charts are drawn here from the
figures. The document is always German (`lang="de"`), whatever the back office's language:
it goes to management and, for Rhein-Lahn, on to the regional directorate.

The page that shows a report inside the back office renders the same sections with
`{% from "staff/_report_sections.html" import report_sections %}` and
`report_sections(figures, charts, causes=…, recommendations=…)`, `charts` from
`intake.reports.charts.report_charts(figures)`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import force_locale, format_datetime

from intake.reports.figures import Figures
from intake.reports.services import parse_period

TEMPLATE = "staff/report_document.html"
STATUSES = ("draft", "final")


def report_html(
    figures: Figures,
    *,
    causes: str,
    recommendations: str,
    profile_name: str,
    status: str,
    number: int | None = None,
    finalized_at: datetime | None = None,
    finalized_by: str | None = None,
) -> str:
    """The complete report document (needs an app context, no request)."""
    if status not in STATUSES:
        raise ValueError(f"report status {status!r}, not one of {STATUSES}")
    with force_locale("de"):
        period = parse_period(figures.period)
        context: dict[str, Any] = {
            "figures": figures,
            "charts": charts(figures),
            "causes": causes,
            "recommendations": recommendations,
            "profile_name": profile_name,
            "period_label": period.label if period else figures.period,
            "status": status,
            "status_line": status_line(status, number, finalized_at, finalized_by),
        }
        # The environment directly, not render_template: the document needs none of the
        # request's context (user, language switch), so a CLI job renders it the same way.
        template = current_app.jinja_env.get_template(TEMPLATE)
        return template.render(context)


def report_pdf(
    figures: Figures,
    *,
    causes: str,
    recommendations: str,
    profile_name: str,
    status: str,
    number: int | None = None,
    finalized_at: datetime | None = None,
    finalized_by: str | None = None,
) -> bytes:
    """The report as a tagged PDF/UA-1."""
    html = report_html(
        figures,
        causes=causes,
        recommendations=recommendations,
        profile_name=profile_name,
        status=status,
        number=number,
        finalized_at=finalized_at,
        finalized_by=finalized_by,
    )
    from intake.reports import (
        pdf,  # here: heavy, loaded on first use (tests/integration/test_lean_workers.py)
    )

    return pdf.render(html)


def status_line(
    status: str,
    number: int | None,
    finalized_at: datetime | None,
    finalized_by: str | None,
) -> str:
    """ "Entwurf", or "Endfassung Version 2, abgeschlossen am 14.10.2026, 09:30 von …".

    German only, like the document it heads (the report goes to German management), so the
    words are not in a catalog.
    """
    if status != "final":
        return "Entwurf"
    line = f"Endfassung Version {number or 1}"
    if finalized_at is not None:
        line += ", abgeschlossen am " + format_datetime(finalized_at, "dd.MM.yyyy, HH:mm")
    if finalized_by:
        line += f" von {finalized_by}"
    return line


def charts(figures: Figures) -> list[Any]:
    """The report's charts (`intake.reports.charts`), for the page and the document."""
    from intake.reports.charts import (
        report_charts,  # here: heavy, loaded on first use (tests/integration/test_lean_workers.py)
    )

    return list(report_charts(figures))
