"""Planned and actual effort of a project from the database, priced by the funder's rules (rules.py).

Planned person-months come from the effort plan: its current version unless another is asked for, with the
baseline beside it (the contract's plan, so a re-plan shows against it; monitor/effort/edit.py keeps the versions);
actual ones from the APPROVED hours only
(reported hours wait for the leader, rejected ones never count), turned into person-months once per sum: the
person-months of a work package are its summed hours / 1 628 × 12, not the sum of its people's rounded figures.
The allowed personnel cost prices each person's approved hours of a year by the rule of the partner's sector
(one rate per person and year, so summing the year's hours first loses nothing).

A partner scope reads its own people, plan and hours only (`$partner_id` in the SQL).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from monitor import db
from monitor.access.scope import Scope
from monitor.effort import rules
from monitor.effort.rates import PricingError
from monitor.money import ZERO, as_text

BASELINE = "baseline"
INKIND = "inkind"  # the source of hours reported as an in-kind contribution (effort_hours, migration 015)


@dataclass(frozen=True)
class EffortData:
    """planned: partner_id, wp_code, person_months (the plan version read, by default the current one); hours: the
    approved hours per partner, sector, person, work package and year, with the person's salaries; allowed_cost:
    partner -> the cost the rules allow for its approved hours, None where a person of it lacks what its rule needs
    (a salary); planned_baseline: the baseline plan in the shape of `planned` (None: the same as `planned`);
    plan_version: the name of the version in `planned` (None where not read from the database)."""

    planned: pd.DataFrame
    hours: pd.DataFrame
    allowed_cost: dict[str, Decimal | None]
    planned_baseline: pd.DataFrame | None = None
    plan_version: str | None = None

    @property
    def baseline(self) -> pd.DataFrame:
        """The baseline plan (partner_id, wp_code, person_months)."""
        return self.planned if self.planned_baseline is None else self.planned_baseline


def load(
    con: db.Connection,
    project_id: str,
    scope: Scope,
    as_of: dt.date | None = None,
    plan_version: str | None = None,
) -> EffortData:
    """The project's planned effort and approved hours up to `as_of` (all when None), as the scope may see them.
    `planned` is the plan version named (BASELINE for the contract's plan), by default the current one;
    `planned_baseline` is always the baseline."""
    scope.require_project(project_id)
    mine = scope.partner_filter()
    version = plan_version or db.scalar(con, "effort_plan_current_version", project_id=project_id)
    planned = db.query(con, "effort_planned", project_id=project_id, plan_version=version, partner_id=mine)
    baseline = (
        planned
        if version == BASELINE
        else db.query(con, "effort_planned", project_id=project_id, plan_version=BASELINE, partner_id=mine)
    )
    hours = db.query(con, "effort_approved_hours", project_id=project_id, as_of=as_of, partner_id=mine)
    return EffortData(planned, hours, _allowed_cost(hours), baseline, version)


def monthly_hours(con: db.Connection, project_id: str, scope: Scope, as_of: dt.date | None = None) -> pd.DataFrame:
    """Approved hours per month, partner and staff category up to `as_of`, as the scope may see them: month,
    partner_id, person_category, hours (the Effort page's curve and its PhD and postdoc person-years)."""
    scope.require_project(project_id)
    return db.query(con, "effort_monthly_hours", project_id=project_id, as_of=as_of, partner_id=scope.partner_filter())


@dataclass(frozen=True)
class Names:
    """What the Effort page shows instead of codes: partner_id -> short name, wp_code -> {lang: title}."""

    partners: dict[str, str]
    work_packages: dict[str, dict[str, str]]


def names(con: db.Connection, project_id: str, scope: Scope) -> Names:
    """The project's partner and work-package names (names only: every scope of the project may read them)."""
    scope.require_project(project_id)
    partners = db.query(con, "partners", project_id=project_id)
    work_packages = db.query(con, "work_packages", project_id=project_id)
    return Names(
        partners=dict(zip(partners["partner_id"], partners["short_name"], strict=True)),
        work_packages={
            row["wp_code"]: {"nb": row["title_nb"], "en": row["title_en"]} for row in work_packages.to_dict("records")
        },
    )


def _allowed_cost(hours: pd.DataFrame) -> dict[str, Decimal | None]:
    by_person_year: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    for row in hours.to_dict("records"):
        if row["source"] == INKIND:
            continue  # valued by the in-kind rate as the partner's contribution, not as personnel cost in the ledger
        key = (row["partner_id"], row["sector"], row["person_id"], row["annual_salary"], row["hourly_salary"])
        by_person_year[(*key, int(row["year"]))] += Decimal(row["hours"])
    costs: dict[str, Decimal | None] = {}
    for (partner, sector, _, annual, hourly, year), summed in by_person_year.items():
        try:
            priced = rules.price(
                sector,
                summed,
                dt.date(year, 1, 1),
                annual_salary=_decimal_or_none(annual),
                hourly_salary=_decimal_or_none(hourly),
                partner_id=partner,
            ).cost
        except PricingError:
            priced = None  # the person lacks a salary (or the catalog a rate): the partner's cost is unknown
        before = costs.get(partner, ZERO)
        costs[partner] = None if before is None or priced is None else before + priced
    return costs


def person_month_table(effort: EffortData) -> pd.DataFrame:
    """Planned against actual person-months per work package × partner (the table reviewers ask for): wp_code,
    partner_id, planned_pm, actual_hours, actual_pm, difference_pm (actual − planned), and planned_pm_baseline (the
    baseline plan's person-months beside the current plan's)."""
    keys = ["wp_code", "partner_id"]
    planned = effort.planned.rename(columns={"person_months": "planned_pm"})
    baseline = effort.baseline.rename(columns={"person_months": "planned_pm_baseline"})[[*keys, "planned_pm_baseline"]]
    actual = effort.hours.groupby(keys, as_index=False)["hours"].sum()
    table = planned.merge(baseline, on=keys, how="outer")
    table = table.merge(actual.rename(columns={"hours": "actual_hours"}), on=keys, how="outer")
    table["planned_pm"] = [_decimal_or_zero(v) for v in table["planned_pm"]]
    table["planned_pm_baseline"] = [_decimal_or_zero(v) for v in table["planned_pm_baseline"]]
    table["actual_hours"] = [_decimal_or_zero(v) for v in table["actual_hours"]]
    table["actual_pm"] = [rules.person_months(h) for h in table["actual_hours"]]
    table["difference_pm"] = [a - p for a, p in zip(table["actual_pm"], table["planned_pm"], strict=True)]
    columns = [*keys, "planned_pm", "actual_hours", "actual_pm", "difference_pm", "planned_pm_baseline"]
    return table[columns].sort_values(["wp_code", "partner_id"]).reset_index(drop=True)


def figures(effort: EffortData) -> dict[str, Any]:
    """The effort figures of `summary --json`: planned (current plan) and actual person-months in total, by work
    package and by partner (each partner with the personnel cost the rules allow for its approved hours), and the
    baseline plan's total person-months (planned_pm_baseline), as exact strings."""
    planned, hours = effort.planned, effort.hours
    by_wp = _sums(planned, hours, "wp_code")
    by_partner = _sums(planned, hours, "partner_id")
    for partner, entry in by_partner.items():
        cost = effort.allowed_cost.get(partner, ZERO)
        entry["allowed_cost"] = None if cost is None else as_text(cost)
    costs = list(effort.allowed_cost.values())
    total_cost = None if None in costs else sum(costs, ZERO)
    return {
        "planned_pm": as_text(_total(planned["person_months"])),
        "planned_pm_baseline": as_text(_total(effort.baseline["person_months"])),
        "actual_pm": as_text(rules.person_months(_total(hours["hours"]))),
        "allowed_cost": None if total_cost is None else as_text(total_cost),
        "by_wp": by_wp,
        "by_partner": by_partner,
    }


def _sums(planned: pd.DataFrame, hours: pd.DataFrame, by: str) -> dict[str, dict[str, Any]]:
    keys = sorted(set(planned[by]) | set(hours[by]))
    return {
        key: {
            "planned_pm": as_text(_total(planned.loc[planned[by] == key, "person_months"])),
            "actual_pm": as_text(rules.person_months(_total(hours.loc[hours[by] == key, "hours"]))),
        }
        for key in keys
    }


def _total(values: pd.Series) -> Decimal:
    return sum((Decimal(v) for v in values), ZERO)


def _decimal_or_none(value: Any) -> Decimal | None:
    return None if value is None or pd.isna(value) else Decimal(value)


def _decimal_or_zero(value: Any) -> Decimal:
    return _decimal_or_none(value) or ZERO
