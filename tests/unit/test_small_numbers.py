"""Small-number suppression: one rule (`figures.hidden`) for page, PDF, charts, XLSX and dashboard.

Primary: a count from 1 to threshold − 1 is hidden. Complementary: when exactly one nonzero
count of a group is hidden and the group adds up to a shown total, the next-smallest nonzero
count is hidden too, so the total minus the others does not give the small one away.
"""

from __future__ import annotations

import dataclasses

import pytest

from intake.reports import dashboard
from intake.reports.figures import (
    CONCEALED,
    Deadline,
    Row,
    deadline_share,
    display_rows,
    group_texts,
    hidden,
    shown_as,
)
from tests.report_samples import sample_figures


def test_primary_hides_one_to_threshold_minus_one() -> None:
    # two small counts protect each other: nothing else needs to go
    assert hidden([96, 54, 31, 3, 2], 5) == [False, False, False, True, True]
    assert hidden([4, 1, 0, 20, 30], 5) == [True, True, False, False, False]


def test_complementary_hides_the_next_smallest_nonzero_count() -> None:
    # Persisch 3 alone would follow from the total: Türkisch 6 goes with it, not the 0
    languages = [161, 19, 14, 9, 6, 3, 0]
    assert hidden(languages, 5) == [False, False, False, False, True, True, False]
    # the next smallest may come before the small one, and may be far above the threshold
    assert hidden([90, 3, 118], 5) == [True, True, False]
    # of equal candidates, the first
    assert hidden([12, 2, 12], 5) == [True, True, False]


def test_no_complement_without_a_shown_total_or_a_candidate() -> None:
    assert hidden([161, 3, 19], 5, total_shown=False) == [False, True, False]
    # the only nonzero count: nothing to hide beside it (the total is that count anyway)
    assert hidden([0, 3, 0], 5) == [False, True, False]
    # the only other counts are small themselves
    assert hidden([3, 4], 5) == [True, True]


def test_nothing_hidden_when_every_count_is_large_enough() -> None:
    assert hidden([171, 22, 11, 8, 5], 5) == [False] * 5
    assert hidden([], 5) == []


def test_all_zero_hides_nothing() -> None:
    assert hidden([0, 0, 0], 5) == [False, False, False]
    assert group_texts([0, 0, 0], 5) == ["0", "0", "0"]


def test_threshold_one_hides_nothing() -> None:
    assert hidden([1, 2, 3, 1234], 1) == [False] * 4
    assert group_texts([1, 2, 1234], 1) == ["1", "2", "1.234"]


def test_already_hidden_counts_count_as_hidden() -> None:
    # a cell hidden in its column: the row has one hidden count, so the next smallest goes
    assert hidden([40, 12, 30], 5, already=[False, True, False]) == [False, True, True]
    # two already hidden: enough
    assert hidden([40, 12, 30], 5, already=[True, True, False]) == [True, True, False]


def test_printed_texts() -> None:
    assert CONCEALED == "k. A."
    assert shown_as(3, 5, True) == "< 5"
    assert shown_as(1234, 5, True) == CONCEALED
    assert shown_as(1234, 5, False) == "1.234"
    assert shown_as(0, 5, False) == "0"
    assert shown_as(None, 5, False) == "–"
    assert group_texts([161, 19, 6, 3, None], 5) == ["161", "19", CONCEALED, "< 5", "–"]


def test_display_rows_decide_each_column_as_a_group() -> None:
    rows = [
        Row("qr_card", "QR-Code", 71, 52, 30),
        Row("phone", "Telefon", 17, 15, 13),
        Row("letter", "Brief", 3, 6, 2),
    ]
    shown = display_rows(rows, 5)
    assert [texts for _row, *texts in shown] == [
        ["71", "52", "30"],
        [CONCEALED, "15", CONCEALED],  # the period before had no small count
        ["< 5", "6", "< 5"],
    ]
    months = display_rows([Row("2026-07", "Juli 2026", 66, None, 52)], 5)
    assert months[0][1:] == ("66", None, "52")


def test_figures_print_their_groups_the_same_way() -> None:
    figures = sample_figures(threshold=5)
    senders = {row.key: count for row, count, _p, _y in figures.shown_rows("by_sender")}
    assert senders == {"citizen": "190", "employer": "< 5", "other": CONCEALED}
    reasons = [count for _row, count, _p, _y in figures.shown_rows("justified_reasons")]
    assert reasons == ["23", "12", "< 5", "< 5"]
    ages = [count for _row, count, _p, _y in figures.shown_rows("open_by_age")]
    assert ages == ["9", "6", "< 5", "< 5", "0"]
    assert figures.shown_justified() == ("41", "49", "11")
    few_no = dataclasses.replace(figures, justified_no=2)
    assert few_no.shown_justified() == ("41", "< 5", CONCEALED)
    with pytest.raises(ValueError, match="by_nothing"):
        figures.shown_rows("by_nothing")


def test_a_share_only_where_neither_due_nor_kept_is_hidden() -> None:
    assert deadline_share(Deadline("ack", "A", "R", due=88, kept=79), 5) == 79 / 88
    assert deadline_share(Deadline("ack", "A", "R", due=4, kept=4), 5) is None
    assert deadline_share(Deadline("ack", "A", "R", due=40, kept=3), 5) is None
    assert deadline_share(Deadline("ack", "A", "R", due=40, kept=0), 5) == 0.0
    assert deadline_share(Deadline("ack", "A", "R", due=0, kept=0), 5) is None


def test_a_table_hides_by_row_and_column_until_nothing_can_be_subtracted() -> None:
    matrix = [
        [40, 3, 20],  # 3 alone in its row: 20 goes too
        [30, 25, 12],
        [10, 11, 50],
    ]
    cells, rows, columns = dashboard.table_hidden(matrix, 5, filtered=False)
    flags = {(i, j) for i, line in enumerate(cells) for j, flag in enumerate(line) if flag}
    for i, line in enumerate(cells):
        hidden_here = [matrix[i][j] for j, flag in enumerate(line) if flag and matrix[i][j]]
        assert len(hidden_here) != 1, (i, line)
    for j in range(3):
        hidden_here = [matrix[i][j] for i in range(3) if cells[i][j] and matrix[i][j]]
        assert len(hidden_here) != 1, (j, cells)
    assert (0, 1) in flags and (0, 2) in flags
    assert rows == [False, False, False] and columns == [False, False, False]
    # nothing small: nothing hidden
    cells, rows, columns = dashboard.table_hidden([[40, 30], [20, 10]], 5, filtered=False)
    assert not any(flag for line in cells for flag in line) and not any(rows + columns)


def test_a_hidden_row_total_is_not_the_sum_of_shown_cells() -> None:
    # row totals 100, 3 and 7: 3 is small, 7 goes with it; 7's cell must not show 7
    matrix = [[60, 40], [3, 0], [0, 7]]
    cells, rows, columns = dashboard.table_hidden(matrix, 5, filtered=False)
    assert rows == [False, True, True]
    assert cells[1][0] and cells[2][1]
    for j in range(2):
        hidden_here = [matrix[i][j] for i in range(3) if cells[i][j] and matrix[i][j]]
        assert len(hidden_here) != 1 or columns[j], (j, cells, columns)


def test_a_lone_hidden_cell_hides_its_total() -> None:
    # February: 6 complaints about Diez and nothing else; the 6 is hidden to protect
    # January's 2, so February's column total (6 as well) must not show it
    matrix = [[2, 6, 0], [0, 0, 5]]
    cells, rows, columns = dashboard.table_hidden(matrix, 5, filtered=False)
    assert cells[0][0] and cells[0][1]
    assert columns[1]
    for i, line in enumerate(cells):
        if sum(1 for j, flag in enumerate(line) if flag and matrix[i][j]) == 1:
            assert rows[i]
