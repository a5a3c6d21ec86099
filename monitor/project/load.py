"""Read one project's data from DuckDB, within a user's scope, as plain DataFrames.

Everything the domain functions need for one project and as-of date is read here, once, so a page
renders from one load and the numbers on screen, in exports and in `summary --json` are the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from monitor import db
from monitor.access.scope import Scope


class ProjectNotFound(LookupError):
    pass


@dataclass(frozen=True)
class ProjectData:
    project: dict[str, Any]
    as_of: dt.date
    plan_version: str
    partners: pd.DataFrame
    work_packages: pd.DataFrame
    cost_plan: pd.DataFrame
    funding_plan: pd.DataFrame
    actual: pd.DataFrame
    milestones: pd.DataFrame
    deliverables: pd.DataFrame
    last_posting_date: dt.date | None
    # Open purchase orders as of the date (monitor.budget.commitments): beside actuals, never in them.
    commitments: pd.DataFrame

    @property
    def project_id(self) -> str:
        return self.project["project_id"]

    @property
    def plan_status(self) -> str:
        """PLANNED once the project has a cost plan; DECLARED_ONLY while it has only the figures declared to or
        by the funder (a project imported from the funder's open data: the grant, no plan yet); NO_PLAN without
        either. Pages say what a project lacks from this, instead of showing zeros as facts."""
        return plan_status(self.cost_plan, self.project)


PLANNED = "planned"
DECLARED_ONLY = "declared_only"
NO_PLAN = "no_plan"


def plan_status(cost_plan: pd.DataFrame, project: dict[str, Any]) -> str:
    if not cost_plan.empty:
        return PLANNED
    declared = (project.get("declared_total"), project.get("declared_funder"))
    return DECLARED_ONLY if any(value is not None and not pd.isna(value) for value in declared) else NO_PLAN


def reports_kept_here(con: db.Connection, project_id: str, scope: Scope) -> bool:
    """Whether the funder's reports of the project are followed here, so a deadline passed without a submission
    here is a missed report. Not for a project without a cost plan (one imported from the funder's open data,
    years into its life): its reports went in before the monitor knew it, and calling them missed would be false."""
    scope.require_project(project_id)
    return bool(db.scalar(con, "project_has_cost_plan", project_id=project_id))


def list_projects(con: db.Connection, scope: Scope) -> pd.DataFrame:
    ids = sorted(scope.project_ids) if scope.project_ids is not None else []
    return db.query(con, "projects", all_projects=scope.project_ids is None, project_ids=ids)


def project_row(con: db.Connection, project_id: str, scope: Scope) -> dict[str, Any]:
    """The project's own row (names, period, funder, sample-data note). Raises AccessDenied or ProjectNotFound."""
    scope.require_project(project_id)
    rows = db.query(con, "project", project_id=project_id)
    if rows.empty:
        raise ProjectNotFound(f"no project {project_id!r} in the database")
    return rows.iloc[0].to_dict()


def load_project(con: db.Connection, project_id: str, as_of: dt.date, scope: Scope) -> ProjectData:
    """All of one project's status inputs as of a date. Raises AccessDenied or ProjectNotFound."""
    project = project_row(con, project_id, scope)
    version = db.scalar(con, "current_plan_version", project_id=project_id)
    keyed = {"project_id": project_id}
    # A partner user's overview is "my organisation": its plan and actual-cost rows only, cut in SQL.
    mine = {"partner_id": scope.partner_filter(), **keyed}
    return ProjectData(
        project=project,
        as_of=as_of,
        plan_version=version,
        partners=db.query(con, "partners", **keyed),
        work_packages=db.query(con, "work_packages", **keyed),
        cost_plan=db.query(con, "cost_plan", plan_version=version, **mine),
        funding_plan=db.query(con, "funding_plan", plan_version=version, **mine),
        actual=db.query(con, "actual_cost", as_of=as_of, **mine),
        milestones=db.query(con, "milestones", **keyed),
        deliverables=db.query(con, "deliverables", **keyed),
        last_posting_date=db.scalar(con, "last_posting_date", as_of=as_of, **keyed),
        commitments=db.query(con, "open_commitments", as_of=as_of, **mine),
    )
