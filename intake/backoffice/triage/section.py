"""The triage part of the case page: the forms for classifying, handing off, assigning and
moving the case on, filled with its current values; and its trail.

Apart from the views so that `intake.backoffice.cases.sections` can list it without importing
the views (which render the case page again on a form error).
"""

from __future__ import annotations

from typing import Any

from flask import request
from wtforms import SelectChoice

from intake.backoffice.triage.forms import (
    AssignForm,
    ClassifyForm,
    FlagForm,
    HandOffForm,
    TransitionForm,
)
from intake.models import Case
from intake.triage import cases, rules, workflow
from intake.triage import trail as case_trail
from intake.web.extensions import db

# Transitions with their own form elsewhere on the page (forward, answer, statement, hand-off).
OWN_FORMS = frozenset(("forwarded", "answered", "statement", "handed_off"))


def assignees() -> list[SelectChoice]:
    """The assign form's choices for this request's case (`intake.triage.cases.assignees`)."""
    case = db.session.get(Case, (request.view_args or {}).get("case_id", 0))
    workers = cases.assignees(db.session, case) if case is not None else []
    return [SelectChoice("", "–"), *(SelectChoice(str(user.id), user.email) for user in workers)]


def triage_forms(case: Case) -> dict[str, Any]:
    """The triage forms of the case page, filled with the case's current values."""
    classify_form = ClassifyForm(formdata=None)
    classify_form.kind.data, classify_form.about_conduct.data = cases.preselection(case)
    classify_form.justified.data = "" if case.justified is None else str(int(case.justified))
    classify_form.justified_reason.data = case.justified_reason or ""
    classify_form.first_followup_on.data = case.first_followup_on
    classify_form.committee_deadline.data = case.committee_deadline
    hand_off_form = HandOffForm(formdata=None)
    handoff = rules.NON_KRM_KINDS.get(case.krm_kind or case.suggested_kind or "")
    hand_off_form.destination.data = case.handoff_to or (handoff.destination if handoff else "")
    assign_form = AssignForm(formdata=None)
    assign_form.assignee.choices = assignees()
    assign_form.assignee.data = str(case.assignee_id or "")
    return {
        "classify_form": classify_form,
        "hand_off_form": hand_off_form,
        "assign_form": assign_form,
        "flag_form": FlagForm(formdata=None),
        "transition_form": TransitionForm(formdata=None),
        # new → triaged happens by classifying; the other steps get a button each.
        "next_states": [
            s
            for s in workflow.next_states(case.status)
            if s not in OWN_FORMS and not (case.status == "new" and s == "triaged")
        ],
        "can_hand_off": "handed_off" in workflow.next_states(case.status),
    }


def trail(case: Case) -> dict[str, Any]:
    """The case's trail ("Verlauf"), as `intake.triage.trail` words it."""
    return case_trail.trail_context(db.session, case)
