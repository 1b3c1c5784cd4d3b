"""Tests for intake.triage.deadlines: working days per federal state, checked against the calendar.

Every expected date was counted by hand on a calendar; the comments show the count.
"""

from __future__ import annotations

import time
from datetime import date

import pytest

from intake.triage import deadlines
from intake.triage.deadlines import (
    STATES,
    calendar_days_after,
    is_working_day,
    public_holiday_name,
    validate_state,
    working_day_on_or_before,
    working_days_after,
    working_days_before,
    working_days_between,
)

D = date


# --------------------------------------------------------------------------- is_working_day


@pytest.mark.parametrize(
    ("day", "state", "expected"),
    [
        (D(2025, 4, 18), "RP", False),  # Karfreitag 2025
        (D(2025, 4, 21), "RP", False),  # Ostermontag 2025
        (D(2026, 4, 3), "BE", False),  # Karfreitag 2026 (Ostersonntag 5.4.)
        (D(2026, 4, 6), "BE", False),  # Ostermontag 2026
        (D(2026, 4, 7), "BE", True),  # Tuesday after Easter
        (D(2025, 5, 29), "BE", False),  # Christi Himmelfahrt 2025
        (D(2026, 5, 14), "RP", False),  # Christi Himmelfahrt 2026
        (D(2025, 6, 9), "RP", False),  # Pfingstmontag 2025
        (D(2026, 5, 25), "BE", False),  # Pfingstmontag 2026
        (D(2025, 6, 19), "RP", False),  # Fronleichnam 2025: holiday in RP ...
        (D(2025, 6, 19), "BE", True),  # ... but not in Berlin
        (D(2026, 6, 4), "RP", False),  # Fronleichnam 2026
        (D(2026, 6, 4), "BE", True),
        (D(2027, 3, 8), "BE", False),  # Frauentag 2027 is a Monday: holiday in Berlin ...
        (D(2027, 3, 8), "RP", True),  # ... a working day in Rhineland-Palatinate
        (D(2026, 3, 8), "BE", False),  # 2026: a Sunday anyway
        (D(2026, 3, 9), "BE", True),  # no substitute holiday in Germany
        (D(2025, 10, 3), "RP", False),  # Tag der Deutschen Einheit
        (D(2025, 10, 3), "BE", False),
        (D(2025, 10, 31), "SN", False),  # Reformationstag in Saxony ...
        (D(2025, 10, 31), "RP", True),  # ... not in RP
        (D(2025, 10, 31), "BE", True),  # ... nor in Berlin
        (D(2027, 11, 1), "RP", False),  # Allerheiligen (Monday) in RP
        (D(2027, 11, 1), "BE", True),
        (D(2025, 12, 24), "RP", True),  # Heiligabend is a working day by law
        (D(2025, 12, 24), "BE", True),
        (D(2025, 12, 25), "BE", False),
        (D(2025, 12, 26), "RP", False),
        (D(2025, 12, 31), "BE", True),  # Silvester too
        (D(2026, 1, 1), "RP", False),
        (D(2025, 6, 14), "RP", False),  # a Saturday
        (D(2025, 6, 15), "BE", False),  # a Sunday
        (D(2025, 6, 16), "BE", True),  # a Monday
    ],
)
def test_is_working_day(day: date, state: str, expected: bool) -> None:
    assert is_working_day(day, state) is expected


def test_public_holiday_name() -> None:
    assert public_holiday_name(D(2026, 6, 4), "RP") == "Corpus Christi"
    assert public_holiday_name(D(2026, 6, 4), "BE") is None
    assert public_holiday_name(D(2027, 3, 8), "BE") == "Women's Day"


# --------------------------------------------------------------------------- working_days_after


@pytest.mark.parametrize(
    ("start", "n", "state", "expected"),
    [
        # Easter 2025: Thu 17.4. → Fri 18 (Karfreitag), Sat, Sun, Mon 21 (Ostermontag) skipped
        (D(2025, 4, 17), 1, "RP", D(2025, 4, 22)),
        (D(2025, 4, 17), 3, "RP", D(2025, 4, 24)),
        # Easter 2026: Thu 2.4. → 3 Karfreitag, 4/5 weekend, 6 Ostermontag, 7 (1) 8 (2) 9 (3)
        (D(2026, 4, 2), 3, "BE", D(2026, 4, 9)),
        # Ascension 2026: Wed 13.5. → Thu 14 skipped → Fri 15
        (D(2026, 5, 13), 1, "BE", D(2026, 5, 15)),
        # Whit Monday 2025: Fri 6.6. → Sat, Sun, Mon 9 skipped → Tue 10
        (D(2025, 6, 6), 1, "RP", D(2025, 6, 10)),
        # Corpus Christi 2026 (Thu 4.6.): RP skips it, BE counts it
        (D(2026, 6, 3), 1, "RP", D(2026, 6, 5)),
        (D(2026, 6, 3), 1, "BE", D(2026, 6, 4)),
        (D(2026, 6, 3), 3, "RP", D(2026, 6, 9)),  # 5 (1), 8 (2), 9 (3)
        (D(2026, 6, 3), 3, "BE", D(2026, 6, 8)),  # 4 (1), 5 (2), 8 (3)
        # Frauentag 2027 (Mon 8.3.): BE skips it, RP counts it
        (D(2027, 3, 5), 1, "BE", D(2027, 3, 9)),
        (D(2027, 3, 5), 1, "RP", D(2027, 3, 8)),
        # Frauentag 2026 is a Sunday: both states reach Monday 9.3.
        (D(2026, 3, 6), 1, "BE", D(2026, 3, 9)),
        (D(2026, 3, 6), 1, "RP", D(2026, 3, 9)),
        # 3 October 2025 is a Friday
        (D(2025, 10, 2), 1, "RP", D(2025, 10, 6)),
        # Reformationstag 2025 (Fri 31.10.): only where it is a holiday
        (D(2025, 10, 30), 1, "SN", D(2025, 11, 3)),
        (D(2025, 10, 30), 1, "RP", D(2025, 10, 31)),
        (D(2025, 10, 30), 1, "BE", D(2025, 10, 31)),
        # Allerheiligen 2027 (Mon 1.11.) in RP, not in BE
        (D(2027, 10, 29), 1, "RP", D(2027, 11, 2)),
        (D(2027, 10, 29), 1, "BE", D(2027, 11, 1)),
        # Christmas to New Year: 24 and 31 Dec count, 25/26 Dec and 1 Jan do not
        (D(2025, 12, 23), 1, "BE", D(2025, 12, 24)),
        (D(2025, 12, 23), 2, "BE", D(2025, 12, 29)),
        (D(2025, 12, 23), 4, "RP", D(2025, 12, 31)),  # 24, 29, 30, 31
        (D(2025, 12, 23), 5, "RP", D(2026, 1, 2)),  # then 1 Jan skipped
        # start on a Friday: 16 (1), 17 (2), 18 (3)
        (D(2025, 6, 13), 3, "RP", D(2025, 6, 18)),
        # n = 10 from Fri 13.6.2025: RP skips Fronleichnam (19.6.), BE does not
        (D(2025, 6, 13), 10, "RP", D(2025, 6, 30)),
        (D(2025, 6, 13), 10, "BE", D(2025, 6, 27)),
        # start on a Saturday: the start never counts, the next working day is day 1
        (D(2025, 6, 14), 1, "BE", D(2025, 6, 16)),
        (D(2025, 6, 7), 1, "RP", D(2025, 6, 10)),  # Sat before Whit Monday
        # start on a holiday: Karfreitag 2025 → first working day is Tue 22.4.
        (D(2025, 4, 18), 1, "RP", D(2025, 4, 22)),
        (D(2025, 4, 21), 3, "BE", D(2025, 4, 24)),  # from Ostermontag: 22, 23, 24
        # n = 0 is the start day itself, even when it is not a working day
        (D(2025, 6, 15), 0, "BE", D(2025, 6, 15)),
        (D(2025, 12, 25), 0, "RP", D(2025, 12, 25)),
    ],
)
def test_working_days_after(start: date, n: int, state: str, expected: date) -> None:
    assert working_days_after(start, n, state) == expected


def test_working_days_after_never_lands_on_a_non_working_day() -> None:
    start = D(2025, 1, 1)
    for n in range(1, 300):
        for state in ("RP", "BE"):
            assert is_working_day(working_days_after(start, n, state), state)


def test_every_state_is_accepted() -> None:
    assert len(STATES) == 16
    for state in STATES:
        assert working_days_after(D(2025, 10, 3), 1, state) == D(2025, 10, 6)


@pytest.mark.parametrize("state", ["XX", "rp", "", "DE", "DE-RP", "Berlin"])
def test_unknown_state_is_rejected(state: str) -> None:
    with pytest.raises(ValueError, match="unknown federal state"):
        working_days_after(D(2025, 1, 2), 1, state)
    with pytest.raises(ValueError, match="unknown federal state"):
        is_working_day(D(2025, 1, 2), state)
    with pytest.raises(ValueError, match="unknown federal state"):
        validate_state(state)


@pytest.mark.parametrize("n", [-1, -10])
def test_negative_n_is_rejected(n: int) -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        working_days_after(D(2025, 1, 2), n, "RP")
    with pytest.raises(ValueError, match="must not be negative"):
        calendar_days_after(D(2025, 1, 2), n)


@pytest.mark.parametrize("n", [1.5, True, "3"])
def test_non_integer_n_is_rejected(n: object) -> None:
    with pytest.raises(ValueError, match="must be an integer"):
        working_days_after(D(2025, 1, 2), n, "RP")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the other helpers


def test_working_days_before() -> None:
    # Tue 22.4.2025, back over Ostermontag and Karfreitag: Thu 17.4. (1), Wed 16.4. (2)
    assert working_days_before(D(2025, 4, 22), 1, "RP") == D(2025, 4, 17)
    assert working_days_before(D(2025, 4, 22), 2, "RP") == D(2025, 4, 16)
    assert working_days_before(D(2025, 4, 22), 0, "RP") == D(2025, 4, 22)
    # Fri 5.6.2026 back over Fronleichnam in RP only
    assert working_days_before(D(2026, 6, 5), 1, "RP") == D(2026, 6, 3)
    assert working_days_before(D(2026, 6, 5), 1, "BE") == D(2026, 6, 4)


def test_working_day_on_or_before() -> None:
    assert working_day_on_or_before(D(2025, 6, 16), "BE") == D(2025, 6, 16)  # Monday
    assert working_day_on_or_before(D(2025, 6, 15), "BE") == D(2025, 6, 13)  # Sunday → Friday
    # Sun 1.6.2025 → Fri 30.5. (Thu 29.5. is Ascension, but Friday is a working day)
    assert working_day_on_or_before(D(2025, 6, 1), "RP") == D(2025, 5, 30)
    # Mon 21.4.2025 Ostermontag → back over the weekend and Karfreitag to Thu 17.4.
    assert working_day_on_or_before(D(2025, 4, 21), "RP") == D(2025, 4, 17)


@pytest.mark.parametrize(
    ("start", "end", "state", "expected"),
    [
        (D(2025, 6, 2), D(2025, 6, 2), "RP", 0),  # same day
        (D(2025, 6, 2), D(2025, 6, 3), "RP", 1),
        (D(2025, 6, 13), D(2025, 6, 16), "RP", 1),  # Fri → Mon: only Monday counts
        (D(2025, 6, 13), D(2025, 6, 15), "RP", 0),  # Fri → Sun: nothing counts
        # From Whit Monday 9.6.2025 (start not counted) to Tue 24.6.:
        # RP: 10-13 (4), 16-18 (7), 19 Fronleichnam, 20 (8), 23 (9), 24 (10)
        (D(2025, 6, 9), D(2025, 6, 24), "RP", 10),
        # BE: 10-13 (4), 16-20 (9), 23 (10), 24 (11)
        (D(2025, 6, 9), D(2025, 6, 24), "BE", 11),
        (D(2025, 12, 23), D(2026, 1, 2), "BE", 5),  # 24, 29, 30, 31, 2
    ],
)
def test_working_days_between(start: date, end: date, state: str, expected: int) -> None:
    assert working_days_between(start, end, state) == expected


def test_working_days_between_is_the_inverse_of_working_days_after() -> None:
    start = D(2025, 3, 1)
    for n in range(60):
        for state in ("RP", "BE", "SN"):
            assert working_days_between(start, working_days_after(start, n, state), state) == n


def test_working_days_between_rejects_end_before_start() -> None:
    with pytest.raises(ValueError, match="lies before start"):
        working_days_between(D(2025, 6, 10), D(2025, 6, 9), "BE")


def test_calendar_days_after() -> None:
    assert calendar_days_after(D(2025, 4, 17), 14) == D(2025, 5, 1)
    assert calendar_days_after(D(2025, 12, 25), 14) == D(2026, 1, 8)
    assert calendar_days_after(D(2025, 6, 15), 0) == D(2025, 6, 15)


# --------------------------------------------------------------------------- speed


def test_holiday_calendars_are_cached_and_fast() -> None:
    working_days_after(D(2031, 5, 5), 10, "HH")
    before = deadlines._public_holidays.cache_info()
    working_days_after(D(2031, 5, 5), 10, "HH")
    after = deadlines._public_holidays.cache_info()
    assert after.misses == before.misses
    assert after.hits > before.hits

    started = time.perf_counter()
    for i in range(5000):
        working_days_after(D(2025, 1, 1 + i % 28), 10, "RP" if i % 2 else "BE")
    assert time.perf_counter() - started < 2.0  # a list page: thousands of rows per second
