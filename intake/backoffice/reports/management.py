"""The management dashboard and the monthly summary (page and PDF), on the reports blueprint.

Endpoints `staff.reports.dashboard`, `staff.reports.summary` and `staff.reports.summary_pdf`,
for KRM officers and management. What the figures leave out (spam, restricted cases, texts,
contact data, staff names) is decided in `intake.reports.dashboard` and
`intake.reports.summary`; the filters live in the URL (a GET form, no JavaScript needed).

`render_document` is also what `flask --app intake reports send` renders the PDF from.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from flask import abort, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from werkzeug.wrappers import Response

from intake.backoffice.reports.views import bp
from intake.labels import CHANNEL_LABELS, DUE_LABELS, LANGUAGE_LABELS
from intake.params import parse_id
from intake.reports import dashboard
from intake.reports import services as reports
from intake.reports import summary as monthly
from intake.roles import Role
from intake.triage import rules
from intake.triage.cases import ALL_KINDS
from intake.web import settings
from intake.web.access import roles
from intake.web.extensions import db


def _choice(name: str, allowed: Collection[str]) -> str | None:
    """A filter value from the URL: None when empty, 400 when not one of `allowed`."""
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    if raw not in allowed:
        abort(400)
    return raw


def _dashboard_filters(offices: dict[int, str]) -> dashboard.Filters:
    raw_office = (request.args.get("office") or "").strip()
    office_id = None
    if raw_office:
        office_id = parse_id(raw_office, bits=32)
        if office_id is None or office_id not in offices:
            abort(400)
    return dashboard.Filters(
        office_id=office_id,
        kind=_choice("kind", {*ALL_KINDS, dashboard.UNCLASSIFIED}),
        channel=_choice("channel", set(rules.CHANNELS)),
        language=_choice("language", set(LANGUAGE_LABELS)),
    )


@bp.get("/reports/dashboard", endpoint="dashboard")
@roles(Role.OFFICER, Role.MANAGEMENT)
def dashboard_page() -> ResponseReturnValue:
    """Counts of a period by kind × state and office × month, the trend and the deadlines."""
    profile = settings.rule_profile()
    today = date.today()
    raw = request.args.get("period")
    period = reports.parse_period(raw) if raw else reports.default_period(profile, today)
    if period is None:
        abort(400)
    offices = dashboard.office_labels(db.session)
    filters = _dashboard_filters(offices)
    board = dashboard.build(
        db.session,
        period,
        profile,
        filters=filters,
        today=today,
        threshold=settings.report_min_count(),
        target=settings.report_target_share(),
        staff_names=settings.staff_names(),
    )
    db.session.commit()  # the day summaries refreshed on the way
    return render_template(
        "staff/dashboard.html",
        board=board,
        period=period,
        filters=filters,
        offices=offices,
        kind_names=ALL_KINDS,
        unclassified=dashboard.UNCLASSIFIED,
        channels=rules.CHANNELS,
        channel_names=CHANNEL_LABELS,
        language_names=LANGUAGE_LABELS,
    )


def _month() -> reports.Period:
    """The month of `?month=2026-11`, else the previous one (400 for anything but a month)."""
    raw = request.args.get("month")
    if not raw:
        return monthly.previous_month(date.today())
    found = reports.parse_period(raw)
    if found is None or found.month is None:
        abort(400)
    return found


def _summary() -> monthly.MonthlySummary:
    return monthly.build(
        db.session, _month(), today=date.today(), staff_names=settings.staff_names()
    )


def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def render_document(summary: monthly.MonthlySummary, base_url: str) -> str:
    """The standalone, printable HTML of the summary (German; links start with `base_url`).

    Rendered from the template environment directly, so it needs an app context but no
    request (the mail command renders it too).
    """
    template = current_app.jinja_env.get_template("staff/summary_document.html")
    with force_locale("de"):
        return template.render(
            summary=summary,
            base=base_url.rstrip("/"),
            day=_day,
            kind_label=monthly.kind_label,
            due_labels=DUE_LABELS,
            operator=current_app.config.get("OPERATOR_NAME", ""),
        )


@bp.get("/reports/summary", endpoint="summary")
@roles(Role.OFFICER, Role.MANAGEMENT)
def summary_page() -> ResponseReturnValue:
    """The one-page monthly summary for the leadership meeting."""
    found = _summary()
    return render_template(
        "staff/summary.html",
        summary=found,
        base="",
        day=_day,
        kind_label=monthly.kind_label,
    )


@bp.get("/reports/summary.pdf", endpoint="summary_pdf")
@roles(Role.OFFICER, Role.MANAGEMENT)
def summary_pdf() -> ResponseReturnValue:
    """The monthly summary as a tagged PDF (PDF/UA-1)."""
    found = _summary()
    from intake.reports import (
        pdf,  # here: heavy, loaded on first use (tests/integration/test_lean_workers.py)
    )

    body = pdf.render(render_document(found, settings.public_base_url()))
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{monthly.filename(found)}"'
    response.headers["Cache-Control"] = "no-store"
    return response
