"""Reports, their CSV export, the management's high-risk list and the hint statistics.

Each view declares its roles (`intake.web.access.roles`).
What the figures leave out (spam, restricted cases, contact data) is decided in
`intake.reports.services`; the high-risk list applies `intake.triage.cases.visible` as the
inbox does.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import format_percent
from sqlalchemy import and_, false, or_, select, true
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from intake import audit
from intake.backoffice.measures.forms import STATUS_LABELS
from intake.labels import KIND_LABELS
from intake.models import Case
from intake.reports import services as reports
from intake.roles import Role
from intake.triage import cases, hints, inbox, workflow
from intake.web import settings
from intake.web.access import current_user, roles
from intake.web.extensions import db

bp = Blueprint("reports", __name__)

BOM = "\ufeff"  # Excel reads a CSV file as UTF-8 only with it


def _period() -> reports.Period:
    """The period of `?period=`, else the one of the latest report due (400 when malformed)."""
    raw = request.args.get("period")
    if not raw:
        return reports.default_period(settings.rule_profile(), date.today())
    found = reports.parse_period(raw)
    if found is None:
        abort(400)
    return found


@bp.get("/reports", endpoint="index")
@roles(Role.OFFICER, Role.MANAGEMENT)
def report_page() -> ResponseReturnValue:
    """The periodic KRM report of a quarter or year, with links to the periods around it."""
    period = _period()
    profile = settings.rule_profile()
    today = date.today()
    return render_template(
        "staff/reports.html",
        period=period,
        report=reports.period_report(db.session, period.start, period.end),
        profile=profile,
        next_due=reports.next_due(profile, today),
        kind_names=cases.ALL_KINDS,
        reason_names=cases.JUSTIFIED_REASONS,
        measure_status_labels=STATUS_LABELS,
        sender_kind_labels=KIND_LABELS,
    )


@bp.get("/reports/export.csv", endpoint="export")
@roles(Role.OFFICER, Role.MANAGEMENT)
def report_export() -> ResponseReturnValue:
    """The period's cases as CSV for the analysis tool (masked, no contact data)."""
    period = _period()
    body = BOM + reports.to_csv(
        reports.export_rows(db.session, period.start, period.end, settings.staff_names())
    )
    audit.record(db.session, current_user(), "report_export", detail=period.key)
    db.session.commit()
    response = Response(body.encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="krm-export-{period.key.lower()}.csv"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/high-risk", endpoint="high_risk")
@roles(Role.MANAGEMENT, Role.OFFICER)
def high_risk() -> ResponseReturnValue:
    """Cases at high risk (e.g. possible media attention) that are not closed, newest first."""
    user = current_user()
    if user is None:  # the access gate lets nobody through without a login
        abort(403)
    after = inbox.Cursor.decode(request.args.get("after"))
    query = cases.visible(select(Case), user).where(
        Case.high_risk.is_(true()),
        Case.restricted.is_(false()),
        Case.is_spam.is_(false()),
        Case.status.not_in(workflow.ENDED_STATES),
    )
    if after is not None:
        query = query.where(
            or_(
                Case.received_on < after.received_on,
                and_(Case.received_on == after.received_on, Case.id < after.id),
            )
        )
    size = inbox.PAGE_SIZE
    rows = list(
        db.session.scalars(
            query.options(selectinload(Case.google_review))
            .order_by(Case.received_on.desc(), Case.id.desc())
            .limit(size + 1)
        )
    )
    more = len(rows) > size
    rows = rows[:size]
    cursor = inbox.Cursor(rows[-1].received_on, rows[-1].id) if more and rows else None
    return render_template(
        "staff/high_risk.html",
        rows=rows,
        next_cursor=cursor,
        kind_names=cases.ALL_KINDS,
        first_line=inbox.first_line,
        today=date.today(),
    )


@bp.get("/hints", endpoint="hint_stats")
@roles(Role.OFFICER, Role.ADMIN, Role.MANAGEMENT)
def hint_stats() -> ResponseReturnValue:
    """How often the classification hints are accepted, per rules version and kind."""
    raw = request.args.get("since", "")
    try:
        since = date.fromisoformat(raw) if raw else None
    except ValueError:
        since = None
    return render_template(
        "staff/hint_stats.html",
        rows=reports.hint_stats(db.session, since),
        since=since,
        kind_names=cases.ALL_KINDS,
        rules_version=hints.RULES_VERSION,
        format_percent=format_percent,
    )
