"""Periodic KRM reports, the CSV export for the agency's analysis tool, and hint statistics.

Neukölln reports quarterly (GA 5.3: 15 Jan/Apr/Jul/Oct about the previous quarter), Rhein-Lahn
yearly (RL Nr. 5: by 24 January about the previous year); `intake.triage.rules` says which, and
`default_period` picks the latest period that has ended (the one reported on now or last).

What every figure leaves out:

- spam, always;
- cases routed to the anti-corruption officer (`restricted`, GA 5.3): they appear as one
  count ("an Antikorruption abgegeben: n") and nowhere else, neither in a breakdown nor in
  the export, so nothing about them reaches the leads or the regional directorate;
- contact data and Google reviewers' names: the export carries the case, not the person,
  and staff names are masked in its text (`intake.privacy.staffnames`).
"""

from __future__ import annotations

import csv
import io
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, false, func, select, true
from sqlalchemy.orm import Session

from intake.languages import german_name
from intake.measures import services as measures
from intake.models import AuditEvent, Case, Measure, Office
from intake.privacy.staffnames import mask_staff_names
from intake.triage import rules, workflow
from intake.triage.cases import ALL_KINDS, JUSTIFIED_REASONS

# The kinds a "justified?" decision belongs to (GA 4.2).
JUDGED_KINDS = rules.COMPLAINT_KINDS | rules.PETITION_KINDS
# What intake.triage.cases.apply_hints stores when the sender's tick, not the text, gave the hint.
SENDER_REASON = "vom Absender gewählt"
NO_OFFICE = "-"

EXPORT_COLUMNS = (
    "id",
    "eingang",
    "geschaeftsstelle",
    "kanal",
    "sprache",  # the German name of the reaction's language ("Ukrainisch")
    "absender_art",
    "krm_art",
    "begruendet",
    "begruendung",
    "status",
    "beantwortet_am",
    "abgeschlossen_am",
    "hohes_risiko",
    "text",
)
# A spreadsheet reads cells starting with these as formulas (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Whitespace and invisible format characters (Unicode Cf, as of Unicode 15) that may stand
# before a formula sign without showing; `_first_visible` also asks `unicodedata` for newer ones.
_INVISIBLE = re.compile(
    r"[\s\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    r"\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    r"\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    r"\U000e0020-\U000e007f]*+"
)
CSV_DELIMITER = ";"  # what Excel expects in a German locale


# --- periods -------------------------------------------------------------------------------

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
MONTH_NAMES = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip


@dataclass(frozen=True)
class Period:
    """A calendar quarter, year or month: `2026-Q3`, `2025` or `2026-07`.

    Reports cover the profile's quarter or year; a month is the leadership meeting's summary
    and the "any period on request" of the report page.
    """

    year: int
    quarter: int | None = None  # None: the whole year (or a month)
    month: int | None = None  # a single month

    @property
    def key(self) -> str:
        """As in the URL."""
        if self.month:
            return f"{self.year}-{self.month:02d}"
        return f"{self.year}-Q{self.quarter}" if self.quarter else str(self.year)

    @property
    def label(self) -> str:
        """In German words: "3. Quartal 2026", "Juli 2026", "2026"."""
        if self.month:
            return f"{MONTH_NAMES[self.month - 1]} {self.year}"
        return f"{self.quarter}. Quartal {self.year}" if self.quarter else str(self.year)

    @property
    def start(self) -> date:
        """The first day."""
        if self.month:
            return date(self.year, self.month, 1)
        return date(self.year, 3 * (self.quarter - 1) + 1 if self.quarter else 1, 1)

    @property
    def end(self) -> date:
        """The last day."""
        if self.quarter is None and self.month is None:
            return date(self.year, 12, 31)
        following = self.next()
        return following.start - timedelta(days=1)

    def previous(self) -> Period:
        """The period before, of the same length."""
        if self.month:
            if self.month == 1:
                return Period(self.year - 1, month=12)
            return Period(self.year, month=self.month - 1)
        if self.quarter is None:
            return Period(self.year - 1)
        if self.quarter == 1:
            return Period(self.year - 1, 4)
        return Period(self.year, self.quarter - 1)

    def next(self) -> Period:
        """The period after, of the same length."""
        if self.month:
            if self.month == 12:
                return Period(self.year + 1, month=1)
            return Period(self.year, month=self.month + 1)
        if self.quarter is None:
            return Period(self.year + 1)
        if self.quarter == 4:
            return Period(self.year + 1, 1)
        return Period(self.year, self.quarter + 1)

    def year_before(self) -> Period:
        """The same period a year earlier."""
        return Period(self.year - 1, self.quarter, self.month)

    def months(self) -> list[Period]:
        """The months of the period, in order."""
        if self.month:
            return [self]
        first = self.start.month
        last = self.end.month
        return [Period(self.year, month=m) for m in range(first, last + 1)]


def parse_period(raw: str | None) -> Period | None:
    """`2026-Q3`, `2025` or `2026-07`; None for anything else (or a year outside 2000–2999)."""
    raw = (raw or "").strip().upper()
    month = None
    if match := _QUARTER.match(raw):
        year, quarter = int(match.group(1)), int(match.group(2))
    elif match := _MONTH.match(raw):
        year, quarter, month = int(match.group(1)), 0, int(match.group(2))
    elif match := _YEAR.match(raw):
        year, quarter = int(match.group(1)), 0
    else:
        return None
    if not 2000 <= year <= 2999:
        return None
    return Period(year, quarter or None, month)


def next_due(profile: rules.RuleProfile, today: date) -> date:
    """The next report due date, today included."""
    candidates = [
        due
        for year in (today.year, today.year + 1)
        for due in rules.report_due_dates(profile, year)
        if due >= today
    ]
    return min(candidates)


def period_for(profile: rules.RuleProfile, due_on: date) -> Period:
    """The period a report due on `due_on` covers."""
    start, _end = rules.report_period(profile, due_on)
    if profile.report_period == "year":
        return Period(start.year)
    return Period(start.year, (start.month - 1) // 3 + 1)


def default_period(profile: rules.RuleProfile, today: date) -> Period:
    """The period being reported on now: the one the next report due (`next_due`) covers.

    Between a period's end and its due date (say 3 January for Rhein-Lahn's annual report)
    that is the period just ended; afterwards the running one, so the page opens on the
    figures of the report it announces as due next, not on one already handed in.
    """
    return period_for(profile, next_due(profile, today))


# --- the report ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeCount:
    """Reactions about one office (code "-" for none)."""

    code: str
    name: str
    count: int


@dataclass(frozen=True)
class MeasureCounts:
    """Measures in a period: opened, done, and the effectiveness checks made."""

    opened: int = 0
    done: int = 0
    checked: int = 0
    effective: int = 0
    not_effective: int = 0


@dataclass(frozen=True)
class Report:
    """Counts of one period (spam and restricted cases left out, see the module doc)."""

    start: date
    end: date
    total: int
    by_kind: dict[str, int]  # classified kinds, in intake.triage.cases.ALL_KINDS order
    unclassified: int
    by_channel: dict[str, int]
    by_office: list[OfficeCount]
    justified_yes: int
    justified_no: int
    justified_open: int
    justified_reasons: dict[str, int]
    by_state: dict[str, int]
    answered: int
    median_days_to_answer: float | None
    high_risk: int
    measures: MeasureCounts
    restricted: int  # "an Antikorruption abgegeben: n", nothing more
    sender_kinds: dict[str, int] = field(default_factory=dict)


def _in_period(query: Select[Case], start: date, end: date) -> Select[Case]:
    return query.where(
        Case.is_spam.is_(false()),
        Case.received_on >= start,
        Case.received_on <= end,
    )


def _reportable(start: date, end: date) -> Select[Case]:
    """Cases of the period that reports may describe: not spam, not restricted."""
    return _in_period(select(Case), start, end).where(Case.restricted.is_(false()))


def _ordered(counts: Counter[str], order: Iterable[str]) -> dict[str, int]:
    """Known keys in their order, then unknown ones alphabetically; zero counts left out."""
    known = [key for key in order if counts.get(key)]
    unknown = sorted(key for key in counts if key not in set(order) and counts[key])
    return {key: counts[key] for key in [*known, *unknown]}


def _day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        datetime.combine(start, time.min, tzinfo=UTC),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC),
    )


def measure_counts(session: Session, start: date, end: date) -> MeasureCounts:
    """Measures opened, done and checked in the period (none of restricted cases).

    A measure has no completion date of its own; "done" counts the measures whose status was
    set to done in the period, as the audit trail records it (`intake.measures.services`).
    """
    since, until = _day_bounds(start, end)
    base = measures.visible(select(Measure), None)
    opened = session.scalar(
        base.with_only_columns(func.count(Measure.id)).where(
            Measure.created_at >= since, Measure.created_at < until
        )
    )
    checked = list(
        session.scalars(
            base.where(Measure.checked_on >= start, Measure.checked_on <= end).order_by(
                Measure.created_at, Measure.id
            )  # ids are random: the order they were taken in
        )
    )
    details = session.scalars(
        select(AuditEvent.detail)
        .outerjoin(Case, AuditEvent.case_id == Case.id)
        .where(
            AuditEvent.action == measures.ACTION,
            AuditEvent.detail.like("%status=done%"),
            AuditEvent.at >= since,
            AuditEvent.at < until,
            (Case.id.is_(None)) | (Case.restricted.is_(false())),
        )
    )
    done = {detail.split(":", 1)[0] for detail in details}
    return MeasureCounts(
        opened=opened or 0,
        done=len(done),
        checked=len(checked),
        effective=sum(1 for m in checked if m.effective is True),
        not_effective=sum(1 for m in checked if m.effective is False),
    )


def restricted_count(session: Session, start: date, end: date) -> int:
    """How many reactions of the period went to the anti-corruption officer."""
    query = _in_period(select(Case), start, end).where(Case.restricted.is_(true()))
    return session.scalar(query.with_only_columns(func.count(Case.id))) or 0


def period_report(session: Session, start: date, end: date) -> Report:
    """Everything the periodic report counts, for reactions received from `start` to `end`."""
    columns = (
        Case.krm_kind,
        Case.kind,
        Case.channel,
        Case.office_id,
        Case.justified,
        Case.justified_reason,
        Case.status,
        Case.received_on,
        Case.answered_on,
        Case.high_risk,
    )
    rows = session.execute(_reportable(start, end).with_only_columns(*columns)).all()
    kinds: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    states: Counter[str] = Counter()
    senders: Counter[str] = Counter()
    office_counts: Counter[int | None] = Counter()
    reasons: Counter[str] = Counter()
    justified: Counter[str] = Counter()
    days_to_answer: list[int] = []
    high_risk = unclassified = 0
    for row in rows:
        if row.krm_kind:
            kinds[row.krm_kind] += 1
        else:
            unclassified += 1
        channels[row.channel] += 1
        states[row.status] += 1
        senders[row.kind] += 1
        office_counts[row.office_id] += 1
        if row.justified is True:
            justified["yes"] += 1
            reasons[row.justified_reason or ""] += 1
        elif row.justified is False:
            justified["no"] += 1
        elif row.krm_kind in JUDGED_KINDS:
            justified["open"] += 1
        if row.answered_on is not None:
            days_to_answer.append((row.answered_on - row.received_on).days)
        high_risk += bool(row.high_risk)

    return Report(
        start=start,
        end=end,
        total=len(rows),
        by_kind=_ordered(kinds, ALL_KINDS),
        unclassified=unclassified,
        by_channel=_ordered(channels, rules.CHANNELS),
        by_office=_office_counts(session, office_counts),
        justified_yes=justified["yes"],
        justified_no=justified["no"],
        justified_open=justified["open"],
        justified_reasons=_ordered(reasons, [*JUSTIFIED_REASONS, ""]),
        by_state=_ordered(states, workflow.STATES),
        answered=len(days_to_answer),
        median_days_to_answer=statistics.median(days_to_answer) if days_to_answer else None,
        high_risk=high_risk,
        measures=measure_counts(session, start, end),
        restricted=restricted_count(session, start, end),
        sender_kinds=dict(senders.most_common()),
    )


def _office_counts(session: Session, counts: Counter[int | None]) -> list[OfficeCount]:
    ids = [office_id for office_id in counts if office_id is not None]
    found = {
        office.id: office for office in session.scalars(select(Office).where(Office.id.in_(ids)))
    }
    result = [
        OfficeCount(found[i].code, found[i].name, n)
        for i, n in counts.items()
        if i is not None and i in found
    ]
    result.sort(key=lambda row: (-row.count, row.code))
    missing = sum(n for i, n in counts.items() if i is None or i not in found)
    if missing:
        result.append(OfficeCount(NO_OFFICE, "", missing))
    return result


# --- hint statistics -----------------------------------------------------------------------


@dataclass(frozen=True)
class HintRow:
    """How one suggested kind of one rules version fared with the officers."""

    version: str
    source: str  # "rules" (the text) or "sender" (the sender's tick)
    kind: str
    suggestions: int
    classified: int
    accepted: int
    overrides: list[tuple[str, int]]  # chosen kind, how often, most frequent first

    @property
    def rate(self) -> float | None:
        """Accepted share of the classified suggestions (None before any)."""
        return self.accepted / self.classified if self.classified else None


def hint_stats(session: Session, since: date | None = None, top: int = 3) -> list[HintRow]:
    """Per hints version and suggested kind: suggested, classified, accepted, overrides.

    Restricted cases and spam are left out, as everywhere in reports.
    """
    query = select(
        Case.hints_version,
        Case.suggested_kind,
        Case.suggestion_reason,
        Case.suggestion_accepted,
        Case.krm_kind,
    ).where(
        Case.is_spam.is_(false()),
        Case.restricted.is_(false()),
        Case.suggested_kind.is_not(None),
    )
    if since is not None:
        query = query.where(Case.received_on >= since)
    totals: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    chosen: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    for version, kind, reason, accepted, krm_kind in session.execute(query):
        source = "sender" if reason == SENDER_REASON else "rules"
        key = (version or "-", source, kind or "")
        totals[key]["suggestions"] += 1
        if accepted is not None:
            totals[key]["classified"] += 1
            totals[key]["accepted"] += bool(accepted)
            if not accepted and krm_kind:
                chosen[key][krm_kind] += 1
    return [
        HintRow(
            version=key[0],
            source=key[1],
            kind=key[2],
            suggestions=counts["suggestions"],
            classified=counts["classified"],
            accepted=counts["accepted"],
            overrides=chosen[key].most_common(top),
        )
        for key, counts in sorted(totals.items(), key=lambda item: (_desc(item[0][0]), item[0]))
    ]


def _desc(version: str) -> tuple[int, ...]:
    """Newest rules version first ("2025.2" before "2025.1"); unparsable ones last."""
    try:
        return tuple(-int(part) for part in version.split("."))
    except ValueError:
        return (1,)


# --- export --------------------------------------------------------------------------------


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("ja" if value else "nein")


def export_rows(
    session: Session, start: date, end: date, staff_names: Iterable[str]
) -> Iterator[list[str]]:
    """The period's cases as CSV rows (without header): no contact data, no restricted cases.

    Texts pass `mask_staff_names` with `staff_names` (the configured list, which the caller
    reads: `intake.web.settings.staff_names`); reviewers' names are not read.
    """
    names = tuple(staff_names)
    query = (
        _reportable(start, end)
        .outerjoin(Office, Case.office_id == Office.id)
        .with_only_columns(
            Case.id,
            Case.received_on,
            Office.code,
            Case.channel,
            Case.language,
            Case.kind,
            Case.krm_kind,
            Case.justified,
            Case.justified_reason,
            Case.status,
            Case.answered_on,
            Case.closed_on,
            Case.high_risk,
            Case.text,
        )
        .order_by(Case.received_on, Case.id)
        .execution_options(yield_per=500)
    )
    for row in session.execute(query):
        yield [
            str(row.id),
            _day(row.received_on),
            row.code or "",
            row.channel,
            german_name(row.language),
            row.kind,
            row.krm_kind or "",
            _yes_no(row.justified),
            row.justified_reason or "",
            row.status,
            _day(row.answered_on),
            _day(row.closed_on),
            _yes_no(row.high_risk),
            mask_staff_names(row.text or "", names),
        ]


def safe_cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP CSV injection).

    Whitespace and invisible characters before the sign do not hide a formula
    ("\\ufeff=HYPERLINK(…)"): the first visible character decides, in its compatibility
    form, so a full-width "＝" counts as "=".
    """
    if value.startswith(FORMULA_STARTS) or _first_visible(value).startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _first_visible(value: str) -> str:
    """The first character that is neither whitespace nor a format character, as NFKC."""
    position = _skip_invisible(value, 0)
    while position < len(value) and unicodedata.category(value[position]) == "Cf":
        position = _skip_invisible(value, position + 1)
    return unicodedata.normalize("NFKC", value[position : position + 1])


def _skip_invisible(value: str, position: int) -> int:
    match = _INVISIBLE.match(value, position)
    return match.end() if match else position


def to_csv(rows: Iterable[Sequence[str]], header: Sequence[str] = EXPORT_COLUMNS) -> str:
    """CSV text (semicolons, every cell formula-safe), with the header first; no BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()


def latest_ended(profile: rules.RuleProfile, today: date) -> Period:
    """The profile's latest period that has ended before `today` (a quarter or a year).

    For a quarterly profile on 30 November 2026 that is 2026-Q3, for a yearly one 2025; on a
    period's last day that period is still running. What the command line exports by default,
    unlike `default_period`, which turns to the running period once the report is handed in.
    """
    if profile.report_period == "year":
        return Period(today.year - 1)
    return Period(today.year, (today.month - 1) // 3 + 1).previous()
