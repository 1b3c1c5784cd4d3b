"""The forwarding part of the case page: the links to team leads and their state, and the
forms this user may use (forward, revoke, or as the lead: the statement).

Apart from the views so that `intake.backoffice.cases.sections` can list it without importing
the views (which render the case page again on a form error).
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from intake.backoffice.forwarding.forms import ForwardForm, RevokeForm
from intake.forwarding import services as forwarding
from intake.models import Case, utcnow
from intake.triage import cases
from intake.web.access import current_user
from intake.web.extensions import db
from intake.web.forms import StatementForm

LINK_STATE_LABELS = {
    forwarding.OPEN: _l("offen"),
    forwarding.ANSWERED: _l("beantwortet"),
    forwarding.EXPIRED: _l("abgelaufen"),
    forwarding.REVOKED: _l("widerrufen"),
}


def lead_choices(case: Case) -> list[SelectChoice]:
    """The team leads of the case's office, after an empty "please choose"."""
    leads = forwarding.lead_recipients(db.session, case.office_id)
    return [SelectChoice("", _("– bitte wählen –"))] + [
        SelectChoice(lead.email, lead.email) for lead in leads
    ]


def forward_form(case: Case) -> ForwardForm:
    """An empty forward form with the office's leads to choose from."""
    form = ForwardForm(formdata=None)
    form.forward_lead.choices = lead_choices(case)
    if len(form.forward_lead.choices) == 2:
        form.forward_lead.data = form.forward_lead.choices[1].value  # the office's only lead
    return form


def forward_context(case: Case) -> dict[str, Any]:
    """The case page's forwarding section: links, and the forms this user may use."""
    user = current_user()
    if user is None:
        return {}
    now = utcnow()
    workable = cases.can_work(user, case)
    is_lead = user.role == forwarding.LEAD_ROLE and cases.can_see(user, case)
    return {
        "forward_links": list(case.forward_links),
        "forward_states": {link.id: forwarding.state(link, now) for link in case.forward_links},
        "forward_state_labels": LINK_STATE_LABELS,
        "forward_form": (
            forward_form(case) if workable and not (case.restricted or case.is_spam) else None
        ),
        "revoke_form": RevokeForm(formdata=None) if workable else None,
        "statement_form": StatementForm(formdata=None) if is_lead else None,
    }
