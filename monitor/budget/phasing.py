"""Time-phasing: each year's cost plan spread over its months within the project's period.

The rule (README, "Budget, burn and earned value"): a plan year's amount is split equally over the
months of that year that lie within the project's start and end months, both included. The split is
exact: every month gets the amount divided by the month count, rounded down to the øre, and the
rounding remainder goes on the year's last month, so the months add up to the year to the øre.
A plan year with no month inside the period (a planning error that `check` flags) is spread over
all twelve months of the year, so no planned krone is lost.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal

import pandas as pd

from monitor.money import CENT, ZERO

Month = tuple[int, int]  # (year, month)


def month_index(year: int, month: int) -> int:
    """Months since year 0: consecutive months differ by one."""
    return year * 12 + month - 1


def from_index(index: int) -> Month:
    return index // 12, index % 12 + 1


def months_between(start: dt.date, end: dt.date) -> list[Month]:
    """Every (year, month) from start's month to end's month, both included."""
    first, last = month_index(start.year, start.month), month_index(end.year, end.month)
    return [from_index(i) for i in range(first, last + 1)]


def active_months(year: int, start: dt.date, end: dt.date) -> list[int]:
    """The months of `year` inside the project's period; all twelve when none is."""
    months = [m for y, m in months_between(start, end) if y == year]
    return months or list(range(1, 13))


def spread(amount: Decimal, count: int) -> list[Decimal]:
    """amount in `count` parts rounded down to the øre; the remainder goes on the last part."""
    amount = Decimal(amount)
    part = (amount / count).quantize(CENT, rounding=ROUND_DOWN)
    return [part] * (count - 1) + [amount - part * (count - 1)]


def phase_plan(plan: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Cost plan rows (year, amount and any other columns) -> one row per month with its part.

    Returns the plan's columns plus `month`; the amounts of a row's months add up to the row.
    """
    records = []
    for row in plan.to_dict("records"):
        months = active_months(int(row["year"]), start, end)
        for month, part in zip(months, spread(row["amount"], len(months)), strict=True):
            records.append({**row, "month": month, "amount": part})
    columns = [*plan.columns, "month"]
    return pd.DataFrame.from_records(records, columns=columns) if records else pd.DataFrame(columns=columns)


def monthly_totals(phased: pd.DataFrame) -> dict[Month, Decimal]:
    """{(year, month): exact planned amount}."""
    totals: dict[Month, Decimal] = {}
    for year, month, amount in zip(phased["year"], phased["month"], phased["amount"], strict=True):
        key = (int(year), int(month))
        totals[key] = totals.get(key, ZERO) + Decimal(amount)
    return totals


def month_fraction(as_of: dt.date) -> Decimal:
    """Share of the as-of month elapsed, as-of day included."""
    following = dt.date(as_of.year + as_of.month // 12, as_of.month % 12 + 1, 1)
    return Decimal(as_of.day) / Decimal((following - dt.timedelta(days=1)).day)


def to_date(amount: Decimal, year: int, start: dt.date, end: dt.date, as_of: dt.date) -> Decimal:
    """The part of one plan row planned up to the as-of date.

    Months ended before the as-of month count in full, the as-of month pro rata by its days elapsed
    (rounded to the øre once per plan row), later months not at all.
    """
    months = active_months(year, start, end)
    parts = spread(amount, len(months))
    current = (as_of.year, as_of.month)
    past = sum((p for m, p in zip(months, parts, strict=True) if (year, m) < current), ZERO)
    partial = sum((p for m, p in zip(months, parts, strict=True) if (year, m) == current), ZERO) * month_fraction(as_of)
    return (past + partial).quantize(CENT)


def with_to_date(plan: pd.DataFrame, start: dt.date, end: dt.date, as_of: dt.date) -> pd.DataFrame:
    """The plan rows with `to_date`: each row's amount planned up to the as-of date."""
    cache: dict[tuple, Decimal] = {}
    values = []
    for amount, year in zip(plan["amount"], plan["year"], strict=True):
        key = (amount, int(year))
        if key not in cache:  # plans repeat the same amount across partners and packages
            cache[key] = to_date(Decimal(amount), int(year), start, end, as_of)
        values.append(cache[key])
    return plan.assign(to_date=values)
