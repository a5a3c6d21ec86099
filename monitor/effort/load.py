"""Planned and actual effort of a project from the database, priced by the funder's rules (rules.py).

Planned person-months come from the effort plan (one plan version); actual ones from the APPROVED hours only
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
    """planned: partner_id, wp_code, person_months (the plan); hours: the approved hours per partner, sector,
    person, work package and year, with the person's salaries; allowed_cost: partner -> the cost the rules allow
    for its approved hours, None where a person of it lacks what its rule needs (a salary)."""

    planned: pd.DataFrame
    hours: pd.DataFrame
    allowed_cost: dict[str, Decimal | None]


def load(
    con: db.Connection,
    project_id: str,
    scope: Scope,
    as_of: dt.date | None = None,
    plan_version: str = BASELINE,
) -> EffortData:
    """The project's planned effort and approved hours up to `as_of` (all when None), as the scope may see them."""
    scope.require_project(project_id)
    mine = scope.partner_filter()
    planned = db.query(con, "effort_planned", project_id=project_id, plan_version=plan_version, partner_id=mine)
    hours = db.query(con, "effort_approved_hours", project_id=project_id, as_of=as_of, partner_id=mine)
    return EffortData(planned, hours, _allowed_cost(hours))


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
    partner_id, planned_pm, actual_hours, actual_pm, difference_pm (actual − planned)."""
    planned = effort.planned.rename(columns={"person_months": "planned_pm"})
    actual = effort.hours.groupby(["wp_code", "partner_id"], as_index=False)["hours"].sum()
    table = planned.merge(actual.rename(columns={"hours": "actual_hours"}), on=["wp_code", "partner_id"], how="outer")
    table["planned_pm"] = [_decimal_or_zero(v) for v in table["planned_pm"]]
    table["actual_hours"] = [_decimal_or_zero(v) for v in table["actual_hours"]]
    table["actual_pm"] = [rules.person_months(h) for h in table["actual_hours"]]
    table["difference_pm"] = [a - p for a, p in zip(table["actual_pm"], table["planned_pm"], strict=True)]
    columns = ["wp_code", "partner_id", "planned_pm", "actual_hours", "actual_pm", "difference_pm"]
    return table[columns].sort_values(["wp_code", "partner_id"]).reset_index(drop=True)


def figures(effort: EffortData) -> dict[str, Any]:
    """The effort figures of `summary --json`: planned and actual person-months in total, by work package and by
    partner (each partner with the personnel cost the rules allow for its approved hours), as exact strings."""
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
