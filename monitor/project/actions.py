"""Who needs to act: what waits for the signed-in user on a project as of a date, each item with the page
where it is handled. Leaders and admins get the project's queue; a partner only what its own organisation
must do; a viewer nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from monitor import db
from monitor.access.scope import Scope
from monitor.project import load as project_load
from monitor.reports import calendar, snapshot
from monitor.schedule import rules as schedule_rules

INKIND_PAGE, REPORT_PAGE, SCHEDULE_PAGE = "pages/inkind.py", "pages/report.py", "pages/schedule.py"
EFFORT_PAGE = "pages/effort.py"


@dataclass(frozen=True)
class Action:
    """One thing to do: `code` is an i18n key under actions., `values` fill it, `page` is where it is done."""

    code: str
    values: dict
    page: str
    query: dict = field(default_factory=dict)


def to_act(
    con: db.Connection,
    project_id: str,
    scope: Scope,
    items: pd.DataFrame,
    as_of: dt.date,
    rules: calendar.Rules,
    look_ahead_days: int,
) -> list[Action]:
    """`items` are the project's milestones and deliverables with their status (status.schedule_items)."""
    scope.require_project(project_id)
    if not scope.sees_detail_rows:
        return []
    if scope.partner_filter() is not None:
        return _own_overdue_deliverables(con, project_id, scope, items)
    return [
        *_inkind_waiting(con, project_id, as_of),
        *_hours_waiting(con, project_id, as_of),
        *_reports(con, project_id, scope, as_of, rules, look_ahead_days),
        *_overdue_items(items),
    ]


def _inkind_waiting(con, project_id: str, as_of: dt.date) -> list[Action]:
    row = db.query(con, "actions_inkind_waiting", project_id=project_id, as_of=as_of).iloc[0]
    if not row["waiting"]:
        return []
    return [Action("actions.inkind_waiting", {"count": int(row["waiting"]), "since": row["since"]}, INKIND_PAGE)]


def _hours_waiting(con, project_id: str, as_of: dt.date) -> list[Action]:
    """A month's hours reported on the Effort page (or imported by a partner) and not yet decided."""
    row = db.query(con, "actions_hours_waiting", project_id=project_id, as_of=as_of).iloc[0]
    if not row["waiting"]:
        return []
    return [Action("actions.hours_waiting", {"count": int(row["waiting"]), "month": row["since"]}, EFFORT_PAGE)]


def _reports(
    con, project_id: str, scope: Scope, as_of: dt.date, rules: calendar.Rules, look_ahead_days: int
) -> list[Action]:
    """Reports past their deadline and not submitted, then those due within the look-ahead window."""
    project = db.query(con, "project", project_id=project_id).iloc[0]
    submitted = snapshot.first_submissions(snapshot.snapshots(con, project_id, scope))
    kept_here = project_load.reports_kept_here(con, project_id, scope)  # else a past deadline is not "overdue"
    reports = calendar.calendar(project["start_date"], project["end_date"], rules, submitted, as_of, kept_here)
    overdue = reports[reports["status"] == calendar.OVERDUE]
    soon = reports[
        (reports["status"] == calendar.DUE) & (reports["deadline"] <= as_of + dt.timedelta(days=look_ahead_days))
    ]
    actions = []
    if not overdue.empty:
        first = overdue.iloc[0]
        actions.append(
            Action(
                "actions.reports_overdue",
                {
                    "count": len(overdue),
                    "kind": first["kind"],
                    "period": first["period"],
                    "deadline": first["deadline"],
                },
                REPORT_PAGE,
            )
        )
    actions += [
        Action("actions.report_due", {"kind": r["kind"], "period": r["period"], "deadline": r["deadline"]}, REPORT_PAGE)
        for r in soon.to_dict("records")
    ]
    return actions


def _overdue_items(items: pd.DataFrame) -> list[Action]:
    """One line per work package with overdue milestones or deliverables, most overdue first."""
    overdue = items[items["status"] == schedule_rules.OVERDUE]
    actions = []
    for wp_code in overdue.sort_values("days_overdue", ascending=False)["wp_code"].drop_duplicates():
        group = overdue[overdue["wp_code"] == wp_code]
        actions.append(
            Action(
                "actions.overdue_items",
                {
                    "count": len(group),
                    "wp": wp_code or "–",
                    "codes": ", ".join(sorted(group["code"])),
                    "days": int(group["days_overdue"].max()),
                },
                SCHEDULE_PAGE,
                {"wp": wp_code} if wp_code else {},
            )
        )
    return actions


def _own_overdue_deliverables(con, project_id: str, scope: Scope, items: pd.DataFrame) -> list[Action]:
    """A partner acts on the deliverables its organisation is responsible for, and on nothing else."""
    deliverables = db.query(con, "deliverables", project_id=project_id)
    own = set(deliverables.loc[deliverables["responsible_partner_id"] == scope.partner_id, "code"])
    mine = items[(items["kind"] == "deliverable") & items["code"].isin(own)]
    return _overdue_items(mine)
