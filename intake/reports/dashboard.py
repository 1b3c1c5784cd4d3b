"""The management dashboard: counts of a period, filtered and grouped, the trend and the
deadline indicators against the Jobcenter's target.

Everything is read from the maintained day summaries (`intake.reports.daily`): `cube` gives
counts per month, office, channel, language, kind and state of the non-spam, non-restricted
reactions, so restricted cases and spam never reach a cell. No case text, no contact data, no
staff name is read.

Small numbers, by the rule of `intake.reports.figures` (`hidden`): in a group-by table every
row (its cells, adding up to the row total), every column (adding up to the column total), the
row totals and the column totals (adding up to the grand total) is a group; a count is hidden
when it is hidden in any of its groups, and the groups are gone through again until nothing
more changes, so no row or column is left with exactly one hidden count beside a shown total.
A row or column total that is hidden has at least one hidden count in it, so it cannot be
added up either; and where a hidden count has no other nonzero count beside it to hide, its
row or column total (which equals it) is hidden instead. The grand total is shown as it is,
unless a filter narrows the view: then it is a breakdown of its own and hidden when small.
The trend's months of the period are hidden exactly when their column total in "office ×
month" is; the months before the period are a group of their own. A deadline's share is
shown only when neither due nor kept is hidden.
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
from intake.reports.figures import Deadline, deadline_share, hidden, shown, shown_as
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
    """One row of a table: key, German label, the counts per column and the row's total, and
    the same as printed (small numbers hidden)."""

    key: str
    label: str
    cells: tuple[int, ...]
    total: int
    texts: tuple[str, ...] = ()
    total_text: str = ""


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
    column_texts: tuple[str, ...] = ()  # the column totals as printed
    column_hidden: tuple[bool, ...] = ()  # whether each column total is hidden

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
    matrix = [[counts.get((key, column), 0) for column, _label in columns] for key, _l in rows]
    row_totals = [sum(cells) for cells in matrix]
    column_totals = [sum(cells[j] for cells in matrix) for j in range(len(columns))]
    total = sum(column_totals)
    cell_hidden, row_hidden, column_hidden = table_hidden(matrix, threshold, filtered, len(columns))
    lines = []
    for (key, label), cells, flags, row_total, row_flag in zip(
        rows, matrix, cell_hidden, row_totals, row_hidden, strict=True
    ):
        lines.append(
            Line(
                key,
                label,
                tuple(cells),
                row_total,
                tuple(shown_as(n, threshold, flag) for n, flag in zip(cells, flags, strict=True)),
                shown_as(row_total, threshold, row_flag),
            )
        )
    return Table(
        caption=caption,
        row_head=row_head,
        columns=tuple(columns),
        rows=tuple(lines),
        column_totals=tuple(column_totals),
        total=total,
        threshold=threshold,
        filtered=filtered,
        column_texts=tuple(
            shown_as(n, threshold, flag)
            for n, flag in zip(column_totals, column_hidden, strict=True)
        ),
        column_hidden=tuple(column_hidden),
    )


def table_hidden(
    matrix: Sequence[Sequence[int]], threshold: int, filtered: bool, width: int | None = None
) -> tuple[list[list[bool]], list[bool], list[bool]]:
    """Which cells, row totals and column totals of a table are hidden (see the module doc).

    Every count is one entry of a list: the cells row by row, then the row totals, the column
    totals and the grand total; each group is (its members, its total's entry). `width`: the
    number of columns (default: of the first row; needed for a table without rows).
    """
    height = len(matrix)
    if width is None:
        width = len(matrix[0]) if matrix else 0
    row_totals = [sum(cells) for cells in matrix]
    column_totals = [sum(cells[j] for cells in matrix) for j in range(width)]
    values = [n for cells in matrix for n in cells] + row_totals + column_totals
    values.append(sum(row_totals))
    first_row_total, first_column_total = height * width, height * width + height
    grand = len(values) - 1
    groups: list[tuple[list[int], int]] = []
    for i in range(height):
        groups.append(([i * width + j for j in range(width)], first_row_total + i))
    for j in range(width):
        groups.append(([i * width + j for i in range(height)], first_column_total + j))
    groups.append(([first_row_total + i for i in range(height)], grand))
    groups.append(([first_column_total + j for j in range(width)], grand))
    flags = [0 < n < threshold for n in values]
    if not filtered:
        flags[grand] = False  # the total of the period is shown as it is
    # the grand total is hidden only as a small number of a filtered view, never to protect
    # another count: a count that alone makes it up is as large and is not hidden either
    _settle(values, groups, flags, threshold, grand)
    cells = [flags[i * width : (i + 1) * width] for i in range(height)]
    return (
        cells,
        flags[first_row_total:first_column_total],
        flags[first_column_total:grand],
    )


def _settle(
    values: Sequence[int],
    groups: Sequence[tuple[list[int], int]],
    flags: list[bool],
    threshold: int,
    exact: int,
) -> None:
    """Hide more entries (in `flags`) until no group lets a hidden count be worked out.

    `exact`: the entry never hidden for another (the grand total: shown as it is, or hidden
    only as a small number of a filtered view).
    """
    changed = True
    while changed:
        changed = False
        for members, total in groups:
            counts = [values[m] for m in members]
            found = hidden(counts, threshold, not flags[total], already=[flags[m] for m in members])
            hidden_here = sum(1 for flag, n in zip(found, counts, strict=True) if flag and n)
            if flags[total] and values[total] and not hidden_here:
                # a hidden total must not be the sum of what is shown
                smallest = min((n, k) for k, n in enumerate(counts) if n)
                found[smallest[1]] = True
            elif hidden_here == 1 and not flags[total] and total != exact:
                # no other count to hide beside the one hidden: its total is it, so hide that
                flags[total] = changed = True
            for member, flag in zip(members, found, strict=True):
                if flag and not flags[member]:
                    flags[member] = changed = True


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
    rows: Iterable[CubeLike],
    months: Sequence[Period],
    threshold: int,
    decided: Mapping[str, bool] | None = None,
) -> tuple[TrendPoint, ...]:
    """Counts per month, in the order of `months` (months without reactions count 0).

    `decided`: months whose hiding is already decided (the period's months, hidden as their
    column total in "office × month"); the other months are suppressed as one group.
    """
    decided = decided or {}
    counts: Counter[str] = Counter()
    for row in rows:
        counts[row.month] += row.count
    others = [month.key for month in months if month.key not in decided]
    flags = dict(decided)
    flags.update(zip(others, hidden([counts[key] for key in others], threshold), strict=True))
    largest = max((counts[month.key] for month in months), default=0)
    return tuple(
        TrendPoint(
            month=month.key,
            label=month.label,
            count=counts[month.key],
            text=shown_as(counts[month.key], threshold, flags[month.key]),
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
    """Each deadline's share against the target; no share where due or kept is hidden (fewer
    than `threshold`) or nothing was due."""
    result = []
    for deadline in deadlines:
        due, kept = deadline.due, deadline.kept
        share = deadline_share(deadline, threshold)
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
    offices = office_by_month(selected, period, office_labels(session), threshold, filters.active)
    decided = {
        key: flag
        for (key, _label), flag in zip(offices.columns, offices.column_hidden, strict=True)
    }
    return Dashboard(
        period=period,
        filters=filters,
        threshold=threshold,
        total=kinds.total,
        kind_by_state=kinds,
        office_by_month=offices,
        trend=trend(cube, months, threshold, decided),
        indicators=indicators(figures.timeliness.deadlines, target, threshold),
        target=target,
    )


def _kind_label(kind: str) -> str:
    if kind == UNCLASSIFIED:
        return _l("noch nicht eingeordnet")
    return ALL_KINDS.get(kind, kind)


def _state_label(state: str) -> str:
    return cast(str, STATE_LABELS.get(state, state))
