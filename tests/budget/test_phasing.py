"""Time-phasing: each year's plan over its months inside the project's period, exact to the øre."""

import datetime as dt
from decimal import Decimal as D

import pandas as pd
import pytest

from monitor.budget import phasing

DEC_TO_NOV = (dt.date(2021, 12, 1), dt.date(2025, 11, 30))  # starts in December, ends in November


@pytest.mark.parametrize(
    ("year", "months"),
    [
        (2021, [12]),  # only December lies inside the period
        (2022, list(range(1, 13))),
        (2025, list(range(1, 12))),  # January to November
        (2030, list(range(1, 13))),  # outside the period: all twelve, so nothing is lost
    ],
)
def test_active_months(year, months):
    assert phasing.active_months(year, *DEC_TO_NOV) == months


@pytest.mark.parametrize(
    ("amount", "count", "parts"),
    [
        (D("250000.00"), 1, [D("250000.00")]),
        (D("100.00"), 3, [D("33.33"), D("33.33"), D("33.34")]),  # 3 x 33.33 = 99.99, remainder 0.01 last
        # 100000 / 11 = 9090.909.. -> 9090.90 x 10 = 90909.00; last 100000 - 90909.00 = 9091.00
        (D("100000.00"), 11, [D("9090.90")] * 10 + [D("9091.00")]),
        (D("-100.00"), 3, [D("-33.33"), D("-33.33"), D("-33.34")]),  # a negative re-plan line splits the same way
        (D("0.05"), 12, [D("0.00")] * 11 + [D("0.05")]),
    ],
)
def test_spread_sums_to_the_year(amount, count, parts):
    assert phasing.spread(amount, count) == parts
    assert sum(parts) == amount


def test_phase_plan_keeps_every_row_total():
    plan = pd.DataFrame(
        {"year": [2021, 2025], "cost_category": ["equipment", "equipment"], "amount": [D("250000.00"), D("100000.00")]}
    )
    phased = phasing.phase_plan(plan, *DEC_TO_NOV)
    assert len(phased) == 1 + 11
    monthly = phasing.monthly_totals(phased)
    assert monthly[(2021, 12)] == D("250000.00")
    assert monthly[(2025, 11)] == D("9091.00")
    assert sum(monthly.values()) == D("350000.00")


LEAP = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (dt.date(2023, 12, 31), D("0.00")),  # before the year
        (dt.date(2024, 1, 31), D("10000.00")),  # January in full (120000 / 12 = 10000 a month)
        (dt.date(2024, 2, 29), D("20000.00")),  # leap day: February complete (29 / 29)
        (dt.date(2024, 2, 14), D("14827.59")),  # 10000 + 10000 x 14 / 29 = 14827.586.. -> 14827.59
        (dt.date(2024, 12, 31), D("120000.00")),
        (dt.date(2026, 1, 1), D("120000.00")),  # after the end: all of it
    ],
)
def test_to_date_in_a_leap_year(as_of, expected):
    assert phasing.to_date(D("120000.00"), 2024, *LEAP, as_of) == expected


def test_to_date_december_start():
    # 2021 has one month (December): the whole 250000 is planned by 31.12.2021, half by 16.12 (16/31).
    assert phasing.to_date(D("250000.00"), 2021, *DEC_TO_NOV, dt.date(2021, 12, 31)) == D("250000.00")
    assert phasing.to_date(D("250000.00"), 2021, *DEC_TO_NOV, dt.date(2021, 12, 16)) == D("129032.26")  # 250000*16/31


def test_months_between_crosses_the_year():
    assert phasing.months_between(dt.date(2021, 12, 15), dt.date(2022, 2, 1)) == [(2021, 12), (2022, 1), (2022, 2)]
