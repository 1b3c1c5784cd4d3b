"""Measures (Maßnahmen): the list, a new one from a case, editing and the effectiveness check.

Registered on the staff blueprint; the endpoint table in `intake.web.access` decides the roles.
Rows follow their case: a measure of a case the user may not see (restricted, GA 5.3) is
neither listed nor opened (`intake.measures.services.visible`, `intake.triage.cases.can_work`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from intake.backoffice.cases.views import DETAIL_EXTRAS, bp, render_submission, work_or_404
from intake.backoffice.measures.forms import (
    EFFECTIVE_CHOICES,
    PREFIX,
    STATUS_LABELS,
    MeasureEditForm,
    MeasureForm,
)
from intake.measures import services as measures
from intake.models import Case, Measure
from intake.offices import services as offices
from intake.params import parse_id
from intake.triage import cases, inbox
from intake.web.access import current_user
from intake.web.extensions import db


def _filter_labels() -> dict[str, str]:
    return {
        "open": _("offen"),
        "check": _("Wirksamkeit zu prüfen"),
        "done": _("umgesetzt"),
        "dropped": _("verworfen"),
        "all": _("alle"),
    }


def case_extras(item: Case) -> dict[str, Any]:
    """The case page's measures and, for those who may change the case, the form to add one."""
    can_add = cases.can_work(current_user(), item)
    return {
        "measure_form": MeasureForm(formdata=None, prefix=PREFIX) if can_add else None,
        "case_measures": measures.for_case(db.session, item.id),
        "measure_status_labels": STATUS_LABELS,
    }


DETAIL_EXTRAS.append(case_extras)


@bp.get("/measures", endpoint="measures")
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


@bp.post("/cases/<id:case_id>/measures", endpoint="measure_new")
def measure_new(case_id: int) -> ResponseReturnValue:
    """Add a measure to a case (its office comes from the case)."""
    item = work_or_404(case_id)
    form = MeasureForm(prefix=PREFIX)
    if not form.validate():
        return render_submission(item, status=422, measure_form=form)
    measures.create(
        db.session,
        current_user(),
        measures.MeasureFields(
            what=form.what.data or "",
            responsible=form.responsible.data or "",
            due_on=form.due_on.data,
            check_on=form.check_on.data,
        ),
        case=item,
    )
    db.session.commit()
    flash(_("Maßnahme gespeichert."), "ok")
    return redirect(url_for("staff.case", case_id=item.id, _anchor="measures"))


def _measure_or_404(measure_id: int) -> Measure:
    measure = db.session.get(Measure, measure_id)
    if measure is None:
        abort(404)
    user = current_user()
    if measure.case_id is not None:
        item = measure.case or db.session.get(Case, measure.case_id)
        if item is None or not cases.can_work(user, item):
            abort(404)
    elif user is None or user.role in cases.RISK_ROLES:
        abort(404)  # a measure without a case is no business of the anti-corruption role
    return measure


@bp.route("/measures/<id:measure_id>", methods=["GET", "POST"], endpoint="measure_edit")
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
        return redirect(url_for("staff.measure_edit", measure_id=measure.id))
    status = 422 if form.errors else 200
    return render_template(
        "staff/measure_edit.html",
        form=form,
        measure=measure,
        status_labels=STATUS_LABELS,
        check_due=measures.is_check_due(measure, date.today()),
    ), status
