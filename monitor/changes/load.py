"""Change requests as stored, read within a scope: the requests of a project, one request, its proposed cost
plan. A partner user reads every request of its project (title, status, dates) but only its own partner's
lines of a proposed plan, cut in SQL by binding `partner_filter()`."""

from __future__ import annotations

from typing import Any

import pandas as pd

from monitor import db
from monitor.access.scope import Scope
from monitor.errors import NotFound


def requests(con: db.Connection, project_id: str, scope: Scope) -> pd.DataFrame:
    """Every change request of the project, oldest first (the columns of change_request)."""
    scope.require_project(project_id)
    frame = db.query(con, "change_requests", project_id=project_id, request_id=None)
    return frame.astype(object).where(frame.notna(), None)


def project_of(con: db.Connection, request_id: int, scope: Scope) -> str:
    """The project a request belongs to, once the scope may see it. Raises NotFound or AccessDenied."""
    project_id = db.scalar(con, "change_request_project", request_id=int(request_id))
    if project_id is None:
        raise NotFound(f"no change request {request_id}")
    scope.require_project(project_id)
    return project_id


def request(con: db.Connection, request_id: int, scope: Scope) -> dict[str, Any]:
    """One request as a dict (its row). Raises NotFound or AccessDenied."""
    project_id = project_of(con, request_id, scope)
    return _row(con, project_id, int(request_id))


def _row(con: db.Connection, project_id: str, request_id: int) -> dict[str, Any]:
    rows = db.records(con, "change_requests", project_id=project_id, request_id=request_id)
    if not rows:
        raise NotFound(f"no change request {request_id}")
    return rows[0]


def lines(con: db.Connection, request_id: int, scope: Scope) -> pd.DataFrame:
    """The request's proposed cost plan (year, cost_category, partner_id, wp_code, amount): a partner user's
    own lines only. Empty for a period request."""
    project_of(con, request_id, scope)
    return db.query(con, "change_request_lines", request_id=int(request_id), partner_id=scope.partner_filter())


def lines_of_project(con: db.Connection, project_id: str, scope: Scope) -> pd.DataFrame:
    """Every request's lines (request_id first), for the export; a partner user's own lines only."""
    scope.require_project(project_id)
    return db.query(con, "change_request_lines_of_project", project_id=project_id, partner_id=scope.partner_filter())


def open_request(con: db.Connection, project_id: str, scope: Scope) -> dict[str, Any] | None:
    """The project's open request (draft or submitted), if any."""
    scope.require_project(project_id)
    request_id = db.scalar(con, "change_request_open", project_id=project_id)
    return None if request_id is None else _row(con, project_id, int(request_id))


def current_plan(con: db.Connection, project_id: str, scope: Scope) -> tuple[str, pd.DataFrame]:
    """(current plan version, its cost plan), a partner user's own lines only."""
    scope.require_project(project_id)
    version = db.scalar(con, "current_plan_version", project_id=project_id)
    plan = db.query(con, "cost_plan", project_id=project_id, plan_version=version, partner_id=scope.partner_filter())
    return version, plan
