"""The answering part of the case page: the ways to answer the sender, and who called.

Apart from the views so that `intake.backoffice.cases.sections` can list it without importing
the views.
"""

from __future__ import annotations

from typing import Any

from intake.answers import services as answers
from intake.backoffice.answers.forms import CHANNEL_LABELS
from intake.models import Case
from intake.triage import cases
from intake.web.access import current_user
from intake.web.extensions import db


def answer_context(found: Case) -> dict[str, Any]:
    """What the case page shows about answering (templates/staff/_answer.html)."""
    channels = answers.channels_for(found)
    call = answers.call_of(db.session, found)
    return {
        "answer_channels": channels,
        "answer_channel_labels": CHANNEL_LABELS,
        "answer_call_by": call.user.email if call and call.user else None,
        "answer_may_send": bool(channels) and cases.can_work(current_user(), found),
        "answer_management_signed": cases.provisional_kind(found) in answers.MANAGEMENT_SIGNED,
    }
