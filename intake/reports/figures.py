"""The figures of a KRM report: one value object, computed from the day summaries, frozen as JSON.

`Figures` is what the report page, its PDF, the XLSX export and a finalised report version
all show. It holds counts only — no case text, no contact data, no staff names (measures'
texts pass `mask_staff_names` before they get here). `compute` (in `intake.reports.daily`'s
terms: merging one summary per day) builds it; `to_dict`/`from_dict` store and restore it
unchanged, so a final report reads the figures it was handed in with, whatever happens to the
cases afterwards.

Small numbers: the figures keep the true counts; whoever shows them decides what to hide, by
one rule for every page, PDF, chart, workbook and dashboard:

- Totals are shown as they are, however small: the period's total (and the totals of the
  periods compared), "noch nicht eingeordnet", high risk, handed to the anti-corruption officer,
  the Google reviews' count, average and answered, the measures' counts.
- A breakdown is a group of counts that adds up to a total (each column of it on its own: the
  period, the period before, the year before). `hidden(counts, threshold)` decides which of a
  group's counts are hidden. Primary suppression: a count from 1 to threshold − 1 is hidden.
  Complementary suppression: when exactly one nonzero count of a group is hidden and the group
  adds up to a shown total, the next-smallest nonzero count is hidden as well (if there is
  one), so the hidden one cannot be found by subtracting the others from the total. A 0 is
  never hidden; with threshold 1 nothing is.
- A count hidden by the primary rule prints as "< n"; one hidden by the complementary rule
  (it is n or more) prints as `CONCEALED` ("k. A.", keine Angabe). `group_texts` and
  `display_rows` give the printed texts of a group; `Figures.shown_rows`,
  `Figures.shown_justified` and `Figures.shown_share` do it for a template.
- The groups of a report: the classified kinds (`by_kind`; "noch nicht eingeordnet" is a total
  shown as it is, so the kinds add up to the shown total minus it and are suppressed as a group
  of their own), channels, offices, months, languages, senders, states, justified yes / no /
  open, the reasons of the justified ones and the open cases by age. Every group counts as
  adding up to a shown total (some sums are shown elsewhere or follow from other figures).
- A deadline's share kept is shown only when neither its due nor its kept count is hidden
  (`deadline_share`); a duration's median and 90th percentile only when its count is shown.
- `shown(count, threshold)` is the primary rule alone, for a single count outside any group.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

CONCEALED = "k. A."  # a count hidden by complementary suppression (it is threshold or more)
SCHEMA = 1  # bump when the stored shape changes; `from_dict` refuses other versions

# The deadlines a report measures (keys of `Deadline.name`).
ACK = "ack"  # acknowledgement (Eingangsbestätigung) within the profile's working days
ANSWER = "answer"  # final handling (RL: 14 days) or a 2nd follow-up ticket's answer (GA 5.2)
FORWARD = "forward"  # forwarding to the team lead (GA 5.3: 10 working days)

# Ages of cases still open at the end of a period, in calendar days: (key, first, last).
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0-7", 0, 7),
    ("8-14", 8, 14),
    ("15-30", 15, 30),
    ("31-90", 31, 90),
    ("91+", 91, None),
)


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: a key (kind, channel, office code, "2026-07", language code),
    its German label, the count in the period and, where compared, the counts of the period
    before and of the same period a year earlier (None where no comparison is made)."""

    key: str
    label: str
    count: int
    previous: int | None = None
    year_before: int | None = None


@dataclass(frozen=True)
class Durations:
    """Working days from one step to the next, over the cases that took the step."""

    count: int = 0
    median: float | None = None
    p90: float | None = None


@dataclass(frozen=True)
class Deadline:
    """How often one kind of deadline was kept.

    `due`: cases of the period for which the profile sets this deadline and whose outcome is
    known on `Figures.as_of` — the step was taken (in time or late), or the deadline passed
    without it. Cases whose deadline has not come yet and whose step is still open are left
    out. `kept`: of those, the step was taken on or before the deadline.
    """

    name: str  # ACK, ANSWER, FORWARD
    label: str  # German, e.g. "Eingangsbestätigung binnen 3 Arbeitstagen"
    rule: str  # the rule text of the profile
    due: int = 0
    kept: int = 0

    @property
    def share(self) -> float | None:
        """Kept / due, None when nothing was due."""
        return self.kept / self.due if self.due else None


@dataclass(frozen=True)
class Timeliness:
    """Deadlines kept, and how long the steps took, in working days of the office's state."""

    deadlines: tuple[Deadline, ...] = ()
    to_ack: Durations = field(default_factory=Durations)  # receipt → acknowledgement
    to_answer: Durations = field(default_factory=Durations)  # receipt → answer
    to_forward: Durations = field(default_factory=Durations)  # receipt → forwarded to the lead
    to_statement: Durations = field(default_factory=Durations)  # forwarded → lead's statement
    open_by_age: tuple[Row, ...] = ()  # cases open at the end of the period, AGE_BUCKETS keys


@dataclass(frozen=True)
class MeasureLine:
    """One measure of the period, its texts with staff names masked."""

    what: str
    responsible: str
    due_on: date | None
    status: str  # open, done, dropped
    check_on: date | None
    checked_on: date | None
    effective: bool | None
    case_id: int | None = None


@dataclass(frozen=True)
class Measures:
    """Measures opened, done and checked in the period, and the lines to list."""

    opened: int = 0
    done: int = 0
    checked: int = 0
    effective: int = 0
    not_effective: int = 0
    lines: tuple[MeasureLine, ...] = ()


@dataclass(frozen=True)
class Reviews:
    """Google reviews received in the period (as cases with channel "google")."""

    count: int = 0
    average_stars: float | None = None
    answered: int = 0
    median_days_to_reply: float | None = None

    @property
    def answered_share(self) -> float | None:
        """Answered / count, None without reviews."""
        return self.answered / self.count if self.count else None


@dataclass(frozen=True)
class Figures:
    """Everything a report counts for one period (spam and restricted cases left out, but for
    the one count `restricted`)."""

    period: str  # "2026-Q3", "2026", "2026-07"
    start: date
    end: date
    previous: str  # the key of the period before
    year_before: str  # the key of the same period a year earlier
    profile: str  # the rule profile's key
    as_of: date  # the day the figures were computed (deadlines passed by then count as missed)
    threshold: int  # counts 1 … threshold − 1 in breakdowns are shown as "< threshold"
    total: int
    total_previous: int
    total_year_before: int
    by_kind: tuple[Row, ...]  # classified kinds in ALL_KINDS order (with comparisons)
    unclassified: int
    by_channel: tuple[Row, ...]  # (with comparisons)
    by_office: tuple[Row, ...]  # most first; key "-" for none (with comparisons)
    by_month: tuple[Row, ...]  # "2026-07" (year_before: the same month a year earlier)
    by_language: tuple[Row, ...]  # language codes, most first
    by_sender: tuple[Row, ...]  # what the sender ticked (citizen, employer, …)
    by_state: tuple[Row, ...]  # workflow states now
    justified_yes: int
    justified_no: int
    justified_open: int
    justified_reasons: tuple[Row, ...]  # GA 4.2 reasons of the justified ones
    high_risk: int
    restricted: int  # "an Antikorruption abgegeben: n", nothing more
    timeliness: Timeliness
    measures: Measures
    reviews: Reviews

    def shown_rows(self, name: str) -> list[tuple[Row, str, str | None, str | None]]:
        """A breakdown as printed, small numbers hidden as one group per column (see the module
        doc): `name` is one of `BREAKDOWNS` ("by_kind", …, "justified_reasons", "open_by_age")."""
        if name not in BREAKDOWNS:
            raise ValueError(f"no breakdown {name!r}")
        rows: tuple[Row, ...] = (
            self.timeliness.open_by_age if name == "open_by_age" else getattr(self, name)
        )
        return display_rows(rows, self.threshold)

    def shown_justified(self) -> tuple[str, str, str]:
        """Justified yes / no / open as printed, suppressed as one group."""
        yes, no, still_open = group_texts(
            [self.justified_yes, self.justified_no, self.justified_open], self.threshold
        )
        return yes, no, still_open

    def shown_share(self, deadline: Deadline) -> float | None:
        """A deadline's share kept, None where nothing was due or due or kept is hidden."""
        return deadline_share(deadline, self.threshold)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (dates as ISO strings), with the schema version."""
        return {"schema": SCHEMA, **_plain(dataclasses.asdict(self))}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figures:
        """The figures `to_dict` stored (ValueError for another schema version)."""
        if data.get("schema") != SCHEMA:
            raise ValueError(f"report figures of schema {data.get('schema')!r}, not {SCHEMA}")
        found: Figures = _build(cls, data)
        return found


def shown(count: int | None, threshold: int) -> str:
    """A breakdown's count as printed: "< 5" for 1…4 when the threshold is 5, "–" for None."""
    if count is None:
        return "–"
    if 0 < count < threshold:
        return f"< {threshold}"
    return f"{count:,}".replace(",", ".")  # German thousands separator


def suppressed(count: int | None, threshold: int) -> bool:
    """Whether `shown` hides this count."""
    return count is not None and 0 < count < threshold


# The breakdowns `Figures.shown_rows` prints, each a group per column.
BREAKDOWNS = frozenset(
    {
        "by_kind",
        "by_channel",
        "by_office",
        "by_month",
        "by_language",
        "by_sender",
        "by_state",
        "justified_reasons",
        "open_by_age",
    }
)


def hidden(
    counts: Sequence[int],
    threshold: int,
    total_shown: bool = True,
    *,
    already: Sequence[bool] | None = None,
) -> list[bool]:
    """Which counts of one group are hidden: primary suppression (1 … threshold − 1) and, when
    the group adds up to a shown total and exactly one nonzero count is hidden, the
    next-smallest nonzero count too (the first of equal ones), if there is one.

    `already`: counts hidden for another reason (a dashboard cell hidden in its column group),
    kept hidden and counted as hidden here.
    """
    flags = [
        0 < count < threshold or bool(already is not None and already[index])
        for index, count in enumerate(counts)
    ]
    hidden_nonzero = sum(1 for count, flag in zip(counts, flags, strict=True) if flag and count)
    if total_shown and hidden_nonzero == 1:
        candidates = [
            (count, index) for index, count in enumerate(counts) if count and not flags[index]
        ]
        if candidates:
            flags[min(candidates)[1]] = True
    return flags


def shown_as(count: int | None, threshold: int, hide: bool) -> str:
    """A count as printed once `hidden` has decided: "< 5" (1 … 4 at threshold 5),
    `CONCEALED` for a larger count hidden to protect a small one, "–" for None."""
    if count is None:
        return "–"
    if hide and count > 0:
        return f"< {threshold}" if count < threshold else CONCEALED
    return shown(count, 1)


def group_texts(
    counts: Sequence[int | None], threshold: int, total_shown: bool = True
) -> list[str]:
    """The counts of one group as printed (None: no count, "–", not part of the group)."""
    flags = hidden([count or 0 for count in counts], threshold, total_shown)
    return [shown_as(count, threshold, flag) for count, flag in zip(counts, flags, strict=True)]


def display_rows(
    rows: Sequence[Row], threshold: int, total_shown: bool = True
) -> list[tuple[Row, str, str | None, str | None]]:
    """A breakdown as printed: (row, count, previous, year before), each column suppressed as
    one group; a comparison is None where the row makes none."""
    counts = group_texts([row.count for row in rows], threshold, total_shown)
    previous = group_texts([row.previous for row in rows], threshold, total_shown)
    year_before = group_texts([row.year_before for row in rows], threshold, total_shown)
    return [
        (
            row,
            counts[index],
            None if row.previous is None else previous[index],
            None if row.year_before is None else year_before[index],
        )
        for index, row in enumerate(rows)
    ]


def deadline_share(deadline: Deadline, threshold: int) -> float | None:
    """The share kept, None where nothing was due or where due or kept is hidden."""
    if suppressed(deadline.due, threshold) or suppressed(deadline.kept, threshold):
        return None
    return deadline.share


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _build(cls: Any, data: dict[str, Any]) -> Any:
    """Rebuild a (nested) dataclass from `_plain` data, by the annotated field types."""
    hints = _field_types(cls)
    values: dict[str, Any] = {}
    for item in dataclasses.fields(cls):
        if item.name not in data:
            continue
        values[item.name] = _value(hints[item.name], data[item.name])
    return cls(**values)


def _value(kind: str, raw: Any) -> Any:
    if raw is None:
        return None
    base = kind.replace(" | None", "")
    if base == "date":
        return date.fromisoformat(raw)
    if base.startswith("tuple["):
        inner = base[len("tuple[") : -len(", ...]")]
        return tuple(_value(inner, item) for item in raw)
    if base in _NESTED:
        return _build(_NESTED[base], raw)
    return raw


def _field_types(cls: Any) -> dict[str, str]:
    return {item.name: str(item.type) for item in dataclasses.fields(cls)}


_NESTED: dict[str, type] = {
    "Row": Row,
    "Durations": Durations,
    "Deadline": Deadline,
    "Timeliness": Timeliness,
    "MeasureLine": MeasureLine,
    "Measures": Measures,
    "Reviews": Reviews,
}
