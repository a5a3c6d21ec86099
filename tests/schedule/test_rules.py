"""Status from dates (monitor/schedule/rules.py, DESIGN.md "Time"): planned, upcoming, overdue and done, by hand."""

import datetime as dt

import pytest

from monitor.schedule import rules as schedule
from monitor.schedule.rules import DONE, OVERDUE, PLANNED, UPCOMING, item_status

DUE = dt.date(2025, 3, 31)


@pytest.mark.parametrize(
    "as_of, done_on, expected",
    [
        (dt.date(2021, 12, 1), None, PLANNED),  # long before: outside the 90-day window
        (dt.date(2025, 1, 1), None, UPCOMING),  # 89 days before the due date
        (dt.date(2024, 12, 31), None, UPCOMING),  # exactly 90 days before: still inside the window
        (dt.date(2024, 12, 30), None, PLANNED),  # 91 days before
        (DUE, None, UPCOMING),  # on the due date it is not yet late
        (dt.date(2025, 4, 1), None, OVERDUE),  # a day after
        (dt.date(2025, 4, 1), dt.date(2025, 4, 10), OVERDUE),  # achieved late, but not yet as of 1 April
        (dt.date(2025, 4, 10), dt.date(2025, 4, 10), DONE),  # achieved late: done from that day
        (dt.date(2025, 3, 1), dt.date(2025, 2, 1), DONE),  # achieved early
    ],
)
def test_item_status(as_of, done_on, expected):
    assert item_status(DUE, done_on, as_of, look_ahead_days=90) == expected


D = dt.date


LOOK_AHEAD = 90


@pytest.mark.parametrize(
    "due, done, as_of, expected",
    [
        (D(2024, 6, 30), None, D(2024, 6, 29), schedule.UPCOMING),
        (D(2024, 6, 30), None, D(2024, 6, 30), schedule.UPCOMING),
        (D(2024, 6, 30), None, D(2024, 7, 1), schedule.OVERDUE),
        (D(2024, 6, 30), D(2024, 11, 15), D(2024, 11, 14), schedule.OVERDUE),  # delivered late, not yet
        (D(2024, 6, 30), D(2024, 11, 15), D(2024, 11, 15), schedule.DONE),
        (D(2024, 6, 30), D(2024, 6, 1), D(2024, 5, 31), schedule.UPCOMING),  # done date in the future of as-of
    ],
)
def test_item_status_around_a_due_date_met_late(due, done, as_of, expected):
    assert schedule.item_status(due, done, as_of, LOOK_AHEAD) == expected
