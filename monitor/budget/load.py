"""Budget against spend: plan totals, actual totals, time elapsed and the run-rate forecast."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from monitor import db
from monitor.access.scope import Scope
from monitor.budget import evm, phasing, pivot
from monitor.money import CENT, ZERO, from_ore, sum_by, to_ore_column, total
from monitor.project.load import ProjectData

BASELINE = "baseline"


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


# --- Budget page: plan versions, pivot, burn, earned value, drill-down ------------------------------


@dataclass(frozen=True)
class BudgetData:
    """One project's plan (current and baseline) and actual cost as of a date, within a scope.

    For a partner user the plans are cut to that partner's rows, as `data.actual` already is, so
    every comparison is like against like.
    """

    data: ProjectData
    plan: pd.DataFrame  # current cost plan with to_date
    baseline: pd.DataFrame  # baseline cost plan with to_date
    funding: pd.DataFrame  # current funding plan with to_date
    baseline_funding: pd.DataFrame
    partner_id: str | None = None


def load_budget(con: db.Connection, data: ProjectData, scope: Scope) -> BudgetData:
    """The budget inputs beside an already loaded ProjectData (whose actual cost is the summary's)."""
    scope.require_project(data.project_id)
    partner = scope.partner_filter()
    keyed = {"project_id": data.project_id, "plan_version": BASELINE, "partner_id": partner}
    start, end, as_of = data.project["start_date"], data.project["end_date"], data.as_of

    def prepared(frame: pd.DataFrame) -> pd.DataFrame:
        return phasing.with_to_date(frame, start, end, as_of)

    return BudgetData(
        data=data,
        plan=prepared(data.cost_plan),
        baseline=prepared(db.query(con, "cost_plan", **keyed)),
        funding=prepared(data.funding_plan),
        baseline_funding=prepared(db.query(con, "funding_plan", **keyed)),
        partner_id=partner,
    )


def actual_by_year(actual: pd.DataFrame) -> pd.DataFrame:
    """Actual cost summed (in øre, exactly) to source x year x category x partner x work package."""
    keys = ["source", "year", "cost_category", "partner_id", "wp_code"]
    if actual.empty:
        return pd.DataFrame(columns=[*keys, "amount"])
    grouped = actual[keys].assign(ore=to_ore_column(actual["amount"]))
    grouped = grouped.groupby(keys, dropna=False, as_index=False)["ore"].sum()
    return grouped.assign(amount=[from_ore(v) for v in grouped["ore"]]).drop(columns="ore")


def pivot_table(budget: BudgetData, dims: list[str]) -> pd.DataFrame:
    """Planned, planned to date, actual, variances: one row per value (pair) of the dims."""
    inputs = pivot.PivotInputs(
        plan=budget.plan,
        baseline=budget.baseline,
        funding=budget.funding,
        baseline_funding=budget.baseline_funding,
        actual=actual_by_year(budget.data.actual),
    )
    return pivot.planned_vs_actual(inputs, dims)


def earned_value(data: ProjectData) -> evm.EarnedValue:
    """BAC, PV, EV, AC and the derived figures for the project as of data.as_of."""
    start, end, as_of = data.project["start_date"], data.project["end_date"], data.as_of
    plan = phasing.with_to_date(data.cost_plan, start, end, as_of)
    return evm.earned_value(plan, data.actual, evm.done_items(data.milestones, data.deliverables, as_of))


def budget_earned_value(budget: BudgetData) -> evm.EarnedValue:
    data = budget.data
    items = evm.done_items(data.milestones, data.deliverables, data.as_of)
    return evm.earned_value(budget.plan, data.actual, items)


def burn_series(budget: BudgetData, figures: evm.EarnedValue) -> pd.DataFrame:
    """Monthly planned and actual cost, cumulated, with projections from the as-of month to the end.

    Columns: year, month, planned, actual (None after the as-of month), planned_cum, actual_cum,
    run_rate_cum and eac_cum (straight lines from the actual cost at the as-of month to the run-rate
    forecast and to EAC at the last month; None elsewhere).
    """
    data = budget.data
    start, end, as_of = data.project["start_date"], data.project["end_date"], data.as_of
    planned = phasing.monthly_totals(phasing.phase_plan(budget.plan.drop(columns="to_date"), start, end))
    actual = _monthly_actual(data.actual)
    months = sorted(set(phasing.months_between(start, end)) | set(planned) | set(actual))
    now = (as_of.year, as_of.month)
    frame = pd.DataFrame(
        {
            "year": [y for y, _ in months],
            "month": [m for _, m in months],
            "planned": [planned.get(k, ZERO) for k in months],
            "actual": [actual.get(k, ZERO) if k <= now else None for k in months],
        }
    )
    frame["planned_cum"] = _cumulative(frame["planned"])
    frame["actual_cum"] = _cumulative(frame["actual"])
    forecast = run_rate_forecast(figures.ac, figures.bac, start, end, as_of)
    frame["run_rate_cum"] = _projection(months, now, figures.ac, forecast)
    frame["eac_cum"] = _projection(months, now, figures.ac, figures.eac)
    return frame


def _monthly_actual(actual: pd.DataFrame) -> dict[tuple[int, int], Decimal]:
    """{(year, month): exact actual cost}, summed as whole øre."""
    if actual.empty:
        return {}
    sums = actual[["year", "month"]].assign(ore=to_ore_column(actual["amount"])).groupby(["year", "month"])["ore"].sum()
    return {(int(y), int(m)): from_ore(v) for (y, m), v in sums.items()}


def _cumulative(values: pd.Series) -> list[Decimal | None]:
    running, result = ZERO, []
    for value in values:
        if value is None:
            result.append(None)
            continue
        running += value
        result.append(running)
    return result


def _projection(
    months: list[tuple[int, int]], now: tuple[int, int], start_value: Decimal, end_value: Decimal
) -> list[Decimal | None]:
    """A straight line from start_value at the as-of month to end_value at the last month."""
    if not months or not months[0] <= now < months[-1]:
        return [None] * len(months)
    first, last = months.index(now) if now in months else 0, len(months) - 1
    step = (end_value - start_value) / (last - first)
    return [None if i < first else (start_value + step * (i - first)).quantize(CENT) for i in range(len(months))]


def monthly_by_category(actual: pd.DataFrame) -> pd.DataFrame:
    """Actual cost per month and cost category (year, month, cost_category, amount), for stacked bars."""
    keys = ["year", "month", "cost_category"]
    if actual.empty:
        return pd.DataFrame(columns=[*keys, "amount"])
    grouped = actual[keys].assign(ore=to_ore_column(actual["amount"]))
    grouped = grouped.groupby(keys, dropna=False, as_index=False)["ore"].sum()
    return grouped.assign(amount=[from_ore(v) for v in grouped["ore"]]).drop(columns="ore")


def ledger_lines(con: db.Connection, data: ProjectData, scope: Scope, cell: dict[str, str]) -> pd.DataFrame:
    """The ledger lines (and approved in-kind contributions) behind one figure of the pivot.

    `cell` maps dimensions to code values ('' = none, e.g. no work package). Funding source is not a
    property of a cost (see monitor.budget.pivot), so it does not narrow the lines. A partner user sees
    only its own partner's lines, whatever the cell asks for.
    """
    scope.require_detail_rows(data.project_id)
    return db.query(con, "budget_ledger_lines", scope_partner_id=scope.partner_filter(), **_line_filter(data, cell))


def _line_filter(data: ProjectData, cell: dict[str, str]) -> dict:
    year = cell.get("year")
    return {
        "project_id": data.project_id,
        "as_of": data.as_of,
        "year": int(year) if year not in (None, "") else None,
        "cost_category": cell.get("cost_category"),
        "partner_id": cell.get("partner_id"),
        "wp_code": cell.get("wp_code"),
    }
