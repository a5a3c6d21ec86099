"""Each partner's contribution: what it committed in the plan against what it delivered, per year.

Committed = the partner's own financing in the funding plan. Delivered = approved in-kind (hours × rate)
plus its cash: the share of its ledger costs that its own financing pays for (ledger costs × own
financing / all its planned funding that year; all of them when it has no funding plan that year).
Reported in-kind that is not yet approved is shown, but never counts as delivered or as actual cost.

Scope is enforced here, in the data layer: a partner user's queries bind its own partner id, so rows
of other partners never leave the database; viewers get these aggregate figures (no person names,
no in-kind detail rows — those live in `monitor.partners.inkind`, which refuses viewers).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from monitor import db
from monitor.access.scope import Scope
from monitor.money import CENT, ZERO, share

MONEY = (
    "planned_cost",
    "planned_funding",
    "committed",
    "ledger_cost",
    "inkind_reported",
    "inkind_approved",
    "cash",
    "delivered",
    "actual_cost",
)
SHARE_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class PartnerFigures:
    """`by_year`: one row per partner and year; `totals`: one row per partner over all years, with its
    shares of the project; `project_planned` / `project_actual`: the whole project's totals."""

    by_year: pd.DataFrame
    totals: pd.DataFrame
    project_planned: Decimal
    project_actual: Decimal
    deliverables: pd.DataFrame
    results: pd.DataFrame
    own_partner_id: str | None


def load(con: db.Connection, project_id: str, as_of: dt.date, scope: Scope) -> PartnerFigures:
    """The partner figures of one project as of a date, within the scope. Raises AccessDenied."""
    scope.require_project(project_id)
    only = scope.partner_filter()
    version = db.scalar(con, "current_plan_version", project_id=project_id)
    keyed = {"project_id": project_id, "as_of": as_of}
    by_year = with_delivered(db.query(con, "partners_figures", plan_version=version, partner_id=only, **keyed))
    project = db.query(con, "partners_project_totals", plan_version=version, **keyed).iloc[0]
    planned, actual = Decimal(project["planned_cost"]), Decimal(project["actual_cost"])
    return PartnerFigures(
        by_year=by_year,
        totals=partner_totals(by_year, planned, actual),
        project_planned=planned,
        project_actual=actual,
        deliverables=db.query(con, "partners_deliverables", project_id=project_id, partner_id=only),
        results=db.query(con, "partners_results", partner_id=only, **keyed),
        own_partner_id=only,
    )


def cash(ledger_cost: Decimal, committed: Decimal, planned_funding: Decimal) -> Decimal:
    """The part of a partner's ledger costs paid by its own financing (see the module docstring)."""
    if planned_funding <= 0:
        return Decimal(ledger_cost).quantize(CENT)
    return (Decimal(ledger_cost) * Decimal(committed) / Decimal(planned_funding)).quantize(CENT, ROUND_HALF_UP)


def with_delivered(by_year: pd.DataFrame) -> pd.DataFrame:
    """Add cash, delivered (approved in-kind + cash), actual cost (ledger + approved in-kind) and balance."""
    frame = by_year.copy()
    frame["cash"] = [
        cash(*values) for values in zip(frame["ledger_cost"], frame["committed"], frame["planned_funding"], strict=True)
    ]
    frame["delivered"] = [(a + b).quantize(CENT) for a, b in zip(frame["inkind_approved"], frame["cash"], strict=True)]
    frame["actual_cost"] = [
        (a + b).quantize(CENT) for a, b in zip(frame["ledger_cost"], frame["inkind_approved"], strict=True)
    ]
    frame["balance"] = [(d - c).quantize(CENT) for d, c in zip(frame["delivered"], frame["committed"], strict=True)]
    return frame


def partner_totals(by_year: pd.DataFrame, project_planned: Decimal, project_actual: Decimal) -> pd.DataFrame:
    """One row per partner: the yearly figures summed exactly, and its shares of the project totals."""
    columns = ["partner_id", "name", "short_name", "sector", "role", *MONEY, "balance", "share_planned", "share_actual"]
    rows = (
        [_partner_row(part, project_planned, project_actual) for _, part in by_year.groupby("partner_id", sort=False)]
        if not by_year.empty
        else []
    )
    return pd.DataFrame(rows, columns=columns)


def _partner_row(part: pd.DataFrame, project_planned: Decimal, project_actual: Decimal) -> dict:
    first = part.iloc[0]
    row = {name: first[name] for name in ("partner_id", "name", "short_name", "sector", "role")}
    for name in (*MONEY, "balance"):
        row[name] = sum((Decimal(v) for v in part[name]), ZERO).quantize(CENT)
    row["share_planned"] = share(row["planned_cost"], project_planned)
    row["share_actual"] = share(row["actual_cost"], project_actual)
    return row
