"""Maßnahmen: what is done because of reactions, by whom, by when, and whether it worked.

RL Nr. 2 and GA 5.2 ask that measures are documented with who is responsible and a concrete
timeline, and that their implementation and effect are followed up. A measure belongs to a
case (its office comes from the case) or stands alone for an office. Every change writes an
audit event (action "measure") naming the measure and the fields changed, never their text.

Who sees a measure follows its case: a measure of a restricted case (corruption hint, GA 5.3)
is for the anti-corruption role only, like the case itself (`visible`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, false, func, literal, or_, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from intake import audit
from intake.models import Case, Measure, User
from intake.params import parse_cursor
from intake.roles import Role
from intake.triage.cases import RISK_ROLES
from intake.triage.cases import can_work as can_work_case

STATUSES = ("open", "done", "dropped")
FILTERS = ("open", "check", "done", "dropped", "all")
PAGE_SIZE = 50
# Sorts measures without a date after all dated ones (keyset pagination needs a value).
NO_DATE = date(9999, 12, 31)
ACTION = "measure"


class MeasureError(ValueError):
    """A measure cannot be saved as asked; the message says why."""


@dataclass(frozen=True)
class MeasureFields:
    """What staff enter for a measure."""

    what: str
    responsible: str
    due_on: date | None = None
    check_on: date | None = None


def _clean(fields: MeasureFields) -> MeasureFields:
    what, responsible = fields.what.strip(), fields.responsible.strip()[:200]
    if not what:
        raise MeasureError("what is empty")
    if not responsible:
        raise MeasureError("responsible is empty")
    return MeasureFields(what, responsible, fields.due_on, fields.check_on)


def _record(session: Session, user: User | None, measure: Measure, changed: list[str]) -> None:
    audit.record(
        session,
        user,
        ACTION,
        case_id=measure.case_id,
        detail=f"measure {measure.id}: {', '.join(changed)}",
    )


def create(
    session: Session,
    user: User | None,
    fields: MeasureFields,
    *,
    case: Case | None = None,
    office_id: int | None = None,
) -> Measure:
    """A new open measure for a case (its office) or for an office alone; audited."""
    fields = _clean(fields)
    if case is not None:
        office_id = case.office_id
    measure = Measure(
        case_id=case.id if case is not None else None,
        office_id=office_id,
        what=fields.what,
        responsible=fields.responsible,
        due_on=fields.due_on,
        check_on=fields.check_on,
        status="open",
        created_by_id=user.id if user else None,
    )
    session.add(measure)
    session.flush()  # the id, for the audit event
    _record(session, user, measure, ["created"])
    return measure


def update(
    session: Session, measure: Measure, user: User | None, fields: MeasureFields, status: str
) -> list[str]:
    """Change a measure; returns the names of the fields changed (audited if any)."""
    if status not in STATUSES:
        raise MeasureError(f"unknown status {status!r}")
    fields = _clean(fields)
    changed: list[str] = []
    for name in ("what", "responsible", "due_on", "check_on"):
        value = getattr(fields, name)
        if getattr(measure, name) != value:
            setattr(measure, name, value)
            changed.append(name)
    if measure.status != status:
        changed.append(f"status={status}")
        measure.status = status
    if changed:
        _record(session, user, measure, changed)
    return changed


def record_check(
    session: Session,
    measure: Measure,
    user: User | None,
    *,
    effective: bool,
    result: str,
    today: date,
) -> list[str]:
    """Record the effectiveness check (result and verdict); the first one dates it."""
    result = result.strip()
    changed: list[str] = []
    if measure.effective != effective:
        measure.effective = effective
        changed.append(f"effective={'yes' if effective else 'no'}")
    if (measure.check_result or "") != result:
        measure.check_result = result or None
        changed.append("check_result")
    if measure.checked_on is None:
        measure.checked_on = today
        changed.append("checked_on")
    if changed:
        _record(session, user, measure, changed)
    return changed


def for_case(session: Session, case_id: int) -> list[Measure]:
    """The measures of one case, oldest first."""
    query = (
        select(Measure)
        .where(Measure.case_id == case_id)
        .order_by(Measure.created_at, Measure.id)  # ids are random
    )
    return list(session.scalars(query))


def _check_due(today: date) -> ColumnElement[bool]:
    return and_(
        Measure.status == "done",
        Measure.check_on.is_not(None),
        Measure.check_on <= today,
        Measure.checked_on.is_(None),
    )


def due_checks(session: Session, today: date) -> list[Measure]:
    """Done measures whose effect should be checked by `today` and has not been, earliest first.

    Measures of restricted cases are left out: this list goes to the KRM desk.
    """
    query = (
        visible(select(Measure), None)
        .where(_check_due(today))
        .order_by(Measure.check_on, Measure.id)
    )
    return list(session.scalars(query))


def can_work(session: Session, user: User | None, measure: Measure) -> bool:
    """Whether `user` may open and change this measure: one of a case follows its case; one
    without a case is no business of the anti-corruption role, which sees corruption only."""
    if measure.case_id is not None:
        case = measure.case or session.get(Case, measure.case_id)
        return case is not None and can_work_case(user, case)
    return user is not None and user.role not in RISK_ROLES


def visible(query: Select[Measure], user: User | None) -> Select[Measure]:
    """Narrow a query of measures to those whose case `user` may see (None: no restricted)."""
    query = query.outerjoin(Case, Measure.case_id == Case.id)
    if user is not None and user.role in RISK_ROLES:
        return query.where(Case.restricted.is_(true()))
    if user is not None and user.role == Role.TEAM_LEAD:
        query = query.where(Measure.office_id == user.office_id)
    return query.where(or_(Measure.case_id.is_(None), Case.restricted.is_(false())))


@dataclass(frozen=True)
class Cursor:
    """The last row of the previous page: its sort date and id."""

    on: date
    id: int

    def encode(self) -> str:
        """As a URL parameter."""
        return f"{self.on.isoformat()}_{self.id}"

    @classmethod
    def decode(cls, raw: str | None) -> Cursor | None:
        """Parse a URL parameter; anything malformed means the first page."""
        parsed = parse_cursor(raw)  # bounded: a 20-digit id must not reach the database
        return cls(*parsed) if parsed is not None else None


@dataclass(frozen=True)
class Page:
    """One page of measures and the cursor of the next, if any."""

    rows: list[Measure]
    next_cursor: Cursor | None


def _sort_column(which: str) -> ColumnElement[date]:
    column = Measure.check_on if which == "check" else Measure.due_on
    return func.coalesce(column, literal(NO_DATE))


def _sort_value(measure: Measure, which: str) -> date:
    value = measure.check_on if which == "check" else measure.due_on
    return value or NO_DATE


def page(
    session: Session,
    user: User | None,
    which: str,
    *,
    today: date,
    office_id: int | None = None,
    after: Cursor | None = None,
    size: int = PAGE_SIZE,
) -> Page:
    """Measures by filter (open, check due, done, dropped, all), earliest date first."""
    if which not in FILTERS:
        raise MeasureError(f"unknown filter {which!r}")
    query = visible(select(Measure), user)
    if which == "check":
        query = query.where(_check_due(today))
    elif which != "all":
        query = query.where(Measure.status == which)
    if office_id is not None:
        query = query.where(Measure.office_id == office_id)
    key = _sort_column(which)
    if after is not None:
        query = query.where(or_(key > after.on, and_(key == after.on, Measure.id > after.id)))
    rows = list(session.scalars(query.order_by(key, Measure.id).limit(size + 1)))
    more = len(rows) > size
    rows = rows[:size]
    cursor = Cursor(_sort_value(rows[-1], which), rows[-1].id) if more and rows else None
    return Page(rows, cursor)


def is_check_due(measure: Measure, today: date) -> bool:
    """Whether the effect of this measure should be checked now."""
    return (
        measure.status == "done"
        and measure.check_on is not None
        and measure.check_on <= today
        and measure.checked_on is None
    )
