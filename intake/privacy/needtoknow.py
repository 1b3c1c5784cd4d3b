"""Need to know: who sees a sender's contact data on a case page.

The roles that answer senders see contact data: the KRM officer and the admin, and the
anti-corruption officer on the cases only they see. Team leads never do (the statement goes
to the KRM officer, who answers). Management reads cases for oversight and needs contact
data only where its task needs it: signing a formal answer (Dienstaufsichtsbeschwerde,
Eingabe, Petition; `answers.MANAGEMENT_SIGNED`). There it is shown on request, and each
request is audited ("contact_view"). Everyone else sees no contact data at all.
"""

from __future__ import annotations

from enum import Enum

from intake.answers import services as answers
from intake.models import Case, User
from intake.roles import Role
from intake.triage import cases

ANSWERING_ROLES = frozenset((Role.OFFICER, Role.ADMIN))
CONTACT_VIEW = "contact_view"  # the audit action of a management request


class ContactAccess(Enum):
    """How a user may see a case's contact data."""

    SHOWN = "shown"  # answers the sender: always shown
    ON_REQUEST = "on_request"  # a task needs it: shown after an audited request
    HIDDEN = "hidden"


def contact_access(user: User | None, case: Case) -> ContactAccess:
    """Whether `user` sees the sender's contact data on this case (can_see is checked before)."""
    if user is None or not cases.can_see(user, case):
        return ContactAccess.HIDDEN
    if user.role in ANSWERING_ROLES or (user.role in cases.RISK_ROLES and case.restricted):
        return ContactAccess.SHOWN
    if user.role == Role.MANAGEMENT and cases.provisional_kind(case) in answers.MANAGEMENT_SIGNED:
        return ContactAccess.ON_REQUEST
    return ContactAccess.HIDDEN
