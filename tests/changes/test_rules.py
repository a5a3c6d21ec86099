"""The Council's rules (monitor/changes/rules.py) as pure checks, every expected figure by hand."""

import datetime as dt
from decimal import Decimal as D

import pandas as pd
import pytest

from monitor.changes import rules

LIMITS = rules.Limits()


def plan(*lines) -> pd.DataFrame:
    return pd.DataFrame(lines, columns=["year", "cost_category", "partner_id", "wp_code", "amount"])


CURRENT = plan(
    (2023, "personnel_indirect", "usn", "WP1", D("1250000.00")),
    (2024, "personnel_indirect", "usn", "WP1", D("1150000.00")),
    (2024, "other_operating", "usn", None, D("440000.00")),
)


def test_the_amount_moved_counts_what_goes_up_once():
    proposed = CURRENT.assign(amount=[D("1000000.00"), D("1400000.00"), D("440000.00")])
    # 2023 down 250 000 (not counted), 2024 up 250 000: moved 250 000
    assert rules.amount_moved(CURRENT, proposed) == D("250000.00")


def test_a_new_line_counts_whole_and_a_dropped_line_not_at_all():
    proposed = pd.concat(
        [CURRENT.iloc[[0, 1]], plan((2025, "equipment", "usn", None, D("12345.67")))], ignore_index=True
    )
    # the 2024 other_operating line (440 000) is dropped: it goes down, not counted; the new equipment line counts
    assert rules.amount_moved(CURRENT, proposed) == D("12345.67")


def test_a_missing_work_package_is_one_line_whatever_the_frame_holds():
    proposed = CURRENT.assign(wp_code=["WP1", "WP1", float("nan")], amount=[D("1250000"), D("1150000"), D("445000")])
    assert rules.amount_moved(CURRENT, proposed) == D("5000.00")  # 440 000 -> 445 000 on the same line


@pytest.mark.parametrize(
    "moved, refused",
    [(D("9999.99"), True), (D("10000.00"), False), (D("0.00"), True)],
    ids=["9 999.99 needs no request", "10 000.00 does", "nothing moved"],
)
def test_below_10_000_no_request_is_needed(moved, refused):
    # moving within 2024 (other operating -> personnel): no year changes its total, so no window applies
    proposed = CURRENT.assign(amount=[D("1250000.00"), D("1150000.00") + moved, D("440000.00") - moved])
    problems = rules.submit_problems("budget", CURRENT, proposed, dt.date(2024, 6, 1), LIMITS)
    assert [p.code for p in problems] == (["no_request_needed"] if refused else [])
    if refused:
        assert problems[0].reason.text("en").startswith(f"No request needed: the change moves NOK\u00a0{moved:,}")


def test_a_partners_request_needs_no_minimum():
    proposed = CURRENT.assign(amount=[D("1250000.00"), D("1150100.00"), D("439900.00")])  # 100 moved
    assert rules.submit_problems("partners", CURRENT, proposed, dt.date(2024, 6, 1), LIMITS) == []


def moved_out_of_2023() -> pd.DataFrame:
    return CURRENT.assign(amount=[D("1000000.00"), D("1400000.00"), D("440000.00")])


@pytest.mark.parametrize(
    "day, allowed",
    [
        ("2022-05-01", True),  # before the year begins: "by 31 December" holds
        ("2023-01-01", True),
        ("2023-12-31", True),  # the last day of the first window
        ("2024-01-01", False),  # the day after
        ("2024-02-19", False),  # the day before the second window
        ("2024-02-20", True),  # its first day
        ("2024-03-15", True),  # its last day
        ("2024-03-16", False),  # the day after
        ("2025-02-25", False),  # the next year's window is for 2024's funds, not 2023's
    ],
)
def test_moving_funds_to_the_next_year_only_inside_the_windows(day, allowed):
    problems = rules.submit_problems("budget", CURRENT, moved_out_of_2023(), dt.date.fromisoformat(day), LIMITS)
    assert [p.code for p in problems] == ([] if allowed else ["outside_window"])


def test_the_window_message_names_the_year_and_the_days():
    (problem,) = rules.submit_problems("budget", CURRENT, moved_out_of_2023(), dt.date(2024, 1, 1), LIMITS)
    assert problem.reason.text("en") == (
        "Funds move from 2023 to 2024: such a request can be submitted up to 31 Dec 2023, or from 20 Feb 2024 to "
        "15 Mar 2024, not on 1 Jan 2024."
    )
    assert problem.reason.text("nb").startswith("Midler flyttes fra 2023 til 2024")


def test_moving_funds_to_an_earlier_year_has_no_window():
    proposed = CURRENT.assign(amount=[D("1500000.00"), D("900000.00"), D("440000.00")])  # 2024 -> 2023
    assert rules.years_moved_from(CURRENT, proposed) == []
    assert rules.submit_problems("budget", CURRENT, proposed, dt.date(2024, 7, 1), LIMITS) == []


def test_configured_windows_are_used():
    limits = rules.Limits(D("10000"), ("01-01", "11-30"), ("03-01", "03-31"))
    assert not rules.in_move_window(2023, dt.date(2023, 12, 1), limits)
    assert rules.in_move_window(2023, dt.date(2024, 3, 31), limits)


def test_limits_come_from_the_settings(settings):
    assert rules.limits_from(settings) == rules.Limits(D("10000"), ("01-01", "12-31"), ("02-20", "03-15"))


def test_one_open_request_per_project():
    assert rules.open_problems(None) == []
    (problem,) = rules.open_problems(7)
    assert problem.reason.text("en").startswith("Request 7 is still open")


def test_a_period_request_needs_a_later_different_end():
    start, end = dt.date(2021, 12, 1), dt.date(2025, 11, 30)
    assert [p.code for p in rules.period_problems(None, start, end)] == ["end_required"]
    assert [p.code for p in rules.period_problems(dt.date(2021, 12, 1), start, end)] == ["end_before_start"]
    assert [p.code for p in rules.period_problems(end, start, end)] == ["end_unchanged"]
    assert rules.period_problems(dt.date(2026, 5, 31), start, end) == []


def test_the_funding_follows_the_cost_per_partner_and_year():
    funding = pd.DataFrame(
        [
            (2023, "funder", "usn", D("3250000.00")),
            (2023, "own", "usn", D("340000.00")),
            (2024, "funder", "usn", D("3150000.00")),
            (2023, "own", "nav", D("100000.00")),
            (2024, "own", "nav", D("100000.00")),
        ],
        columns=["year", "funding_source", "partner_id", "amount"],
    )
    current = pd.concat([CURRENT, plan((2023, "personnel_indirect", "nav", "WP1", D("100000.00")))], ignore_index=True)
    current = pd.concat([current, plan((2024, "personnel_indirect", "nav", "WP1", D("100000.00")))], ignore_index=True)
    proposed = current.assign(amount=[D("1000000"), D("1400000"), D("440000"), D("80000"), D("120000")])
    after = rules.funding_following(funding, current, proposed)
    # USN: 250 000 from 2023 to 2024 on its funder lines; NAV (own financing only): 20 000 on its own lines
    assert after["amount"].tolist() == [D("3000000"), D("340000"), D("3400000"), D("80000"), D("120000")]


def test_a_line_outside_the_project_is_named_at_its_row():
    lines = [
        {"year": 2030, "cost_category": "equipment", "partner_id": "usn", "wp_code": None, "amount": D("1")},
        {"year": 2024, "cost_category": "travel", "partner_id": "xyz", "wp_code": "WP9", "amount": D("1")},
    ]
    problems = rules.line_problems(lines, range(2021, 2026), ["equipment"], ["usn"], ["WP1"])
    assert [(p.row, p.column) for p in problems] == [
        (1, "year"),
        (2, "cost_category"),
        (2, "partner_id"),
        (2, "wp_code"),
    ]
