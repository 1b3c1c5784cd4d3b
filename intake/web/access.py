"""Who may open what, decided in one place: deny by default.

Every endpoint needs a logged-in staff member with a role listed for it, unless it is on
the short allow-list of public endpoints (as SecureDrop's `_insecure_views`). A new
back-office route is therefore closed until someone adds it to `ROLES_BY_ENDPOINT` (a test
walks every route with every role).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Flask, abort, current_app, g, redirect, request, session, url_for
from werkzeug.wrappers import Response

from intake.accounts import sessions
from intake.models import StaffSession, User, utcnow
from intake.web.extensions import db

ROLES = ("officer", "team_lead", "management", "anti_corruption", "service", "admin")
ROLE_LABELS = {
    "officer": "KRM-Beauftragte/r",
    "team_lead": "Teamleitung",
    "management": "Geschäftsführung",
    "anti_corruption": "Antikorruptionsbeauftragte/r",
    "service": "Service-Team",
    "admin": "Administration",
}

# "forward": the team lead's expiring link (intake.forward_link.views) is its own credential.
PUBLIC_BLUEPRINTS = frozenset({"public", "forward"})
PUBLIC_ENDPOINTS = frozenset({"static", "staff.login"})
# The second step of a login: open only to a pending half-login (password right, code not
# yet given), which grants nothing else. No role opens them once logged in (see below).
HALF_LOGIN_ENDPOINTS = frozenset({"staff.login_code", "staff.login_enrol"})
# The cookie's keys: the server-side session id, and the half-login between the two steps.
SESSION_ID = "sid"
PENDING_LOGIN = "pending_login"
PENDING_LOGIN_SECONDS = 600

# Which cases a role sees within these pages is narrowed per row by `intake.triage.cases.visible`
# and `intake.triage.cases.can_see` (corruption hints: anti-corruption only; leads: own office).
INBOX = frozenset({"officer", "admin", "anti_corruption"})
WORK = INBOX  # change a case: classify, forward, answer, …
SEE_CASE = WORK | {"management", "team_lead"}
KRM_DESK = frozenset({"officer", "admin"})
PRINTING = frozenset({"service", "admin"})
ROLES_BY_ENDPOINT: dict[str, frozenset[str]] = {
    "staff.logout": frozenset(ROLES),
    "staff.login_code": frozenset(),  # only a half-login, never a complete one
    "staff.login_enrol": frozenset(),
    "staff.home": frozenset(ROLES),
    "staff.inbox": INBOX,
    "staff.case": SEE_CASE,
    "staff.mark_spam": WORK,
    "staff.review_reply": KRM_DESK,
    "staff.review_reply_delete": KRM_DESK,
    "staff.paper_cards": KRM_DESK,
    "staff.cards": PRINTING,
    "staff.cards_preview": PRINTING,
    "staff.cards_print": PRINTING,
    "staff.card_request_done": PRINTING,
    "staff.cards_batches": frozenset({"service", "admin", "officer", "management"}),
    "staff.card_request_new": frozenset({"team_lead", "admin"}),
    # triage (intake.backoffice.cases.views)
    "staff.case_new": KRM_DESK,
    "staff.classify": WORK,
    "staff.transition": WORK,
    "staff.assign": WORK,
    "staff.hand_off": WORK,
    "staff.restrict": WORK,
    "staff.acknowledge": WORK,
    # forwarding to team leads (intake.backoffice.forwarding.views)
    "staff.forward": WORK,
    "staff.forward_revoke": WORK,
    "staff.lead_cases": frozenset({"team_lead"}),
    "staff.lead_statement": frozenset({"team_lead"}),
    # answers and their templates (intake.backoffice.answers.views)
    "staff.answer": WORK,
    "staff.answer_letter": WORK,
    "staff.templates": KRM_DESK,
    "staff.template_edit": KRM_DESK,
    # measures (intake.backoffice.measures.views)
    "staff.measures": frozenset({"officer", "admin", "management"}),
    "staff.measure_new": WORK,
    "staff.measure_edit": WORK,
    # risk, hints and reports (intake.backoffice.reports.views)
    "staff.high_risk": frozenset({"management", "officer"}),
    "staff.hint_stats": frozenset({"officer", "admin", "management"}),
    "staff.reports": frozenset({"officer", "management"}),
    "staff.report_export": frozenset({"officer", "management"}),
    # administration (intake.backoffice.admin.views)
    "staff.admin_users": frozenset({"admin"}),
    "staff.admin_user": frozenset({"admin"}),
    "staff.admin_offices": frozenset({"admin"}),
    "staff.admin_settings": frozenset({"admin"}),
}


def current_user() -> User | None:
    """The logged-in staff member of this request, if any."""
    if "current_user" not in g:
        g.current_user = _load_user()
    user: User | None = g.current_user
    return user


def clock() -> datetime:
    """Now, for sessions and logins (tests move it instead of sleeping)."""
    return utcnow()


def session_limits() -> sessions.Limits:
    """Idle timeout and absolute lifetime of a staff session, from the settings."""
    config = current_app.config
    return sessions.Limits(
        idle=timedelta(minutes=int(config["SESSION_IDLE_MINUTES"])),
        lifetime=timedelta(minutes=int(config["SESSION_LIFETIME_MINUTES"])),
    )


def current_session() -> StaffSession | None:
    """The server-side session of this request's logged-in user, if any."""
    current_user()
    row: StaffSession | None = g.get("staff_session")
    return row


def _load_user() -> User | None:
    """The user of a valid server-side session; an ended one clears the cookie."""
    token = session.get(SESSION_ID)
    if not isinstance(token, str):
        return None
    row = sessions.find(db.session, token)
    now = clock()
    user = db.session.get(User, row.user_id) if row is not None else None
    if (
        row is None
        or user is None
        or not user.active
        or not sessions.is_valid(row, now, session_limits())
    ):
        session.clear()
        return None
    if sessions.touch(row, now):
        db.session.commit()  # at most once a minute: the idle timeout counts from here
    g.staff_session = row
    return user


def pending_user() -> User | None:
    """The user of a valid half-login (password right, second factor still to come)."""
    pending = session.get(PENDING_LOGIN)
    if not isinstance(pending, dict):
        return None
    user_id, started, version = pending.get("uid"), pending.get("at"), pending.get("v")
    if not isinstance(user_id, int) or not isinstance(started, int | float):
        return None
    if not 0 <= clock().timestamp() - started < PENDING_LOGIN_SECONDS:
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active or user.session_version != version:
        return None
    return user


def is_public(endpoint: str | None, blueprint: str | None) -> bool:
    """Endpoints anyone may open (no login)."""
    return endpoint is None or endpoint in PUBLIC_ENDPOINTS or blueprint in PUBLIC_BLUEPRINTS


def allowed(role: str, endpoint: str) -> bool:
    """Whether a role may open an endpoint; unknown endpoints are closed."""
    return role in ROLES_BY_ENDPOINT.get(endpoint, frozenset())


def enforce() -> Response | None:
    """before_request: redirect strangers to the login, refuse the wrong roles."""
    if is_public(request.endpoint, request.blueprint):
        return None
    if request.endpoint in HALF_LOGIN_ENDPOINTS and pending_user() is not None:
        return None
    user = current_user()
    if user is None:
        return redirect(url_for("staff.login", next=request.full_path.rstrip("?")))
    if request.endpoint is None or not allowed(user.role, request.endpoint):
        abort(403)
    return None


def init_app(app: Flask) -> None:
    """Register the gate before every request."""
    app.before_request(enforce)
    app.context_processor(
        lambda: {"current_user": current_user(), "role_labels": ROLE_LABELS, "can": can}
    )


def can(endpoint: str) -> bool:
    """Whether the logged-in user may open an endpoint (for menus and links)."""
    user = current_user()
    return user is not None and allowed(user.role, endpoint)
