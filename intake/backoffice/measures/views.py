"""Measures (Maßnahmen): the list, a new one from a case, editing and the effectiveness check.

Each view declares its roles (`intake.web.access.roles`).
Rows follow their case: a measure of a case the user may not see (restricted, GA 5.3) is
neither listed nor opened (`intake.measures.services.visible`, `intake.triage.cases.can_work`).
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from intake.backoffice.cases.lookup import work_or_404
from intake.backoffice.cases.views import render_case
from intake.backoffice.measures.forms import (
    EFFECTIVE_CHOICES,
    PREFIX,
    STATUS_LABELS,
    MeasureEditForm,
    MeasureForm,
)
from intake.measures import services as measures
from intake.models import Measure
from intake.offices import services as offices
from intake.params import parse_id
from intake.roles import Role
from intake.triage import inbox
from intake.web.access import WORK, current_user, roles
from intake.web.extensions import db

bp = Blueprint("measures", __name__)


def _filter_labels() -> dict[str, str]:
    return {
        "open": _("offen"),
        "check": _("Wirksamkeit zu prüfen"),
        "done": _("umgesetzt"),
        "dropped": _("verworfen"),
        "all": _("alle"),
    }


@bp.get("/measures", endpoint="index")
@roles(Role.OFFICER, Role.ADMIN, Role.MANAGEMENT)
def measure_list() -> ResponseReturnValue:
    """Measures by filter: open, check due, done, dropped, all; earliest date first."""
    which = request.args.get("show", "open")
    if which not in measures.FILTERS:
        which = "open"
    office_id = parse_id(request.args.get("office"), bits=32)
    today = date.today()
    result = measures.page(
        db.session,
        current_user(),
        which,
        today=today,
        office_id=office_id,
        after=measures.Cursor.decode(request.args.get("after")),
    )
    return render_template(
        "staff/measures.html",
        page=result,
        which=which,
        filter_labels=_filter_labels(),
        office_id=office_id,
        offices=offices.all_offices(db.session),
        status_labels=STATUS_LABELS,
        today=today,
        is_check_due=measures.is_check_due,
        first_line=inbox.first_line,
    )


@bp.post("/cases/<id:case_id>/measures", endpoint="new")
@roles(*WORK)
def measure_new(case_id: int) -> ResponseReturnValue:
    """Add a measure to a case (its office comes from the case)."""
    case = work_or_404(case_id)
    form = MeasureForm(prefix=PREFIX)
    if not form.validate():
        return render_case(case, status=422, measure_form=form)
    measures.create(
        db.session,
        current_user(),
        measures.MeasureFields(
            what=form.what.data or "",
            responsible=form.responsible.data or "",
            due_on=form.due_on.data,
            check_on=form.check_on.data,
        ),
        case=case,
    )
    db.session.commit()
    flash(_("Maßnahme gespeichert."), "ok")
    return redirect(url_for("staff.cases.case", case_id=case.id, _anchor="measures"))


def _measure_or_404(measure_id: int) -> Measure:
    measure = db.session.get(Measure, measure_id)
    if measure is None or not measures.can_work(db.session, current_user(), measure):
        abort(404)  # as if it did not exist
    return measure


@bp.route("/measures/<id:measure_id>", methods=["GET", "POST"], endpoint="edit")
@roles(*WORK)
def measure_edit(measure_id: int) -> ResponseReturnValue:
    """Change a measure's status, dates, and record its effectiveness check."""
    measure = _measure_or_404(measure_id)
    form = MeasureEditForm(obj=measure if request.method != "POST" else None)
    if request.method != "POST" and measure.effective is not None:
        form.effective.data = "1" if measure.effective else "0"
    if form.validate_on_submit():
        user = current_user()
        try:
            changed = measures.update(
                db.session,
                measure,
                user,
                measures.MeasureFields(
                    what=form.what.data or "",
                    responsible=form.responsible.data or "",
                    due_on=form.due_on.data,
                    check_on=form.check_on.data,
                ),
                form.status.data,
            )
            if form.effective.data in EFFECTIVE_CHOICES:
                changed += measures.record_check(
                    db.session,
                    measure,
                    user,
                    effective=form.effective.data == "1",
                    result=form.check_result.data or "",
                    today=date.today(),
                )
        except measures.MeasureError:
            db.session.rollback()
            abort(422)
        db.session.commit()
        flash(_("Maßnahme gespeichert.") if changed else _("Nichts geändert."), "ok")
        return redirect(url_for("staff.measures.edit", measure_id=measure.id))
    status = 422 if form.errors else 200
    return render_template(
        "staff/measure_edit.html",
        form=form,
        measure=measure,
        status_labels=STATUS_LABELS,
        check_due=measures.is_check_due(measure, date.today()),
    ), status
