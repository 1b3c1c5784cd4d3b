"""The maintained summary behind every report: one row of counts per day of receipt.

A year of a million reactions is 365 `report_day` rows. Each holds the day's facts — counts
by kind, channel, office, language, state; the deadlines of the profile kept, missed or still
running; working days from step to step as histograms; when the day's cases were closed; the
Google reviews' stars and replies — computed in Python by the same rules the case page uses
(`intake.triage.rules.due_dates`, `intake.triage.deadlines`), so a figure means the same
everywhere. Reports merge the rows of their period (`compute`), the dashboard merges a cube
of counts (`cube`).

Keeping it current needs no code path to remember it: database triggers (migration 0009)
append the day of receipt to `report_dirty` on every insert, update and delete of a case or
its Google review. `refresh` recomputes the dirty days (and those computed under another
rule profile) and deletes exactly the dirty rows it read, so a change committed while it
runs leaves its own row behind for the next refresh. `compute` and `cube` refresh the days
they read first; the caller commits (a nightly `flask --app intake reports refresh` keeps
the first report of the morning fast).

Spam is never counted. Cases routed to the anti-corruption officer count once, in
`restricted`, and nowhere else.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from flask_babel import force_locale
from sqlalchemy import delete, false, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intake.labels import CHANNEL_LABELS, KIND_LABELS, STATE_LABELS
from intake.languages import german_name
from intake.measures import services as measures
from intake.models import (
    Case,
    GoogleReview,
    Measure,
    Office,
    ReportDay,
    ReportDirty,
    ReportMonth,
)
from intake.privacy.masking import mask_identifiers
from intake.privacy.staffnames import mask_staff_names
from intake.reports import figures as fig
from intake.reports.services import JUDGED_KINDS, NO_OFFICE, Period, measure_counts
from intake.triage import deadlines, rules, workflow
from intake.triage.cases import ALL_KINDS, JUSTIFIED_REASONS

FACTS_VERSION = 1  # bump when `_day_facts` changes meaning: every day is recomputed
OPEN = date(9999, 12, 31)  # `ReportDay.open_until` while one of the day's cases is open
_CHUNK = 31  # days read per query when refreshing
# The JSON columns of `ReportDay`: read only what a figure needs.
_JSON_COLUMNS = ("facts", "offices", "closed", "cube")
_DELETE_CHUNK = 500

# The deadlines a report measures, by the names `rules.due_dates` gives them.
_DEADLINES: dict[str, str] = {
    rules.ACK: fig.ACK,
    rules.FINAL: fig.ANSWER,
    rules.FOLLOWUP_ANSWER: fig.ANSWER,
    rules.FORWARD: fig.FORWARD,
}
_STEPS = (fig.ACK, fig.ANSWER, fig.FORWARD, "statement")


@dataclass(slots=True)
class CubeRow:
    """Reactions of one month with one combination of office, channel, language, kind, state.

    Not frozen: a year's dashboard builds tens of thousands, and a frozen dataclass's
    `__init__` costs several times more."""

    month: str  # "2026-07"
    office_id: int | None
    channel: str
    language: str
    kind: str  # the KRM kind, "" while unclassified
    state: str
    count: int


def profile_key(profile: rules.RuleProfile) -> str:
    """What a day's facts depend on besides its cases: the profile and the facts' version."""
    return f"{profile.key}:{FACTS_VERSION}"


# --- keeping the summary current ------------------------------------------------------------


def refresh(
    session: Session,
    profile: rules.RuleProfile,
    start: date | None = None,
    end: date | None = None,
) -> int:
    """Recompute the out-of-date days (from `start` to `end`, else all); the number done.

    Out of date: marked dirty by a trigger, or computed under another profile or facts
    version. Flushes; the caller commits.
    """
    dirty_query = select(ReportDirty.id, ReportDirty.day)
    stale_query = select(ReportDay.day).where(ReportDay.profile != profile_key(profile))
    if start is not None:
        dirty_query = dirty_query.where(ReportDirty.day >= start)
        stale_query = stale_query.where(ReportDay.day >= start)
    if end is not None:
        dirty_query = dirty_query.where(ReportDirty.day <= end)
        stale_query = stale_query.where(ReportDay.day <= end)
    dirty = session.execute(dirty_query).all()
    days = sorted({row.day for row in dirty} | set(session.scalars(stale_query)))
    if not days:
        return 0
    states = _office_states(session, profile)
    for chunk in _chunks(days, _CHUNK):
        found = _facts_of_days(session, chunk, profile, states)
        for day in chunk:
            _store(session, day, profile, found.get(day))
    ids = [row.id for row in dirty]
    for id_chunk in _chunks(ids, _DELETE_CHUNK):
        session.execute(delete(ReportDirty).where(ReportDirty.id.in_(id_chunk)))
    session.flush()
    return len(days)


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for position in range(0, len(items), size):
        yield items[position : position + size]


def _office_states(session: Session, profile: rules.RuleProfile) -> dict[int | None, str]:
    states: dict[int | None, str] = {None: profile.state}
    for office_id, state in session.execute(select(Office.id, Office.state)):
        states[office_id] = state or profile.state
    return states


_COLUMNS = (
    Case.received_on,
    Case.office_id,
    Case.channel,
    Case.language,
    Case.krm_kind,
    Case.kind,
    Case.status,
    Case.justified,
    Case.justified_reason,
    Case.high_risk,
    Case.restricted,
    Case.contactable,
    Case.first_followup_on,
    Case.committee_deadline,
    Case.acknowledged_on,
    Case.answered_on,
    Case.forwarded_on,
    Case.statement_on,
    Case.closed_on,
    GoogleReview.star_rating,
    GoogleReview.create_time,
    GoogleReview.first_replied_at,
    GoogleReview.reply_comment,
)


def _facts_of_days(
    session: Session,
    days: Sequence[date],
    profile: rules.RuleProfile,
    states: Mapping[int | None, str],
) -> dict[date, tuple[dict[str, Any], date | None]]:
    query = (
        select(*_COLUMNS)
        .outerjoin(GoogleReview, GoogleReview.case_id == Case.id)
        .where(Case.received_on.in_(list(days)), Case.is_spam.is_(false()))
    )
    grouped: dict[date, list[Any]] = defaultdict(list)
    for row in session.execute(query):
        grouped[row.received_on].append(row)
    return {day: _day_facts(day, rows, profile, states) for day, rows in grouped.items()}


def _store(
    session: Session,
    day: date,
    profile: rules.RuleProfile,
    found: tuple[dict[str, Any], date | None] | None,
) -> None:
    """Write (or, for a day without cases, delete) the day's row, whoever wrote it before."""
    if found is None:
        session.execute(delete(ReportDay).where(ReportDay.day == day))
        return
    facts, open_until = found
    values: dict[str, Any] = {"day": day, "profile": profile_key(profile), "open_until": open_until}
    for column in _JSON_COLUMNS:
        values[column] = json.dumps(facts[column], separators=(",", ":"), sort_keys=True)
    dialect = session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(ReportDay).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=[ReportDay.day],
        set_={key: statement.excluded[key] for key in ("profile", "open_until", *_JSON_COLUMNS)},
    )
    session.execute(statement)


# --- one day's facts -----------------------------------------------------------------------


def _section() -> dict[str, Any]:
    return {
        "n": 0,
        "kind": Counter(),
        "unclassified": 0,
        "channel": Counter(),
        "office": Counter(),
        "language": Counter(),
        "sender": Counter(),
        "state": Counter(),
        "just": Counter(),
        "reason": Counter(),
        "risk": 0,
        "dl": {name: {"kept": 0, "late": 0, "open": Counter()} for name in _STEPS[:3]},
        "wd": {name: Counter() for name in _STEPS},
        "closed": Counter(),
        "rev": {"stars": Counter(), "n": 0, "replied": 0, "days": Counter()},
    }


@lru_cache(maxsize=65536)
def _working_days(start: date, end: date, state: str) -> int:
    if end < start:
        return 0  # a step dated before the receipt (a typing error): no negative durations
    return deadlines.working_days_between(start, end, state)


@lru_cache(maxsize=65536)
def _dues(
    profile: rules.RuleProfile,
    received_on: date,
    state: str,
    channel: str,
    contactable: bool,
    kind: str,
    first_followup_on: date | None,
    committee_deadline: date | None,
) -> tuple[rules.Due, ...]:
    try:
        return tuple(
            rules.due_dates(
                profile,
                received_on=received_on,
                state=state,
                channel=channel,
                contactable=contactable,
                kind=kind,
                first_followup_on=first_followup_on,
                committee_deadline=committee_deadline,
            )
        )
    except ValueError:  # a channel or kind the rules do not know (legacy data): no deadline
        return ()


def _day_facts(
    day: date, rows: Iterable[Any], profile: rules.RuleProfile, states: Mapping[int | None, str]
) -> tuple[dict[str, Any], date | None]:
    """The JSON columns of one day's `ReportDay` row, and its `open_until`."""
    by_office: dict[str, dict[str, Any]] = {}
    cube: Counter[tuple[Any, ...]] = Counter()
    restricted = 0
    open_until: date | None = None
    for row in rows:
        if row.restricted:
            restricted += 1
            continue
        office = str(row.office_id) if row.office_id is not None else NO_OFFICE
        section = by_office.get(office)
        if section is None:
            section = by_office[office] = _section()
        _count(section, row, office, states.get(row.office_id, profile.state), profile)
        cube[(row.office_id, row.channel, row.language, row.krm_kind or "", row.status)] += 1
        ended = row.closed_on if row.closed_on is not None else OPEN
        open_until = ended if open_until is None else max(open_until, ended)
    closed: dict[str, Any] = {
        key: _plain(section.pop("closed")) for key, section in by_office.items()
    }
    offices = {key: _plain(section) for key, section in by_office.items()}
    everything = _merge(offices.values())
    everything.pop("closed")
    closed["all"] = _plain(sum((Counter(c) for c in closed.values()), Counter()))
    facts = {
        "facts": {**_plain(everything), "restricted": restricted},
        "offices": offices,
        "closed": closed,
        "cube": [[*key, n] for key, n in sorted(cube.items(), key=lambda item: str(item[0]))],
    }
    return facts, open_until


def _count(
    target: dict[str, Any], row: Any, office: str, state: str, profile: rules.RuleProfile
) -> None:
    target["n"] += 1
    if row.krm_kind:
        target["kind"][row.krm_kind] += 1
    else:
        target["unclassified"] += 1
    target["channel"][row.channel] += 1
    target["office"][office] += 1
    target["language"][row.language or ""] += 1
    target["sender"][row.kind] += 1
    target["state"][row.status] += 1
    if row.justified is True:
        target["just"]["yes"] += 1
        target["reason"][row.justified_reason or ""] += 1
    elif row.justified is False:
        target["just"]["no"] += 1
    elif row.krm_kind in JUDGED_KINDS:
        target["just"]["open"] += 1
    target["risk"] += bool(row.high_risk)
    target["closed"][row.closed_on.isoformat() if row.closed_on else ""] += 1
    _timing(target, row, state, profile)
    if row.star_rating is not None or row.create_time is not None:
        _review(target["rev"], row)


def _timing(target: dict[str, Any], row: Any, state: str, profile: rules.RuleProfile) -> None:
    _durations_of(target["wd"], row, state)
    if row.krm_kind:
        _deadlines_of(target["dl"], row, state, profile)


def _durations_of(histograms: dict[str, Counter[int]], row: Any, state: str) -> None:
    """Working days from receipt to each step taken, and from forwarding to the statement."""
    received = row.received_on
    for name, taken in (
        (fig.ACK, row.acknowledged_on),
        (fig.ANSWER, row.answered_on),
        (fig.FORWARD, row.forwarded_on),
    ):
        if taken is not None:
            histograms[name][_working_days(received, taken, state)] += 1
    if row.forwarded_on is not None and row.statement_on is not None:
        histograms["statement"][_working_days(row.forwarded_on, row.statement_on, state)] += 1


def _deadlines_of(
    outcomes: dict[str, Any], row: Any, state: str, profile: rules.RuleProfile
) -> None:
    """Each deadline of the case: kept, late, or still open (by its due date)."""
    steps = {
        fig.ACK: row.acknowledged_on,
        fig.ANSWER: row.answered_on or row.closed_on,  # final handling: answered, else closed
        fig.FORWARD: row.forwarded_on,
    }
    dues = _dues(
        profile,
        row.received_on,
        state,
        row.channel,
        bool(row.contactable),
        row.krm_kind,
        row.first_followup_on,
        row.committee_deadline,
    )
    for due in dues:
        name = _DEADLINES.get(due.name)
        if name is None:
            continue
        taken = steps[name]
        if name == fig.FORWARD and taken is None and row.justified is not True:
            continue  # only justified reactions go to the lead (GA 5.3)
        outcome = outcomes[name]
        if taken is None:
            outcome["open"][due.due_on.isoformat()] += 1
        elif taken <= due.due_on:
            outcome["kept"] += 1
        else:
            outcome["late"] += 1


def _review(target: dict[str, Any], row: Any) -> None:
    target["n"] += 1
    if row.star_rating is not None:
        target["stars"][row.star_rating] += 1
    if row.first_replied_at is not None or row.reply_comment:
        target["replied"] += 1
        if row.first_replied_at is not None and row.create_time is not None:
            days = max(0, (row.first_replied_at.date() - row.create_time.date()).days)
            target["days"][days] += 1


def _plain(value: Any) -> Any:
    """Counters and nested dicts as JSON-able dicts with string keys, zeros left out."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items() if item != 0}
    return value


# --- merging days into figures ------------------------------------------------------------


def _load_by_day(
    session: Session, start: date, end: date, column: str = "facts"
) -> dict[date, Any]:
    """One JSON column of the days from `start` to `end`, parsed."""
    source = getattr(ReportDay, column)
    query = select(ReportDay.day, source).where(ReportDay.day >= start, ReportDay.day <= end)
    return {day: json.loads(raw) for day, raw in session.execute(query)}


def _office_key(office_id: int | None) -> str:
    return "all" if office_id is None else str(office_id)


def _add(total: Counter[str], values: Mapping[str, int] | None) -> None:
    if values:
        total.update(values)


def compute(
    session: Session,
    period: Period,
    profile: rules.RuleProfile,
    *,
    as_of: date,
    threshold: int,
    staff_names: Iterable[str],
    office_id: int | None = None,
) -> fig.Figures:
    """The figures of `period` (for one office, or all), as of `as_of`; refreshes first.

    `as_of` decides which running deadlines count as missed: those due before it.
    """
    previous, year_before = period.previous(), period.year_before()
    first = min(period.start, previous.start, year_before.start)
    refresh(session, profile, first, period.end)
    if office_id is None:
        days = _load_by_day(session, first, period.end)
    else:
        key = str(office_id)
        days = {
            d: f.get(key, {})
            for d, f in _load_by_day(session, first, period.end, "offices").items()
        }
    in_period = [f for d, f in days.items() if period.start <= d <= period.end]
    before = [f for d, f in days.items() if previous.start <= d <= previous.end]
    a_year_ago = [f for d, f in days.items() if year_before.start <= d <= year_before.end]
    now = _merge(in_period)
    then = _merge(before)
    last_year = _merge(a_year_ago)
    restricted = sum(
        f.get("restricted", 0)
        for d, f in days.items()
        if period.start <= d <= period.end and office_id is None
    )
    months_now = _months(days, period)
    months_last_year = _months(days, year_before)
    offices = {row.id: row for row in session.execute(select(Office.id, Office.code, Office.name))}
    with _german():
        return fig.Figures(
            period=period.key,
            start=period.start,
            end=period.end,
            previous=previous.key,
            year_before=year_before.key,
            profile=profile.key,
            as_of=as_of,
            threshold=max(1, threshold),
            total=now["n"],
            total_previous=then["n"],
            total_year_before=last_year["n"],
            by_kind=_compared(now["kind"], then["kind"], last_year["kind"], ALL_KINDS, ALL_KINDS),
            unclassified=now["unclassified"],
            by_channel=_compared(
                now["channel"],
                then["channel"],
                last_year["channel"],
                rules.CHANNELS,
                CHANNEL_LABELS,
            ),
            by_office=_office_rows(now["office"], then["office"], last_year["office"], offices),
            by_month=tuple(
                fig.Row(
                    month.key,
                    month.label,
                    months_now.get(month.key, 0),
                    None,
                    months_last_year.get(month.year_before().key, 0),
                )
                for month in period.months()
            ),
            by_language=tuple(
                fig.Row(code, german_name(code) if code else "ohne Angabe", n)
                for code, n in sorted(now["language"].items(), key=lambda item: (-item[1], item[0]))
            ),
            by_sender=_rows(now["sender"], KIND_LABELS, KIND_LABELS),
            by_state=_rows(now["state"], workflow.STATES, STATE_LABELS),
            justified_yes=now["just"]["yes"],
            justified_no=now["just"]["no"],
            justified_open=now["just"]["open"],
            justified_reasons=_rows(
                now["reason"], [*JUSTIFIED_REASONS, ""], {**JUSTIFIED_REASONS, "": "ohne Angabe"}
            ),
            high_risk=now["risk"],
            restricted=restricted,
            timeliness=_timeliness(session, now, profile, period, as_of, office_id),
            measures=_measures(session, period, staff_names)
            if office_id is None
            else fig.Measures(),
            reviews=_reviews(now["rev"]),
        )


class _german:
    """German labels for the figures, whatever the page's language (the report is German)."""

    def __enter__(self) -> None:
        try:
            self._context: Any = force_locale("de")
            self._context.__enter__()
        except RuntimeError:  # no app context: lazy strings fall back to their German source
            self._context = None

    def __exit__(self, *exc: object) -> None:
        if self._context is not None:
            self._context.__exit__(*exc)


def _merge(parts: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {
        "n": 0,
        "unclassified": 0,
        "risk": 0,
        "kind": Counter(),
        "channel": Counter(),
        "office": Counter(),
        "language": Counter(),
        "sender": Counter(),
        "state": Counter(),
        "just": Counter(),
        "reason": Counter(),
        "closed": Counter(),
        "dl": {name: {"kept": 0, "late": 0, "open": Counter()} for name in _STEPS[:3]},
        "wd": {name: Counter() for name in _STEPS},
        "rev": {"stars": Counter(), "n": 0, "replied": 0, "days": Counter()},
    }
    for part in parts:
        for key in ("n", "unclassified", "risk"):
            total[key] += part.get(key, 0)
        for key in ("kind", "channel", "office", "language", "sender", "state", "just", "reason"):
            _add(total[key], part.get(key))
        for name, outcome in part.get("dl", {}).items():
            total["dl"][name]["kept"] += outcome.get("kept", 0)
            total["dl"][name]["late"] += outcome.get("late", 0)
            _add(total["dl"][name]["open"], outcome.get("open"))
        for name, histogram in part.get("wd", {}).items():
            _add(total["wd"][name], histogram)
        review = part.get("rev", {})
        total["rev"]["n"] += review.get("n", 0)
        total["rev"]["replied"] += review.get("replied", 0)
        _add(total["rev"]["stars"], review.get("stars"))
        _add(total["rev"]["days"], review.get("days"))
    for key in ("n", "unclassified", "risk"):
        total[key] = int(total[key])
    for key in ("yes", "no", "open"):
        total["just"][key] = total["just"].get(key, 0)
    return total


def _months(days: Mapping[date, Mapping[str, Any]], period: Period) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for day, facts in days.items():
        if period.start <= day <= period.end:
            counts[f"{day.year}-{day.month:02d}"] += facts.get("n", 0)
    return dict(counts)


def _label(labels: Mapping[str, Any], key: str) -> str:
    found = labels.get(key)
    return str(found) if found is not None else (key or "ohne Angabe")


def _rows(
    counts: Mapping[str, int], order: Iterable[str], labels: Mapping[str, Any]
) -> tuple[fig.Row, ...]:
    return tuple(fig.Row(key, _label(labels, key), counts[key]) for key in _ordered(counts, order))


def _ordered(counts: Mapping[str, int], order: Iterable[str]) -> list[str]:
    """Known keys in their order, then unknown ones alphabetically; zero counts left out."""
    known = list(order)
    first = [key for key in known if counts.get(key)]
    rest = sorted(key for key in counts if key not in set(known) and counts[key])
    return [*first, *rest]


def _compared(
    now: Mapping[str, int],
    then: Mapping[str, int],
    last_year: Mapping[str, int],
    order: Iterable[str],
    labels: Mapping[str, Any],
) -> tuple[fig.Row, ...]:
    keys = _ordered(
        {
            **{k: 1 for k in then if then[k]},
            **{k: 1 for k in last_year if last_year[k]},
            **{k: 1 for k in now if now[k]},
        },
        order,
    )
    return tuple(
        fig.Row(key, _label(labels, key), now.get(key, 0), then.get(key, 0), last_year.get(key, 0))
        for key in keys
    )


def _office_rows(
    now: Mapping[str, int],
    then: Mapping[str, int],
    last_year: Mapping[str, int],
    offices: Mapping[int, Any],
) -> tuple[fig.Row, ...]:
    keys = {key for counts in (now, then, last_year) for key, n in counts.items() if n}
    rows = []
    for key in keys:
        office = offices.get(int(key)) if key not in ("", NO_OFFICE) else None
        code, name = (office.code, office.name) if office else (NO_OFFICE, "ohne Geschäftsstelle")
        rows.append(fig.Row(code, name, now.get(key, 0), then.get(key, 0), last_year.get(key, 0)))
    rows.sort(key=lambda row: (row.key == NO_OFFICE, -row.count, row.key))
    return tuple(rows)


def percentile(histogram: Mapping[Any, int], share: float) -> float | None:
    """The `share` quantile (0.5: the median) of the values a histogram counts.

    The median of an even count is the mean of the two middle values (as `statistics.median`);
    other quantiles are the nearest rank: the smallest value with at least `share` of the
    counts at or below it.
    """
    items = sorted((int(value), n) for value, n in histogram.items() if n)
    total = sum(n for _value, n in items)
    if not total:
        return None
    if share == 0.5:
        lower = _value_at(items, (total - 1) // 2)
        upper = _value_at(items, total // 2)
        return (lower + upper) / 2
    rank = max(1, math.ceil(share * total))
    return float(_value_at(items, rank - 1))


def _value_at(items: Sequence[tuple[int, int]], index: int) -> int:
    seen = 0
    for value, n in items:
        seen += n
        if index < seen:
            return value
    raise IndexError(index)


def _durations(histogram: Mapping[Any, int]) -> fig.Durations:
    count = sum(histogram.values())
    return fig.Durations(count, percentile(histogram, 0.5), percentile(histogram, 0.9))


def _deadline_labels(profile: rules.RuleProfile) -> dict[str, tuple[str, str]]:
    labels = {
        fig.ACK: (
            f"Eingangsbestätigung binnen {profile.ack_working_days} Arbeitstagen",
            profile.ack_rule,
        )
    }
    if profile.final_calendar_days is not None:
        labels[fig.ANSWER] = (
            f"abschließende Bearbeitung binnen {profile.final_calendar_days} Tagen",
            profile.final_rule,
        )
    elif profile.followup_answer_working_days is not None:
        labels[fig.ANSWER] = (
            f"Antwort auf ein 2. Folgeticket binnen {profile.followup_answer_working_days} "
            "Arbeitstagen",
            profile.followup_answer_rule,
        )
    if profile.forward_working_days is not None:
        labels[fig.FORWARD] = (
            f"begründete Reaktion binnen {profile.forward_working_days} Arbeitstagen an die "
            "Teamleitung",
            profile.forward_rule,
        )
    return labels


def _timeliness(
    session: Session,
    now: Mapping[str, Any],
    profile: rules.RuleProfile,
    period: Period,
    as_of: date,
    office_id: int | None,
) -> fig.Timeliness:
    found = []
    for name, (label, rule) in _deadline_labels(profile).items():
        outcome = now["dl"][name]
        missed_open = sum(
            n for due, n in outcome["open"].items() if date.fromisoformat(due) < as_of
        )
        due = outcome["kept"] + outcome["late"] + missed_open
        found.append(fig.Deadline(name, label, rule, due=due, kept=outcome["kept"]))
    return fig.Timeliness(
        deadlines=tuple(found),
        to_ack=_durations(now["wd"][fig.ACK]),
        to_answer=_durations(now["wd"][fig.ANSWER]),
        to_forward=_durations(now["wd"][fig.FORWARD]),
        to_statement=_durations(now["wd"]["statement"]),
        open_by_age=_open_by_age(session, period.end, office_id),
    )


def _open_by_age(session: Session, end: date, office_id: int | None) -> tuple[fig.Row, ...]:
    """Cases received by `end` and not closed on `end`, by their age in calendar days then.

    Reads only the days that still had an open case after `end` (`ReportDay.open_until`)."""
    query = select(ReportDay.day, ReportDay.closed).where(
        ReportDay.day <= end, ReportDay.open_until > end
    )
    ages: Counter[str] = Counter()
    for day, raw in session.execute(query):
        closed = json.loads(raw).get(_office_key(office_id), {})
        still_open = sum(
            n for when, n in closed.items() if not when or date.fromisoformat(when) > end
        )
        if still_open:
            ages[_age_bucket((end - day).days)] += still_open
    return tuple(
        fig.Row(key, _age_label(first, last), ages.get(key, 0))
        for key, first, last in fig.AGE_BUCKETS
    )


def _age_bucket(age: int) -> str:
    for key, first, last in fig.AGE_BUCKETS:
        if age >= first and (last is None or age <= last):
            return key
    raise ValueError(age)


def _age_label(first: int, last: int | None) -> str:
    return f"mehr als {first - 1} Tage" if last is None else f"{first}–{last} Tage"


def _masked(text: str, names: tuple[str, ...]) -> str:
    """A measure's text as a report may show it: identifiers, then staff names masked (as
    `intake.reports.documents.clean_text` does for the officer's texts)."""
    return mask_staff_names(mask_identifiers(text or "").text, names)


def _measures(session: Session, period: Period, staff_names: Iterable[str]) -> fig.Measures:
    names = tuple(staff_names)
    counts = measure_counts(session, period.start, period.end)
    since = period.start
    until = period.end
    query = (
        measures.visible(select(Measure), None)
        .where(
            (Measure.due_on.between(since, until))
            | (Measure.checked_on.between(since, until))
            | (Measure.check_on.between(since, until))
            | (Measure.status == "open")
        )
        .order_by(Measure.due_on, Measure.created_at, Measure.id)
    )
    lines = tuple(
        fig.MeasureLine(
            what=_masked(measure.what, names),
            responsible=_masked(measure.responsible, names),
            due_on=measure.due_on,
            status=measure.status,
            check_on=measure.check_on,
            checked_on=measure.checked_on,
            effective=measure.effective,
            case_id=measure.case_id,
        )
        for measure in session.scalars(query)
        if measure.created_at.date() <= until
    )
    return fig.Measures(
        opened=counts.opened,
        done=counts.done,
        checked=counts.checked,
        effective=counts.effective,
        not_effective=counts.not_effective,
        lines=lines,
    )


def _reviews(review: Mapping[str, Any]) -> fig.Reviews:
    stars = review["stars"]
    rated = sum(stars.values())
    average = sum(int(value) * n for value, n in stars.items()) / rated if rated else None
    return fig.Reviews(
        count=review["n"],
        average_stars=round(average, 2) if average is not None else None,
        answered=review["replied"],
        median_days_to_reply=percentile(review["days"], 0.5),
    )


# --- the dashboard's cube ------------------------------------------------------------------


def cube(session: Session, start: date, end: date, profile: rules.RuleProfile) -> list[CubeRow]:
    """Counts by month, office, channel, language, kind and state from `start` to `end`.

    A whole month is merged from its days once and kept in `report_month` with a digest of
    the day rows it came from; the digest is checked on every read (the days' texts are
    hashed, not parsed), so a month whose days changed is merged again — whoever changed
    them, and however concurrently.
    """
    refresh(session, profile, start, end)
    found: list[CubeRow] = []
    month = date(start.year, start.month, 1)
    while month <= end:
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        last = min(end, following - _ONE_DAY)
        first = max(start, month)
        key = f"{month.year}-{month.month:02d}"
        whole = first == month and last == following - _ONE_DAY
        rows = (
            _month_cube(session, key, first, last) if whole else _merged_cube(session, first, last)
        )
        found += [CubeRow(key, *row) for row in rows]
        month = following
    return found


_ONE_DAY = date(2000, 1, 2) - date(2000, 1, 1)


def _day_cubes(session: Session, first: date, last: date) -> list[tuple[date, str]]:
    query = (
        select(ReportDay.day, ReportDay.cube)
        .where(ReportDay.day >= first, ReportDay.day <= last)
        .order_by(ReportDay.day)
    )
    return [(row.day, row.cube) for row in session.execute(query)]


def _merge_cubes(texts: Iterable[str]) -> list[list[Any]]:
    merged: Counter[tuple[Any, ...]] = Counter()
    for text in texts:
        for *key, n in json.loads(text):
            merged[tuple(key)] += n
    return [[*key, n] for key, n in merged.items()]


def _merged_cube(session: Session, first: date, last: date) -> Sequence[Sequence[Any]]:
    return _merge_cubes(text for _day, text in _day_cubes(session, first, last))


def _month_cube(session: Session, key: str, first: date, last: date) -> Sequence[Sequence[Any]]:
    days = _day_cubes(session, first, last)
    digest = hashlib.sha256()
    for day, text in days:
        digest.update(f"{day.isoformat()}:{len(text)}:".encode())
        digest.update(text.encode())
    fingerprint = digest.hexdigest()
    cached = session.get(ReportMonth, key)
    if cached is not None and cached.digest == fingerprint:
        # Stored by column: six flat lists parse several times faster than one list per row.
        columns: list[list[Any]] = json.loads(cached.cube)
        return list(zip(*columns, strict=True)) if columns else []
    rows = _merge_cubes(text for _day, text in days)
    text = json.dumps([list(column) for column in zip(*rows, strict=True)], separators=(",", ":"))
    if cached is None:
        session.add(ReportMonth(month=key, digest=fingerprint, cube=text))
        try:
            with session.begin_nested():
                session.flush()
        except IntegrityError:  # another request stored the month first: it is checked next time
            pass
    else:
        cached.digest, cached.cube = fingerprint, text
    return rows


def earliest_day(session: Session) -> date | None:
    """The first day with a summary (for the dashboard's period choice)."""
    return session.scalar(select(ReportDay.day).order_by(ReportDay.day).limit(1))
