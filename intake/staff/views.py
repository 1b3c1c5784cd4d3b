"""Back-office views: login, logout, the inbox and a submission's page.

Access is decided in `intake.access` for every endpoint; nothing here checks it again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from intake import audit, inbox, offices, workflow
from intake.access import can, current_user
from intake.extensions import db, limiter
from intake.models import AuditEvent, Submission
from intake.public.forms import KIND_LABELS
from intake.ratelimit import config_limit, hashed_client
from intake.staff.auth import authenticate, normalize_email
from intake.staff.forms import LoginForm, SpamForm
from intake.submissions import KINDS

bp = Blueprint("staff", __name__, url_prefix="/staff")
STATUSES = workflow.STATES
# Where each role starts: the first of these it may open.
START_PAGES = (
    "staff.inbox",
    "staff.lead_cases",
    "staff.high_risk",
    "staff.cards",
    "staff.card_request_new",
    "staff.cards_batches",
)
# Other modules add to a submission's page: each gets the submission, returns template values.
DETAIL_EXTRAS: list[Callable[[Submission], dict[str, Any]]] = []
REPLIED = {"1": True, "0": False}


def _login_failed(response: Response) -> bool:
    return response.status_code != 302


def _account_key() -> str:
    """Failed logins count per account too (hashed: the store never sees the address)."""
    email = normalize_email(request.form.get("email", ""))
    return "acct:" + hashed_client(email, current_app.config["SECRET_KEY"], "accounts")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: config_limit("RATELIMIT_LOGIN_CLIENT"), methods=["POST"])
@limiter.limit(
    lambda: config_limit("RATELIMIT_LOGIN_ACCOUNT"),
    methods=["POST"],
    key_func=_account_key,
    deduct_when=_login_failed,
    scope="login-account",
)
def login() -> ResponseReturnValue:
    """Staff login; one message for every failure."""
    form = LoginForm()
    if request.method == "POST" and form.validate():
        user = authenticate(db.session, form.email.data or "", form.password.data or "")
        if user is not None:
            session.clear()
            session.permanent = True
            session["user_id"], session["session_version"] = user.id, user.session_version
            audit.record(db.session, user, "login")
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors = [_("E-Mail-Adresse oder Passwort ist falsch.")]
        return render_template("staff/login.html", form=form), 401
    return render_template("staff/login.html", form=form)


def _safe_next(target: str | None) -> str:
    """Only follow `next` to our own back office (no open redirect)."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and parts.path.startswith("/staff/"):
            return target
    return url_for("staff.home")


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """Logout by POST only."""
    audit.record(db.session, current_user(), "logout")
    db.session.commit()
    session.clear()
    return redirect(url_for("staff.login"))


@bp.get("/")
def home() -> ResponseReturnValue:
    """The start page: the inbox for those who may see it."""
    for endpoint in START_PAGES:
        if can(endpoint):
            return redirect(url_for(endpoint))
    return render_template("staff/home.html")


def _filters() -> inbox.Filters:
    args = request.args
    office = args.get("office", "")
    return inbox.Filters(
        office_id=int(office) if office.isdigit() else None,
        kind=args.get("kind") if args.get("kind") in KINDS else None,
        status=args.get("status") if args.get("status") in STATUSES else None,
        spam=args.get("spam") == "1",
        replied=REPLIED.get(args.get("replied", "")),
    )


@bp.get("/inbox", endpoint="inbox")
def inbox_view() -> ResponseReturnValue:
    """Submissions, newest first, with filters and keyset pagination."""
    filters = _filters()
    result = inbox.page(db.session, filters, inbox.Cursor.decode(request.args.get("after")))
    return render_template(
        "staff/inbox.html",
        page=result,
        filters=filters,
        offices=offices.all_offices(db.session),
        kinds=KINDS,
        kind_labels=KIND_LABELS,
        statuses=STATUSES,
        first_line=inbox.first_line,
    )


def _submission_or_404(submission_id: int) -> Submission:
    found = db.session.get(Submission, submission_id)
    if found is None:
        abort(404)
    return found


@bp.get("/submissions/<int:submission_id>")
def submission(submission_id: int) -> ResponseReturnValue:
    """One submission with its contact data (if given) and its history."""
    found = _submission_or_404(submission_id)
    audit.record(db.session, current_user(), "view", submission_id=found.id)
    db.session.commit()
    return render_submission(found)


def render_submission(found: Submission, status: int = 200, **extra: Any) -> ResponseReturnValue:
    """A submission's page; `extra` overrides what `DETAIL_EXTRAS` contribute."""
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.submission_id == found.id)
        .order_by(AuditEvent.at.desc())
        .limit(50)
    )
    context: dict[str, Any] = {
        "item": found,
        "events": list(events),
        "kind_labels": KIND_LABELS,
        "spam_form": SpamForm(),
    }
    for contribute in DETAIL_EXTRAS:
        context.update(contribute(found))
    context.update(extra)
    return render_template("staff/submission.html", **context), status


@bp.post("/submissions/<int:submission_id>/spam")
def mark_spam(submission_id: int) -> ResponseReturnValue:
    """Move a submission into or out of the spam folder."""
    found = _submission_or_404(submission_id)
    form = SpamForm()
    if form.validate():
        found.is_spam = form.spam.data == "1"
        found.spam_reason = "officer" if found.is_spam else None
        action = "mark_spam" if found.is_spam else "mark_not_spam"
        audit.record(db.session, current_user(), action, submission_id=found.id)
        db.session.commit()
    return redirect(url_for("staff.submission", submission_id=found.id))
