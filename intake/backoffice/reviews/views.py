"""Back office: the Google review on a case's page, and replying to it.

Each view declares its roles (`intake.web.access.roles`; replying: officer and admin).
Publishing and deleting go to Google first and are stored only once a re-read shows them
(`intake.reviews.replies`); when Google fails, the page says so in the officer's language,
keeps the text, and nothing is stored as published.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from intake import audit, reviews
from intake.backoffice.cases.views import render_case
from intake.backoffice.reviews.forms import DeleteReplyForm, ReplyForm, reply_bytes
from intake.models import Case, GoogleReview
from intake.reviews.google import (
    AuthenticationFailed,
    CredentialsError,
    GoogleApiError,
    GoogleError,
    NotFound,
    PermissionDenied,
    RateLimited,
    ReviewsClient,
)
from intake.triage import cases, workflow
from intake.web import settings
from intake.web.access import KRM_DESK, current_user, roles
from intake.web.extensions import db

bp = Blueprint("reviews", __name__)


def _review_or_404(case_id: int) -> tuple[Case, GoogleReview]:
    found = db.session.get(Case, case_id)
    if found is None or found.google_review is None or not cases.can_work(current_user(), found):
        abort(404)
    return found, found.google_review


def _client() -> ReviewsClient:
    return reviews.client_from_config(current_app.config, interactive=True)


def _problem(error: Exception) -> str:
    """What went wrong, for the officer (Google's own text follows where it helps)."""
    if isinstance(error, CredentialsError | AuthenticationFailed | ValueError):
        return str(
            _(
                "Die Verbindung zu Google ist nicht eingerichtet oder abgelaufen. Bitte wenden "
                "Sie sich an die Administration."
            )
        )
    if isinstance(error, PermissionDenied):
        return str(_("Google verweigert den Zugriff auf diesen Standort."))
    if isinstance(error, RateLimited):
        return str(
            _(
                "Google nimmt gerade keine weiteren Anfragen an. Bitte versuchen Sie es in "
                "einigen Minuten noch einmal."
            )
        )
    if isinstance(error, NotFound):
        return str(
            _("Diese Rezension gibt es auf Google nicht mehr; sie ist jetzt als gelöscht markiert.")
        )
    if isinstance(error, reviews.ReplyFailed):
        return str(
            _(
                "Google hat die Änderung nicht bestätigt. Der nächste Abgleich zeigt, was Google "
                "anzeigt."
            )
        )
    return str(_("Google ist gerade nicht erreichbar oder hat einen Fehler gemeldet."))


def _failed(
    found: Case, error: Exception, action: str, headline: str, form: ReplyForm | None
) -> ResponseReturnValue:
    """Undo what was not confirmed, note the attempt, show the page with a friendly error."""
    if isinstance(error, NotFound):
        db.session.commit()  # keeps the "deleted on Google" mark, nothing else changed
    else:
        db.session.rollback()
    current_app.logger.warning("google %s failed: %s", action, error)
    detail = error.google_message if isinstance(error, GoogleApiError) else None
    audit.record(
        db.session,
        current_user(),
        f"{action}_failed",
        case_id=found.id,
        detail=type(error).__name__,
    )
    db.session.commit()
    extra: dict[str, Any] = {"reply_error": (headline, _problem(error), detail)}
    if form is not None:
        extra.update(reply_form=form, reply_bytes=reply_bytes(form.comment.data))
    return render_case(found, 502, **extra)


@bp.post("/cases/<id:case_id>/reply", endpoint="reply")
@roles(*KRM_DESK)
def review_reply(case_id: int) -> ResponseReturnValue:
    """Publish or change the public reply; stored once Google shows it."""
    found, row = _review_or_404(case_id)
    form = ReplyForm()
    if row.deleted:
        flash(
            _("Diese Rezension ist auf Google gelöscht; Antworten ist nicht mehr möglich."), "error"
        )
        return redirect(url_for("staff.cases.case", case_id=found.id))
    if not form.validate():
        return render_case(found, 422, reply_form=form, reply_bytes=reply_bytes(form.comment.data))
    action = "google_reply_update" if row.reply_comment else "google_reply_publish"
    try:
        reviews.publish_reply(db.session, _client(), row, form.comment.data or "")
    except (GoogleError, reviews.ReplyFailed, ValueError) as exc:
        headline = _("Die Antwort wurde nicht veröffentlicht.")
        return _failed(found, exc, action, headline, form)
    audit.record(
        db.session,
        current_user(),
        action,
        case_id=found.id,
        detail=f"{reply_bytes(row.reply_comment)} bytes",
    )
    if found.status in workflow.OPEN_STATES:  # the public reply is the answer (RL Nr. 2)
        found.answer_channel = "google"
        cases.advance(
            db.session,
            found,
            "answered",
            current_user(),
            today=date.today(),
            rule_profile=settings.rule_profile(),
        )
    db.session.commit()
    flash(_("Die Antwort ist auf Google veröffentlicht."), "ok")
    return redirect(url_for("staff.cases.case", case_id=found.id, _anchor="google-reply"))


@bp.post("/cases/<id:case_id>/reply/delete", endpoint="reply_delete")
@roles(*KRM_DESK)
def review_reply_delete(case_id: int) -> ResponseReturnValue:
    """Delete the public reply; stored once Google no longer shows it."""
    found, row = _review_or_404(case_id)
    if not DeleteReplyForm().validate() or not row.reply_comment:
        return redirect(url_for("staff.cases.case", case_id=found.id))
    try:
        reviews.delete_reply(db.session, _client(), row)
    except (GoogleError, reviews.ReplyFailed, ValueError) as exc:
        headline = _("Die Antwort wurde nicht gelöscht.")
        return _failed(found, exc, "google_reply_delete", headline, None)
    audit.record(db.session, current_user(), "google_reply_delete", case_id=found.id)
    db.session.commit()
    flash(_("Die Antwort ist auf Google gelöscht."), "ok")
    return redirect(url_for("staff.cases.case", case_id=found.id, _anchor="google-reply"))
