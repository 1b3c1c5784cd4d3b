"""The management dashboard: counts of a period, filtered and grouped, the trend and the
deadline indicators against the Jobcenter's target.

Everything is read from the maintained day summaries (`intake.reports.daily`): `cube` gives
counts per month, office, channel, language, kind and state of the non-spam, non-restricted
reactions, so restricted cases and spam never reach a cell. No case text, no contact data, no
staff name is read. Small numbers: every count below the grand total (cells, row and column
totals, trend months) passes `shown`; so does the grand total itself once a filter narrows
the view, since it is then a breakdown of its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol, cast

from flask_babel import lazy_gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.labels import STATE_LABELS
from intake.models import Office
from intake.reports import daily
from intake.reports.figures import Deadline, shown, suppressed
from intake.reports.services import Period
from intake.triage import rules, workflow
from intake.triage.cases import ALL_KINDS

TREND_MONTHS = 12
NO_OFFICE = "-"  # the row key of reactions without an office
UNCLASSIFIED = "-"  # the kind filter's value, and the row key, of reactions not yet classified


class CubeLike(Protocol):
    """What the dashboard reads of a `daily.CubeRow`."""

    @property
    def month(self) -> str: ...
    @property
    def office_id(self) -> int | None: ...
    @property
    def channel(self) -> str: ...
    @property
    def language(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def count(self) -> int: ...


@dataclass(frozen=True)
class Filters:
    """What the dashboard is narrowed to; None: all. `kind` is a KRM kind or UNCLASSIFIED."""

    office_id: int | None = None
    kind: str | None = None
    channel: str | None = None
    language: str | None = None

    @property
    def active(self) -> bool:
        """Whether any filter narrows the view."""
        return any(value is not None for value in (self.office_id, self.kind, self.channel,
                                                   self.language))  # fmt: skip

    def matches(self, row: CubeLike) -> bool:
        """Whether a cube row belongs to the filtered view."""
        kind = row.kind or UNCLASSIFIED
        return (
            (self.office_id is None or row.office_id == self.office_id)
            and (self.kind is None or kind == self.kind)
            and (self.channel is None or row.channel == self.channel)
            and (self.language is None or row.language == self.language)
        )


@dataclass(frozen=True)
class Line:
    """One row of a table: key, German label, the counts per column and the row's total."""

    key: str
    label: str
    cells: tuple[int, ...]
    total: int


@dataclass(frozen=True)
class Table:
    """A group-by table: rows × columns with row and column totals."""

    caption: str
    row_head: str  # what the rows are ("Art", "Geschäftsstelle")
    columns: tuple[tuple[str, str], ...]  # (key, label)
    rows: tuple[Line, ...]
    column_totals: tuple[int, ...]
    total: int
    threshold: int
    filtered: bool

    def show(self, count: int) -> str:
        """A cell, row or column total as printed ("< 5" for small numbers)."""
        return shown(count, self.threshold)

    @property
    def total_shown(self) -> str:
        """The grand total: as it is, unless a filter makes it a breakdown of its own."""
        return shown(self.total, self.threshold if self.filtered else 1)


@dataclass(frozen=True)
class TrendPoint:
    """One month of the trend."""

    month: str  # "2026-07"
    label: str  # "Juli 2026"
    count: int
    text: str  # as printed
    share: float  # of the largest month, 0…1, for the bar


@dataclass(frozen=True)
class Indicator:
    """One deadline's share kept against the target."""

    name: str
    label: str
    rule: str
    due: int
    kept: int
    share: float | None  # None when nothing was due or too few to show
    target: float
    met: bool | None  # None without a share
    due_text: str  # the count of due cases as printed

    @property
    def verdict(self) -> str:
        """In words (never colour alone)."""
        if self.met is None:
            return _l("keine Aussage")
        return _l("Ziel erreicht") if self.met else _l("Ziel nicht erreicht")

    @property
    def symbol(self) -> str:
        """A symbol beside the words: ✓ met, ✗ not met, – no statement."""
        if self.met is None:
            return "–"
        return "✓" if self.met else "✗"


@dataclass(frozen=True)
class Dashboard:
    """What the dashboard page shows."""

    period: Period
    filters: Filters
    threshold: int
    total: int
    kind_by_state: Table
    office_by_month: Table
    trend: tuple[TrendPoint, ...]
    indicators: tuple[Indicator, ...]
    target: float


# --------------------------------------------------------------------------- tables


def _l(text: str) -> str:
    """A German text translated when shown: lazy, so the dashboard is built outside requests too."""
    return cast(str, lazy_gettext(text))


def office_labels(session: Session) -> dict[int, str]:
    """Every office's label for the tables and the filter: "Geschäftsstelle Diez (DIEZ)"."""
    return {
        office.id: f"{office.name} ({office.code})"
        for office in session.scalars(select(Office).order_by(Office.name, Office.code))
    }


def _ordered(keys: Iterable[str], order: Sequence[str]) -> list[str]:
    """Known keys in their order, then the rest alphabetically."""
    present = set(keys)
    known = [key for key in order if key in present]
    return known + sorted(present - set(order))


def _table(
    caption: str,
    row_head: str,
    counts: Mapping[tuple[str, str], int],
    rows: Sequence[tuple[str, str]],
    columns: Sequence[tuple[str, str]],
    threshold: int,
    filtered: bool,
) -> Table:
    lines = []
    for key, label in rows:
        cells = tuple(counts.get((key, column), 0) for column, _label in columns)
        lines.append(Line(key, label, cells, sum(cells)))
    column_totals = tuple(
        sum(counts.get((key, column), 0) for key, _label in rows) for column, _label in columns
    )
    return Table(
        caption=caption,
        row_head=row_head,
        columns=tuple(columns),
        rows=tuple(lines),
        column_totals=column_totals,
        total=sum(column_totals),
        threshold=threshold,
        filtered=filtered,
    )


def kind_by_state(rows: Iterable[CubeLike], threshold: int, filtered: bool) -> Table:
    """Kinds (rows, unclassified last) × workflow states (columns), only those that occur."""
    counts: Counter[tuple[str, str]] = Counter()
    for row in rows:
        counts[(row.kind or UNCLASSIFIED, row.state)] += row.count
    kinds = _ordered({kind for kind, _state in counts}, [*ALL_KINDS, UNCLASSIFIED])
    states = _ordered({state for _kind, state in counts}, workflow.STATES)
    return _table(
        _l("Nach Art und Bearbeitungsstand"),
        _l("Art"),
        counts,
        [(kind, _kind_label(kind)) for kind in kinds],
        [(state, _state_label(state)) for state in states],
        threshold,
        filtered,
    )


def office_by_month(
    rows: Iterable[CubeLike],
    period: Period,
    offices: Mapping[int, str],
    threshold: int,
    filtered: bool,
) -> Table:
    """Offices (rows, most first, none last) × the months of the period (columns)."""
    counts: Counter[tuple[str, str]] = Counter()
    for row in rows:
        office = str(row.office_id) if row.office_id is not None else NO_OFFICE
        counts[(office, row.month)] += row.count
    per_office: Counter[str] = Counter()
    for (office, _month), n in counts.items():
        per_office[office] += n
    keys = sorted(
        (key for key in per_office if key != NO_OFFICE),
        key=lambda key: (-per_office[key], offices.get(int(key), key)),
    )
    if NO_OFFICE in per_office:
        keys.append(NO_OFFICE)
    labels: list[tuple[str, str]] = [
        (key, offices.get(int(key), key) if key != NO_OFFICE else _l("ohne Geschäftsstelle"))
        for key in keys
    ]
    months = [(month.key, month.label) for month in period.months()]
    return _table(
        _l("Nach Geschäftsstelle und Monat"), _l("Geschäftsstelle"), counts, labels, months,
        threshold, filtered,
    )  # fmt: skip


def trend(
    rows: Iterable[CubeLike], months: Sequence[Period], threshold: int
) -> tuple[TrendPoint, ...]:
    """Counts per month, in the order of `months` (months without reactions count 0)."""
    counts: Counter[str] = Counter()
    for row in rows:
        counts[row.month] += row.count
    largest = max((counts[month.key] for month in months), default=0)
    return tuple(
        TrendPoint(
            month=month.key,
            label=month.label,
            count=counts[month.key],
            text=shown(counts[month.key], threshold),
            share=counts[month.key] / largest if largest else 0.0,
        )
        for month in months
    )


def trend_months(period: Period, today: date) -> list[Period]:
    """The 12 months up to the period's last month, or up to this month if that is earlier."""
    last = period.end if period.end < today else today
    month = Period(last.year, month=last.month)
    months = [month]
    while len(months) < TREND_MONTHS:
        month = month.previous()
        months.append(month)
    return months[::-1]


# --------------------------------------------------------------------------- indicators


def indicators(
    deadlines: Iterable[Deadline], target: float, threshold: int
) -> tuple[Indicator, ...]:
    """Each deadline's share against the target; no share where fewer than `threshold` were due."""
    result = []
    for deadline in deadlines:
        due, kept = deadline.due, deadline.kept
        share = kept / due if due and not suppressed(due, threshold) else None
        result.append(
            Indicator(
                name=deadline.name,
                label=deadline.label,
                rule=deadline.rule,
                due=due,
                kept=kept,
                share=share,
                target=target,
                met=None if share is None else share >= target,
                due_text=shown(due, threshold),
            )
        )
    return tuple(result)


# --------------------------------------------------------------------------- the page


def build(
    session: Session,
    period: Period,
    profile: rules.RuleProfile,
    *,
    filters: Filters,
    today: date,
    threshold: int,
    target: float,
    staff_names: Iterable[str],
) -> Dashboard:
    """The dashboard of a period under the filters (reads the day summaries, refreshing them)."""
    months = trend_months(period, today)
    start = min(period.start, months[0].start)
    end = max(period.end, months[-1].end)
    cube = [row for row in daily.cube(session, start, end, profile) if filters.matches(row)]
    in_period = {month.key for month in period.months()}
    selected = [row for row in cube if row.month in in_period]
    figures = daily.compute(
        session,
        period,
        profile,
        as_of=today,
        threshold=threshold,
        staff_names=staff_names,
        office_id=filters.office_id,
    )
    kinds = kind_by_state(selected, threshold, filters.active)
    return Dashboard(
        period=period,
        filters=filters,
        threshold=threshold,
        total=kinds.total,
        kind_by_state=kinds,
        office_by_month=office_by_month(
            selected, period, office_labels(session), threshold, filters.active
        ),
        trend=trend(cube, months, threshold),
        indicators=indicators(figures.timeliness.deadlines, target, threshold),
        target=target,
    )


def _kind_label(kind: str) -> str:
    if kind == UNCLASSIFIED:
        return _l("noch nicht eingeordnet")
    return ALL_KINDS.get(kind, kind)


def _state_label(state: str) -> str:
    return cast(str, STATE_LABELS.get(state, state))
