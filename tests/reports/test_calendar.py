"""The reporting calendar of MW Inc (1 Dec 2021 – 30 Nov 2025) under the Research Council's rules."""

import datetime as dt

import pytest

from monitor.reports import calendar

START, END = dt.date(2021, 12, 1), dt.date(2025, 11, 30)


def test_deadlines_of_mw_inc():
    items = calendar.deadlines(START, END, calendar.Rules())
    progress = [(p, d) for k, p, d in items if k == "progress"]
    accounts = [(p, d) for k, p, d in items if k == "accounts"]
    # 1 October 2021 is before the start; 2022..2024 fall inside the period; 2025, the year the project
    # ends, is covered by the final report (issue 12, item 15: the demo calendar called it overdue)
    assert progress == [(str(y), dt.date(y, 10, 1)) for y in (2022, 2023, 2024)]
    # accounts for 2021..2025, each on 20 January of the next year
    assert accounts == [(str(y), dt.date(y + 1, 1, 20)) for y in range(2021, 2026)]
    # one month after 30 November 2025 (before the last accounts, due 20 January 2026)
    assert items[-2:] == [("final", "final", dt.date(2025, 12, 30)), ("accounts", "2025", dt.date(2026, 1, 20))]


def test_configured_rules_move_deadlines():
    items = calendar.deadlines(START, END, calendar.Rules("09-15", "02-01", 3))
    assert ("progress", "2023", dt.date(2023, 9, 15)) in items
    assert ("accounts", "2023", dt.date(2024, 2, 1)) in items
    assert ("final", "final", dt.date(2026, 2, 28)) in items  # 30 Nov + 3 months; February is shorter


@pytest.mark.parametrize(
    ("submitted", "as_of", "expected"),
    [
        (None, dt.date(2024, 9, 30), "due"),
        (None, dt.date(2024, 10, 1), "due"),  # the deadline day itself is still in time
        (None, dt.date(2024, 10, 2), "overdue"),
        (dt.datetime(2024, 9, 20, 10), dt.date(2024, 12, 1), "submitted"),
        (dt.datetime(2024, 10, 20, 10), dt.date(2024, 10, 10), "overdue"),  # submitted later than the as-of day
    ],
)
def test_status(submitted, as_of, expected):
    assert calendar.status(dt.date(2024, 10, 1), submitted, as_of) == expected


def test_a_past_deadline_of_a_project_not_followed_here_is_neither_overdue_nor_submitted():
    deadline = dt.date(2014, 1, 20)
    assert calendar.status(deadline, None, dt.date(2015, 6, 30), kept_here=False) == calendar.NOT_FOLLOWED
    assert calendar.status(deadline, None, dt.date(2014, 1, 1), kept_here=False) == calendar.DUE  # still ahead
    frozen = dt.datetime(2014, 1, 10, 12, 0)  # a report frozen here stays submitted
    assert calendar.status(deadline, frozen, dt.date(2015, 6, 30), kept_here=False) == calendar.SUBMITTED
    assert calendar.status(deadline, None, dt.date(2015, 6, 30)) == calendar.OVERDUE  # followed here: overdue
