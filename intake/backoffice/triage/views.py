"""The officer's triage actions on a case, and entering reactions received by staff.

Each action is a small POST that redirects back to the case (or, with `next=1`, to the next
case of the list, for working through the queue). The rules live in `intake.triage.cases`; the
views only read forms, check the row (`work_or_404`) and commit.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from wtforms import SelectChoice

from intake import audit
from intake.backoffice.cases.lookup import list_filters, staff_user, today_window, work_or_404
from intake.backoffice.cases.views import render_case
from intake.backoffice.triage.forms import (
    AcknowledgeForm,
    AssignForm,
    CaseForm,
    ClassifyForm,
    FlagForm,
    HandOffForm,
    TransitionForm,
)
from intake.backoffice.triage.section import OWN_FORMS, assignees
from intake.forwarding import services as forwarding
from intake.models import Case, User, utcnow
from intake.offices import services as offices
from intake.params import parse_id
from intake.reception import services as reception
from intake.roles import Role
from intake.triage import cases, inbox, workflow
from intake.web import settings
from intake.web.access import KRM_DESK, WORK, current_user, roles
from intake.web.extensions import db

bp = Blueprint("triage", __name__)


def _back(case: Case) -> ResponseReturnValue:
    """To the case again, or on to the next case of the list when the officer asked for it."""
    if request.form.get("then") == "next":
        found = inbox.neighbours(
            db.session, case, list_filters(request.args), staff_user(), today_window()
        )
        if found.older is not None:
            return redirect(url_for("staff.cases.case", case_id=found.older))
        return redirect(url_for("staff.cases.inbox"))
    return redirect(url_for("staff.cases.case", case_id=case.id))


@bp.post("/cases/<id:case_id>/classify")
@roles(*WORK)
def classify(case_id: int) -> ResponseReturnValue:
    """Confirm or override the suggested kind; a new case becomes triaged."""
    case = work_or_404(case_id)
    form = ClassifyForm()
    if not form.validate():
        flash(_("Bitte prüfen Sie die Klassifizierung."), "error")
        return render_case(case, 422, classify_form=form)
    justified = {"1": True, "0": False}.get(form.justified.data or "")
    stored = cases.classify(
        db.session,
        case,
        current_user(),
        cases.Classification(
            kind=form.kind.data,
            about_conduct=bool(form.about_conduct.data),
            justified=justified,
            justified_reason=form.justified_reason.data or None,
            note=form.decision_note.data or "",
            first_followup_on=form.first_followup_on.data,
            committee_deadline=form.committee_deadline.data,
        ),
        today=date.today(),
        rule_profile=settings.rule_profile(),
    )
    db.session.commit()
    if stored != form.kind.data:
        flash(
            _("Nach den KRM-Regeln eingeordnet als: %(kind)s", kind=cases.ALL_KINDS[stored]),
            "ok",
        )
    else:
        flash(_("Klassifizierung gespeichert."), "ok")
    return _back(case)


@bp.post("/cases/<id:case_id>/transition")
@roles(*WORK)
def transition(case_id: int) -> ResponseReturnValue:
    """Move the case on (close, reopen, withdraw a forwarding)."""
    case = work_or_404(case_id)
    form = TransitionForm()
    if form.validate() and form.to_state.data not in OWN_FORMS:
        withdrawn = case.status == "forwarded" and form.to_state.data == "triaged"
        try:
            cases.transition(
                db.session,
                case,
                form.to_state.data,
                current_user(),
                today=date.today(),
                rule_profile=settings.rule_profile(),
            )
        except workflow.TransitionError:
            flash(_("Dieser Schritt ist im aktuellen Status nicht möglich."), "error")
            return redirect(url_for("staff.cases.case", case_id=case.id))
        if withdrawn:  # the lead's links die with the forwarding
            now = utcnow()
            for link in case.forward_links:
                forwarding.revoke(db.session, link, current_user(), now)
        db.session.commit()
        flash(_("Status geändert."), "ok")
        return _back(case)
    flash(_("Dieser Schritt ist im aktuellen Status nicht möglich."), "error")
    return redirect(url_for("staff.cases.case", case_id=case.id))


@bp.post("/cases/<id:case_id>/hand-off")
@roles(*WORK)
def hand_off(case_id: int) -> ResponseReturnValue:
    """A reaction that is not KRM goes to the office responsible; where it went is recorded."""
    case = work_or_404(case_id)
    form = HandOffForm()
    if not form.validate():
        return render_case(case, 422, hand_off_form=form)
    try:
        cases.hand_off(
            db.session,
            case,
            current_user(),
            form.destination.data,
            today=date.today(),
            rule_profile=settings.rule_profile(),
        )
    except workflow.TransitionError:
        flash(_("Dieser Schritt ist im aktuellen Status nicht möglich."), "error")
        return redirect(url_for("staff.cases.case", case_id=case.id))
    db.session.commit()
    flash(_("Abgegeben an: %(where)s", where=case.handoff_to), "ok")
    return _back(case)


@bp.post("/cases/<id:case_id>/assign")
@roles(*WORK)
def assign(case_id: int) -> ResponseReturnValue:
    """Give the case to a colleague, or to oneself ("Mir zuweisen", key `a`).

    "Mir zuweisen" is its own button name (`to_me`): sharing the dropdown's field name sent
    `assignee=&assignee=me`, and the empty dropdown won.
    """
    case = work_or_404(case_id)
    form = AssignForm()
    form.assignee.choices = [*assignees(), SelectChoice("me", "me")]  # "me": scripts, old pages
    if form.validate():
        user = current_user()
        if form.to_me.data or form.assignee.data == "me":
            assignee = user
        else:
            ident = parse_id(form.assignee.data or "", bits=32)
            assignee = db.session.get(User, ident) if ident else None
        cases.assign(db.session, case, user, assignee)
        db.session.commit()
        flash(_("Zuständigkeit gespeichert."), "ok")
    return _back(case)


@bp.post("/cases/<id:case_id>/restrict")
@roles(*WORK)
def restrict(case_id: int) -> ResponseReturnValue:
    """Route a case to the anti-corruption officer (hidden from everyone else), or release it."""
    case = work_or_404(case_id)
    form = FlagForm()
    if form.validate():
        restricted = form.value.data == "1"
        cases.set_restricted(db.session, case, current_user(), restricted)
        db.session.commit()
        if restricted and staff_user().role != Role.ANTI_CORRUPTION:
            flash(
                _(
                    "An die Antikorruptionsstelle abgegeben. "
                    "Der Fall ist für Sie nicht mehr sichtbar."
                ),
                "ok",
            )
            return redirect(url_for("staff.cases.inbox"))
        flash(_("Gespeichert."), "ok")
        if not restricted and staff_user().role == Role.ANTI_CORRUPTION:
            return redirect(url_for("staff.cases.inbox"))
    return redirect(url_for("staff.cases.case", case_id=case.id))


@bp.post("/cases/<id:case_id>/acknowledge")
@roles(*WORK)
def acknowledge(case_id: int) -> ResponseReturnValue:
    """Record the acknowledgement: sent outside the app (e.g. by phone), or on the status page.

    A sender with only a receipt code reads it on the status page; without a code that
    way does not exist, so it is refused.
    """
    case = work_or_404(case_id)
    form = AcknowledgeForm()
    if form.validate():
        on_status_page = form.channel.data == "receipt"
        if on_status_page and case.receipt_hash is None:
            flash(_("Dieser Schritt ist im aktuellen Status nicht möglich."), "error")
            return redirect(url_for("staff.cases.case", case_id=case.id))
        cases.acknowledge(
            db.session,
            case,
            current_user(),
            today=date.today(),
            rule_profile=settings.rule_profile(),
            channel=form.channel.data,
        )
        db.session.commit()
        if on_status_page:
            flash(
                _(
                    "Die Eingangsbestätigung steht auf der Statusseite. Der Absender liest "
                    "sie mit seinem Code."
                ),
                "ok",
            )
        else:
            flash(_("Eingangsbestätigung vermerkt."), "ok")
    return redirect(url_for("staff.cases.case", case_id=case.id))


@bp.route("/cases/new", methods=["GET", "POST"])
@roles(*KRM_DESK)
def case_new() -> ResponseReturnValue:
    """Enter a reaction received by phone, in person, by letter, e-mail or through third parties."""
    form = CaseForm()
    form.office.choices = [SelectChoice("", _("keine Angabe"))] + [
        SelectChoice(str(o.id), o.name) for o in offices.all_offices(db.session) if not o.retired
    ]
    if not form.is_submitted():
        form.received_on.data = date.today()
    if form.validate_on_submit():
        office = form.office.data or ""
        row = reception.record_staff_entry(
            db.session,
            channel=form.channel.data,
            office_id=parse_id(office, bits=32),
            kind=form.kind.data,
            text=form.text.data or "",
            received_on=form.received_on.data or date.today(),
            language=form.language.data,
            contact=form.contact(),
            rule_profile=settings.rule_profile(),
            first_followup_on=form.first_followup_on.data,
            committee_deadline=form.committee_deadline.data,
        )
        audit.record(db.session, current_user(), "staff_entry", case_id=row.id)
        db.session.commit()
        if row.restricted and staff_user().role != Role.ANTI_CORRUPTION:
            flash(
                _(
                    "Gespeichert. Der Text enthält Hinweise auf Korruption; "
                    "der Fall ging an die Antikorruptionsstelle."
                ),
                "ok",
            )
            return redirect(url_for("staff.triage.case_new"))
        flash(_("Kundenreaktion erfasst."), "ok")
        return redirect(url_for("staff.cases.case", case_id=row.id))
    status = 422 if form.errors else 200
    return render_template("staff/case_new.html", form=form), status
