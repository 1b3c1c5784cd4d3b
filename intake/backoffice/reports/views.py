"""Reports, their versions and CSV export, the management's high-risk list and the hint statistics.

Each view declares its roles (`intake.web.access.roles`); only the KRM officer writes and
finalises a report (`intake.reports.documents`), management reads and downloads it.
What the figures leave out (spam, restricted cases, contact data) is decided in
`intake.reports.services`; the high-risk list applies `intake.triage.cases.visible` as the
inbox does.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_percent
from flask_babel import gettext as _
from sqlalchemy import and_, false, or_, select, true
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from intake import audit
from intake.backoffice.reports.forms import NewVersionForm, ReportDraftForm
from intake.models import Case, ReportVersion, User, utcnow
from intake.reports import daily, documents
from intake.reports import services as reports
from intake.reports.figures import Figures
from intake.roles import Role
from intake.triage import cases, hints, inbox, workflow
from intake.web import reportdoc, settings
from intake.web.access import can, current_user, roles
from intake.web.extensions import db

bp = Blueprint("reports", __name__)

BOM = "\ufeff"  # Excel reads a CSV file as UTF-8 only with it
# Who finalised, as the PDF says it: the role, never a name or address (the page shows the e-mail).
FINALIZED_BY = "KRM-Beauftragte(r)"
# Version numbers in URLs: far more than a period ever gets, well inside every database's
# integer (a longer number is a 404, not an overflow in the query).
MAX_VERSION = 999_999


def requested_period() -> reports.Period:
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
    """The period's KRM report: live figures, the officer's draft, the final versions."""
    return _report_page(requested_period())


def _report_page(
    period: reports.Period, form: ReportDraftForm | None = None, status: int = 200
) -> ResponseReturnValue:
    profile = settings.rule_profile()
    figures = _live_figures(period)
    db.session.commit()  # keep the day summaries `compute` brought up to date
    current = documents.draft(db.session, period.key)
    finals = documents.versions(db.session, period.key)
    if form is None and (current is not None or not finals):
        number = current.number if current else documents.next_number(db.session, period.key)
        form = ReportDraftForm(
            formdata=None,
            causes=current.causes if current else "",
            recommendations=current.recommendations if current else "",
            version=str(number),
        )
    return render_template(
        "staff/reports.html",
        period=period,
        profile=profile,
        next_due=reports.next_due(profile, date.today()),
        figures=figures,
        charts=reportdoc.charts(figures),
        draft=current,
        finals=finals,
        form=form,
        new_version_form=NewVersionForm(),
        case_links=_case_links(figures),
    ), status


def _live_figures(period: reports.Period) -> Figures:
    return daily.compute(
        db.session,
        period,
        settings.rule_profile(),
        as_of=date.today(),
        threshold=settings.report_min_count(),
        staff_names=settings.staff_names(),
    )


def _case_links(figures: Figures) -> list[tuple[str, str]]:
    """Links to the cases behind the figures: the inbox narrowed to the report's period."""
    links: list[tuple[str, str]] = []
    period = figures.period
    if can("staff.cases.inbox"):
        inbox = "staff.cases.inbox"
        links.append((_("Alle Fälle des Zeitraums"), url_for(inbox, period=period, status="all")))
        links.append(
            (
                _("Als begründet bewertete Fälle des Zeitraums"),
                url_for(inbox, period=period, justified=1, status="all"),
            )
        )
        for row in figures.by_kind:
            if row.count:
                url = url_for(inbox, period=period, krm=row.key, status="all")
                links.append((_("Fälle der Art „%(kind)s“", kind=row.label), url))
        url = url_for(inbox, period=period, risk=1, status="all")
        links.append((_("Fälle mit hohem Risiko"), url))
    if can("staff.reports.high_risk"):
        url = url_for("staff.reports.high_risk")
        links.append((_("Offene Fälle mit hohem Risiko (alle Zeiträume)"), url))
    return links


def _path_period(period_key: str) -> reports.Period:
    """The period of a report URL (404 for anything else)."""
    found = reports.parse_period(period_key)
    if found is None:
        abort(404)
    return found


def _officer() -> User:
    user = current_user()
    if user is None:  # the access gate lets nobody through without a login
        abort(403)
    return user


@bp.post("/reports/<period_key>/draft", endpoint="save_draft")
@roles(Role.OFFICER)
def save_draft(period_key: str) -> ResponseReturnValue:
    """Save the officer's causes and recommendations as the period's draft."""
    period = _path_period(period_key)
    form = ReportDraftForm()
    if not form.validate_on_submit():
        return _report_page(period, form, 422)
    try:
        version = _save(period, form)
    except documents.FinalizedError as error:
        return _already_final(period, str(error))
    except documents.DraftExistsError:
        return _draft_exists(period)
    except documents.ReportError as error:
        db.session.rollback()
        form.causes.errors = [str(error)]
        return _report_page(period, form, 422)
    db.session.commit()
    flash(_("Entwurf (Version %(number)s) gespeichert.", number=version.number), "ok")
    return redirect(url_for("staff.reports.index", period=period.key, _anchor="entwurf"))


def _save(period: reports.Period, form: ReportDraftForm) -> ReportVersion:
    return documents.save_draft(
        db.session,
        period.key,
        causes=form.causes.data or "",
        recommendations=form.recommendations.data or "",
        user=_officer(),
        staff_names=settings.staff_names(),
        number=int(form.version.data or 0),
    )


def _already_final(period: reports.Period, message: str) -> ResponseReturnValue:
    db.session.rollback()
    flash(message, "error")
    return redirect(url_for("staff.reports.index", period=period.key, _anchor="fassungen"))


def _draft_exists(period: reports.Period) -> ResponseReturnValue:
    """Another tab created the draft at the same moment: nothing of this request is saved."""
    db.session.rollback()
    flash(
        _(
            "Der Entwurf wurde inzwischen von anderer Stelle angelegt – "
            "bitte prüfen und erneut speichern."
        ),
        "error",
    )
    return redirect(url_for("staff.reports.index", period=period.key, _anchor="entwurf"))


@bp.post("/reports/<period_key>/final", endpoint="finalize")
@roles(Role.OFFICER)
def finalize(period_key: str) -> ResponseReturnValue:
    """Save the texts and turn the draft into a final version, frozen with figures and PDF."""
    period = _path_period(period_key)
    form = ReportDraftForm()
    if not form.validate_on_submit():
        return _report_page(period, form, 422)
    profile = settings.rule_profile()
    at = utcnow()
    try:
        version = _save(period, form)
        figures = _live_figures(period)
        pdf = reportdoc.report_pdf(
            figures,
            causes=version.causes,
            recommendations=version.recommendations,
            profile_name=profile.name,
            status=documents.FINAL,
            number=version.number,
            finalized_at=at,
            finalized_by=FINALIZED_BY,
        )
        final = documents.finalize(
            db.session, period.key, figures=figures, pdf=pdf, user=_officer(), at=at
        )
    except documents.FinalizedError as error:
        return _already_final(period, str(error))
    except documents.DraftExistsError:
        return _draft_exists(period)
    except documents.ReportError as error:
        db.session.rollback()
        form.causes.errors = [str(error)]
        return _report_page(period, form, 422)
    db.session.commit()
    flash(_("Endfassung Version %(number)s erstellt.", number=final.number), "ok")
    return redirect(url_for("staff.reports.version", period_key=period.key, number=final.number))


@bp.post("/reports/<period_key>/new", endpoint="new_version")
@roles(Role.OFFICER)
def new_version(period_key: str) -> ResponseReturnValue:
    """Begin a new version after the last final one, with its texts."""
    period = _path_period(period_key)
    if not NewVersionForm().validate_on_submit():
        abort(400)
    try:
        version = documents.start_new_version(db.session, period.key, user=_officer())
    except documents.DraftExistsError:
        return _draft_exists(period)
    db.session.commit()
    flash(_("Neue Version %(number)s begonnen.", number=version.number), "ok")
    return redirect(url_for("staff.reports.index", period=period.key, _anchor="entwurf"))


def _final_or_404(period: reports.Period, number: int) -> ReportVersion:
    found = documents.final_version(db.session, period.key, number)
    if found is None:
        abort(404)
    return found


@bp.get(f"/reports/<period_key>/v<int(max={MAX_VERSION}):number>", endpoint="version")
@roles(Role.OFFICER, Role.MANAGEMENT)
def version_page(period_key: str, number: int) -> ResponseReturnValue:
    """A final version as it was handed in: its frozen figures and texts.

    Figures stored in a shape this code no longer reads (an older `figures.SCHEMA`) are not
    shown: the page keeps the texts and points to the stored PDF, which holds them.
    """
    period = _path_period(period_key)
    version = _final_or_404(period, number)
    figures = documents.stored_figures(version)
    return render_template(
        "staff/report_version.html",
        period=period,
        version=version,
        figures=figures,
        charts=reportdoc.charts(figures) if figures is not None else None,
        finals=documents.versions(db.session, period.key),
    )


@bp.get(f"/reports/<period_key>/v<int(max={MAX_VERSION}):number>.pdf", endpoint="version_pdf")
@roles(Role.OFFICER, Role.MANAGEMENT)
def version_pdf(period_key: str, number: int) -> ResponseReturnValue:
    """The PDF of a final version, byte for byte as it was stored."""
    period = _path_period(period_key)
    version = _final_or_404(period, number)
    audit.record(db.session, current_user(), "report_pdf", detail=f"{period.key} v{number}")
    db.session.commit()
    return _pdf_response(version.pdf or b"", f"krm-bericht-{period.key.lower()}-v{number}.pdf")


@bp.get("/reports/<period_key>/draft.pdf", endpoint="draft_pdf")
@roles(Role.OFFICER, Role.MANAGEMENT)
def draft_pdf(period_key: str) -> ResponseReturnValue:
    """The draft as PDF: today's figures and the draft's texts, marked "Entwurf"."""
    period = _path_period(period_key)
    figures = _live_figures(period)
    current = documents.draft(db.session, period.key)
    pdf = reportdoc.report_pdf(
        figures,
        causes=current.causes if current else "",
        recommendations=current.recommendations if current else "",
        profile_name=settings.rule_profile().name,
        status=documents.DRAFT,
        number=current.number if current else None,
    )
    audit.record(db.session, current_user(), "report_pdf", detail=f"{period.key} Entwurf")
    db.session.commit()
    return _pdf_response(pdf, f"krm-bericht-{period.key.lower()}-entwurf.pdf")


def _pdf_response(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/reports/export.csv", endpoint="export")
@roles(Role.OFFICER, Role.MANAGEMENT)
def report_export() -> ResponseReturnValue:
    """The period's cases as CSV for the analysis tool (masked, no contact data)."""
    period = requested_period()
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
