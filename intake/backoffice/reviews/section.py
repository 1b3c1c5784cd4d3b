"""The Google review part of the case page: the review, the reply editor and its templates.

Apart from the views so that `intake.backoffice.cases.sections` can list it without importing
the views (which render the case page again when Google fails).
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_babel import lazy_gettext as _l

from intake import reviews
from intake.backoffice.reviews.forms import DeleteReplyForm, ReplyForm, reply_bytes
from intake.models import Case
from intake.reviews.google import MAX_REPLY_BYTES

TEMPLATE_LABELS = {
    "apology": _l("Bedauern (1–2 Sterne)"),
    "neutral": _l("Neutral (3 Sterne)"),
    "thanks": _l("Dank (4–5 Sterne)"),
}


def _template_text(key: str, found: Case) -> str:
    config = current_app.config
    return reviews.reply_template(
        key,
        office=found.office.name if found.office else "",
        operator=config["OPERATOR_NAME"],
        contact=config["OPERATOR_EMAIL"],
    )


def review_context(found: Case) -> dict[str, Any]:
    """What the case page needs for a Google review: facts, reply editor, templates."""
    row = found.google_review
    if row is None:
        return {}
    chosen = request.args.get("template", "")
    key = chosen if chosen in reviews.REPLY_TEMPLATES else None
    form = ReplyForm(formdata=None)
    if key is None and row.reply_comment:
        form.comment.data = row.reply_comment
    else:
        form.comment.data = _template_text(
            key or reviews.template_for_rating(row.star_rating), found
        )
    return {
        "review": row,
        "reply_form": form,
        "delete_form": DeleteReplyForm(formdata=None),
        "reply_templates": TEMPLATE_LABELS,
        "template_key": key or reviews.template_for_rating(row.star_rating),
        "reply_bytes": reply_bytes(form.comment.data),
        "reply_limit": MAX_REPLY_BYTES,
        "google_configured": bool(current_app.config.get("GOOGLE_CREDENTIALS")),
        "reply_error": None,
    }
