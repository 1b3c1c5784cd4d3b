"""The officer's inbox: filtered, newest first (or most urgent first), keyset-paginated.

Newest first means by date of receipt, then by the (random) id as a stable tie-break.
The due views (overdue, due soon) sort by the earliest open deadline instead, oldest first.
Keyset pagination ("after this row") keeps every page as fast as the first one, even
with a million rows, where OFFSET would scan everything before the page. Every query is
narrowed to what the user may see (`intake.triage.cases.visible`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, Tuple, select, tuple_
from sqlalchemy.orm import Session, selectinload

from intake.models import Case, GoogleReview, User
from intake.params import parse_cursor
from intake.triage import cases, workflow

_T = TypeVar("_T")
PAGE_SIZE = 50
DUE_VIEWS = ("overdue", "soon")


def sort_key() -> Tuple:
    """The list's sort key as one row value: `(received_on, id) < (d, i)` is an index range,
    where the equivalent `received_on < d OR (received_on = d AND id < i)` scans
    (docs/benchmarks.md, back office)."""
    return tuple_(Case.received_on, Case.id)


UNCLASSIFIED = "none"


@dataclass(frozen=True)
class Filters:
    """What the officer narrowed the inbox to."""

    office_id: int | None = None
    kind: str | None = None  # what the sender chose
    krm_kind: str | None = None  # the officer's classification; UNCLASSIFIED: none yet
    status: str | None = None
    spam: bool = False
    # Google reviews only: True = the office has replied, False = not yet (and still live).
    replied: bool | None = None
    open_only: bool = True  # only new/triaged/forwarded/statement (ignored with a status)
    due: str | None = None  # "overdue" or "soon"
    high_risk: bool = False
    assignee_id: int | None = None
    # A report's period (the report's links to "the cases behind these figures").
    received_from: date | None = None
    received_to: date | None = None
    justified: bool | None = None  # the officer's GA 4.2 decision


@dataclass(frozen=True)
class Cursor:
    """The last row of the previous page."""

    received_on: date  # the sort date: date of receipt, or the due date in the due views
    id: int

    def encode(self) -> str:
        """As a URL parameter."""
        return f"{self.received_on.isoformat()}_{self.id}"

    @classmethod
    def decode(cls, raw: str | None) -> Cursor | None:
        """Parse a URL parameter; anything malformed means the first page."""
        parsed = parse_cursor(raw)  # the id bounded like every id in a URL
        return cls(*parsed) if parsed is not None else None


@dataclass(frozen=True)
class Page:
    """One page of the inbox and the cursor of the next, if there is one."""

    rows: list[Case]
    next_cursor: Cursor | None


@dataclass(frozen=True)
class Today:
    """The dates the due views compare with."""

    today: date
    soon_until: date  # the last day that counts as "due soon"


def _filtered(filters: Filters) -> Select[Case]:
    query = select(Case).where(Case.is_spam.is_(filters.spam), *_row_conditions(filters))
    return _replied(query, filters.replied) if filters.replied is not None else query


def _row_conditions(filters: Filters) -> list[ColumnElement[bool]]:
    """The filters that are conditions on the case's own columns."""
    found: list[ColumnElement[bool]] = []
    if filters.status is None and filters.open_only and not filters.spam:
        found.append(Case.status.in_(sorted(workflow.OPEN_STATES)))
    if filters.high_risk:
        found.append(Case.high_risk.is_(True))
    if filters.assignee_id is not None:
        found.append(Case.assignee_id == filters.assignee_id)
    if filters.office_id is not None:
        found.append(Case.office_id == filters.office_id)
    if filters.kind:
        found.append(Case.kind == filters.kind)
    if filters.krm_kind == UNCLASSIFIED:
        found.append(Case.krm_kind.is_(None))
    elif filters.krm_kind:
        found.append(Case.krm_kind == filters.krm_kind)
    if filters.status:
        found.append(Case.status == filters.status)
    return found + _report_conditions(filters)


def _report_conditions(filters: Filters) -> list[ColumnElement[bool]]:
    """A report's period and the justified decision (the report's links to its cases)."""
    found: list[ColumnElement[bool]] = []
    if filters.received_from is not None:
        found.append(Case.received_on >= filters.received_from)
    if filters.received_to is not None:
        found.append(Case.received_on <= filters.received_to)
    if filters.justified is not None:
        found.append(Case.justified.is_(filters.justified))
    return found


def _replied(query: Select[Case], replied: bool) -> Select[Case]:
    """Google reviews only: replied to, or not yet and still live on Google."""
    query = query.join(GoogleReview, GoogleReview.case_id == Case.id)
    if replied:
        return query.where(GoogleReview.reply_comment.is_not(None))
    return query.where(GoogleReview.reply_comment.is_(None), GoogleReview.deleted.is_(False))


def page(
    session: Session,
    filters: Filters,
    after: Cursor | None = None,
    size: int = PAGE_SIZE,
    *,
    user: User,
    when: Today,
) -> Page:
    """One page of the inbox: newest first, or in the due views the most urgent first."""
    query = cases.visible(_filtered(filters), user)
    if filters.due in ("overdue", "soon"):
        return _due_page(session, query, filters.due, after, size, when)
    if after is not None:  # a row-value comparison: both databases turn it into an index range
        query = query.where(sort_key() < tuple_(after.received_on, after.id))
    query = query.order_by(Case.received_on.desc(), Case.id.desc())
    rows = _fetch(session, query, size)
    more = len(rows) > size
    rows = rows[:size]
    cursor = Cursor(rows[-1].received_on, rows[-1].id) if more and rows else None
    return Page(rows, cursor)


def _due_page(
    session: Session,
    query: Select[Case],
    due: str,
    after: Cursor | None,
    size: int,
    when: Today,
) -> Page:
    """Open cases whose earliest open deadline has passed (or comes within the next days)."""
    query = _due_window(query, due, when)
    if after is not None:
        query = query.where(tuple_(Case.next_due_on, Case.id) > (after.received_on, after.id))
    query = query.order_by(Case.next_due_on, Case.id)
    rows = _fetch(session, query, size)
    more = len(rows) > size
    rows = rows[:size]
    last = rows[-1] if rows else None
    cursor = Cursor(last.next_due_on, last.id) if more and last and last.next_due_on else None
    return Page(rows, cursor)


def _due_window(query: Select[_T], due: str, when: Today) -> Select[_T]:
    """Overdue: the earliest open deadline has passed; soon: it comes within the window."""
    if due == "overdue":
        return query.where(Case.next_due_on < when.today)
    return query.where(Case.next_due_on >= when.today, Case.next_due_on <= when.soon_until)


def _fetch(session: Session, query: Select[Case], size: int) -> list[Case]:
    query = query.options(selectinload(Case.google_review)).limit(size + 1)
    return list(session.scalars(query))


@dataclass(frozen=True)
class Neighbours:
    """The cases before and after one case in the newest-first list (for next/previous)."""

    newer: int | None
    older: int | None


def neighbours(
    session: Session, case: Case, filters: Filters, user: User, when: Today | None = None
) -> Neighbours:
    """The ids next to `case` in its list: newest first, or in a due view most urgent first."""
    base = cases.visible(_filtered(filters), user).with_only_columns(Case.id)
    if filters.due in DUE_VIEWS and when is not None and case.next_due_on is not None:
        base = _due_window(base, filters.due, when)
        key, here = tuple_(Case.next_due_on, Case.id), tuple_(case.next_due_on, case.id)
        following = base.where(key > here).order_by(Case.next_due_on, Case.id)
        preceding = base.where(key < here).order_by(Case.next_due_on.desc(), Case.id.desc())
    else:
        here = tuple_(case.received_on, case.id)
        following = base.where(sort_key() < here).order_by(Case.received_on.desc(), Case.id.desc())
        preceding = base.where(sort_key() > here).order_by(Case.received_on, Case.id)
    return Neighbours(
        newer=session.scalar(preceding.limit(1)), older=session.scalar(following.limit(1))
    )


def first_line(text: str, limit: int = 120) -> str:
    """The first line of a text, shortened for the list."""
    line = text.strip().split("\n", 1)[0]
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
