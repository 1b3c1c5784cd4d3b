"""The one-page monthly summary for the leadership meeting (RL Nr. 2: KRM is a standing item).

Four lists, each a count and its first `LIST_LIMIT` lines: new high-risk cases received in
the month, cases overdue today, measures due within `AHEAD` days (or overdue), and
effectiveness checks due within `AHEAD` days. A line names the kind, the office, a date and
the case's id (ids are random, they tell nothing); never a case's text, its contact data or a
staff member's name — measures' texts pass `mask_identifiers` (a phone or customer number
typed into a measure) and then `mask_staff_names`. Spam and restricted cases
(anti-corruption) never appear; measures of restricted cases neither
(`intake.measures.services.visible` without a user).

`compose_mail` turns the summary into the mail `flask --app intake reports send` sends, with
the PDF attached.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, false, func, select, true
from sqlalchemy.orm import Session, joinedload

from intake.mailer import Attachment, Mail
from intake.measures import services as measures
from intake.models import Case, Measure
from intake.privacy.masking import mask_identifiers
from intake.privacy.staffnames import mask_staff_names
from intake.reports.services import Period
from intake.triage import workflow
from intake.triage.cases import ALL_KINDS

LIST_LIMIT = 25  # lines per list; the rest are counted
AHEAD = timedelta(days=30)  # measures and checks due this far ahead are listed
SUMMARY_PATH = "/staff/reports/summary?month={month}"
CASE_PATH = "/staff/cases/{id}"
MEASURES_PATH = "/staff/measures"


@dataclass(frozen=True)
class CaseLine:
    """A case in a list: id (for the link), kind, office, and the date that matters."""

    case_id: int
    kind: str  # the KRM kind (keys of ALL_KINDS), "" while unclassified
    office: str  # office code, "–" for none
    on: date  # received (high risk) or due (overdue)
    due_name: str = ""  # which deadline (keys of DUE_LABELS; overdue cases)


@dataclass(frozen=True)
class MeasureLine:
    """A measure in a list (its texts with staff names masked)."""

    what: str
    responsible: str
    office: str
    on: date  # due_on (measures) or check_on (effectiveness checks)
    case_id: int | None
    overdue: bool


@dataclass(frozen=True)
class MonthlySummary:
    """What the leadership meeting is shown about a month, as of `today`."""

    period: Period
    today: date
    high_risk: int
    high_risk_cases: tuple[CaseLine, ...]
    overdue: int
    overdue_cases: tuple[CaseLine, ...]
    measures_due: int
    measures: tuple[MeasureLine, ...]
    checks_due: int
    checks: tuple[MeasureLine, ...]

    @property
    def horizon(self) -> date:
        """The last day measures and checks are listed for."""
        return self.today + AHEAD


def kind_label(kind: str) -> str:
    """A case line's kind in German."""
    return ALL_KINDS.get(kind, kind) if kind else "noch nicht eingeordnet"


def _office(item: Case | Measure) -> str:
    office = item.office
    if office is None and isinstance(item, Measure) and item.case is not None:
        office = item.case.office  # a measure about a case, without an office of its own
    return office.code if office is not None else "–"


def _reportable() -> Select[Case]:
    return select(Case).where(Case.is_spam.is_(false()), Case.restricted.is_(false()))


def _count(session: Session, query: Select[Any]) -> int:
    counted = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    return int(counted or 0)


def _high_risk(session: Session, period: Period, limit: int) -> tuple[int, tuple[CaseLine, ...]]:
    query = (
        _reportable()
        .where(
            Case.high_risk.is_(true()),
            Case.received_on >= period.start,
            Case.received_on <= period.end,
        )
        .options(joinedload(Case.office))
        .order_by(Case.received_on, Case.id)
    )
    lines = tuple(
        CaseLine(case.id, case.krm_kind or "", _office(case), case.received_on)
        for case in session.scalars(query.limit(limit)).unique()
    )
    return _count(session, query), lines


def _overdue(session: Session, today: date, limit: int) -> tuple[int, tuple[CaseLine, ...]]:
    query = (
        _reportable()
        .where(
            Case.status.not_in(sorted(workflow.ENDED_STATES)),
            Case.next_due_on.is_not(None),
            Case.next_due_on < today,
        )
        .options(joinedload(Case.office))
        .order_by(Case.next_due_on, Case.id)
    )
    lines = []
    for case in session.scalars(query.limit(limit)).unique():
        assert case.next_due_on is not None  # narrowed by the query
        lines.append(
            CaseLine(
                case.id,
                case.krm_kind or "",
                _office(case),
                case.next_due_on,
                case.next_due_name or "",
            )
        )
    return _count(session, query), tuple(lines)


def _masked(text: str, names: tuple[str, ...]) -> str:
    """A measure's text as the summary shows it: identifiers, then staff names masked."""
    return mask_staff_names(mask_identifiers(text or "").text, names)


def _measure_lines(
    session: Session,
    query: Select[Measure],
    on: str,
    today: date,
    names: tuple[str, ...],
    limit: int,
) -> tuple[int, tuple[MeasureLine, ...]]:
    lines = []
    for measure in session.scalars(query.limit(limit)).unique():
        day = getattr(measure, on)
        assert day is not None  # narrowed by the query
        lines.append(
            MeasureLine(
                what=_masked(measure.what, names),
                responsible=_masked(measure.responsible, names),
                office=_office(measure),
                on=day,
                case_id=measure.case_id,
                overdue=day < today,
            )
        )
    return _count(session, query), tuple(lines)


def build(
    session: Session,
    period: Period,
    *,
    today: date,
    staff_names: Iterable[str],
    limit: int = LIST_LIMIT,
) -> MonthlySummary:
    """The summary of the month `period` (a Period with a month), as of `today`."""
    if period.month is None:
        raise ValueError("the monthly summary needs a month, e.g. 2026-11")
    names = tuple(staff_names)
    horizon = today + AHEAD
    due = (
        measures.visible(select(Measure), None)
        .where(
            Measure.status == "open",
            Measure.due_on.is_not(None),
            Measure.due_on <= horizon,
        )
        .order_by(Measure.due_on, Measure.id)
    )
    checks = (
        measures.visible(select(Measure), None)
        .where(
            Measure.status == "done",
            Measure.checked_on.is_(None),
            Measure.check_on.is_not(None),
            Measure.check_on <= horizon,
        )
        .order_by(Measure.check_on, Measure.id)
    )
    high_risk, high_risk_cases = _high_risk(session, period, limit)
    overdue, overdue_cases = _overdue(session, today, limit)
    measures_due, measure_lines = _measure_lines(session, due, "due_on", today, names, limit)
    checks_due, check_lines = _measure_lines(session, checks, "check_on", today, names, limit)
    return MonthlySummary(
        period=period,
        today=today,
        high_risk=high_risk,
        high_risk_cases=high_risk_cases,
        overdue=overdue,
        overdue_cases=overdue_cases,
        measures_due=measures_due,
        measures=measure_lines,
        checks_due=checks_due,
        checks=check_lines,
    )


def previous_month(today: date) -> Period:
    """The month before the one of `today` (the default of the monthly mail)."""
    return Period(today.year, month=today.month).previous()


def filename(summary: MonthlySummary) -> str:
    """The PDF's file name: "krm-monatsuebersicht-2026-11.pdf"."""
    return f"krm-monatsuebersicht-{summary.period.key}.pdf"


def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def compose_mail(summary: MonthlySummary, to: str, base_url: str, pdf: bytes) -> Mail:
    """The mail to the leadership meeting: the counts, the link to the page, the PDF attached.

    Counts only in the body (no list, no text); `base_url` is the public address
    (setting PUBLIC_BASE_URL).
    """
    base = base_url.rstrip("/")
    horizon = _day(summary.horizon)
    lines = [
        "Guten Tag,",
        "",
        f"anbei die KRM-Monatsübersicht {summary.period.label} für die Leitungsbesprechung "
        f"(Stand {_day(summary.today)}):",
        "",
        f"- Neue Fälle mit hohem Risiko im {summary.period.label}: {summary.high_risk}",
        f"- Überfällige Fälle heute: {summary.overdue}",
        f"- Maßnahmen fällig bis {horizon} oder überfällig: {summary.measures_due}",
        f"- Wirksamkeitsprüfungen fällig bis {horizon}: {summary.checks_due}",
        "",
        "Die Übersicht mit Links zu den Fällen (nach der Anmeldung):",
        f"{base}{SUMMARY_PATH.format(month=summary.period.key)}",
        "",
        "Die Übersicht enthält keine Texte von Kundenreaktionen, keine Kontaktdaten und keine "
        "Namen von Beschäftigten; Fälle an die Antikorruption und Spam sind nicht enthalten.",
        "",
        "-- ",
        "Meinungskarte (automatische Nachricht)",
    ]
    return Mail(
        to=to,
        subject=f"KRM-Monatsübersicht {summary.period.label}",
        body="\n".join(lines) + "\n",
        purpose="summary",
        attachments=(Attachment(filename(summary), "application/pdf", pdf),),
    )
