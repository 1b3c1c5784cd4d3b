"""What every area's case views share: the user, the list's filters, today, the case by id.

A module of its own (no routes, no sections) so that the areas and the case page's sections
can import it without importing each other's views.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import abort

from intake.models import Case, User
from intake.params import parse_id
from intake.reception.services import KINDS
from intake.reports.services import parse_period
from intake.triage import cases, deadlines, inbox, workflow
from intake.web import settings
from intake.web.access import current_user
from intake.web.extensions import db

STATUSES = workflow.STATES
REPLIED = {"1": True, "0": False}
DUE_SOON_WORKING_DAYS = 2


def staff_user() -> User:
    """The logged-in user; `access.enforce` lets no one else reach a back-office view."""
    user = current_user()
    if user is None:
        abort(403)
    return user


def list_filters(args: Mapping[str, str]) -> inbox.Filters:
    """The inbox's filters from the query string (the case page keeps them for its neighbours)."""
    office, status = args.get("office", ""), args.get("status", "")
    krm = args.get("krm", "")
    user = current_user()
    period = parse_period(args.get("period"))  # a report's quarter, year or month
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
        assignee_id=(user.id if user else None) if args.get("mine") == "1" else None,
        received_from=period.start if period else None,
        received_to=period.end if period else None,
        justified=REPLIED.get(args.get("justified", "")),
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
        "period": args_period(filters),
        "justified": None if filters.justified is None else int(filters.justified),
    }
    return {key: value for key, value in query.items() if value is not None}


def args_period(filters: inbox.Filters) -> str | None:
    """The `period` parameter that gave these dates (None without a period)."""
    if filters.received_from is None:
        return None
    start, end = filters.received_from, filters.received_to
    for key in (
        f"{start.year}-{start.month:02d}",
        f"{start.year}-Q{(start.month - 1) // 3 + 1}",
        str(start.year),
    ):
        found = parse_period(key)
        if found is not None and (found.start, found.end) == (start, end):
            return key
    return None


def today_window() -> inbox.Today:
    """Today, and the last day of "due within 2 working days" in the profile's state."""
    today = date.today()
    state = settings.rule_profile().state
    return inbox.Today(today, deadlines.working_days_after(today, DUE_SOON_WORKING_DAYS, state))


def case_or_404(case_id: int) -> Case:
    """The case, if it exists and the user may see it; 404 either way (existence stays hidden)."""
    found = db.session.get(Case, case_id)
    if found is None or not cases.can_see(current_user(), found):
        abort(404)
    return found


def work_or_404(case_id: int) -> Case:
    """The case, if the user may change it (classify, forward, answer …); else 404."""
    found = case_or_404(case_id)
    if not cases.can_work(current_user(), found):
        abort(404)
    return found
