"""Back-office views: the start page, the inbox and a submission's page (login: `login_views`).

Access is decided in `intake.web.access` for every endpoint; nothing here checks it again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    abort,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from intake import audit
from intake.backoffice.forms import SpamForm
from intake.models import AuditEvent, Case, User
from intake.offices import services as offices
from intake.params import parse_id
from intake.public.forms import KIND_LABELS
from intake.reception.services import KINDS
from intake.triage import cases, deadlines, inbox, rules, workflow
from intake.web.access import can, current_user
from intake.web.extensions import db

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
# Other modules add to a submission's page: each gets the case, returns template values.
DETAIL_EXTRAS: list[Callable[[Case], dict[str, Any]]] = []
REPLIED = {"1": True, "0": False}
DUE_SOON_WORKING_DAYS = 2


@bp.get("/")
def home() -> ResponseReturnValue:
    """The start page: the inbox for those who may see it."""
    for endpoint in START_PAGES:
        if can(endpoint):
            return redirect(url_for(endpoint))
    return render_template("staff/home.html")


def _filters(args: Mapping[str, str]) -> inbox.Filters:
    office, status = args.get("office", ""), args.get("status", "")
    krm = args.get("krm", "")
    return inbox.Filters(
        office_id=parse_id(office, bits=32),
        kind=args.get("kind") if args.get("kind") in KINDS else None,
        krm_kind=krm if krm in cases.ALL_KINDS or krm == inbox.UNCLASSIFIED else None,
        status=status if status in STATUSES else None,
        # The Google reply filters look at every review, answered ones included.
        open_only=status != "all" and args.get("replied", "") not in REPLIED,
        spam=args.get("spam") == "1",
        replied=REPLIED.get(args.get("replied", "")),
        due=args.get("due") if args.get("due") in inbox.DUE_VIEWS else None,
        high_risk=args.get("risk") == "1",
        assignee_id=_me() if args.get("mine") == "1" else None,
    )


def _me() -> int | None:
    user = current_user()
    return user.id if user else None


def today_window() -> inbox.Today:
    """Today, and the last day of "due within 2 working days" in the profile's state."""
    today = date.today()
    state = cases.profile().state
    return inbox.Today(today, deadlines.working_days_after(today, DUE_SOON_WORKING_DAYS, state))


def _user() -> User:
    user = current_user()
    if user is None:  # access.enforce has let only logged-in users through
        abort(403)
    return user


@bp.get("/inbox", endpoint="inbox")
def inbox_view() -> ResponseReturnValue:
    """Cases, newest first (or most urgent first), with filters and keyset pagination."""
    filters = _filters(request.args)
    when = today_window()
    result = inbox.page(
        db.session,
        filters,
        inbox.Cursor.decode(request.args.get("after")),
        user=_user(),
        when=when,
    )
    return render_template(
        "staff/inbox.html",
        page=result,
        filters=filters,
        query=inbox_query(filters),
        when=when,
        offices=offices.all_offices(db.session),
        kinds=KINDS,
        kind_labels=KIND_LABELS,
        krm_kinds=cases.ALL_KINDS,
        statuses=STATUSES,
        first_line=inbox.first_line,
    )


def inbox_query(filters: inbox.Filters) -> dict[str, Any]:
    """The URL parameters that reproduce `filters` (for links to the next page and cases)."""
    query: dict[str, Any] = {
        "office": filters.office_id,
        "kind": filters.kind,
        "krm": filters.krm_kind,
        "status": filters.status or (None if filters.open_only else "all"),
        "spam": 1 if filters.spam else None,
        "replied": None if filters.replied is None else int(filters.replied),
        "due": filters.due,
        "risk": 1 if filters.high_risk else None,
        "mine": 1 if filters.assignee_id is not None else None,
    }
    return {key: value for key, value in query.items() if value is not None}


def _submission_or_404(case_id: int) -> Case:
    """The case, if it exists and the user may see it; 404 either way (existence stays hidden)."""
    found = db.session.get(Case, case_id)
    if found is None or not cases.can_see(current_user(), found):
        abort(404)
    return found


def work_or_404(case_id: int) -> Case:
    """The case, if the user may change it (classify, forward, answer …); else 404."""
    found = _submission_or_404(case_id)
    if not cases.can_work(current_user(), found):
        abort(404)
    return found


@bp.get("/cases/<id:case_id>")
def case(case_id: int) -> ResponseReturnValue:
    """One case: text, contact data (if given), hints, deadlines, actions and history."""
    found = _submission_or_404(case_id)
    audit.record(db.session, current_user(), "view", case_id=found.id)
    db.session.commit()
    return render_submission(found)


def render_submission(found: Case, status: int = 200, **extra: Any) -> ResponseReturnValue:
    """A case's page; `extra` overrides what `DETAIL_EXTRAS` contribute."""
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.case_id == found.id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(100)
    )
    user = _user()
    filters = _filters(request.args)
    rule_profile = cases.profile()
    dues = cases.due_states(db.session, found, rule_profile, today=date.today())
    context: dict[str, Any] = {
        "item": found,
        "events": list(events),
        "kind_labels": KIND_LABELS,
        "krm_kinds": cases.ALL_KINDS,
        "justified_reasons": cases.JUSTIFIED_REASONS,
        "spam_form": SpamForm(),
        "may_work": cases.can_work(user, found),
        "dues": dues,
        "ack_pending": any(
            d.due.name == rules.ACK and not d.met_on and cases.is_open(found) for d in dues
        ),
        "flag_reasons": cases.flag_reasons(found),
        "neighbours": inbox.neighbours(db.session, found, filters, user, today_window()),
        "query": inbox_query(filters),
        "rule_profile": rule_profile,
    }
    for contribute in DETAIL_EXTRAS:
        context.update(contribute(found))
    context.update(extra)
    return render_template("staff/case.html", **context), status


@bp.post("/cases/<id:case_id>/spam")
def mark_spam(case_id: int) -> ResponseReturnValue:
    """Move a case into or out of the spam folder."""
    found = work_or_404(case_id)
    form = SpamForm()
    if form.validate():
        cases.set_spam(db.session, found, current_user(), form.spam.data == "1")
        db.session.commit()
    return redirect(url_for("staff.case", case_id=found.id))
