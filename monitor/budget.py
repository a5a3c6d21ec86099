"""Budget against spend: plan totals, actual totals, time elapsed and the run-rate forecast."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from monitor.money import CENT, ZERO, sum_by, total
from monitor.store import ProjectData


def planned_totals(data: ProjectData) -> dict:
    """Budget of the current plan: total, by funding source, by year and by cost category."""
    return {
        "total": total(data.cost_plan["amount"]),
        "by_source": sum_by(data.funding_plan, "funding_source"),
        "by_year": sum_by(data.cost_plan, "year"),
        "by_category": sum_by(data.cost_plan, "cost_category"),
    }


def spent_totals(data: ProjectData) -> dict:
    """Actual cost up to the as-of date (ledger + approved in-kind, keyed 'inkind' by account)."""
    actual = data.actual
    return {
        "total": total(actual["amount"]),
        "by_year": sum_by(actual, "year"),
        "by_category": sum_by(actual, "cost_category"),
        "by_account": sum_by(actual, "account"),
        "by_partner": sum_by(actual, "partner_id"),
    }


def elapsed_fraction(start: dt.date, end: dt.date, as_of: dt.date) -> Decimal:
    """Share of the period's days up to and including the as-of date, from 0 to 1."""
    days = (end - start).days + 1
    done = min(max((as_of - start).days + 1, 0), days)
    return Decimal(done) / Decimal(days)


def run_rate_forecast(spent: Decimal, budget: Decimal, start: dt.date, end: dt.date, as_of: dt.date) -> Decimal:
    """Forecast at completion if spending goes on at the average rate so far.

    Before the start nothing is known but the plan, so the budget stands; after the end the
    actual cost is the outcome.
    """
    fraction = elapsed_fraction(start, end, as_of)
    if fraction == 0:
        return budget
    if fraction == 1:
        return spent
    return (spent / fraction).quantize(CENT)


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole as a fraction, or None when the whole is zero."""
    return None if whole == ZERO else Decimal(part) / Decimal(whole)
