"""The report's XLSX download: the period's cases and the report's figures in one workbook.

Registered on the reports blueprint (`staff.reports.export_xlsx`), open to the roles of the
CSV export. What the rows leave out is decided in `intake.reports.services.export_rows`,
how the workbook is laid out in `intake.reports.xlsx`.
"""

from __future__ import annotations

from datetime import date

from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from intake import audit
from intake.backoffice.reports.views import bp, requested_period
from intake.reports import daily
from intake.reports import services as reports
from intake.roles import Role
from intake.web import settings
from intake.web.access import current_user, roles
from intake.web.extensions import db


@bp.get("/reports/export.xlsx", endpoint="export_xlsx")
@roles(Role.OFFICER, Role.MANAGEMENT)
def report_export_xlsx() -> ResponseReturnValue:
    """The period's cases (masked, no contact data) and its figures as an Excel workbook."""
    period = requested_period()
    profile = settings.rule_profile()
    today = date.today()
    staff_names = settings.staff_names()
    figures = daily.compute(
        db.session,
        period,
        profile,
        as_of=today,
        threshold=settings.report_min_count(),
        staff_names=staff_names,
    )
    from intake.reports import (
        xlsx,  # here: heavy, loaded on first use (tests/integration/test_lean_workers.py)
    )

    body = xlsx.workbook(
        figures,
        reports.export_rows(db.session, period.start, period.end, staff_names),
        title=f"KRM-Export {period.label}",
        today=today,
    )
    audit.record(db.session, current_user(), "report_export", detail=f"xlsx:{period.key}")
    db.session.commit()
    response = Response(body, mimetype=xlsx.MEDIA_TYPE)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="krm-export-{period.key.lower()}.xlsx"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response
