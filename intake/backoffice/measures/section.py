"""The measures part of the case page: the case's measures, and the form to add one.

Apart from the views so that `intake.backoffice.cases.sections` can list it without importing
the views (which render the case page again on a form error).
"""

from __future__ import annotations

from typing import Any

from intake.backoffice.measures.forms import PREFIX, STATUS_LABELS, MeasureForm
from intake.measures import services as measures
from intake.models import Case
from intake.triage import cases
from intake.web.access import current_user
from intake.web.extensions import db


def case_extras(case: Case) -> dict[str, Any]:
    """The case page's measures and, for those who may change the case, the form to add one."""
    can_add = cases.can_work(current_user(), case)
    return {
        "measure_form": MeasureForm(formdata=None, prefix=PREFIX) if can_add else None,
        "case_measures": measures.for_case(db.session, case.id),
        "measure_status_labels": STATUS_LABELS,
    }
