"""`summary --json`: the headline figures as a stable contract. Keys are only ever added, never renamed.

`commitments` holds the open commitments (ordered, not yet invoiced, monitor.budget.commitments) and
`forecast_with_commitments` the one forecast at completion that includes them; `evm.eac` (earned value) and the
Overview's run-rate forecast (`forecast_with_commitments.run_rate`) do not include them.

`effort` (with the effort data, monitor.effort.load): planned and actual (approved) person-months in total, by
work package and by partner, and the personnel cost the funder's rules allow for the approved hours.

`budget.plan_status` says what `budget` rests on: "planned" (a cost plan), "declared_only" (no plan yet: `total`
and `by_source` are the figures declared to the funder, a project from the funder's open data) or "no_plan"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pandas as pd

from monitor.budget import commitments, evm
from monitor.budget import load as budget_load
from monitor.cash import load as cash_load
from monitor.config import Config
from monitor.effort import load as effort_load
from monitor.money import as_text
from monitor.project import load as project_load
from monitor.project.load import ProjectData
from monitor.project.status import schedule_items
from monitor.schedule import rules as schedule_rules


def build_summary(
    data: ProjectData,
    config: Config,
    cash: cash_load.CashData | None = None,
    effort: effort_load.EffortData | None = None,
) -> dict[str, Any]:
    """The headline figures. With `cash` (monitor.cash.load, the same as-of date and scope) also the money as it
    moves: `payments` and `cash`, the figures of the Payments and cash page; with `effort` (monitor.effort.load,
    the same scope) also `effort`."""
    project = data.project
    items = schedule_items(data, config["status.look_ahead_days"])
    money = {} if cash is None else {"payments": _payments(cash), "cash": _amounts(cash_load.cash_figures(cash))}
    return {
        "project": {
            "id": project["project_id"],
            "name": project["name_en"],
            "funder": project["funder"],
            "funder_ref": project["funder_ref"],
            "start_date": _iso(project["start_date"]),
            "end_date": _iso(project["end_date"]),
        },
        "as_of": _iso(data.as_of),
        "partners": [
            {"id": p["partner_id"], "name": p["name"], "role": p["role"]} for p in data.partners.to_dict("records")
        ],
        "work_packages": [
            {"code": w["wp_code"], "title": w["title_en"], "lead": w["lead_person"]}
            for w in data.work_packages.to_dict("records")
        ],
        "budget": _amounts(_budget(data)),
        "spent": _amounts(budget_load.spent_totals(data)),
        "milestones": _counts(items[items["kind"] == "milestone"], "achieved"),
        "deliverables": _counts(items[items["kind"] == "deliverable"], "delivered"),
        "evm": evm.as_json(budget_load.earned_value(data)),
        **money,
        "commitments": _amounts(commitments.totals(data.commitments)),
        "forecast_with_commitments": commitments.forecast_with_commitments(data).as_json(),
        **({} if effort is None else {"effort": effort_load.figures(effort)}),
    }


def _budget(data: ProjectData) -> dict[str, Any]:
    """The current plan's totals and `plan_status`. Until a cost plan exists (a project imported from the funder's
    open data) the declared figures stand in: `total` the declared total, `by_source` the declared shares (the
    funder's is the grant); by year and category stay empty, since nothing declares them."""
    planned = budget_load.planned_totals(data)
    status = data.plan_status
    if status == project_load.DECLARED_ONLY:
        project = data.project
        declared = {"funder": project.get("declared_funder"), "own": project.get("declared_own")}
        planned["total"] = _declared(project.get("declared_total"))
        planned["by_source"] = {source: _declared(v) for source, v in declared.items() if _declared(v) is not None}
    return {**planned, "plan_status": status}


def _declared(value: Any) -> Decimal | None:
    return None if value is None or pd.isna(value) else Decimal(value)


def _payments(cash: cash_load.CashData) -> dict[str, Any]:
    # `expected` is what the funder should have paid by the as-of date: the instalments due up to it, WITHOUT the
    # final payment, which is withheld until the final report is approved (`withheld`) and so not yet owed.
    # All three are null for a partner scope, which is not shown the funder's payments.
    return _amounts(cash_load.payment_figures(cash))


def _counts(items, done_name: str) -> dict[str, int]:
    counts = schedule_rules.status_counts(items)
    result = {"total": len(items), done_name: counts[schedule_rules.DONE], "overdue": counts[schedule_rules.OVERDUE]}
    if done_name == "achieved":
        result["upcoming"] = counts[schedule_rules.UPCOMING]
    return result


def _amounts(figures: dict[str, Any]) -> dict[str, Any]:
    """Decimal -> exact string, recursively through the maps."""
    return {
        key: _amounts(value) if isinstance(value, dict) else as_text(value) if isinstance(value, Decimal) else value
        for key, value in figures.items()
    }


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()
