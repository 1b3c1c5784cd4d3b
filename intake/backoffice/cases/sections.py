"""The case page's sections, listed once, in the order the page is built.

Each section takes the case and returns the template values of its part of
`templates/staff/case.html`; the areas define their own (`<area>/section.py`) and this tuple
is the only place that assembles them. Two sections naming the same value is a mistake (one
would silently win), so `collect` refuses it. A view re-rendering the page after a form error
passes its bound form to `render_case`, which alone may override a section's value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any

from flask import request

from intake import audit
from intake.backoffice.answers.section import answer_context
from intake.backoffice.cases.lookup import list_filters, staff_user, today_window
from intake.backoffice.forwarding.section import forward_context
from intake.backoffice.measures.section import case_extras
from intake.backoffice.reviews.section import review_context
from intake.backoffice.triage.section import trail, triage_forms
from intake.models import Case
from intake.privacy import needtoknow
from intake.roles import Role
from intake.triage import inbox
from intake.web.extensions import db

Section = Callable[[Case], Mapping[str, Any]]


class SectionClash(RuntimeError):
    """Two sections of the case page return the same template value."""


def neighbours(case: Case) -> dict[str, Any]:
    """The cases before and after this one in the list the user came from.

    Management steps only through its own list (high risk), not through every case.
    """
    user = staff_user()
    filters = list_filters(request.args)
    if user.role == Role.MANAGEMENT:
        filters = replace(filters, high_risk=True)
    return {"neighbours": inbox.neighbours(db.session, case, filters, user, today_window())}


def contact_data(case: Case) -> dict[str, Any]:
    """Contact data by need to know (`intake.privacy.needtoknow`); management's requests are
    audited."""
    user = staff_user()
    access = needtoknow.contact_access(user, case)
    shown = access is needtoknow.ContactAccess.SHOWN
    # A link on another site (Sec-Fetch-Site: cross-site) cannot open the contact data in a
    # logged-in browser and write the audit event in the user's name: the page shows its link.
    asked = (
        request.args.get("kontakt") == "1"
        and request.headers.get("Sec-Fetch-Site", "same-origin") != "cross-site"
        and access is needtoknow.ContactAccess.ON_REQUEST
    )
    if asked:
        if request.method == "GET":  # each request is one audit event
            audit.record(db.session, user, needtoknow.CONTACT_VIEW, case_id=case.id)
            db.session.commit()
        shown = True
    return {"contact_access": access.value, "contact_shown": shown}


SECTIONS: tuple[Section, ...] = (
    neighbours,  # the case's own: where the list goes on
    contact_data,  # the case's own: the sender's contact data, by need to know
    triage_forms,  # intake.backoffice.triage
    forward_context,  # intake.backoffice.forwarding
    answer_context,  # intake.backoffice.answers
    case_extras,  # intake.backoffice.measures
    review_context,  # intake.backoffice.reviews
    trail,  # intake.backoffice.triage: the case's history
)


def collect(
    case: Case, sections: Iterable[Section] = SECTIONS, base: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """`base` and every section's values in one mapping; a name given twice is an error."""
    context: dict[str, Any] = dict(base or {})
    for section in sections:
        part = section(case)
        clash = context.keys() & part.keys()
        if clash:
            name = f"{section.__module__}.{section.__qualname__}"
            raise SectionClash(f"{name} repeats {', '.join(sorted(clash))}")
        context.update(part)
    return context
