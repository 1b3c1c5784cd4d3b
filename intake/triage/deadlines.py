"""Working-day arithmetic for KRM deadlines, per German federal state.

Both rule sets count most deadlines in *Arbeitstage* (working days): Rhein-Lahn 2 ("innerhalb
von 3 Arbeitstagen"), Neukölln GA 4.1 and 5.2/5.3 (3, 5 and 10 Arbeitstage). A working day here
is Monday to Friday unless it is a public holiday of the office's federal state, so the same
reaction can be due on different days in Rhineland-Palatinate (Fronleichnam) and Berlin
(Internationaler Frauentag). 24 and 31 December are ordinary working days by law.

Counting follows §26 SGB X / §187 Abs. 1 BGB: the day of receipt never counts, whether or not
it is itself a working day; the first day counted is the next working day after it.

The holiday calendars come from the `holidays` package and are cached per (state, year): a list
page computes due dates for many rows, and building a calendar costs far more than a look-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

import holidays

# The sixteen Länder, as `holidays` spells them (ISO 3166-2:DE without the country prefix).
STATES: frozenset[str] = frozenset(
    ("BB", "BE", "BW", "BY", "HB", "HE", "HH", "MV", "NI", "NW", "RP", "SH", "SL", "SN", "ST", "TH")
)

_ONE_DAY = timedelta(days=1)


def validate_state(state: str) -> str:
    """Return the two-letter state code unchanged, or raise ValueError naming the valid ones."""
    if state not in STATES:
        raise ValueError(
            f"unknown federal state {state!r}: expected one of {', '.join(sorted(STATES))}"
        )
    return state


def _check_count(n: int) -> None:
    """Raise ValueError unless n is a non-negative integer (bool is rejected too)."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError(f"the number of days must be an integer, not {n!r}")
    if n < 0:
        raise ValueError(f"the number of days must not be negative: {n}")


@lru_cache(maxsize=512)  # 16 states x a few decades; bounded in a long-lived server
def _public_holidays(state: str, year: int) -> Mapping[date, str]:
    """The public holidays of one state in one year, date → name (cached, read-only)."""
    calendar = holidays.country_holidays("DE", subdiv=state, years=year)
    return MappingProxyType({day: str(name) for day, name in calendar.items()})


def _is_working_day(day: date, state: str) -> bool:
    """Like is_working_day, for a state that is already validated."""
    return day.weekday() < 5 and day not in _public_holidays(state, day.year)


def is_working_day(day: date, state: str) -> bool:
    """True if `day` is Monday to Friday and not a public holiday in `state`."""
    return _is_working_day(day, validate_state(state))


def public_holiday_name(day: date, state: str) -> str | None:
    """The English name of the public holiday on `day` in `state`, or None."""
    return _public_holidays(validate_state(state), day.year).get(day)


def working_days_after(start: date, n: int, state: str) -> date:
    """The n-th working day after `start` (start itself never counts); n=0 returns start."""
    validate_state(state)
    _check_count(n)
    day = start
    remaining = n
    while remaining:
        day += _ONE_DAY
        if _is_working_day(day, state):
            remaining -= 1
    return day


def working_days_before(end: date, n: int, state: str) -> date:
    """The n-th working day before `end` (end itself never counts); n=0 returns end."""
    validate_state(state)
    _check_count(n)
    day = end
    remaining = n
    while remaining:
        day -= _ONE_DAY
        if _is_working_day(day, state):
            remaining -= 1
    return day


def working_day_on_or_before(day: date, state: str) -> date:
    """`day` if it is a working day, else the last working day before it."""
    validate_state(state)
    while not _is_working_day(day, state):
        day -= _ONE_DAY
    return day


def working_days_between(start: date, end: date, state: str) -> int:
    """The number of working days after `start` up to and including `end` (end >= start)."""
    validate_state(state)
    if end < start:
        raise ValueError(f"end {end.isoformat()} lies before start {start.isoformat()}")
    count = 0
    day = start + _ONE_DAY
    while day <= end:
        if _is_working_day(day, state):
            count += 1
        day += _ONE_DAY
    return count


def calendar_days_after(start: date, n: int) -> date:
    """The date n calendar days after `start`; n=0 returns start."""
    _check_count(n)
    return start + timedelta(days=n)
