import datetime as dt
from decimal import Decimal

import pytest

from monitor.budget.load import elapsed_fraction, run_rate_forecast

START, END = dt.date(2021, 12, 1), dt.date(2025, 11, 30)  # 1461 days (2024 is a leap year)


@pytest.mark.parametrize(
    "as_of, fraction",
    [
        (dt.date(2021, 11, 30), Decimal(0)),
        (dt.date(2021, 12, 1), Decimal(1) / Decimal(1461)),
        (dt.date(2023, 11, 30), Decimal(730) / Decimal(1461)),  # 31 (Dec 2021) + 365 + 334 days
        (dt.date(2025, 11, 30), Decimal(1)),
        (dt.date(2026, 1, 1), Decimal(1)),
    ],
)
def test_elapsed_fraction(as_of, fraction):
    assert elapsed_fraction(START, END, as_of) == fraction


def test_run_rate_forecast():
    budget = Decimal("15102000.00")
    assert run_rate_forecast(Decimal(0), budget, START, END, dt.date(2021, 1, 1)) == budget
    assert run_rate_forecast(Decimal("14000000.00"), budget, START, END, dt.date(2026, 1, 1)) == Decimal("14000000.00")
    # 730 of 1461 days: 7 300 000 / (730/1461) = 10 000 x 1461 = 14 610 000
    assert run_rate_forecast(Decimal("7300000.00"), budget, START, END, dt.date(2023, 11, 30)) == Decimal("14610000.00")
