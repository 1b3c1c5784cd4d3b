"""The officer's triage actions on a case, and entering reactions received by staff.

Each action is a small POST that redirects back to the case (or, with `next=1`, to the next
case of the list, for working through the queue). The rules live in `intake.triage.cases`; the
views only read forms, check the row (`work_or_404`) and commit.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms import SelectChoice

from intake import audit
from intake.backoffice.cases.views import (
    DETAIL_EXTRAS,
    _filters,
    _user,
    bp,
    render_submission,
    today_window,
    work_or_404,
)
from intake.backoffice.triage.forms import (
    AcknowledgeForm,
    AssignForm,
    CaseForm,
    ClassifyForm,
    FlagForm,
    HandOffForm,
    TransitionForm,
)
from intake.forwarding import services as forwarding
from intake.models import Case, User, utcnow
from intake.offices import services as offices
from intake.params import parse_id
from intake.privacy import needtoknow
from intake.reception import services as reception
from intake.triage import cases, inbox, rules, workflow
from intake.triage import trail as case_trail
from intake.web.access import current_user
from intake.web.extensions import db

# Transitions with their own form elsewhere on the page (forward, answer, statement, hand-off).
OWN_FORMS = frozenset(("forwarded", "answered", "statement", "handed_off"))


def _assignees() -> list[SelectChoice]:
    """Active accounts that can work this request's case: officers, or for a case restricted
    to anti-corruption its officers (an admin administers, and does not take cases)."""
    item = db.session.get(Case, (request.view_args or {}).get("case_id", 0))
    users = db.session.scalars(
        select(User)
        .where(User.active.is_(True), User.role.in_(("officer", "anti_corruption")))
        .order_by(User.email)
    )
    workers = [user for user in users if item is not None and cases.can_work(user, item)]
    return [SelectChoice("", "–"), *(SelectChoice(str(user.id), user.email) for user in workers)]


def _forms(item: Case) -> dict[str, Any]:
    """The triage forms of the case page, filled with the case's current values."""
    classify_form = ClassifyForm(formdata=None)
    classify_form.kind.data, classify_form.about_conduct.data = cases.preselection(item)
    classify_form.justified.data = "" if item.justified is None else str(int(item.justified))
    classify_form.justified_reason.data = item.justified_reason or ""
    classify_form.first_followup_on.data = item.first_followup_on
    classify_form.committee_deadline.data = item.committee_deadline
    hand_off_form = HandOffForm(formdata=None)
    handoff = rules.NON_KRM_KINDS.get(item.krm_kind or item.suggested_kind or "")
    hand_off_form.destination.data = item.handoff_to or (handoff.destination if handoff else "")
    assign_form = AssignForm(formdata=None)
    assign_form.assignee.choices = _assignees()
    assign_form.assignee.data = str(item.assignee_id or "")
    return {
        "classify_form": classify_form,
        "hand_off_form": hand_off_form,
        "assign_form": assign_form,
        "flag_form": FlagForm(formdata=None),
        "transition_form": TransitionForm(formdata=None),
        # new → triaged happens by classifying; the other steps get a button each.
        "next_states": [
            s
            for s in workflow.next_states(item.status)
            if s not in OWN_FORMS and not (item.status == "new" and s == "triaged")
        ],
        "can_hand_off": "handed_off" in workflow.next_states(item.status),
    }


def _need_to_know(item: Case) -> dict[str, Any]:
    """Contact data by need to know (`intake.privacy.needtoknow`); management's requests are
    audited.

    Management steps only through its own list (high risk), not through every case.
    """
    user = _user()
    access = needtoknow.contact_access(user, item)
    shown = access is needtoknow.ContactAccess.SHOWN
    # A link on another site (Sec-Fetch-Site: cross-site) cannot open the contact data in a
    # logged-in browser and write the audit event in the user's name: the page shows its link.
    asked = request.args.get("kontakt") == "1"
    if asked and request.headers.get("Sec-Fetch-Site", "same-origin") != "cross-site":
        asked = access is needtoknow.ContactAccess.ON_REQUEST
    else:
        asked = False
    if asked:
        if request.method == "GET":  # each request is one audit event
            audit.record(db.session, user, needtoknow.CONTACT_VIEW, case_id=item.id)
            db.session.commit()
        shown = True
    found: dict[str, Any] = {"contact_access": access.value, "contact_shown": shown}
    if user.role == "management":
        mine = replace(_filters(request.args), high_risk=True)
        found["neighbours"] = inbox.neighbours(db.session, item, mine, user, today_window())
    return found


DETAIL_EXTRAS.extend((_forms, _need_to_know, case_trail.trail_context))


def _back(item: Case) -> ResponseReturnValue:
    """To the case again, or on to the next case of the list when the officer asked for it."""
    if request.form.get("then") == "next":
        found = inbox.neighbours(db.session, item, _filters(request.args), _user(), today_window())
        if found.older is not None:
            return redirect(url_for("staff.case", case_id=found.older))
        return redirect(url_for("staff.inbox"))
    return redirect(url_for("staff.case", case_id=item.id))


@bp.post("/cases/<id:case_id>/classify")
def classify(case_id: int) -> ResponseReturnValue:
    """Confirm or override the suggested kind; a new case becomes triaged."""
    item = work_or_404(case_id)
    form = ClassifyForm()
    if not form.validate():
        flash(_("Bitte prüfen Sie die Klassifizierung."), "error")
        return render_submission(item, 422, classify_form=form)
    justified = {"1": True, "0": False}.get(form.justified.data or "")
    stored = cases.classify(
        db.session,
        item,
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
    )
    db.session.commit()
    if stored != form.kind.data:
        flash(
            _("Nach den KRM-Regeln eingeordnet als: %(kind)s", kind=cases.ALL_KINDS[stored]),
            "ok",
        )
    else:
        flash(_("Klassifizierung gespeichert."), "ok")
    return _back(item)


@bp.post("/cases/<id:case_id>/transition")
def transition(case_id: int) -> ResponseReturnValue:
    """Move the case on (close, reopen, withdraw a forwarding)."""
    item = work_or_404(case_id)
    form = TransitionForm()
    if form.validate() and form.to_state.data not in OWN_FORMS:
        withdrawn = item.status == "forwarded" and form.to_state.data == "triaged"
        try:
            cases.transition(
                db.session, item, form.to_state.data, current_user(), today=date.today()
            )
        except workflow.TransitionError:
            flash(_("Dieser Schritt ist im aktuellen Status nicht möglich."), "error")
            return redirect(url_for("staff.case", case_id=item.id))
        if withdrawn:  # the lead's links die with the forwarding
            now = utcnow()
            for link in item.forward_links:
                forwarding.revoke(db.session, link, current_user(), now)
        db.session.commit()
        flash(_("Status geändert."), "ok")
        return _back(item)
    flash(_("Dieser Schritt ist im aktuellen Status nicht möglich."), "error")
    return redirect(url_for("staff.case", case_id=item.id))


@bp.post("/cases/<id:case_id>/hand-off")
def hand_off(case_id: int) -> ResponseReturnValue:
    """A reaction that is not KRM goes to the office responsible; where it went is recorded."""
    item = work_or_404(case_id)
    form = HandOffForm()
    if not form.validate():
        return render_submission(item, 422, hand_off_form=form)
    try:
        cases.hand_off(db.session, item, current_user(), form.destination.data, today=date.today())
    except workflow.TransitionError:
        flash(_("Dieser Schritt ist im aktuellen Status nicht möglich."), "error")
        return redirect(url_for("staff.case", case_id=item.id))
    db.session.commit()
    flash(_("Abgegeben an: %(where)s", where=item.handoff_to), "ok")
    return _back(item)


@bp.post("/cases/<id:case_id>/assign")
def assign(case_id: int) -> ResponseReturnValue:
    """Give the case to a colleague, or to oneself ("Mir zuweisen", key `a`).

    "Mir zuweisen" is its own button name (`to_me`): sharing the dropdown's field name sent
    `assignee=&assignee=me`, and the empty dropdown won.
    """
    item = work_or_404(case_id)
    form = AssignForm()
    form.assignee.choices = [*_assignees(), SelectChoice("me", "me")]  # "me": scripts, old pages
    if form.validate():
        user = current_user()
        if form.to_me.data or form.assignee.data == "me":
            assignee = user
        else:
            ident = parse_id(form.assignee.data or "", bits=32)
            assignee = db.session.get(User, ident) if ident else None
        cases.assign(db.session, item, user, assignee)
        db.session.commit()
        flash(_("Zuständigkeit gespeichert."), "ok")
    return _back(item)


@bp.post("/cases/<id:case_id>/restrict")
def restrict(case_id: int) -> ResponseReturnValue:
    """Route a case to the anti-corruption officer (hidden from everyone else), or release it."""
    item = work_or_404(case_id)
    form = FlagForm()
    if form.validate():
        restricted = form.value.data == "1"
        cases.set_restricted(db.session, item, current_user(), restricted)
        db.session.commit()
        if restricted and _user().role != "anti_corruption":
            flash(
                _(
                    "An die Antikorruptionsstelle abgegeben. "
                    "Der Fall ist für Sie nicht mehr sichtbar."
                ),
                "ok",
            )
            return redirect(url_for("staff.inbox"))
        flash(_("Gespeichert."), "ok")
        if not restricted and _user().role == "anti_corruption":
            return redirect(url_for("staff.inbox"))
    return redirect(url_for("staff.case", case_id=item.id))


@bp.post("/cases/<id:case_id>/acknowledge")
def acknowledge(case_id: int) -> ResponseReturnValue:
    """Record the acknowledgement: sent outside the app (e.g. by phone), or on the status page.

    A sender with only a receipt code reads it on the status page; without a code that
    way does not exist, so it is refused.
    """
    item = work_or_404(case_id)
    form = AcknowledgeForm()
    if form.validate():
        on_status_page = form.channel.data == "receipt"
        if on_status_page and item.receipt_hash is None:
            flash(_("Dieser Schritt ist im aktuellen Status nicht möglich."), "error")
            return redirect(url_for("staff.case", case_id=item.id))
        cases.acknowledge(
            db.session, item, current_user(), today=date.today(), channel=form.channel.data
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
    return redirect(url_for("staff.case", case_id=item.id))


@bp.route("/cases/new", methods=["GET", "POST"])
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
            contact=form.contact(),
            first_followup_on=form.first_followup_on.data,
            committee_deadline=form.committee_deadline.data,
        )
        audit.record(db.session, current_user(), "staff_entry", case_id=row.id)
        db.session.commit()
        if row.restricted and _user().role != "anti_corruption":
            flash(
                _(
                    "Gespeichert. Der Text enthält Hinweise auf Korruption; "
                    "der Fall ging an die Antikorruptionsstelle."
                ),
                "ok",
            )
            return redirect(url_for("staff.case_new"))
        flash(_("Kundenreaktion erfasst."), "ok")
        return redirect(url_for("staff.case", case_id=row.id))
    status = 422 if form.errors else 200
    return render_template("staff/case_new.html", form=form), status
