"""Validators that config.py owns (monitor/config_rules.py)."""

import pytest

from monitor import config_rules


@pytest.mark.parametrize(
    ("value", "ok"),
    [("10-01", True), ("01-20", True), ("02-29", False), ("13-01", False), ("1 Oct", False), (1001, False)],
)
def test_month_day_setting(value, ok):
    assert (config_rules.check_month_day(value) is None) is ok


@pytest.mark.parametrize(
    "weeks, problem",
    [
        ([12, 25, 49], None),
        ([12, 25], "three ISO week numbers"),
        ([12, 25, 53], "three ISO week numbers"),  # not every year has a week 53
        ([25, 12, 49], "one week in each tertial"),
        ([12, 13, 49], "one week in each tertial"),  # week 13 is still in T1
        ([12, True, 49], "three ISO week numbers"),
    ],
)
def test_payment_weeks(weeks, problem):
    found = config_rules.check_payment_weeks(weeks)
    assert (found is None) if problem is None else (problem in found)


def test_payment_modes_by_project():
    assert config_rules.check_mode_by_project({"mwinc": "invoice", "x": "automatic"}) is None
    assert "expected one of automatic, invoice" in config_rules.check_mode_by_project({"mwinc": "monthly"})
    assert "map" in config_rules.check_mode_by_project(["invoice"])


@pytest.mark.parametrize(
    "value, problem",
    [
        ({}, None),
        ({"mwinc": {"budget_thresholds": [80, 95], "approval_days": None, "overdue": False}}, None),
        ({"mwinc": {"deadline_offsets": []}}, None),  # an empty list switches reminders off
        ([80, 95], "map of project id"),
        ({"mwinc": [80]}, "mwinc: expected a map"),
        ({"mwinc": {"thresholds": [80]}}, "unknown setting 'thresholds'"),
        ({"mwinc": {"budget_thresholds": [80, 80]}}, "each number once"),
        ({"mwinc": {"deadline_offsets": [0]}}, "from 1 to 365"),
        ({"mwinc": {"approval_days": -1}}, "0 to 365"),
        ({"mwinc": {"forecast_over_budget": "yes"}}, "true or false"),
    ],
)
def test_notify_settings_per_project(value, problem):
    found = config_rules.check_notify_by_project(value)
    assert (found is None) if problem is None else (problem in found), found
